/**
 * The drawn part of the landscape's charts, on the design system's charts (@mantine/charts on
 * recharts). This module is only ever imported lazily (see charts.tsx): the chart library and
 * its styles are large, and only the pages with figures draw charts, so they come with those
 * pages once the figures are shown and never with the app's first load.
 *
 * Nothing here is read by assistive technology: every chart states its numbers in text beside it.
 */
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";

export interface GraphicBar {
  label: string;
  value: number;
  /** What is written at the bar's end. */
  valueLabel: string;
}

interface Props {
  bars: readonly GraphicBar[];
  /** Fixes the scale's top (e.g. 100 for percentages); the largest value when omitted. */
  max?: number;
}

/** Each bar is labelled with its own text rather than its value run through one formatter. */
const VALUE_LABEL = { dataKey: "valueLabel", formatter: (text: unknown) => String(text), fontSize: 11 };

/** The bars' height and gap, in px, when they lie side by side down the chart. */
const ROW_HEIGHT = 44;
/** Room for the value at the end of the longest bar, in px. */
const VALUE_ROOM = 64;

/**
 * Horizontal bars, one a row with its label before it and its value after it. The labels wrap
 * in a column of their own, so that a long label and a phone's width still leave room for bars.
 */
export function HorizontalBars({ bars, max }: Props) {
  return (
    <BarChart
      h={bars.length * ROW_HEIGHT + 16}
      data={[...bars]}
      dataKey="label"
      series={[{ name: "value", color: "klynge.8" }]}
      orientation="vertical"
      gridAxis="none"
      withXAxis={false}
      withTooltip={false}
      accessibilityLayer={false}
      withBarValueLabel
      valueLabelProps={VALUE_LABEL}
      maxBarWidth={28}
      textColor="dark.7"
      xAxisProps={{ domain: [0, max ?? "dataMax"] }}
      yAxisProps={{ width: 148, interval: 0 }}
      barChartProps={{ margin: { top: 8, right: VALUE_ROOM, bottom: 8, left: 0 } }}
    />
  );
}

/**
 * Upright bars side by side with their values on top: for a few short labels, such as a
 * distribution's smallest, 10th percentile, median, mean, 90th percentile and largest value.
 */
export function ColumnBars({ bars, max }: Props) {
  return (
    <BarChart
      h={200}
      data={[...bars]}
      dataKey="label"
      series={[{ name: "value", color: "klynge.8" }]}
      gridAxis="none"
      withYAxis={false}
      withTooltip={false}
      accessibilityLayer={false}
      withBarValueLabel
      valueLabelProps={VALUE_LABEL}
      maxBarWidth={48}
      textColor="dark.7"
      xAxisProps={{ interval: 0 }}
      yAxisProps={{ domain: [0, max ?? "dataMax"] }}
      barChartProps={{ margin: { top: 24, right: 8, bottom: 0, left: 8 } }}
    />
  );
}
