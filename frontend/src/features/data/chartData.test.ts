import { describe, expect, it } from "vitest";
import type { DataView, DataViewClinic, DataViewPeriod } from "../../api/types";
import { indicatorCharts, seriesOf } from "./chartData";
import { seriesColor } from "./colors";

const INDICATOR = "11111111-1111-4111-8111-111111111111";
const OWN = "22222222-2222-4222-8222-222222222222";
const OTHER = "33333333-3333-4333-8333-333333333333";

function clinic(label: string, value: number, named: { id: string; name: string; own?: boolean } | null = null): DataViewClinic {
  return {
    label,
    value,
    own: named?.own ?? false,
    clinic_id: named?.id ?? null,
    name: named?.name ?? null,
    provider_number: named ? "123456" : null,
  };
}

function period(label: string, policy: "open" | "closed", clinics: DataViewClinic[], averages = { cluster: 40, national: 45 }, expired = false): DataViewPeriod {
  return {
    period_id: `period-${label}`,
    label,
    starts_on: `${label}-01-01`,
    ends_on: `${label}-12-31`,
    policy,
    decision_id: null,
    decision_expired: expired,
    indicators: [
      {
        indicator_id: INDICATOR,
        code: "uvi",
        name: "Antibiotika til urinvejsinfektion",
        unit: "%",
        direction: "lower",
        own_value: null,
        cluster_average: averages.cluster,
        cluster_clinic_count: clinics.length,
        national_average: averages.national,
        national_clinic_count: 1700,
        clinics,
      },
    ],
  };
}

function view(periods: DataViewPeriod[]): DataView {
  return { cluster_id: "c", indicator_set_id: "s", name: "Antibiotika til UVI", periods };
}

describe("the data view's charts", () => {
  it("makes a bar series of each period, in the API's order", () => {
    const shaped = seriesOf(view([period("2023", "open", []), period("2024", "closed", [], undefined, true)]));
    expect(shaped.map((s) => [s.key, s.label, s.policy, s.expired])).toEqual([
      ["p0", "2023", "open", false],
      ["p1", "2024", "closed", true],
    ]);
  });

  it("joins a named clinic's values across the periods, the own clinic first", () => {
    const [chart] = indicatorCharts(
      view([
        period("2023", "open", [clinic("Klinik B", 38.5, { id: OTHER, name: "Aalægerne" }), clinic("Klinik A", 41.2, { id: OWN, name: "Vestergade", own: true })]),
        period("2024", "open", [clinic("Klinik A", 37, { id: OTHER, name: "Aalægerne" }), clinic("Klinik B", 40.1, { id: OWN, name: "Vestergade", own: true })]),
      ]),
    );
    expect(chart?.rows.map((row) => [row.label, row.own, row.values])).toEqual([
      ["Vestergade", true, { p0: 41.2, p1: 40.1 }],
      ["Aalægerne", false, { p0: 38.5, p1: 37 }],
    ]);
    expect(chart?.direction).toBe("lower");
    expect(chart?.unit).toBe("%");
  });

  it("keeps a closed period's clinics as the API labels them, each in its period alone", () => {
    const [chart] = indicatorCharts(
      view([
        period("2023", "closed", [clinic("Klinik A", 30), clinic("Klinik B", 41.2, { id: OWN, name: "Vestergade", own: true })]),
        period("2024", "closed", [clinic("Klinik A", 40.1, { id: OWN, name: "Vestergade", own: true }), clinic("Klinik B", 29)]),
      ]),
    );
    expect(chart?.rows.map((row) => [row.label, row.named, row.values])).toEqual([
      ["Vestergade", true, { p0: 41.2, p1: 40.1 }],
      ["Klinik A (2023)", false, { p0: 30 }],
      ["Klinik B (2024)", false, { p1: 29 }],
    ]);
    // Nothing but the API's labels and the own clinic's name.
    expect(JSON.stringify(chart)).not.toContain(OTHER);
  });

  it("names a clinic of an open period, and only labels it in a closed one", () => {
    const [chart] = indicatorCharts(
      view([
        period("2023", "open", [clinic("Klinik A", 33, { id: OTHER, name: "Aalægerne" })]),
        period("2024", "closed", [clinic("Klinik A", 31)]),
      ]),
    );
    expect(chart?.rows.map((row) => [row.label, row.values])).toEqual([
      ["Aalægerne", { p0: 33 }],
      ["Klinik A (2024)", { p1: 31 }],
    ]);
  });

  it("labels a closed clinic without a period when the set has one period", () => {
    const [chart] = indicatorCharts(view([period("2024", "closed", [clinic("Klinik A", 31), clinic("Klinik B", 35)])]));
    expect(chart?.rows.map((row) => row.label)).toEqual(["Klinik A", "Klinik B"]);
  });

  it("gives the cluster's and the nation's averages per period as reference lines", () => {
    const [chart] = indicatorCharts(
      view([period("2023", "closed", [clinic("Klinik A", 30)], { cluster: 41.25, national: 47.5 }), period("2024", "closed", [clinic("Klinik A", 29)], { cluster: 39, national: 46 })]),
    );
    expect(chart?.references).toEqual([
      { seriesKey: "p0", periodLabel: "2023", kind: "cluster", value: 41.25 },
      { seriesKey: "p0", periodLabel: "2023", kind: "national", value: 47.5 },
      { seriesKey: "p1", periodLabel: "2024", kind: "cluster", value: 39 },
      { seriesKey: "p1", periodLabel: "2024", kind: "national", value: 46 },
    ]);
  });

  it("colours the latest period the strongest", () => {
    expect([seriesColor(0, 2), seriesColor(1, 2)]).toEqual(["orange.8", "klynge.8"]);
    expect(seriesColor(0, 1)).toBe("klynge.8");
  });
});
