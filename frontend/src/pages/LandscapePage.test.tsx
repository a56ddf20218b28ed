import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Cluster, Landscape } from "../api/types";
import { seriousViolations } from "../test/axe";
import { FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

vi.setConfig({ testTimeout: 20_000 });

// jsdom lays nothing out, so the chart library finds its charts 0 px wide and says so; that
// warning alone is kept out of the output, and any other still shows.
beforeEach(() => {
  const warn = console.warn.bind(console);
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("The width(0) and height(0) of chart")) return;
    warn(...args);
  });
});

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const SKIVE = "c0000000-0000-4000-8000-000000000002";
const AALBORG = "c0000000-0000-4000-8000-000000000003";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const national: Landscape = {
  region: null,
  clusters: 116,
  clinics: 1700,
  doctors: 3364,
  doctors_per_cluster: { mean: 29, median: 27.5, percentile_10: 18, percentile_90: 41, min: 12, max: 72 },
  clusters_with_role: { coordinator: 116, co_coordinator: 12, board_member: 71, treasurer: 12, secretary: 1 },
  clusters_with_only_coordinator: 35,
  patients: 5590000,
  patients_per_cluster: { mean: 48189.7, median: 45055.5, percentile_10: 31645, percentile_90: 68436, min: 17100, max: 109800 },
  meetings: {
    first_year: 2021,
    last_year: 2025,
    held: 1740,
    after_work_share: 0.83,
    per_cluster_per_year: { mean: 3, median: 3, percentile_10: 2, percentile_90: 4, min: 2, max: 4 },
  },
};

const regional: Record<string, Landscape> = {
  midtjylland: {
    ...national,
    region: "midtjylland",
    clusters: 24,
    clinics: 310,
    doctors: 690,
    doctors_per_cluster: { ...national.doctors_per_cluster, mean: 28.75, median: 27 },
  },
  nordjylland: {
    ...national,
    region: "nordjylland",
    clusters: 11,
    clinics: 140,
    doctors: 300,
    doctors_per_cluster: { ...national.doctors_per_cluster, mean: 27.3, median: 26 },
    meetings: { ...national.meetings, after_work_share: null },
  },
};

