import "../theme/pageStyles";
import { useId } from "react";
import { Link } from "react-router";
import { useLandscape, useRegionalLandscapes, useRegions } from "../api/registry";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { regionName } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { regionPath } from "../app/navigation";
import { BarChart } from "../features/landscape/charts";
import { LandscapeFigures } from "../features/landscape/LandscapeFigures";
import { useI18n } from "../i18n/context";

function RegionsComparison({ codes }: { codes: readonly string[] }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const headingId = useId();
  const captionId = useId();
  const results = useRegionalLandscapes(codes);
  const failed = results.find((result) => result.isError);
  let body;
  if (failed) body = <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />;
  else if (results.some((result) => result.isPending)) body = <LoadingState />;
  else {
    const rows = results.flatMap((result, index) => {
      const code = codes[index];
      return result.data && code ? [{ code, figures: result.data }] : [];
    });
    body = (
      <>
        <div className="chart-grid">
          <BarChart
            caption={t("landscape.regions.clusters")}
            bars={rows.map(({ code, figures }) => ({ label: regionName(code, t), value: figures.clusters }))}
          />
          <BarChart
            caption={t("landscape.regions.meanDoctors")}
            bars={rows.map(({ code, figures }) => ({
              label: regionName(code, t),
              value: figures.doctors_per_cluster.mean ?? 0,
              text: formatNumber(figures.doctors_per_cluster.mean ?? 0, 1),
            }))}
          />
        </div>
        <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="table">
            <caption id={captionId}>{t("landscape.regions.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("clusters.region")}</th>
                <th scope="col" className="numeric">{t("landscape.clusters")}</th>
                <th scope="col" className="numeric">{t("landscape.clinics")}</th>
                <th scope="col" className="numeric">{t("landscape.doctors")}</th>
                <th scope="col" className="numeric">{t("landscape.regions.median")}</th>
                <th scope="col" className="numeric">{t("landscape.patients")}</th>
                <th scope="col" className="numeric">{t("landscape.regions.meetingsPerYear")}</th>
                <th scope="col" className="numeric">{t("landscape.regions.afterWork")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ code, figures }) => (
                <tr key={code}>
                  <th scope="row">
                    <Link to={regionPath(code)}>{regionName(code, t)}</Link>
                  </th>
                  <td className="numeric">{formatNumber(figures.clusters)}</td>
                  <td className="numeric">{formatNumber(figures.clinics)}</td>
                  <td className="numeric">{formatNumber(figures.doctors)}</td>
                  <td className="numeric">{formatNumber(figures.doctors_per_cluster.median ?? 0, 1)}</td>
                  <td className="numeric">{formatNumber(figures.patients)}</td>
                  <td className="numeric">{formatNumber(figures.meetings.per_cluster_per_year.mean ?? 0, 1)}</td>
                  <td className="numeric">
                    {figures.meetings.after_work_share == null ? "–" : formatPercent(figures.meetings.after_work_share)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("landscape.regions.title")}</h2>
      {body}
    </section>
  );
}

/** The national picture: how many clusters, how big, who holds which role, region by region. */
export default function LandscapePage() {
  const { t } = useI18n();
  const landscape = useLandscape(null);
  const regions = useRegions();
  useDocumentTitle("landscape.title");
  let content;
  if (landscape.isPending) content = <LoadingState />;
  else if (landscape.isError) content = <ErrorState error={landscape.error} onRetry={() => void landscape.refetch()} />;
  else content = <LandscapeFigures landscape={landscape.data} />;
  return (
    <>
      <h1>{t("landscape.title")}</h1>
      <p className="lead">{t("landscape.intro")}</p>
      {content}
      {regions.isError ? <ErrorState error={regions.error} onRetry={() => void regions.refetch()} /> : null}
      {regions.data ? <RegionsComparison codes={regions.data.map((region) => region.code)} /> : null}
    </>
  );
}
