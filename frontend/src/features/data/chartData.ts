/**
 * A data view shaped for its charts and tables: per indicator, one row per clinic with a value
 * per period (the periods are the bar series, side by side), and the cluster's and the nation's
 * averages per period as reference lines.
 *
 * Nothing is added to what the API answers. A clinic the API names (the caller's own, or any
 * clinic in an open period) is one row across the periods, joined by its id. A clinic the API
 * shows only as "Klinik A" for a closed period is a row of that period alone: the letters are
 * drawn afresh for each period, so "Klinik A" of 2023 need not be "Klinik A" of 2024, and
 * joining them would claim what nobody knows.
 */
import type { DataPolicy, DataView, DataViewIndicator } from "../../api/types";

export interface Series {
  /** The key of the period's values in a row (`p0`, `p1`, …). */
  key: string;
  periodId: string;
  /** The period's label, "2023". */
  label: string;
  policy: DataPolicy;
  /** The decision it falls under has expired (it counts as closed). */
  expired: boolean;
}

export interface ClinicRow {
  key: string;
  /** The clinic's name, or the API's "Klinik A" (with its period when there are several). */
  label: string;
  own: boolean;
  /** Whether the API named the clinic (its own, or an open period's). */
  named: boolean;
  /** A value per series key; a period without one is left out. */
  values: Record<string, number>;
}

export interface Reference {
  seriesKey: string;
  periodLabel: string;
  kind: "cluster" | "national";
  value: number;
}

export interface IndicatorChart {
  indicatorId: string;
  name: string;
  unit: string;
  direction: DataViewIndicator["direction"];
  series: Series[];
  rows: ClinicRow[];
  references: Reference[];
}

/** The periods of a view as bar series, in the API's order. */
export function seriesOf(view: DataView): Series[] {
  return view.periods.map((period, index) => ({
    key: `p${index}`,
    periodId: period.period_id,
    label: period.label,
    policy: period.policy,
    expired: period.decision_expired,
  }));
}

/** The charts of a view: one per indicator, in the set's order. */
export function indicatorCharts(view: DataView): IndicatorChart[] {
  const series = seriesOf(view);
  const several = series.length > 1;
  const charts = new Map<string, IndicatorChart>();
  const named = new Map<string, Map<string, ClinicRow>>();
  const unnamed = new Map<string, ClinicRow[]>();
  view.periods.forEach((period, index) => {
    const key = series[index]?.key ?? `p${index}`;
    for (const indicator of period.indicators) {
      let chart = charts.get(indicator.indicator_id);
      if (!chart) {
        chart = {
          indicatorId: indicator.indicator_id,
          name: indicator.name,
          unit: indicator.unit,
          direction: indicator.direction,
          series,
          rows: [],
          references: [],
        };
        charts.set(indicator.indicator_id, chart);
        named.set(indicator.indicator_id, new Map());
        unnamed.set(indicator.indicator_id, []);
      }
      const byClinic = named.get(indicator.indicator_id) ?? new Map<string, ClinicRow>();
      const anonymous = unnamed.get(indicator.indicator_id) ?? [];
      for (const clinic of indicator.clinics) {
        if (clinic.clinic_id) {
          let row = byClinic.get(clinic.clinic_id);
          if (!row) {
            row = { key: `clinic:${clinic.clinic_id}`, label: clinic.name ?? clinic.label, own: clinic.own, named: true, values: {} };
            byClinic.set(clinic.clinic_id, row);
          }
          row.values[key] = clinic.value;
        } else {
          anonymous.push({
            key: `${period.period_id}:${clinic.label}`,
            label: several ? `${clinic.label} (${period.label})` : clinic.label,
            own: false,
            named: false,
            values: { [key]: clinic.value },
          });
        }
      }
      if (indicator.cluster_average !== null) {
        chart.references.push({ seriesKey: key, periodLabel: period.label, kind: "cluster", value: indicator.cluster_average });
      }
      if (indicator.national_average !== null) {
        chart.references.push({ seriesKey: key, periodLabel: period.label, kind: "national", value: indicator.national_average });
      }
    }
  });
  for (const chart of charts.values()) {
    const byName = [...(named.get(chart.indicatorId)?.values() ?? [])].sort(
      (a, b) => Number(b.own) - Number(a.own) || a.label.localeCompare(b.label, "da"),
    );
    chart.rows = [...byName, ...(unnamed.get(chart.indicatorId) ?? [])];
  }
  return [...charts.values()];
}
