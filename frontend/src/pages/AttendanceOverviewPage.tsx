/**
 * PLO's attendance screen: meetings held and attendances in every cluster for a year, per
 * region and per cluster, filtered by region and cluster, from the API's totals (one request);
 * the rows themselves download as CSV from the attendance feed.
 */
import "../theme/pageStyles";
import "@mantine/core/styles/Table.css";
import { Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconBuildingCommunity, IconCalendarCheck, IconUsers } from "@tabler/icons-react";
import { useId, useMemo, useState, type ReactNode } from "react";
import { downloadAttendanceCsv, useAttendanceSummary } from "../api/attendance";
import { useApi } from "../api/context";
import { useRegions } from "../api/registry";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorState } from "../components/ErrorState";
import { Figure } from "../components/Figure";
import { LoadingState } from "../components/LoadingState";
import { regionName } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

const YEARS_BACK = 5;

/**
 * What a row is about stays in view while the other columns scroll under it on a phone. The
 * tables' frames are positioned, so that nothing hidden inside them can widen the page.
 */
const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

function Total({ label, value, icon }: { label: string; value: number; icon: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" role="group" aria-label={label}>
      <Group gap="xs" wrap="nowrap">
        {icon}
        <Figure label={label} value={value} />
      </Group>
    </Card>
  );
}

export default function AttendanceOverviewPage() {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  useDocumentTitle("attendance.overview.title");
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [region, setRegion] = useState("");
  const [clusterId, setClusterId] = useState("");
  const regions = useRegions();
  const summary = useAttendanceSummary(region ? { year, region_code: region } : { year });
  const regionCaption = useId();
  const clusterCaption = useId();

  const rows = useMemo(
    () => (summary.data?.clusters ?? []).filter((row) => !clusterId || row.cluster_id === clusterId),
    [summary.data, clusterId],
  );
  const totals = clusterId
    ? {
        clusters: rows.length,
        meetings: rows.reduce((sum, row) => sum + row.meetings_held, 0),
        attendances: rows.reduce((sum, row) => sum + row.attendances, 0),
      }
    : {
        clusters: summary.data?.clusters_count ?? 0,
        meetings: summary.data?.meetings_held ?? 0,
        attendances: summary.data?.attendances ?? 0,
      };

  const years = Array.from({ length: YEARS_BACK + 1 }, (_, index) => String(thisYear - index));
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t("attendance.overview.title")}</Title>
        <Text size="lg">{t("attendance.overview.intro")}</Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NativeSelect
          label={t("attendance.overview.year")}
          data={years}
          value={String(year)}
          onChange={(event) => {
            setYear(Number(event.currentTarget.value));
          }}
        />
        <NativeSelect
          label={t("attendance.overview.region")}
          data={[
            { value: "", label: t("attendance.overview.allRegions") },
            ...(regions.data ?? []).map((item) => ({ value: item.code, label: regionName(item.code, t) })),
          ]}
          value={region}
          onChange={(event) => {
            setRegion(event.currentTarget.value);
            setClusterId("");
          }}
        />
        <NativeSelect
          label={t("attendance.overview.cluster")}
          data={[
            { value: "", label: t("attendance.overview.allClusters") },
            ...(summary.data?.clusters ?? []).map((row) => ({ value: row.cluster_id, label: row.cluster_name })),
          ]}
          value={clusterId}
          onChange={(event) => {
            setClusterId(event.currentTarget.value);
          }}
        />
      </SimpleGrid>
      <Group>
        <DownloadButton
          label={t("attendance.overview.download")}
          busyLabel={t("attendance.overview.downloading")}
          download={() =>
            downloadAttendanceCsv(
              api,
              clusterId ? { year, cluster_id: clusterId } : { year },
              t("attendance.overview.csvFile", { year }),
            )
          }
        />
      </Group>
      {summary.isPending ? <LoadingState /> : null}
      {summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      {summary.isSuccess ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Total label={t("attendance.overview.clusters")} value={totals.clusters} icon={<IconBuildingCommunity size={28} aria-hidden />} />
            <Total label={t("attendance.overview.meetingsHeld")} value={totals.meetings} icon={<IconCalendarCheck size={28} aria-hidden />} />
            <Total label={t("attendance.overview.attendances")} value={totals.attendances} icon={<IconUsers size={28} aria-hidden />} />
          </SimpleGrid>
          {!clusterId ? (
            <div>
              <Title order={2} size="h3" id={regionCaption} mb="xs">
                {t("attendance.overview.perRegion")}
              </Title>
              <Table.ScrollContainer minWidth={520} type="native" pos="relative" role="region" aria-labelledby={regionCaption} tabIndex={0}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col" style={STICKY}>{t("attendance.overview.region")}</Table.Th>
                      <Table.Th scope="col">{t("attendance.overview.clusters")}</Table.Th>
                      <Table.Th scope="col">{t("attendance.overview.meetingsHeld")}</Table.Th>
                      <Table.Th scope="col">{t("attendance.overview.attendances")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {summary.data.regions.map((row) => (
                      <Table.Tr key={row.region_code}>
                        <Table.Th scope="row" style={STICKY}>{regionName(row.region_code, t)}</Table.Th>
                        <Table.Td>{formatNumber(row.clusters)}</Table.Td>
                        <Table.Td>{formatNumber(row.meetings_held)}</Table.Td>
                        <Table.Td>{formatNumber(row.attendances)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </div>
          ) : null}
          <div>
            <Title order={2} size="h3" id={clusterCaption} mb="xs">
              {t("attendance.overview.perCluster")}
            </Title>
            <Table.ScrollContainer minWidth={520} type="native" pos="relative" role="region" aria-labelledby={clusterCaption} tabIndex={0}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" style={STICKY}>{t("attendance.overview.cluster")}</Table.Th>
                    <Table.Th scope="col">{t("attendance.overview.region")}</Table.Th>
                    <Table.Th scope="col">{t("attendance.overview.meetingsHeld")}</Table.Th>
                    <Table.Th scope="col">{t("attendance.overview.attendances")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.cluster_id}>
                      <Table.Th scope="row" style={STICKY}>{row.cluster_name}</Table.Th>
                      <Table.Td>{regionName(row.region_code, t)}</Table.Td>
                      <Table.Td>{formatNumber(row.meetings_held)}</Table.Td>
                      <Table.Td>{formatNumber(row.attendances)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        </>
      ) : null}
    </Stack>
  );
}
