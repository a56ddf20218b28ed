import { useId } from "react";
import { Link } from "react-router";
import { useClusters } from "../../api/registry";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { regionName } from "../../components/organisations";
import { useI18n } from "../../i18n/context";
import { clusterPath } from "../../app/navigation";

interface Props {
  /** Only this region's clusters (its code); all the person reaches without it. */
  region: string | null;
  caption: string;
  /** The region column is left out when every row has the same region. */
  showRegion?: boolean;
}

/** The clusters the person reaches, with their sizes, 50 at a time. */
export function ClustersTable({ region, caption, showRegion = true }: Props) {
  const { t, formatNumber } = useI18n();
  const clusters = useClusters(region);
  const captionId = useId();

  if (clusters.isPending) return <LoadingState />;
  if (clusters.isError && !clusters.isFetchNextPageError) {
    return <ErrorState error={clusters.error} onRetry={() => void clusters.refetch()} />;
  }
  const items = clusters.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState title={t("clusters.empty")}>
        <p>{t("clusters.emptyBody")}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="table">
          <caption id={captionId}>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("clusters.name")}</th>
              {showRegion ? <th scope="col">{t("clusters.region")}</th> : null}
              <th scope="col" className="numeric">
                {t("clusters.clinics")}
              </th>
              <th scope="col" className="numeric">
                {t("clusters.doctors")}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((cluster) => (
              <tr key={cluster.id}>
                <th scope="row">
                  <Link to={clusterPath(cluster.id)}>{cluster.name}</Link>
                </th>
                {showRegion ? <td>{regionName(cluster.region.code, t)}</td> : null}
                <td className="numeric">{formatNumber(cluster.clinic_count)}</td>
                <td className="numeric">{formatNumber(cluster.doctor_count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" role="status">
        {t("clusters.shown", { count: items.length })}
      </p>
      {clusters.isFetchNextPageError ? (
        <ErrorState error={clusters.error} onRetry={() => void clusters.fetchNextPage()} />
      ) : null}
      {clusters.hasNextPage && !clusters.isFetchNextPageError ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={clusters.isFetchingNextPage}
          onClick={() => void clusters.fetchNextPage()}
        >
          {clusters.isFetchingNextPage ? t("common.loadingMore") : t("common.more")}
        </button>
      ) : null}
    </>
  );
}
