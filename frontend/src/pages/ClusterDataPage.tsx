/**
 * /klynger/:clusterId/data: the cluster's data view of an indicator set (the first unless
 * another is chosen), an indicator at a time: the clinics' bars per period, the cluster's and
 * the nation's averages, the own clinic highlighted; and the cluster's decisions on open or
 * closed data, which the coordinators record here.
 *
 * The page shows what the API answers and no more: for a closed period the API names no other
 * clinic, and neither does the page.
 */
import "../theme/pageStyles";
import "@mantine/core/styles/SegmentedControl.css";
import { Badge, Group, List, NativeSelect, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useId, useMemo } from "react";
import { useParams, useSearchParams } from "react-router";
import { ApiError } from "../api/errors";
import { useDataView, useIndicatorSets } from "../api/indicators";
import { useMe } from "../api/queries";
import type { DataView } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Notice } from "../components/Notice";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { indicatorCharts } from "../features/data/chartData";
import { IndicatorPanel } from "../features/data/DataCharts";
import { DecisionsSection, recordsDecisions } from "../features/data/Decisions";
import { useI18n } from "../i18n/context";

const SET_PARAM = "saet";
const SHOW_PARAM = "vis";

function PeriodPolicies({ view }: { view: DataView }) {
  const { t } = useI18n();
  return (
    <List size="sm" spacing={4} aria-label={t("data.periods")}>
      {view.periods.map((period) => (
        <List.Item key={period.period_id}>
          {t(period.policy === "open" ? "data.period.open" : "data.period.closed", { period: period.label })}
          {period.decision_expired ? (
            <Badge ml="xs" color="red.9" variant="filled" tt="none">{t("data.period.expired")}</Badge>
          ) : null}
        </List.Item>
      ))}
    </List>
  );
}

function ViewOfSet({ clusterId, setId, asTable }: { clusterId: string; setId: string; asTable: boolean }) {
  const { t } = useI18n();
  const view = useDataView(clusterId, setId);
  const charts = useMemo(() => (view.data ? indicatorCharts(view.data) : []), [view.data]);
  if (view.isPending) return <LoadingState />;
  if (view.isError) {
    if (view.error instanceof ApiError && view.error.status === 403) {
      return <Notice tone="info">{t("data.insidersOnly")}</Notice>;
    }
    return <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
  }
  return (
    <Stack gap="md">
      <PeriodPolicies view={view.data} />
      {charts.map((chart) => (
        <IndicatorPanel key={chart.indicatorId} chart={chart} asTable={asTable} />
      ))}
    </Stack>
  );
}

export default function ClusterDataPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const me = useMe();
  const sets = useIndicatorSets();
  const [params, setParams] = useSearchParams();
  const headingId = useId();
  useDocumentTitle("data.title");
  const chosen = params.get(SET_PARAM);
  const asTable = params.get(SHOW_PARAM) === "tabel";
  const setId = sets.data?.find((set) => set.id === chosen)?.id ?? sets.data?.[0]?.id ?? null;
  function choose(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  }
  let content;
  if (sets.isPending) content = <LoadingState />;
  else if (sets.isError) content = <ErrorState error={sets.error} onRetry={() => void sets.refetch()} />;
  else if (setId === null) content = <EmptyState title={t("data.noSets")} />;
  else {
    content = (
      <>
        <Group justify="space-between" align="flex-end" gap="sm">
          <NativeSelect
            label={t("data.set")}
            data={sets.data.map((set) => ({ value: set.id, label: set.name }))}
            value={setId}
            onChange={(event) => { choose(SET_PARAM, event.currentTarget.value); }}
            miw={220}
          />
          <div>
            <Text component="span" size="sm" fw={500} id={headingId} display="block" mb={4}>{t("data.show")}</Text>
            <SegmentedControl
              aria-labelledby={headingId}
              value={asTable ? "table" : "chart"}
              onChange={(value) => { choose(SHOW_PARAM, value === "table" ? "tabel" : null); }}
              data={[
                { value: "chart", label: t("data.show.chart") },
                { value: "table", label: t("data.show.table") },
              ]}
            />
          </div>
        </Group>
        <ViewOfSet clusterId={clusterId} setId={setId} asTable={asTable} />
      </>
    );
  }
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t("data.title")}</Title>
        <Text mt="xs">{t("data.intro")}</Text>
      </div>
      {content}
      <DecisionsSection clusterId={clusterId} canRecord={recordsDecisions(me.data, clusterId)} />
    </Stack>
  );
}
