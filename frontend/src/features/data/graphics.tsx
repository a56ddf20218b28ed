/**
 * The drawn part of the data view's charts, on the design system's charts (@mantine/charts on
 * recharts). Only ever imported lazily (see DataCharts.tsx): the chart library comes with the
 * pages that draw it, never with the app's first load. The numbers are stated in a table
 * beside it, so nothing here is read by assistive technology.
 *
 * The bars lie down the chart, one row of side-by-side bars (a period each) per clinic, so that
 * a clinic's name has room before its bars on a phone's width too. The cluster's and the
 * nation's averages are vertical lines in the period's colour: solid for the cluster, dashed
 * for the nation. The caller's own clinic has a band behind its bars and its name in bold.
 */
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import type { ChartReferenceLineProps } from "@mantine/charts";
import type { ClinicRow, Reference, Series } from "./chartData";
import { seriesColor } from "./colors";

/** The height of a clinic's row of bars, in px. */
const ROW_HEIGHT = 34;

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

export function IndicatorBars({
  rows,
  series,
  references,
  compact,
  formatValue,
}: {
  rows: readonly ClinicRow[];
  series: readonly Series[];
  references: readonly Reference[];
  /** A phone's width: narrower names, fewer ticks. */
  compact: boolean;
  /** Writes the scale's numbers in the person's language ("7,5"). */
  formatValue: (value: number) => string;
}) {
  const own = new Set(rows.filter((row) => row.own).map((row) => row.label));
  const colors = new Map(series.map((item, index) => [item.key, seriesColor(index, series.length)]));
  const lines: ChartReferenceLineProps[] = references.map((reference) => ({
    x: reference.value,
    color: colors.get(reference.seriesKey) ?? "dark.7",
    strokeWidth: 2,
    ...(reference.kind === "national" ? { strokeDasharray: "6 4" } : {}),
    ifOverflow: "extendDomain",
  }));
  const nameWidth = compact ? 112 : 220;
  function Tick({ x = 0, y = 0, payload }: TickProps) {
    const label = typeof payload?.value === "string" ? payload.value : "";
    const mine = own.has(label);
    const room = Math.floor(nameWidth / 6.5);
    const shown = label.length > room ? `${label.slice(0, room - 1)}…` : label;
    return (
      <text x={Number(x) - 4} y={Number(y)} dy={4} textAnchor="end" fontSize={compact ? 11 : 12} fontWeight={mine ? 700 : 400} fill="var(--mantine-color-dark-7)">
        {shown}
      </text>
    );
  }
  return (
    <BarChart
      h={rows.length * ROW_HEIGHT * Math.max(1, series.length / 2) + 48}
      data={rows.map((row) => ({ label: row.label, ...row.values }))}
      dataKey="label"
      series={series.map((item) => ({ name: item.key, label: item.label, color: colors.get(item.key) ?? "klynge.8" }))}
      orientation="vertical"
      gridAxis="x"
      withTooltip={false}
      withLegend={false}
      accessibilityLayer={false}
      textColor="dark.7"
      maxBarWidth={14}
      valueFormatter={formatValue}
      referenceLines={lines}
      referenceAreas={[...own].map((label) => ({ y1: label, y2: label, color: "yellow.3", fillOpacity: 0.5, ifOverflow: "extendDomain" }))}
      xAxisProps={{ domain: [0, "auto"], tickCount: compact ? 4 : 6 }}
      yAxisProps={{ width: nameWidth, interval: 0, tick: Tick }}
      barChartProps={{ margin: { top: 8, right: 16, bottom: 8, left: 0 }, barGap: 1 }}
    />
  );
}
