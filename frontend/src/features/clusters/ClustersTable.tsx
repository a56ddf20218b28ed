import { Anchor, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useId, type CSSProperties } from "react";
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

/** The cluster's name stays in view while the table scrolls sideways on a narrow screen. */
const STICKY: CSSProperties = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" };
const NUMERIC: CSSProperties = { textAlign: "right", fontVariantNumeric: "tabular-nums" };

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
    <Stack gap="sm">
      <Table.ScrollContainer
        minWidth={showRegion ? 480 : 300}
        type="native"
        role="region"
        aria-labelledby={captionId}
        tabIndex={0}
      >
        <Table captionSide="top" verticalSpacing="xs">
          <Table.Caption id={captionId} ta="left" fw={600} c="var(--mantine-color-text)" mt={0} mb="xs">
            {caption}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" style={STICKY}>
                {t("clusters.name")}
              </Table.Th>
              {showRegion ? <Table.Th scope="col">{t("clusters.region")}</Table.Th> : null}
              <Table.Th scope="col" style={NUMERIC}>
                {t("clusters.clinics")}
              </Table.Th>
              <Table.Th scope="col" style={NUMERIC}>
                {t("clusters.doctors")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((cluster) => (
              <Table.Tr key={cluster.id}>
                <Table.Th scope="row" style={STICKY}>
                  <Anchor component={Link} to={clusterPath(cluster.id)}>
                    {cluster.name}
                  </Anchor>
                </Table.Th>
                {showRegion ? <Table.Td>{regionName(cluster.region.code, t)}</Table.Td> : null}
                <Table.Td style={NUMERIC}>{formatNumber(cluster.clinic_count)}</Table.Td>
                <Table.Td style={NUMERIC}>{formatNumber(cluster.doctor_count)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed" role="status">
        {t("clusters.shown", { count: items.length })}
      </Text>
      {clusters.isFetchNextPageError ? (
        <ErrorState error={clusters.error} onRetry={() => void clusters.fetchNextPage()} />
      ) : null}
      {clusters.hasNextPage && !clusters.isFetchNextPageError ? (
        <Group>
          <Button variant="default" disabled={clusters.isFetchingNextPage} onClick={() => void clusters.fetchNextPage()}>
            {clusters.isFetchingNextPage ? t("common.loadingMore") : t("common.more")}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
