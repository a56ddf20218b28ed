/**
 * An indicator of a data view: its name, which way is better, the bars per clinic (a period
 * each, side by side) with the cluster's and the nation's averages as lines, and the same
 * numbers in a table. The table is read out beside the chart, and shown instead of it when
 * the person asks for a table (on a phone, or to read exact figures).
 */
import "@mantine/core/styles/Table.css";
import { Badge, Box, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { lazy, Suspense, useId } from "react";
import { useI18n } from "../../i18n/context";
import type { IndicatorChart } from "./chartData";
import { seriesColor } from "./colors";

const IndicatorBars = lazy(() => import("./graphics").then((module) => ({ default: module.IndicatorBars })));

/** What a row is about stays in view while the values scroll under it on a phone. */
const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;
const NUMBER = { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" } as const;

/** A value with its unit, the Danish way: "41,5 %". */
export function useValueText(unit: string) {
  const { formatNumber } = useI18n();
  return (value: number | undefined | null) => (value === undefined || value === null ? "–" : `${formatNumber(value, 1)}${unit ? ` ${unit}` : ""}`);
}

function Legend({ chart }: { chart: IndicatorChart }) {
  const { t } = useI18n();
  const text = useValueText(chart.unit);
  const colorOf = (key: string) => {
    const index = chart.series.findIndex((item) => item.key === key);
    return `var(--mantine-color-${seriesColor(index, chart.series.length).replace(".", "-")})`;
  };
  return (
    <Group gap="md" aria-hidden="true" wrap="wrap">
      {chart.series.map((item) => (
        <Group key={item.key} gap={6} wrap="nowrap">
          <Box w={14} h={14} bg={colorOf(item.key)} style={{ borderRadius: 2 }} />
          <Text size="sm">{item.label}</Text>
        </Group>
      ))}
      {chart.references.map((reference) => (
        <Group key={`${reference.kind}-${reference.seriesKey}`} gap={6} wrap="nowrap">
          <Box w={22} style={{ borderTop: `2px ${reference.kind === "national" ? "dashed" : "solid"} ${colorOf(reference.seriesKey)}` }} />
          <Text size="sm">
            {t(reference.kind === "cluster" ? "data.clusterLine" : "data.nationalLine", {
              period: reference.periodLabel,
              value: text(reference.value),
            })}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

function IndicatorTable({ chart, visible }: { chart: IndicatorChart; visible: boolean }) {
  const { t } = useI18n();
  const captionId = useId();
  const text = useValueText(chart.unit);
  const average = (kind: "cluster" | "national", key: string) =>
    chart.references.find((reference) => reference.kind === kind && reference.seriesKey === key)?.value;
  return (
    <div className={visible ? undefined : "visually-hidden"}>
      <Table.ScrollContainer minWidth={320} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table striped verticalSpacing={6}>
          <Table.Caption id={captionId} className="visually-hidden">
            {t("data.tableCaption", { indicator: chart.name })}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" style={STICKY}>{t("data.clinic")}</Table.Th>
              {chart.series.map((item) => (
                <Table.Th key={item.key} scope="col" ta="end">{item.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chart.rows.map((row) => (
              <Table.Tr key={row.key} bg={row.own ? "yellow.1" : undefined}>
                <Table.Th scope="row" fw={row.own ? 700 : 400} style={{ ...STICKY, background: row.own ? "var(--mantine-color-yellow-1)" : STICKY.background, overflowWrap: "anywhere" }}>
                  {row.label}
                  {row.own ? (
                    <Badge ml="xs" size="sm" color="dark.6" variant="filled" tt="none">{t("data.ownClinic")}</Badge>
                  ) : null}
                </Table.Th>
                {chart.series.map((item) => (
                  <Table.Td key={item.key} ta="end" style={NUMBER}>{text(row.values[item.key])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            {(["cluster", "national"] as const).map((kind) => (
              <Table.Tr key={kind}>
                <Table.Th scope="row" style={STICKY}>{t(kind === "cluster" ? "data.clusterAverage" : "data.nationalAverage")}</Table.Th>
                {chart.series.map((item) => (
                  <Table.Td key={item.key} ta="end" fw={700} style={NUMBER}>{text(average(kind, item.key))}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}

/** One indicator: its heading, direction and unit, then the chart (or not) and the table. */
export function IndicatorPanel({ chart, asTable }: { chart: IndicatorChart; asTable: boolean }) {
  const { t, formatNumber } = useI18n();
  const headingId = useId();
  const compact = useMediaQuery("(max-width: 40em)");
  return (
    <Paper component="section" withBorder p={{ base: "sm", sm: "lg" }} radius="md" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs">
          <Title order={3} size="h4" id={headingId}>{chart.name}</Title>
          <Badge variant="filled" color={chart.direction === "lower" ? "klynge.8" : "grape.8"} tt="none">
            {t(chart.direction === "lower" ? "data.direction.lower" : "data.direction.higher")}
          </Badge>
        </Group>
        {chart.unit ? <Text size="sm" c="dimmed">{t("data.unit", { unit: chart.unit })}</Text> : null}
        {chart.rows.length === 0 ? (
          <Text>{t("data.noValues")}</Text>
        ) : (
          <>
            {asTable ? null : (
              <>
                <div aria-hidden="true" data-testid="indicator-chart">
                  <Suspense fallback={<Box h={chart.rows.length * 34 + 48} />}>
                    <IndicatorBars rows={chart.rows} series={chart.series} references={chart.references} compact={compact} formatValue={(value) => formatNumber(value, 1)} />
                  </Suspense>
                </div>
                <Legend chart={chart} />
              </>
            )}
            <IndicatorTable chart={chart} visible={asTable} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
