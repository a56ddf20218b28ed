import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AttendanceSummary } from "../api/types";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { captureDownloads } from "../test/downloads";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 20_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const SKIVE = "c0000000-0000-4000-8000-000000000002";
const ODENSE = "c0000000-0000-4000-8000-000000000003";

const plo: FakeAccount = {
  ...karen,
  name: "Peter PLO",
  clusters: [],
  organisations: [
    { id: "o-plo", code: "plo", name: "PLO", kind: "plo", region_code: null, created_at: "2026-01-05T09:00:00Z", updated_at: "2026-01-05T09:00:00Z" },
  ],
};

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
}

function summaryFor(url: URL): AttendanceSummary {
  const year = Number(url.searchParams.get("year"));
  const all = [
    { cluster_id: VIBORG, cluster_name: "Demoklyngen Viborg", region_code: "midtjylland", meetings_held: 3, attendances: 70 },
    { cluster_id: SKIVE, cluster_name: "Skive-Klyngen", region_code: "midtjylland", meetings_held: 2, attendances: 41 },
    { cluster_id: ODENSE, cluster_name: "Odense Syd", region_code: "syddanmark", meetings_held: 0, attendances: 0 },
  ].map((row) => (year === 2027 ? row : { ...row, meetings_held: row.meetings_held + 1 }));
  const region = url.searchParams.get("region_code");
  const clusters = all.filter((row) => !region || row.region_code === region);
  const regions = [...new Set(clusters.map((row) => row.region_code))].map((code) => {
    const rows = clusters.filter((row) => row.region_code === code);
    return {
      region_code: code,
      clusters: rows.length,
      meetings_held: rows.reduce((sum, row) => sum + row.meetings_held, 0),
      attendances: rows.reduce((sum, row) => sum + row.attendances, 0),
    };
  });
  return {
    year,
    clusters_count: clusters.length,
    meetings_held: clusters.reduce((sum, row) => sum + row.meetings_held, 0),
    attendances: clusters.reduce((sum, row) => sum + row.attendances, 0),
    regions,
    clusters,
  };
}

function fakeFor(): FakeApi {
  return new FakeApi([plo])
    .withSessionOf(plo)
    .on("GET /api/v1/attendance/summary", (request) => json(summaryFor(new URL(request.url))))
    .on("GET /api/v1/regions", () =>
      json({
        items: [
          { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
          { id: "r2", code: "syddanmark", name: "Region Syddanmark" },
        ],
        next_cursor: null,
      }),
    );
}

function total(label: string): string {
  return screen.getByRole("group", { name: label }).textContent;
}

describe("PLO's attendance screen (/fremmoede)", () => {
  it("shows the year's totals per region and cluster from one request, and filters by year, region and cluster", async () => {
    const fake = fakeFor();
    const { user } = renderApp({ route: "/fremmoede", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Fremmøde" })).toBeInTheDocument();
    const perCluster = await screen.findByRole("region", { name: "Pr. klynge" });
    expect(within(perCluster).getAllByRole("row")).toHaveLength(4);
    expect(total("Afholdte møder")).toContain("5");
    expect(total("Fremmøder")).toContain("111");
    const perRegion = screen.getByRole("region", { name: "Pr. region" });
    expect(within(perRegion).getByRole("rowheader", { name: "Region Midtjylland" })).toBeInTheDocument();
    expect(fake.count("GET /api/v1/attendance/summary")).toBe(1);
    expect(new URLSearchParams(fake.callsTo("GET /api/v1/attendance/summary")[0]?.search).get("year")).toBe("2027");
    expect(await seriousViolations()).toEqual([]);

    await user.selectOptions(screen.getByLabelText("Region"), "syddanmark");
    await waitFor(() => {
      expect(within(screen.getByRole("region", { name: "Pr. klynge" })).getAllByRole("row")).toHaveLength(2);
    });
    expect(new URLSearchParams(fake.callsTo("GET /api/v1/attendance/summary").at(-1)?.search).get("region_code")).toBe("syddanmark");

    await user.selectOptions(screen.getByLabelText("Region"), "");
    await screen.findByRole("option", { name: "Skive-Klyngen" });
    await user.selectOptions(screen.getByLabelText("Klynge"), SKIVE);
    expect(total("Fremmøder")).toContain("41");
    expect(screen.queryByRole("region", { name: "Pr. region" })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("År"), "2026");
    await waitFor(() => {
      expect(new URLSearchParams(fake.callsTo("GET /api/v1/attendance/summary").at(-1)?.search).get("year")).toBe("2026");
    });
  });

  it("downloads the year's rows as CSV from the attendance feed", async () => {
    const downloads = captureDownloads();
    const fake = fakeFor().on(
      "GET /api/v1/attendance",
      () => new Response("id,meeting_id\n1,2\n", { status: 200, headers: { "Content-Type": "text/csv" } }),
    );
    const { user } = renderApp({ route: "/fremmoede", fake });

    await user.click(await screen.findByRole("button", { name: "Hent fremmøde (CSV)" }));
    await waitFor(() => {
      expect(downloads).toEqual([{ fileName: "fremmoede-2027.csv", body: "id,meeting_id\n1,2\n" }]);
    });
    const call = fake.callsTo("GET /api/v1/attendance")[0];
    expect(new URLSearchParams(call?.search).get("year")).toBe("2027");
  });
});
