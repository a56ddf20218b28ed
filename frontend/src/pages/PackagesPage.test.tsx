import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { catalogueFacets, catalogueQuery, NO_FILTERS, plannedTime } from "../api/packages";
import type { Meeting, MeetingDetail, Package, PackageDetail } from "../api/types";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { filtersOf, searchOf } from "./PackagesPage";

vi.setConfig({ testTimeout: 20_000 });
freezeClock("2027-03-10T10:00:00Z");

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const MEETING_ID = "e0000000-0000-4000-8000-000000000001";
const MIDTKRAFT = "0b6f6a6e-0000-4000-8000-000000000001";
const KIAP = "0b6f6a6e-0000-4000-8000-000000000002";

function json(body: unknown, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function pkg(id: string, title: string, unitId: string, unitName: string, themes: string[], minutes: number): Package {
  return {
    id,
    unit_id: unitId,
    unit_name: unitName,
    title,
    summary: `Om ${title}.`,
    themes,
    audience: "Hele klyngen",
    kind: "package",
    cluster_id: null,
    cluster_name: null,
    estimated_minutes: minutes,
    state: "published",
    published_version: { id: `${id}-v1`, number: 1, published_at: "2026-10-01T09:00:00Z" },
    created_at: "2026-09-01T09:00:00Z",
    updated_at: "2026-10-01T09:00:00Z",
  };
}

const stopOp = pkg("p1", "Stop op", MIDTKRAFT, "MidtKraft", ["Faglig kvalitet", "Samarbejde"], 195);
const trivsel = pkg("p2", "Trivsel i klyngen", KIAP, "KiAP", ["Lægernes trivsel", "samarbejde"], 75);
const antibiotika = pkg("p3", "Antibiotika til urinvejsinfektion", KIAP, "KiAP", ["Data"], 90);

const ITEMS = [
  { id: "i1", title: "Ankomst og velkomst", minutes: 10, slides: "1", method_notes: "" },
  { id: "i2", title: "Tilbageblik", minutes: 30, slides: "2", method_notes: "" },
  { id: "i3", title: "Hvad er kvalitet?", minutes: 45, slides: "6", method_notes: "Parinterview" },
  { id: "i4", title: "Mødestruktur", minutes: 40, slides: "7", method_notes: "" },
];

const stopOpDetail: PackageDetail = {
  ...stopOp,
  published_version: {
    id: "p1-v1",
    survey_template_id: null,
    indicator_set_id: null,
    indicator_set_name: null,
    package_id: "p1",
    number: 1,
    state: "published",
    change_note: "",
    published_at: "2026-10-01T09:00:00Z",
    total_minutes: 125,
    items: ITEMS,
    materials: [],
    my_permissions: { change: false },
    created_at: "2026-09-01T09:00:00Z",
    updated_at: "2026-10-01T09:00:00Z",
  },
  my_permissions: { change: false },
};

const coordinator: FakeAccount = {
  ...karen,
  organisations: [],
  clusters: [{ id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: ["coordinator"] }],
};

describe("the catalogue's filters", () => {
  it("asks the API for the published packages matching the words, the unit and the theme", () => {
    expect(catalogueQuery(NO_FILTERS)).toEqual({ limit: 200, state: "published", kind: "package" });
    expect(catalogueQuery({ q: "  trivsel ", unit: KIAP, theme: "Samarbejde" }, "next")).toEqual({
      limit: 200,
      cursor: "next",
      state: "published",
      kind: "package",
      q: "trivsel",
      unit: KIAP,
      theme: "Samarbejde",
    });
    expect(catalogueQuery({ q: "   ", unit: null, theme: null })).not.toHaveProperty("q");
  });

  it("offers each unit and each theme once, in Danish order, whatever their case", () => {
    const facets = catalogueFacets([trivsel, stopOp, antibiotika]);
    expect(facets.units).toEqual([
      { value: KIAP, label: "KiAP" },
      { value: MIDTKRAFT, label: "MidtKraft" },
    ]);
    expect(facets.themes.map((theme) => theme.label)).toEqual(["Data", "Faglig kvalitet", "Lægernes trivsel", "samarbejde"]);
  });

  it("keeps the filters in the address, leaving the empty ones out", () => {
    const filters = { q: "stop", unit: MIDTKRAFT, theme: null };
    expect(searchOf(filters)).toEqual({ soeg: "stop", enhed: MIDTKRAFT });
    expect(filtersOf(new URLSearchParams(searchOf(filters)))).toEqual(filters);
    expect(filtersOf(new URLSearchParams(""))).toEqual(NO_FILTERS);
  });
});

describe("the plan's running total", () => {
  const chosen = new Set(["i1", "i3"]);

  it("counts the chosen parts against the meeting's length", () => {
    expect(plannedTime(ITEMS, chosen, { meetingMinutes: 60, agendaMinutes: 0, mode: "replace" })).toEqual({
      chosen: 55,
      planned: 55,
      meeting: 60,
      over: 0,
    });
  });

  it("adds the agenda there is when the parts come after it, and says by how much it is over", () => {
    expect(plannedTime(ITEMS, chosen, { meetingMinutes: 60, agendaMinutes: 20, mode: "append" })).toEqual({
      chosen: 55,
      planned: 75,
      meeting: 60,
      over: 15,
    });
    expect(plannedTime(ITEMS, chosen, { meetingMinutes: 60, agendaMinutes: 20, mode: "replace" }).over).toBe(0);
    expect(plannedTime(ITEMS, new Set(), { meetingMinutes: 60, agendaMinutes: 0, mode: "append" }).chosen).toBe(0);
  });
});

describe("the catalogue (/pakker)", () => {
  it("narrows the packages to a theme and a unit through the API, and passes axe", async () => {
    const fake = new FakeApi([coordinator]).withSessionOf(coordinator).on("GET /api/v1/packages", (request) => {
      const params = new URL(request.url).searchParams;
      const theme = params.get("theme")?.toLocaleLowerCase("da");
      const unit = params.get("unit");
      const items = [antibiotika, stopOp, trivsel].filter(
        (item) =>
          (!theme || item.themes.some((candidate) => candidate.toLocaleLowerCase("da") === theme)) && (!unit || item.unit_id === unit),
      );
      return json({ items, next_cursor: null });
    });
    const { user } = renderApp({ route: "/pakker", fake });
    expect(await screen.findByText("3 pakker fundet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Stop op" })).toHaveAttribute("href", "/pakker/p1");

    await user.selectOptions(await screen.findByLabelText("Tema"), "Faglig kvalitet");
    await waitFor(() => { expect(screen.getByText("1 pakker fundet")).toBeInTheDocument(); });
    expect(screen.queryByRole("heading", { name: "Trivsel i klyngen" })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Tema"), "Samarbejde");
    await user.selectOptions(screen.getByLabelText("Enhed"), "KiAP");
    await waitFor(() => { expect(screen.getByText("1 pakker fundet")).toBeInTheDocument(); });
    expect(screen.getByRole("heading", { name: "Trivsel i klyngen" })).toBeInTheDocument();
    const last = fake.callsTo("GET /api/v1/packages").at(-1);
    expect(new URLSearchParams(last?.search)).toEqual(new URLSearchParams({ limit: "200", state: "published", kind: "package", unit: KIAP, theme: "Samarbejde" }));
    expect(await seriousViolations()).toEqual([]);
  });
});

describe("a package's page (/pakker/:id)", () => {
  it("names the indicator set the package rests on and leads to the person's cluster's data view", async () => {
    const detail: PackageDetail = {
      ...antibiotika,
      published_version: {
        ...stopOpDetail.published_version!,
        id: "p3-v1",
        package_id: "p3",
        indicator_set_id: "s1",
        indicator_set_name: "Antibiotika til UVI",
      },
      my_permissions: { change: false },
    };
    const fake = new FakeApi([coordinator])
      .withSessionOf(coordinator)
      .on("GET /api/v1/packages/p3", () => json(detail))
      .on("GET /api/v1/packages/p3/versions", () => json({ items: [detail.published_version], next_cursor: null }));
    renderApp({ route: "/pakker/p3", fake });
    const section = await screen.findByRole("region", { name: "Data" }, { timeout: 10_000 });
    expect(within(section).getByText(/Pakken bygger på indikatorsættet »Antibiotika til UVI«/)).toBeInTheDocument();
    expect(within(section).getByRole("link", { name: "Se Demoklyngen Viborgs data" })).toHaveAttribute(
      "href",
      `/klynger/${CLUSTER_ID}/data?saet=s1`,
    );
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no data section for a package without data", async () => {
    const fake = new FakeApi([coordinator])
      .withSessionOf(coordinator)
      .on("GET /api/v1/packages/p1", () => json(stopOpDetail))
      .on("GET /api/v1/packages/p1/versions", () => json({ items: [stopOpDetail.published_version], next_cursor: null }));
    renderApp({ route: "/pakker/p1", fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Stop op" }, { timeout: 10_000 })).toBeInTheDocument();
    expect(await screen.findByRole("region", { name: "Materialer" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Data" })).not.toBeInTheDocument();
  });
});

const meeting: Meeting = {
  id: MEETING_ID,
  cluster_id: CLUSTER_ID,
  title: "Temamøde i foråret",
  kind: "after_work",
  starts_at: "2027-04-01T14:30:00Z",
  ends_at: "2027-04-01T15:30:00Z",
  time_zone: "Europe/Copenhagen",
  place_name: "Viborg Lægehus",
  place_address: "",
  video_url: null,
  rsvp_by: null,
  status: "planned",
  responsible: { id: karen.id, kind: "user", name: "Karen Koordinator" },
  description: "",
  ical_uid: "uid-1",
  sequence: 0,
  cancelled_at: null,
  package_version_id: null,
  closed_at: null,
  created_at: "2027-03-01T09:00:00Z",
  updated_at: "2027-03-01T09:00:00Z",
};

const meetingDetail = {
  ...meeting,
  agenda_minutes: 15,
  agenda_items: [{ id: "a1", position: 0, title: "Nyt fra bestyrelsen", duration_minutes: 15, description: "", responsible_name: null, responsible_user_id: null, slide_reference: null }],
  answers: { accepted: 0, tentative: 0, declined: 0, invited: 0 },
  attended: 0,
  minutes: "",
  decisions: "",
  open_actions: [],
  my_permissions: { plan: true, read_answers: true, read_attendance: true, register_attendance: true, correct_attendance: false, close: true },
} as unknown as MeetingDetail;

describe("planning a meeting from a package (/pakker/:id/planlaeg)", () => {
  it("keeps a running total of the chosen parts against the meeting and builds the agenda with If-Match", async () => {
    const ifMatch: (string | null)[] = [];
    const fake = new FakeApi([coordinator])
      .withSessionOf(coordinator)
      .on("GET /api/v1/packages/p1", () => json(stopOpDetail, { ETag: '"p1"' }))
      .on(`GET /api/v1/clusters/${CLUSTER_ID}/meetings`, () => json({ items: [meeting], next_cursor: null }))
      .on(`GET /api/v1/meetings/${MEETING_ID}`, () => json(meetingDetail, { ETag: '"meeting-7"' }))
      .on(`POST /api/v1/meetings/${MEETING_ID}/agenda-from-package`, (request) => {
        ifMatch.push(request.headers.get("If-Match"));
        return json({ items: [], total_minutes: 55, package_version_id: "p1-v1", materials: [], budget: { planned_minutes: 40, meeting_minutes: 60, over_by_minutes: 0 } });
      });
    const { user, location } = renderApp({ route: `/pakker/p1/planlaeg?moede=${MEETING_ID}`, fake });
    // Every part is chosen at first, added after the agenda there is: 125 + 15 of 60 minutes.
    expect(await screen.findByText("Valgt: 4 dele, 125 min")).toBeInTheDocument();
    expect(screen.getByText("Dagsordenen bliver 140 af mødets 60 min.")).toBeInTheDocument();
    expect(screen.getByText(/80 min længere end mødet/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Fravælg alle" }));
    await user.click(screen.getByLabelText("2. Tilbageblik (30 min)"));
    await user.click(screen.getByLabelText("1. Ankomst og velkomst (10 min)"));
    expect(screen.getByText("Valgt: 2 dele, 40 min")).toBeInTheDocument();
    expect(screen.getByText("Dagsordenen bliver 55 af mødets 60 min.")).toBeInTheDocument();
    expect(screen.queryByText(/længere end mødet/)).not.toBeInTheDocument();

    await user.click(screen.getByLabelText("Erstat dagsordenen med delene"));
    expect(screen.getByText("Dagsordenen bliver 40 af mødets 60 min.")).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Læg delene på dagsordenen" }));
    await waitFor(() => { expect(location()).toBe(`/moeder/${MEETING_ID}`); });
    const [call] = fake.callsTo(`POST /api/v1/meetings/${MEETING_ID}/agenda-from-package`);
    // Chosen in any order, sent in the version's.
    expect(call?.body).toEqual({ package_id: "p1", version_id: "p1-v1", item_ids: ["i1", "i2"], mode: "replace" });
    expect(ifMatch).toEqual(['"meeting-7"']);
  });
});

describe("a cluster's own package, published by its unit", () => {
  const shared: Package = {
    ...pkg("p4", "Vores møde om trivsel", MIDTKRAFT, "MidtKraft", ["Trivsel"], 90),
    cluster_id: CLUSTER_ID,
    cluster_name: "Demoklyngen Viborg",
  };
  const sharedDetail: PackageDetail = { ...stopOpDetail, ...shared, published_version: { ...stopOpDetail.published_version!, package_id: "p4" } };

  it("credits the cluster in the catalogue and on the package's page, with the unit that published it", async () => {
    const fake = new FakeApi([coordinator])
      .withSessionOf(coordinator)
      .on("GET /api/v1/packages", () => json({ items: [shared, stopOp], next_cursor: null }))
      .on("GET /api/v1/packages/p4", () => json(sharedDetail, { ETag: '"p4"' }))
      .on("GET /api/v1/packages/p4/versions", () => json({ items: [sharedDetail.published_version], next_cursor: null, has_more: false }));
    const { user } = renderApp({ route: "/pakker", fake });
    expect(await screen.findByText("Fra Demoklyngen Viborg (udgivet af MidtKraft)")).toBeInTheDocument();
    // A unit's own package is the unit's.
    expect(screen.getByText("Fra MidtKraft")).toBeInTheDocument();

    await user.click(screen.getByRole("link", { name: "Vores møde om trivsel" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Vores møde om trivsel" })).toBeInTheDocument();
    expect(screen.getByText("Fra Demoklyngen Viborg (udgivet af MidtKraft)")).toBeInTheDocument();
    expect(screen.queryByText("Fra MidtKraft")).not.toBeInTheDocument();
  });
});
