import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Clinic, Cluster, SubCluster } from "../api/types";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { COORDINATOR_PERMISSIONS, MEMBER_PERMISSIONS, type ClusterPermissions } from "../test/clusters";
import type { RotationBody, RotationReport } from "./MeetingRotationPage";

vi.setConfig({ testTimeout: 20_000 });
// The year is planned on 23 November 2026; the dates below follow from it.
freezeClock("2026-11-23T13:00:00Z");

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const BASE = `/api/v1/clusters/${CLUSTER_ID}`;

const cluster: Cluster = {
  id: CLUSTER_ID,
  name: "Demoklyngen Viborg",
  region: { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
  description: "",
  data_policy: "open",
  data_policy_decided_on: null,
  data_policy_valid_from: null,
  data_policy_valid_to: null,
  clinic_count: 1,
  doctor_count: 1,
  created_at: "2026-01-05T09:00:00Z",
  updated_at: "2026-01-05T09:00:00Z",
};
const clinics: Clinic[] = [
  { id: "k1", provider_number: "565627", name: "Lægerne i Viborg", address: "", in_cluster_since: "2018-04-01", patients: null, patients_counted_on: null },
];
const subClusters: SubCluster[] = [
  { id: "s1", name: "Babyklynge Nord", clinic_ids: ["k1"] },
  { id: "s2", name: "Babyklynge Syd", clinic_ids: [] },
];

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const coordinator: FakeAccount = { ...karen, organisations: [], clusters: [{ id: CLUSTER_ID, name: cluster.name, region_code: "midtjylland", roles: ["coordinator"] }] };

/** The API's answer to a rotation: three meetings, handed to the responsibles in turn. */
function answer(body: RotationBody, dryRun: boolean): RotationReport {
  const names: Record<string, string> = { s1: "Babyklynge Nord", s2: "Babyklynge Syd", k1: "Lægerne i Viborg" };
  const starts = ["2026-12-03T16:00:00Z", "2027-01-07T16:00:00Z", "2027-02-04T16:00:00Z"];
  const items = starts.map((startsAt, index) => {
    const party = body.responsibles[index % body.responsibles.length] ?? { kind: "sub_cluster" as const, id: "s1" };
    const name = names[party.id] ?? "";
    return {
      index,
      key: startsAt,
      status: "created" as const,
      changes: [],
      errors: [],
      codes: [],
      user_id: null,
      name,
      meeting_id: dryRun ? null : `m${String(index)}`,
      title: body.title.replace("{n}", String(index + 1)).replace("{responsible}", name),
      starts_at: startsAt,
      ends_at: startsAt.replace("16:00", "19:00"),
      responsible: { kind: party.kind, id: party.id, name },
    };
  });
  return { dry_run: dryRun, applied: !dryRun, summary: { created: 3, updated: 0, unchanged: 0, reminded: 0, error: 0 }, items };
}

function rotationApi(account: FakeAccount, permissions: ClusterPermissions = COORDINATOR_PERMISSIONS): FakeApi {
  const fake = new FakeApi([account]);
  return fake
    .withSessionOf(account)
    .on(`GET ${BASE}`, () => json({ ...cluster, my_permissions: permissions }))
    .on(`GET ${BASE}/clinics`, () => json({ items: clinics, next_cursor: null }))
    .on(`GET ${BASE}/members`, () => json({ items: [], next_cursor: null }))
    .on(`GET ${BASE}/sub-clusters`, () => json({ items: subClusters, next_cursor: null }))
    .on(`GET ${BASE}/meetings`, () => json({ items: [], next_cursor: null }))
    .on(`POST ${BASE}/meeting-rotations`, (request) => {
      // The fake has read the body already; it is the last call it recorded.
      const body = fake.calls.at(-1)?.body as RotationBody;
      return json(answer(body, new URL(request.url).searchParams.get("dry_run") === "true"));
    });
}

const PICKER = "Skiftes til at stå for møderne";

/** Pick a responsible in the multi-select, once the cluster's lists have loaded. */
async function choose(user: ReturnType<typeof renderApp>["user"], name: string): Promise<void> {
  const picker = screen.getByRole("combobox", { name: PICKER });
  await vi.waitFor(
    async () => {
      if (!screen.queryByRole("option", { name, hidden: true })) await user.click(picker);
      expect(screen.getByRole("option", { name, hidden: true })).toBeInTheDocument();
    },
    { timeout: 5000 },
  );
  await user.click(screen.getByRole("option", { name, hidden: true }));
}

describe("plan the year", () => {
  it("previews the rotation as a table, handed out in turn, and then plans exactly what it showed", async () => {
    const fake = rotationApi(coordinator);
    const { user, location } = renderApp({ route: `/klynger/${CLUSTER_ID}/moeder/planlaeg-aaret`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Planlæg året" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Vis forslag" })).toBeDisabled();
    await choose(user, "Babyklynge Syd");
    await choose(user, "Babyklynge Nord");
    await user.click(screen.getByRole("button", { name: "Vis forslag" }));

    const table = await screen.findByRole("table", { name: "Møderne, der bliver planlagt som kladder" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell")[3]?.textContent)).toEqual([
      "Babyklynge Syd (underklynge)",
      "Babyklynge Nord (underklynge)",
      "Babyklynge Syd (underklynge)",
    ]);
    expect(within(table).getByText("torsdag den 3. december 2026 kl. 17.00")).toBeInTheDocument();
    expect(within(table).getByText("Klyngemøde 2: Babyklynge Nord")).toBeInTheDocument();
    const [preview] = fake.callsTo(`POST ${BASE}/meeting-rotations`);
    expect(preview?.search).toBe("?dry_run=true");
    expect(preview?.body).toMatchObject({
      starts_at: "2026-11-23T16:00:00Z",
      duration_minutes: 180,
      repeat: { unit: "months", every: 1 },
      count: 10,
      responsibles: [
        { kind: "sub_cluster", id: "s2" },
        { kind: "sub_cluster", id: "s1" },
      ],
    });
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Planlæg 3 møder" }));
    await vi.waitFor(() => { expect(location()).toBe(`/klynger/${CLUSTER_ID}/moeder`); });
    const saved = fake.callsTo(`POST ${BASE}/meeting-rotations`)[1];
    expect(saved?.search).toBe("");
    expect(saved?.body).toEqual(preview?.body);
  });

  it("asks for a new proposal when the form changes", async () => {
    const fake = rotationApi(coordinator);
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/moeder/planlaeg-aaret`, fake });
    await screen.findByRole("combobox", { name: PICKER });
    await choose(user, "Lægerne i Viborg");
    await user.click(screen.getByRole("button", { name: "Vis forslag" }));
    expect(await screen.findByRole("button", { name: "Planlæg 3 møder" })).toBeInTheDocument();
    await user.clear(screen.getByRole("spinbutton", { name: /Antal møder/ }));
    await user.type(screen.getByRole("spinbutton", { name: /Antal møder/ }), "4");
    expect(screen.queryByRole("button", { name: "Planlæg 3 møder" })).not.toBeInTheDocument();
  });

  it("offers nothing to plan to a member", async () => {
    const member: FakeAccount = { ...coordinator, clusters: [{ id: CLUSTER_ID, name: cluster.name, region_code: "midtjylland", roles: [] }] };
    renderApp({ route: `/klynger/${CLUSTER_ID}/moeder/planlaeg-aaret`, fake: rotationApi(member, MEMBER_PERMISSIONS) });
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Vis forslag" })).not.toBeInTheDocument();
  });

  it("is reached from the cluster's meetings page by those who plan", async () => {
    renderApp({ route: `/klynger/${CLUSTER_ID}/moeder`, fake: rotationApi(coordinator) });
    expect(await screen.findByRole("link", { name: "Planlæg året" })).toHaveAttribute("href", `/klynger/${CLUSTER_ID}/moeder/planlaeg-aaret`);
  });
});
