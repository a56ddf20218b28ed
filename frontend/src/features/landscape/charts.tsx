/**
 * Small charts without a chart library: every chart states its numbers in text as well, so it
 * reads without sight and in print.
 */
import { useId } from "react";
import type { LandscapeDistribution } from "../../api/types";
import { useI18n } from "../../i18n/context";

export interface Bar {
  label: string;
  value: number;
  /** What is shown beside the bar; the value itself when omitted. */
  text?: string;
}

/** Horizontal bars in a table: label, bar and value. `max` fixes the scale (e.g. 100 %). */
export function BarChart({ caption, bars, max }: { caption: string; bars: readonly Bar[]; max?: number }) {
  const { formatNumber } = useI18n();
  const scale = max ?? Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <table className="bar-chart">
      <caption>{caption}</caption>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.label}>
            <th scope="row">{bar.label}</th>
            <td>
              <span className="bar-chart__track" aria-hidden="true">
                <span className="bar-chart__bar" style={{ width: `${String(Math.min(100, (bar.value / scale) * 100))}%` }} />
              </span>
              <span className="bar-chart__value">{bar.text ?? formatNumber(bar.value)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const WIDTH = 600;
const HEIGHT = 90;
const PAD = 24;

/**
 * One number per cluster, summarised: the line spans the smallest to the largest, the box the
 * 10th to the 90th percentile, the bar in the box is the median and the dot the mean.
 */
export function DistributionChart({ title, distribution, unit }: { title: string; distribution: LandscapeDistribution; unit: string }) {
  const { t, formatNumber } = useI18n();
  const titleId = useId();
  const { min, max, mean, median, percentile_10: p10, percentile_90: p90 } = distribution;
  if (min == null || max == null || mean == null || median == null || p10 == null || p90 == null) {
    return (
      <figure className="chart">
        <figcaption id={titleId}>{title}</figcaption>
        <p className="muted">{t("landscape.noClusters")}</p>
      </figure>
    );
  }
  const top = Math.max(max, 1) * 1.05;
  const x = (value: number) => PAD + (value / top) * (WIDTH - 2 * PAD);
  const mid = 40;
  const summary = t("landscape.distributionSummary", {
    min: formatNumber(min),
    p10: formatNumber(p10, 1),
    median: formatNumber(median, 1),
    mean: formatNumber(mean, 1),
    p90: formatNumber(p90, 1),
    max: formatNumber(max),
    unit,
  });
  return (
    <figure className="chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-summary`} className="chart__svg">
        <line x1={x(min)} x2={x(max)} y1={mid} y2={mid} className="chart__whisker" />
        <line x1={x(min)} x2={x(min)} y1={mid - 10} y2={mid + 10} className="chart__whisker" />
        <line x1={x(max)} x2={x(max)} y1={mid - 10} y2={mid + 10} className="chart__whisker" />
        <rect x={x(p10)} y={mid - 16} width={Math.max(1, x(p90) - x(p10))} height={32} className="chart__box" />
        <line x1={x(median)} x2={x(median)} y1={mid - 16} y2={mid + 16} className="chart__median" />
        <circle cx={x(mean)} cy={mid} r={5} className="chart__mean" />
        <text x={x(min)} y={mid + 34} textAnchor="middle" className="chart__label">
          {formatNumber(min)}
        </text>
        <text x={x(max)} y={mid + 34} textAnchor="middle" className="chart__label">
          {formatNumber(max)}
        </text>
        <text x={x(median)} y={mid - 22} textAnchor="middle" className="chart__label">
          {formatNumber(median, 1)}
        </text>
      </svg>
      <p id={`${titleId}-summary`} className="chart__summary">
        {summary}
      </p>
    </figure>
  );
}
