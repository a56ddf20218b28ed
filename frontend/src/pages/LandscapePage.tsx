import "../theme/pageStyles";
import { Anchor, SimpleGrid, Stack, Table } from "@mantine/core";
import { useId, type CSSProperties } from "react";
import { Link } from "react-router";
import { useLandscape, useRegionalLandscapes, useRegions } from "../api/registry";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { regionName } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { regionPath } from "../app/navigation";
import { BarChart } from "../features/landscape/charts";
import { LandscapeFigures } from "../features/landscape/LandscapeFigures";
import { Section } from "../features/landscape/Section";
import { useI18n } from "../i18n/context";

/** The region's name stays in view while the table scrolls sideways on a narrow screen. */
const STICKY: CSSProperties = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" };
/** From a tablet's width up a region's name has room for one line; on a phone it wraps. */
const NAME_WIDTH = { sm: 190 };
const NUMERIC: CSSProperties = { textAlign: "right", fontVariantNumeric: "tabular-nums" };

function RegionsComparison({ codes }: { codes: readonly string[] }) {
  const { t, formatNumber, formatPercent } = useI18n();
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
    const numericHeader = (label: string) => (
      <Table.Th scope="col" style={NUMERIC}>
        {label}
      </Table.Th>
    );
    body = (
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
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
        </SimpleGrid>
        <Table.ScrollContainer minWidth={760} type="native" role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table captionSide="top" verticalSpacing="xs">
            <Table.Caption id={captionId} ta="left" fw={600} c="var(--mantine-color-text)" mt={0} mb="xs">
              {t("landscape.regions.caption")}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" style={STICKY}>
                  {t("clusters.region")}
                </Table.Th>
                {numericHeader(t("landscape.clusters"))}
                {numericHeader(t("landscape.clinics"))}
                {numericHeader(t("landscape.doctors"))}
                {numericHeader(t("landscape.regions.median"))}
                {numericHeader(t("landscape.patients"))}
                {numericHeader(t("landscape.regions.meetingsPerYear"))}
                {numericHeader(t("landscape.regions.afterWork"))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ code, figures }) => (
                <Table.Tr key={code}>
                  <Table.Th scope="row" style={STICKY} miw={NAME_WIDTH}>
                    <Anchor component={Link} to={regionPath(code)}>
                      {regionName(code, t)}
                    </Anchor>
                  </Table.Th>
                  <Table.Td style={NUMERIC}>{formatNumber(figures.clusters)}</Table.Td>
                  <Table.Td style={NUMERIC}>{formatNumber(figures.clinics)}</Table.Td>
                  <Table.Td style={NUMERIC}>{formatNumber(figures.doctors)}</Table.Td>
                  <Table.Td style={NUMERIC}>{formatNumber(figures.doctors_per_cluster.median ?? 0, 1)}</Table.Td>
                  <Table.Td style={NUMERIC}>{formatNumber(figures.patients)}</Table.Td>
                  <Table.Td style={NUMERIC}>{formatNumber(figures.meetings.per_cluster_per_year.mean ?? 0, 1)}</Table.Td>
                  <Table.Td style={NUMERIC}>
                    {figures.meetings.after_work_share == null ? "–" : formatPercent(figures.meetings.after_work_share)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    );
  }
  return <Section title={t("landscape.regions.title")}>{body}</Section>;
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
    <Stack gap="lg">
      <div>
        <h1>{t("landscape.title")}</h1>
        <p className="lead">{t("landscape.intro")}</p>
      </div>
      {content}
      {regions.isError ? <ErrorState error={regions.error} onRetry={() => void regions.refetch()} /> : null}
      {regions.data ? <RegionsComparison codes={regions.data.map((region) => region.code)} /> : null}
    </Stack>
  );
}