function landscapeApi(): FakeApi {
  return new FakeApi()
    .withSessionOf(karen)
    .on("GET /api/v1/stats/landscape", (request) => {
      const region = new URL(request.url).searchParams.get("region");
      if (!region) return json(national);
      const figures = regional[region];
      return figures ? json(figures) : json({ code: "validation_error", message: "Unknown region." }, 422);
    })
    .on("GET /api/v1/regions", () =>
      json({
        items: [
          { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
          { id: "r2", code: "nordjylland", name: "Region Nordjylland" },
        ],
        next_cursor: null,
      }),
    );
}

const cluster = (id: string, name: string, code: string, clinics: number, doctors: number) =>
  ({ id, name, clinic_count: clinics, doctor_count: doctors, region: { id: `r-${code}`, code, name: code } }) as unknown as Cluster;

describe("national picture (/landskab)", () => {
  it("shows the key figures on cards, each named by what it counts", async () => {
    renderApp({ route: "/landskab", fake: landscapeApi() });

    const key = await screen.findByRole("region", { name: "Nøgletal" });
    expect(within(key).getByRole("group", { name: "Klynger" })).toHaveTextContent("116");
    expect(within(key).getByRole("group", { name: "Klinikker" })).toHaveTextContent("1.700");
    expect(within(key).getByRole("group", { name: "Læger" })).toHaveTextContent("3.364");
    expect(within(key).getByRole("group", { name: "Patienter" })).toHaveTextContent("5.590.000");
  });

  it("draws the charts with the chart library once it has loaded, and states their numbers in text", async () => {
    const { container } = renderApp({ route: "/landskab", fake: landscapeApi() });

    const key = await screen.findByRole("region", { name: "Nøgletal" });
    const doctors = within(key).getByRole("img", { name: "Læger pr. klynge" });
    expect(doctors).toHaveAccessibleDescription(
      "Fra 12 til 72 læger; gennemsnit 29, median 27,5; 80 % af klyngerne har mellem 18 og 41 læger.",
    );
    // The drawing is the design system's bar chart, which comes in a chunk of its own.
    await waitFor(() => {
      expect(doctors.querySelector(".mantine-BarChart-root")).not.toBeNull();
    });

    // The roles: bars for the eye, and a table with every share and count for everyone.
    const roles = await screen.findByRole("region", { name: "Roller i klyngerne" });
    const shares = within(roles).getByRole("table", { name: "Andel af de 116 klynger" });
    expect(within(shares).getByRole("row", { name: /Kun en koordinator/ })).toHaveTextContent("35 klynger (30 %)");
    expect(within(shares).getByRole("row", { name: /Med sekretær/ })).toHaveTextContent("1 klynge (1 %)");
    await waitFor(() => {
      expect(roles.querySelector(".mantine-BarChart-root")).not.toBeNull();
    });
    // The bars' drawing is not read out: the table says the same.
    expect(roles.querySelector(".mantine-BarChart-root")?.closest("[aria-hidden='true']")).not.toBeNull();

    // The regions side by side: the figures per region as bars with their numbers in tables.
    const regions = await screen.findByRole("region", { name: "Regionerne" });
    const clusters = await within(regions).findByRole("table", { name: "Klynger pr. region" });
    expect(within(clusters).getByRole("row", { name: /Region Midtjylland/ })).toHaveTextContent("24");
    const meanDoctors = within(regions).getByRole("table", { name: "Gennemsnitligt antal læger pr. klynge" });
    expect(within(meanDoctors).getByRole("row", { name: /Region Nordjylland/ })).toHaveTextContent("27,3");
    expect(container.querySelectorAll(".bar-chart, .chart__svg")).toHaveLength(0);
    expect(await seriousViolations()).toEqual([]);
  });

  it("compares the regions in a table that scrolls on its own, with each region's name kept in view and linked", async () => {
    const { user, location } = renderApp({ route: "/landskab", fake: landscapeApi() });

    const table = await screen.findByRole("table", { name: "Regionerne side om side" });
    // The table scrolls inside a focusable region of its own, not the page, on a narrow screen.
    const scroller = screen.getByRole("region", { name: "Regionerne side om side" });
    expect(scroller).toContainElement(table);
    expect(scroller).toHaveAttribute("tabindex", "0");
    const north = within(table).getByRole("row", { name: /Region Nordjylland/ });
    expect(within(north).getByRole("rowheader")).toHaveStyle({ position: "sticky" });
    expect(within(north).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["11", "140", "300", "26", "5.590.000", "3", "–"]);
    expect(within(table).getByRole("columnheader", { name: "Region" })).toHaveStyle({ position: "sticky" });

    await user.click(within(north).getByRole("link", { name: "Region Nordjylland" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Region Nordjylland" })).toBeInTheDocument();
    expect(location()).toBe("/regioner/nordjylland");
  });
});

describe("a region's page (/regioner/:code)", () => {
  it("shows the region's figures and its clusters in a table, 50 at a time", async () => {
    const firstPage = Array.from({ length: 50 }, (_, index) =>
      cluster(`c0000000-0000-4000-8000-${String(index + 100).padStart(12, "0")}`, `Klynge ${String(index + 1)}`, "midtjylland", 5, 12),
    );
    const fake = landscapeApi().on("GET /api/v1/clusters", (request) => {
      const url = new URL(request.url);
      expect(url.searchParams.get("region")).toBe("midtjylland");
      return url.searchParams.get("cursor") === "next"
        ? json({ items: [cluster(VIBORG, "Demoklyngen Viborg", "midtjylland", 16, 31)], next_cursor: null })
        : json({ items: firstPage, next_cursor: "next" });
    });
    const { user } = renderApp({ route: "/regioner/midtjylland", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Region Midtjylland" })).toBeInTheDocument();
    const key = await screen.findByRole("region", { name: "Nøgletal" });
    expect(within(key).getByRole("group", { name: "Klynger" })).toHaveTextContent("24");

    const section = screen.getByRole("region", { name: "Regionens klynger" });
    const table = await within(section).findByRole("table", { name: "Klynger i Region Midtjylland" });
    expect(within(table).queryByRole("columnheader", { name: "Region" })).not.toBeInTheDocument();
    expect(within(section).getByRole("status")).toHaveTextContent("Viste klynger: 50");

    await user.click(within(section).getByRole("button", { name: "Vis flere" }));
    const viborg = await within(table).findByRole("row", { name: /Demoklyngen Viborg/ });
    expect(within(viborg).getByRole("link", { name: "Demoklyngen Viborg" })).toHaveAttribute("href", `/klynger/${VIBORG}`);
    expect(within(viborg).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["16", "31"]);
    expect(within(section).getByRole("status")).toHaveTextContent("Viste klynger: 51");
    expect(within(section).queryByRole("button", { name: "Vis flere" })).not.toBeInTheDocument();
  });

  it("says so when the region does not exist", async () => {
    renderApp({ route: "/regioner/atlantis", fake: landscapeApi().on("GET /api/v1/clusters", () => json({ items: [], next_cursor: null })) });

    expect(await screen.findByRole("heading", { level: 1, name: "Region" })).toBeInTheDocument();
    expect(await screen.findByRole("status")).toHaveTextContent("Regionen findes ikke.");
  });
});

describe("the clusters (/klynger)", () => {
  it("lists the clusters with their region, and narrows them to a region chosen in the filter", async () => {
    const fake = landscapeApi().on("GET /api/v1/clusters", (request) => {
      const region = new URL(request.url).searchParams.get("region");
      const all = [
        cluster(VIBORG, "Demoklyngen Viborg", "midtjylland", 16, 31),
        cluster(SKIVE, "Skive-Klyngen", "midtjylland", 8, 20),
        cluster(AALBORG, "Aalborg Øst", "nordjylland", 6, 14),
      ];
      return json({ items: all.filter((item) => !region || item.region.code === region), next_cursor: null });
    });
    const { user, location } = renderApp({ route: "/klynger", fake });

    const table = await screen.findByRole("table", { name: "Klynger" });
    const aalborg = within(table).getByRole("row", { name: /Aalborg Øst/ });
    expect(within(aalborg).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["Region Nordjylland", "6", "14"]);
    expect(within(aalborg).getByRole("link", { name: "Aalborg Øst" })).toHaveAttribute("href", `/klynger/${AALBORG}`);
    expect(screen.getByRole("region", { name: "Klynger" })).toHaveAttribute("tabindex", "0");

    const filter = screen.getByRole("combobox", { name: "Region" });
    await screen.findByRole("option", { name: "Region Nordjylland" });
    await user.selectOptions(filter, "nordjylland");
    expect(location()).toBe("/klynger?region=nordjylland");
    const narrowed = await screen.findByRole("table", { name: "Klynger i Region Nordjylland" });
    expect(within(narrowed).getAllByRole("row")).toHaveLength(2);
    expect(within(narrowed).queryByRole("columnheader", { name: "Region" })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    await user.selectOptions(filter, "");
    expect(location()).toBe("/klynger");
    expect(await screen.findByRole("table", { name: "Klynger" })).toBeInTheDocument();
  });
});
