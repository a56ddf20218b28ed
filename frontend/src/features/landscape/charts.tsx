/**
 * The landscape's charts. Every chart states its numbers in text as well - a table or a sentence
 * beside it - so that it reads without sight and in print; the drawing itself is hidden from
 * assistive technology or named as an image described by that text.
 *
 * The drawing comes from the chart library, which is loaded lazily here: the text is shown at
 * once, and the bars join it when the library has arrived.
 */
import { Box, Stack, Table, Text } from "@mantine/core";
import { lazy, Suspense, useId, type ReactNode } from "react";
import type { LandscapeDistribution } from "../../api/types";
import { useI18n } from "../../i18n/context";

const HorizontalBars = lazy(() => import("./graphics").then((module) => ({ default: module.HorizontalBars })));
const ColumnBars = lazy(() => import("./graphics").then((module) => ({ default: module.ColumnBars })));

/** Holds the chart's place while the chart library loads, so that the text below stays put. */
function Drawing({ height, children }: { height: number; children: ReactNode }) {
  return <Suspense fallback={<Box h={height} />}>{children}</Suspense>;
}

export interface Bar {
  label: string;
  value: number;
  /** What the table states for the bar; the value itself when omitted. */
  text?: string;
}

interface BarChartProps {
  caption: string;
  bars: readonly Bar[];
  /** Fixes the scale's top (e.g. 100 for percentages); the largest value when omitted. */
  max?: number;
  /** Writes a value as it is labelled on its bar; the table's text when omitted. */
  format?: (value: number) => string;
  /** Whether the table of the numbers is shown below the bars, or only read out. */
  tableVisible?: boolean;
}

/**
 * Horizontal bars with their values, and the same numbers in a table (named by the caption) that
 * is either shown below the bars or kept for screen readers only.
 */
export function BarChart({ caption, bars, max, format, tableVisible = false }: BarChartProps) {
  const { formatNumber } = useI18n();
  const textOf = (bar: Bar) => bar.text ?? formatNumber(bar.value);
  const drawn = bars.map((bar) => ({ ...bar, valueLabel: format ? format(bar.value) : textOf(bar) }));
  return (
    <Stack gap="xs">
      <Text fw={600} aria-hidden="true">
        {caption}
      </Text>
      <div aria-hidden="true">
        <Drawing height={bars.length * 44 + 16}>
          <HorizontalBars bars={drawn} max={max} />
        </Drawing>
      </div>
      <div className={tableVisible ? undefined : "visually-hidden"}>
        <Table verticalSpacing={4} horizontalSpacing="xs">
          <Table.Caption className="visually-hidden">{caption}</Table.Caption>
          <Table.Tbody>
            {bars.map((bar) => (
              <Table.Tr key={bar.label}>
                <Table.Th scope="row" fw={400}>
                  {bar.label}
                </Table.Th>
                <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                  {textOf(bar)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

/**
 * One number per cluster, summarised as bars: the smallest, the 10th percentile, the median, the
 * mean, the 90th percentile and the largest. The drawing is an image named by the title and
 * described by a sentence below it that states every one of those numbers.
 */
export function DistributionChart({ title, distribution, unit }: { title: string; distribution: LandscapeDistribution; unit: string }) {
  const { t, formatNumber } = useI18n();
  const titleId = useId();
  const summaryId = useId();
  const { min, max, mean, median, percentile_10: p10, percentile_90: p90 } = distribution;
  if (min == null || max == null || mean == null || median == null || p10 == null || p90 == null) {
    return (
      <Box component="figure" m={0}>
        <Text component="figcaption" fw={600} id={titleId}>
          {title}
        </Text>
        <Text c="dimmed">{t("landscape.noClusters")}</Text>
      </Box>
    );
  }
  const summary = t("landscape.distributionSummary", {
    min: formatNumber(min),
    p10: formatNumber(p10, 1),
    median: formatNumber(median, 1),
    mean: formatNumber(mean, 1),
    p90: formatNumber(p90, 1),
    max: formatNumber(max),
    unit,
  });
  // Large numbers are rounded on the bars, so that side by side they fit a phone's width; the
  // sentence below states them with their decimal.
  const bars = [
    { label: t("landscape.stat.min"), value: min },
    { label: t("landscape.stat.p10"), value: p10 },
    { label: t("landscape.stat.median"), value: median },
    { label: t("landscape.stat.mean"), value: mean },
    { label: t("landscape.stat.p90"), value: p90 },
    { label: t("landscape.stat.max"), value: max },
  ];
  return (
    <Stack component="figure" gap="xs" m={0}>
      <Text component="figcaption" fw={600} id={titleId}>
        {title}
      </Text>
      <div role="img" aria-labelledby={titleId} aria-describedby={summaryId}>
        <Drawing height={200}>
          <ColumnBars bars={bars.map((bar) => ({ ...bar, valueLabel: formatNumber(bar.value, bar.value < 1000 ? 1 : 0) }))} />
        </Drawing>
      </div>
      <Text id={summaryId} size="sm" c="dimmed">
        {summary}
      </Text>
    </Stack>
  );
}
