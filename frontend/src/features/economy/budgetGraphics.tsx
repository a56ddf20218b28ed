/**
 * The drawn part of the budget's chart, on the design system's charts (@mantine/charts on
 * recharts). Only ever imported lazily (see BudgetChart.tsx): the chart library comes with the
 * pages that draw it, never with the app's first load. The numbers are stated in text beside it.
 */
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";

export interface BudgetBar {
  label: string;
  budget: number;
  actual: number;
}

/** Budget and actual side by side per category, in kroner, income up and spending down. */
export function BudgetBars({
  bars,
  budgetLabel,
  actualLabel,
  formatKroner,
  compact = false,
}: {
  bars: readonly BudgetBar[];
  budgetLabel: string;
  actualLabel: string;
  /** Writes the scale's whole kroner in the person's language ("195.000"). */
  formatKroner: (value: number) => string;
  compact?: boolean;
}) {
  return (
    <BarChart
      h={compact ? 180 : 260}
      data={bars.map((bar) => ({ ...bar }))}
      dataKey="label"
      series={[
        { name: "budget", label: budgetLabel, color: "gray.5" },
        { name: "actual", label: actualLabel, color: "klynge.8" },
      ]}
      withLegend
      withTooltip={false}
      accessibilityLayer={false}
      gridAxis="y"
      textColor="dark.7"
      tickLine="none"
      withYAxis={!compact}
      xAxisProps={{ interval: 0, tick: { fontSize: 11 } }}
      valueFormatter={formatKroner}
      yAxisProps={{ width: 72 }}
      maxBarWidth={24}
    />
  );
}
