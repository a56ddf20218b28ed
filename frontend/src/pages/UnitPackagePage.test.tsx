import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { PackageAgendaItemShown } from "../api/types";
import type { PackageAgendaItem, PackageVersionDetail, UnitPackageDetail } from "../api/unitPackages";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { FakeApi, karen, problemResponse } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 40_000 });

const PACKAGE_ID = "a0000000-0000-4000-8000-000000000001";
const VERSION_ID = "b0000000-0000-4000-8000-000000000001";
const BASE = `/api/v1/packages/${PACKAGE_ID}`;
const VERSION = `${BASE}/versions/${VERSION_ID}`;
const TEMPLATE_ID = "d0000000-0000-4000-8000-000000000001";
const SET_ID = "e0000000-0000-4000-8000-000000000001";

function json(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json", ...headers } });
}

const agenda: PackageAgendaItemShown[] = [
  { id: "0a0a0a0a-0000-4000-8000-000000000001", title: "Ankomst og velkomst", minutes: 10, slides: "1", method_notes: "" },
  { id: "0a0a0a0a-0000-4000-8000-000000000002", title: "Tilbageblik", minutes: 30, slides: "2", method_notes: "Udfyld sliden." },
];

const draftPackage: UnitPackageDetail = {
  id: PACKAGE_ID,
  unit_id: karen.organisations?.[0]?.id ?? "",
  unit_name: "MidtKraft",
  title: "Stop op",
  summary: "Klyngen stopper op og ser på sit arbejde.",
  themes: ["Kvalitet"],
  audience: "Hele klyngen",
  kind: "package",
  cluster_id: null,
  cluster_name: null,
  estimated_minutes: 195,
  state: "draft",
  published_version: null,
  my_permissions: { change: true },
  created_at: "2027-03-01T10:00:00Z",
  updated_at: "2027-03-01T10:00:00Z",
};

const draftVersion: PackageVersionDetail = {
  id: VERSION_ID,
  survey_template_id: null,
  indicator_set_id: null,
  indicator_set_name: null,
  package_id: PACKAGE_ID,
  number: 1,
  state: "draft",
  change_note: "",
  published_at: null,
  total_minutes: 40,
  items: agenda,
  materials: [],
  my_permissions: { change: true },
  created_at: "2027-03-01T10:00:00Z",
  updated_at: "2027-03-01T10:00:00Z",
};

function unitApi(): FakeApi {
  return new FakeApi([karen])
    .withSessionOf(karen)
    .on(`GET ${BASE}`, () => json(draftPackage, { ETag: '"package-1"' }))
    .on(`GET ${BASE}/versions`, () => json({ items: [draftVersion], next_cursor: null, has_more: false }))
    .on(`GET ${VERSION}`, () => json(draftVersion, { ETag: '"version-1"' }))
    .on(`GET ${VERSION}/materials`, () => json({ items: [], next_cursor: null, has_more: false }))
    .on("GET /api/v1/survey-templates", () => json({ items: [{ id: TEMPLATE_ID, title: "Evaluering af klyngemødet" }], next_cursor: null }))
    .on("GET /api/v1/indicator-sets", () => json({ items: [{ id: SET_ID, name: "Antibiotika til UVI" }], next_cursor: null }));
}

