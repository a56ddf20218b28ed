/**
 * The drawn part of a survey's results, on the design system's charts (@mantine/charts on
 * recharts). Only ever imported lazily (see SurveyResults.tsx): the chart library comes with the
 * page that draws it. Every number is also stated in text and tables beside the charts, so
 * nothing here is read by assistive technology.
 */
import "@mantine/charts/styles.css";
import { BarChart, LineChart } from "@mantine/charts";

/** The five Likert categories, from "Helt uenig" (red) to "Helt enig" (green). */
export const LIKERT_COLORS = ["red.8", "orange.6", "gray.5", "lime.6", "green.8"] as const;

export interface LikertRow {
  label: string;
  /** The share (0–100) per scale point, keyed "p1" to "p5". */
  values: Record<string, number>;
}

/** One stacked horizontal bar per row (this survey, the nation), each 100 % wide. */
export function LikertBars({ rows, labels, compact }: { rows: readonly LikertRow[]; labels: readonly string[]; compact: boolean }) {
  return (
    <BarChart
      h={rows.length * 40 + 40}
      data={rows.map((row) => ({ label: row.label, ...row.values }))}
      dataKey="label"
      type="percent"
      orientation="vertical"
      series={labels.map((label, index) => ({ name: `p${index + 1}`, label, color: LIKERT_COLORS[index] ?? "gray.5" }))}
      withTooltip={false}
      withLegend={false}
      accessibilityLayer={false}
      gridAxis="none"
      textColor="dark.7"
      yAxisProps={{ width: compact ? 96 : 150, interval: 0 }}
      barChartProps={{ margin: { top: 4, right: 12, bottom: 4, left: 0 } }}
    />
  );
}

/** Counts per option (or scale point), a horizontal bar each. */
export function CountBars({ rows, compact }: { rows: readonly { label: string; count: number }[]; compact: boolean }) {
  return (
    <BarChart
      h={rows.length * 30 + 40}
      data={rows.map((row) => ({ label: row.label, count: row.count }))}
      dataKey="label"
      orientation="vertical"
      series={[{ name: "count", label: "", color: "klynge.8" }]}
      withTooltip={false}
      withLegend={false}
      accessibilityLayer={false}
      gridAxis="x"
      textColor="dark.7"
      maxBarWidth={18}
      xAxisProps={{ allowDecimals: false }}
      yAxisProps={{ width: compact ? 110 : 200, interval: 0 }}
      barChartProps={{ margin: { top: 4, right: 16, bottom: 4, left: 0 } }}
    />
  );
}

export interface TrendSeries {
  key: string;
  label: string;
  color: string;
}

/** The agree share (0–100) per question across the cluster's meetings, oldest first. */
export function TrendLines({ data, series }: { data: readonly Record<string, string | number | null>[]; series: readonly TrendSeries[] }) {
  return (
    <LineChart
      h={280}
      data={data as Record<string, string | number | null>[]}
      dataKey="date"
      series={series.map((item) => ({ name: item.key, label: item.label, color: item.color }))}
      withTooltip={false}
      withLegend={false}
      accessibilityLayer={false}
      connectNulls
      curveType="linear"
      textColor="dark.7"
      unit=" %"
      yAxisProps={{ domain: [0, 100] }}
      lineChartProps={{ margin: { top: 8, right: 16, bottom: 8, left: 0 } }}
    />
  );
}