describe("a unit's package editor", () => {
  it("adds, moves and removes agenda items with a running total, and saves them with the version's ETag", async () => {
    const seen: (string | null)[] = [];
    const fake = unitApi().on(`PUT ${VERSION}`, async (request) => {
      seen.push(request.headers.get("If-Match"));
      const body = (await request.json()) as { items: PackageAgendaItem[] };
      return json({ ...draftVersion, items: body.items }, { ETag: '"version-2"' });
    });
    const { user } = renderApp({ route: `/enhed/pakker/${PACKAGE_ID}`, fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Stop op" })).toBeInTheDocument();
    const draft = await screen.findByRole("region", { name: "Kladde til udgave 1" });
    expect(await within(draft).findByText("I alt 40 min.")).toBeInTheDocument();
    expect(within(draft).getByRole("button", { name: "Gem dagsordenen" })).toBeDisabled();
    expect(within(draft).getByRole("button", { name: "Offentliggør" })).toBeEnabled();

    await user.click(within(draft).getByRole("button", { name: "Tilføj punkt" }));
    const third = within(draft).getByRole("group", { name: "Punkt 3" });
    await user.type(within(third).getByLabelText(/Overskrift/), "Hvad skal klyngerne?");
    await user.type(within(third).getByLabelText(/Minutter/), "5");
    await user.type(within(third).getByLabelText("Slides"), "3-5");
    expect(within(draft).getByText("I alt 45 min.")).toBeInTheDocument();
    // Unsaved, the version is not published.
    expect(within(draft).getByRole("button", { name: "Offentliggør" })).toBeDisabled();

    await user.click(within(draft).getByRole("button", { name: "Flyt punkt 3 op" }));
    await user.click(within(draft).getByRole("button", { name: "Fjern punkt 1" }));
    expect(within(draft).getByText("I alt 35 min.")).toBeInTheDocument();
    expect(within(within(draft).getByRole("group", { name: "Punkt 1" })).getByLabelText(/Overskrift/)).toHaveValue("Hvad skal klyngerne?");
    expect(within(draft).getByRole("button", { name: "Flyt punkt 1 op" })).toBeDisabled();
    expect(within(draft).getByRole("button", { name: "Flyt punkt 2 ned" })).toBeDisabled();
    expect(await seriousViolations()).toEqual([]);
    // The evaluation its meetings offer, and the data it rests on.
    await user.selectOptions(within(draft).getByLabelText("Evaluering (spørgeskema)"), "Evaluering af klyngemødet");
    await user.selectOptions(within(draft).getByLabelText("Data (indikatorsæt)"), "Antibiotika til UVI");

    await user.click(within(draft).getByRole("button", { name: "Gem dagsordenen" }));
    await waitFor(() => {
      expect(seen).toEqual(['"version-1"']);
    });
    expect(fake.callsTo(`PUT ${VERSION}`)[0]?.body).toEqual({
      change_note: "",
      items: [
        { title: "Hvad skal klyngerne?", minutes: 5, slides: "3-5", method_notes: "" },
        { title: "Tilbageblik", minutes: 30, slides: "2", method_notes: "Udfyld sliden." },
      ],
      survey_template_id: TEMPLATE_ID,
      indicator_set_id: SET_ID,
    });
  });

  it("names the items that are not complete, and sends nothing", async () => {
    const fake = unitApi();
    const { user } = renderApp({ route: `/enhed/pakker/${PACKAGE_ID}`, fake });
    const draft = await screen.findByRole("region", { name: "Kladde til udgave 1" });
    await within(draft).findByText("I alt 40 min.");
    await user.click(within(draft).getByRole("button", { name: "Tilføj punkt" }));
    const third = within(draft).getByRole("group", { name: "Punkt 3" });
    await user.type(within(third).getByLabelText(/Minutter/), "0");
    await user.type(within(third).getByLabelText("Slides"), "otte");
    await user.click(within(draft).getByRole("button", { name: "Gem dagsordenen" }));
    expect(within(third).getByText("Skal udfyldes.")).toBeInTheDocument();
    expect(within(third).getByText("Skriv et helt antal minutter fra 1 til 1440.")).toBeInTheDocument();
    expect(within(third).getByText("Skriv ét slide (6) eller et interval (3-5).")).toBeInTheDocument();
    expect(fake.count(`PUT ${VERSION}`)).toBe(0);
  });

  it("says in Danish that someone else changed the version, and reads it again on request", async () => {
    let reads = 0;
    const changed = { ...draftVersion, items: [...agenda, { title: "Data", minutes: 20, slides: "8", method_notes: "" }] };
    const fake = unitApi()
      .on(`PUT ${VERSION}`, () => problemResponse(412, "precondition-failed", "Precondition Failed", "The resource has changed."))
      // A colleague added an item meanwhile: the second read is the new version.
      .on(`GET ${VERSION}`, () => {
        reads += 1;
        return reads === 1 ? json(draftVersion, { ETag: '"version-1"' }) : json(changed, { ETag: '"version-2"' });
      });
    const { user } = renderApp({ route: `/enhed/pakker/${PACKAGE_ID}`, fake });
    const draft = await screen.findByRole("region", { name: "Kladde til udgave 1" });
    await within(draft).findByText("I alt 40 min.");
    await user.click(within(draft).getByRole("button", { name: "Fjern punkt 2" }));
    await user.click(within(draft).getByRole("button", { name: "Gem dagsordenen" }));

    const alert = await within(draft).findByRole("alert");
    expect(alert).toHaveTextContent("En anden har ændret pakken, mens du arbejdede.");
    expect(within(draft).getByRole("button", { name: "Gem dagsordenen" })).toBeDisabled();
    expect(fake.count(`GET ${VERSION}`)).toBe(1);
    await user.click(within(alert).getByRole("button", { name: "Hent den nye udgave" }));
    await waitFor(() => {
      expect(fake.count(`GET ${VERSION}`)).toBe(2);
    });
    // The version as it is now, with the colleague's item; nothing refused.
    expect(await within(draft).findByText("I alt 60 min.")).toBeInTheDocument();
    expect(within(draft).getByRole("group", { name: "Punkt 3" })).toBeInTheDocument();
    expect(within(draft).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("asks before publishing, saying that the version never changes again", async () => {
    const fake = unitApi().on(`POST ${VERSION}/publish`, () =>
      json({ ...draftVersion, state: "published", published_at: "2027-03-10T10:00:00Z" }),
    );
    const { user } = renderApp({ route: `/enhed/pakker/${PACKAGE_ID}`, fake });
    const draft = await screen.findByRole("region", { name: "Kladde til udgave 1" });
    await within(draft).findByText("I alt 40 min.");
    await user.click(within(draft).getByRole("button", { name: "Offentliggør" }));
    const dialog = await screen.findByRole("dialog", { name: "Offentliggør udgave 1" });
    expect(dialog).toHaveTextContent("En offentliggjort udgave kan ikke ændres.");
    await user.click(within(dialog).getByRole("button", { name: "Offentliggør" }));
    await waitFor(() => {
      expect(fake.count(`POST ${VERSION}/publish`)).toBe(1);
    });
    expect(fake.callsTo(`POST ${VERSION}/publish`)[0]?.body).toBeUndefined();
  });
});

const guide: UnitPackageDetail = { ...draftPackage, title: "Vejledning til klyngeaftalen", kind: "guide", estimated_minutes: 30 };
const guideVersion: PackageVersionDetail = { ...draftVersion, items: [], total_minutes: 0 };

function guideApi(): FakeApi {
  return unitApi()
    .on(`GET ${BASE}`, () => json(guide, { ETag: '"package-1"' }))
    .on(`GET ${BASE}/versions`, () => json({ items: [guideVersion], next_cursor: null, has_more: false }))
    .on(`GET ${VERSION}`, () => json(guideVersion, { ETag: '"version-1"' }));
}

describe("a unit's guide or template", () => {
  it("is created as the kind chosen in the dialog", async () => {
    const fake = guideApi()
      .on("GET /api/v1/packages", () => json({ items: [], next_cursor: null, has_more: false }))
      .on("POST /api/v1/packages", () => json(guide));
    const { user, location } = renderApp({ route: "/enhed/pakker", fake });
    await user.click(await screen.findByRole("button", { name: "Ny pakke" }));
    const dialog = await screen.findByRole("dialog", { name: "Ny pakke" });
    const kind = within(dialog).getByLabelText("Hvad skal enheden udgive?");
    expect(kind).toHaveValue("package");
    expect(within(kind).getAllByRole("option").map((option) => option.textContent)).toEqual([
      "Klyngepakke (mødekit)",
      "Skabelon",
      "Vejledning",
    ]);
    await user.selectOptions(kind, "Vejledning");
    await user.type(within(dialog).getByLabelText(/Titel/), "Vejledning til klyngeaftalen");
    await user.clear(within(dialog).getByLabelText(/Anslået varighed/));
    await user.type(within(dialog).getByLabelText(/Anslået varighed/), "30");
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Opret pakken" }));
    await waitFor(() => {
      expect(fake.count("POST /api/v1/packages")).toBe(1);
    });
    expect(fake.callsTo("POST /api/v1/packages")[0]?.body).toMatchObject({
      kind: "guide",
      title: "Vejledning til klyngeaftalen",
      estimated_minutes: 30,
    });
    await waitFor(() => {
      expect(location()).toBe(`/enhed/pakker/${PACKAGE_ID}`);
    });
  });

  it("shows a guide's kind and asks for no agenda: its materials are uploaded and the version published", async () => {
    const fake = guideApi().on(`POST ${VERSION}/publish`, () =>
      json({ ...guideVersion, state: "published", published_at: "2027-03-10T10:00:00Z" }),
    );
    const { user } = renderApp({ route: `/enhed/pakker/${PACKAGE_ID}`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Vejledning til klyngeaftalen" })).toBeInTheDocument();
    expect(screen.getByText("Vejledning · MidtKraft")).toBeInTheDocument();
    const draft = await screen.findByRole("region", { name: "Kladde til udgave 1" });
    expect(await within(draft).findByText("Ingen materialer endnu.")).toBeInTheDocument();
    expect(within(draft).queryByRole("heading", { name: "Dagsorden" })).not.toBeInTheDocument();
    expect(within(draft).queryByRole("button", { name: "Tilføj punkt" })).not.toBeInTheDocument();
    expect(within(draft).queryByText(/I alt/)).not.toBeInTheDocument();
    expect(within(draft).getByRole("heading", { name: "Materialer" })).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    await user.click(within(draft).getByRole("button", { name: "Offentliggør" }));
    const dialog = await screen.findByRole("dialog", { name: "Offentliggør udgave 1" });
    expect(dialog).toHaveTextContent("kommer på siden Skabeloner og vejledninger");
    await user.click(within(dialog).getByRole("button", { name: "Offentliggør" }));
    await waitFor(() => {
      expect(fake.count(`POST ${VERSION}/publish`)).toBe(1);
    });
  });
});
