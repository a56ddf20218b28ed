import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { XLSX } from "../api/download";
import type { Clinic, Cluster, ClusterRole, Landscape, Member, SubCluster } from "../api/types";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { seriousViolations } from "../test/axe";
import { captureDownloads } from "../test/downloads";
import { todayInDenmark } from "../i18n/format";
import { COORDINATOR_PERMISSIONS, MEMBER_PERMISSIONS, type ClusterPermissions } from "../test/clusters";

// A page with tabs, menus and dialogs takes its time on a busy machine.
vi.setConfig({ testTimeout: 40_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";

/** A day counted from today in Denmark (negative: before it). */
function day(offset: number): string {
  const date = new Date(`${todayInDenmark()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}
const BASE = `/api/v1/clusters/${CLUSTER_ID}`;

const cluster: Cluster = {
  id: CLUSTER_ID,
  name: "Demoklyngen Viborg",
  region: { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
  description: "Lægeklynge for praksis i Viborg og omegn.",
  data_policy: "open",
  data_policy_decided_on: day(-400),
  data_policy_valid_from: day(-390),
  data_policy_valid_to: day(300),
  clinic_count: 2,
  doctor_count: 3,
  created_at: "2026-01-05T09:00:00Z",
  updated_at: "2026-01-05T09:00:00Z",
};

// The data policy's dates count from the test's today, which CI moves ahead: set them once the
// test's clock is set, not when the file loads.
beforeEach(() => {
  Object.assign(cluster, {
    data_policy_decided_on: day(-400),
    data_policy_valid_from: day(-390),
    data_policy_valid_to: day(300),
  });
});

const clinics: Clinic[] = [
  {
    id: "k1",
    provider_number: "565627",
    name: "Lægerne i Viborg",
    address: "Rådhusvej 51, 8800 Viborg",
    in_cluster_since: "2018-04-01",
    patients: 4321,
    patients_counted_on: "2026-02-01",
  },
  {
    id: "k2",
    provider_number: "494198",
    name: "Viborg Lægehus",
    address: "",
    in_cluster_since: "2019-05-01",
    patients: null,
    patients_counted_on: null,
  },
];

function member(id: string, name: string, clinic: Clinic, personal: string | null): Member {
  return {
    id,
    user_id: `u-${id}`,
    name,
    clinic_id: clinic.id,
    clinic_name: clinic.name,
    kind: "owner",
    work_email: `${id}@laeger.dk`,
    personal_email: personal,
    valid_from: "2018-04-01",
  };
}

const members: Member[] = [
  member("m1", "Karen Koordinator", clinics[0] as Clinic, "karen@privat.dk"),
  member("m2", "Mads Medlem", clinics[0] as Clinic, "mads@privat.dk"),
  member("m3", "Lise Læge", clinics[1] as Clinic, null),
];

const roles: ClusterRole[] = [
  { id: "r1", user_id: "u-m1", name: "Karen Koordinator", role: "coordinator", valid_from: "2019-01-01" },
];

const subClusters: SubCluster[] = [{ id: "s1", name: "Babyklynge Nord", clinic_ids: ["k1", "k2"] }];

function json(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

function asRole(account: FakeAccount, clusterRoles: ClusterRole["role"][]): FakeAccount {
  return {
    ...account,
    clusters: [{ id: CLUSTER_ID, name: cluster.name, region_code: "midtjylland", roles: clusterRoles }],
  };
}

const SECRETARY_PERMISSIONS: ClusterPermissions = {
  ...MEMBER_PERMISSIONS,
  manage_members: true,
  read_personal_emails: true,
  plan_meetings: true,
};

function registryApi(account: FakeAccount, myPermissions: ClusterPermissions = MEMBER_PERMISSIONS): FakeApi {
  return new FakeApi([account])
    .withSessionOf(account)
    .on(`GET ${BASE}`, () => json({ ...cluster, my_permissions: myPermissions }, { ETag: '"cluster-1"' }))
    .on(`GET ${BASE}/clinics`, () => json({ items: clinics, next_cursor: null }))
    .on(`GET ${BASE}/members`, () => json({ items: members, next_cursor: null }))
    .on(`GET ${BASE}/roles`, () => json({ items: roles, next_cursor: null }))
    .on(`GET ${BASE}/sub-clusters`, () => json({ items: subClusters, next_cursor: null }));
}

describe("cluster page", () => {
  it("shows the header above tabs, the clinics with their doctors, and nothing to change for a member", async () => {
    const fake = registryApi(asRole({ ...karen, organisations: [] }, []));
    const { user, location } = renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Demoklyngen Viborg" })).toBeInTheDocument();
    expect(screen.getByText("Region Midtjylland · 2 klinikker · 3 læger")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Hent medlemsliste som Excel" })).toBeInTheDocument();
    const tabs = screen.getByRole("tablist", { name: "Klyngens sider" });
    expect(within(tabs).getAllByRole("tab").map((tab) => tab.textContent)).toEqual([
      "Klinikker og læger",
      "Roller",
      "Babyklynger",
      "Møder",
      "Filer",
      "Opslag",
      // Every member reads the cluster's ledger, its orders of packages, and its data view.
      "Økonomi",
      "Klyngepakker",
      "Data",
      "Undersøgelser",
    ]);
    expect(within(tabs).getByRole("tab", { name: "Klinikker og læger" })).toHaveAttribute("aria-selected", "true");
    // Each clinic is folded to one line of key figures, its doctors shown on demand.
    const clinic = await screen.findByRole("button", { name: /^Lægerne i Viborg/ }, { timeout: 5000 });
    expect(clinic).toHaveAttribute("aria-expanded", "false");
    expect(clinic).toHaveTextContent("Ydernummer 565627 · 2 læger · 4.321 patienter");
    expect(screen.getByRole("button", { name: /^Viborg Lægehus/ })).toHaveTextContent("Ydernummer 494198 · 1 læge");
    expect(screen.getAllByRole("heading", { level: 3 })).toHaveLength(2);
    expect(screen.queryByRole("table", { name: "Læger på Lægerne i Viborg" })).not.toBeInTheDocument();
    await user.click(clinic);
    expect(clinic).toHaveAttribute("aria-expanded", "true");
    const doctors = await screen.findByRole("table", { name: "Læger på Lægerne i Viborg" });
    expect(within(doctors).getByRole("rowheader", { name: "Mads Medlem" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /^Viborg Lægehus/ }));
    expect(screen.getByText("Rådhusvej 51, 8800 Viborg · 4.321 patienter pr. 1. februar 2026 · i klyngen siden 1. april 2018")).toBeInTheDocument();
    expect(await screen.findByText("Intet patienttal · i klyngen siden 1. maj 2019")).toBeInTheDocument();
    expect(screen.queryByText("Udløbet")).not.toBeInTheDocument();

    expect(screen.queryByRole("button", { name: "Tilføj klinik" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Handlinger for/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Hent medlemsliste som Excel" })).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    // Each tab is a path of its own: a link or the back button opens it again.
    await user.click(within(tabs).getByRole("tab", { name: "Roller" }));
    expect(await screen.findByRole("rowheader", { name: "Klyngekoordinator" }, { timeout: 5000 })).toBeInTheDocument();
    expect(location()).toBe(`/klynger/${CLUSTER_ID}/roller`);
    expect(screen.queryByRole("table", { name: "Læger på Lægerne i Viborg" })).not.toBeInTheDocument();
    // The page stays: the tabs are the same element, and the chosen tab keeps the focus.
    expect(tabs.isConnected).toBe(true);
    expect(within(tabs).getByRole("tab", { name: "Roller" })).toHaveFocus();
    await user.click(within(tabs).getByRole("tab", { name: "Babyklynger" }));
    expect(await screen.findByText("Lægerne i Viborg, Viborg Lægehus", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(location()).toBe(`/klynger/${CLUSTER_ID}/underklynger`);
    expect(await seriousViolations()).toEqual([]);
  });

  it("opens the tab its path names, with the cluster's header above it", async () => {
    const fake = registryApi(asRole(karen, [])).on(`GET ${BASE}/meetings`, () => json({ items: [], next_cursor: null }));
    renderApp({ route: `/klynger/${CLUSTER_ID}/moeder`, fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Demoklyngen Viborg" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Møder" })).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByRole("heading", { level: 2, name: "Kommende møder" })).toBeInTheDocument();
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    await waitFor(() => { expect(document.title).toMatch(/^Møder/); });
  });

  it("filters the clinics by clinic name, doctor name and provider number", async () => {
    const fake = registryApi(asRole(karen, []));
    const { user, location } = renderApp({ route: `/klynger/${CLUSTER_ID}/klinikker`, fake });

    const search = await screen.findByRole("searchbox", { name: "Søg i klinikker og læger" });
    await user.type(search, "lise");
    expect(await screen.findByRole("table", { name: "Læger på Viborg Lægehus" })).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Læger på Lægerne i Viborg" })).not.toBeInTheDocument();
    expect(screen.getByText("1 af 2 klinikker vist")).toBeInTheDocument();
    expect(location()).toBe(`/klynger/${CLUSTER_ID}/klinikker?soeg=lise`);

    await user.clear(search);
    await user.type(search, "565627");
    const found = await screen.findByRole("table", { name: "Læger på Lægerne i Viborg" });
    // A clinic found by its own name or number shows all its doctors.
    expect(within(found).getAllByRole("rowheader").map((cell) => cell.textContent)).toEqual(["Karen Koordinator", "Mads Medlem"]);
    expect(screen.queryByRole("table", { name: "Læger på Viborg Lægehus" })).not.toBeInTheDocument();

    await user.clear(search);
    await user.type(search, "lægehus");
    expect(await screen.findByRole("table", { name: "Læger på Viborg Lægehus" })).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Læger på Lægerne i Viborg" })).not.toBeInTheDocument();

    await user.clear(search);
    await user.type(search, "ingen sådan");
    expect(await screen.findByText("Ingen klinikker eller læger passer til »ingen sådan«.")).toBeInTheDocument();
  });

  it("marks an expired data policy, which counts as closed", async () => {
    const expired = { ...cluster, data_policy_valid_from: day(-800), data_policy_valid_to: day(-1) };
    const fake = registryApi(asRole(karen, [])).on(`GET ${BASE}`, () => json({ ...expired, my_permissions: MEMBER_PERMISSIONS }));
    renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });

    expect(await screen.findByText("Udløbet")).toBeInTheDocument();
    expect(screen.getByText(/klyngens data regnes som lukkede/)).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("keeps a doctor's removal in a menu, and says what it does before it is sent", async () => {
    const seen: (string | null)[] = [];
    const fake = registryApi(asRole(karen, ["coordinator"]), COORDINATOR_PERMISSIONS)
      .on(`GET ${BASE}/members/m2`, () => json(members[1], { ETag: '"member-v1"' }))
      .on(`DELETE ${BASE}/members/m2`, (request) => {
        seen.push(request.headers.get("If-Match"));
        return new Response(null, { status: 204 });
      })
      .on(`GET ${BASE}/clinics/k2`, () => json(clinics[1], { ETag: '"clinic-v1"' }));
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });

    await user.click(await screen.findByRole("button", { name: /^Lægerne i Viborg/ }, { timeout: 5000 }));
    expect(await screen.findByRole("table", { name: "Læger på Lægerne i Viborg" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Afslut/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Tag ud/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Handlinger for Viborg Lægehus" }));
    await user.click(await screen.findByRole("menuitem", { name: "Tag ud af klyngen" }, { timeout: 5000 }));
    const clinicDialog = await screen.findByRole("dialog", { name: "Tag klinikken ud af klyngen" });
    expect(clinicDialog).toHaveTextContent(
      "Viborg Lægehus tages ud af klyngen og forlader klyngens babyklynger. Klinikkens læger mister straks adgang til klyngens møder, filer og opslag",
    );
    await user.click(within(clinicDialog).getByRole("button", { name: "Annullér" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(fake.callsTo(`DELETE ${BASE}/clinics/k2`)).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Handlinger for Mads Medlem" }));
    await user.click(await screen.findByRole("menuitem", { name: "Afslut medlemskab" }, { timeout: 5000 }));
    const dialog = await screen.findByRole("dialog", { name: "Afslut medlemskab" });
    expect(dialog).toHaveTextContent(
      "Mads Medlem fjernes fra klinikken Lægerne i Viborg. Lægen mister straks adgang til klyngens møder, filer og opslag",
    );
    expect(fake.callsTo(`DELETE ${BASE}/members/m2`)).toHaveLength(0);
    await user.click(await within(dialog).findByRole("button", { name: "Afslut medlemskabet" }));
    expect(await screen.findByText("Ændringen er gemt.")).toBeInTheDocument();
    expect(seen).toEqual(['"member-v1"']);
  });

  it("downloads the member list as Excel under the API's file name, or its own if the API gives none", async () => {
    for (const [disposition, fileName] of [
      ["attachment; filename=medlemmer-demoklyngen-viborg.xlsx", "medlemmer-demoklyngen-viborg.xlsx"],
      ["attachment; filename=medlemmer-.xlsx; filename*=UTF-8''medlemmer-%C3%B8lstykke.xlsx", "medlemmer-ølstykke.xlsx"],
      [null, "medlemmer Demoklyngen Viborg.xlsx"],
    ] as const) {
      const fake = registryApi(asRole(karen, [])).on(`GET ${BASE}/members`, (request) =>
        request.headers.get("Accept") === XLSX
          ? new Response("PK-workbook", { headers: { "Content-Type": XLSX, ...(disposition ? { "Content-Disposition": disposition } : {}) } })
          : json({ items: members, next_cursor: null }),
      );
      const downloads = captureDownloads();
      const view = renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });
      await view.user.click(await screen.findByRole("button", { name: "Hent medlemsliste som Excel" }));
      await vi.waitFor(() => {
        expect(downloads).toEqual([{ fileName, body: "PK-workbook" }]);
      });
      expect(fake.callsTo(`GET ${BASE}/members`).some((call) => call.accept === XLSX)).toBe(true);
      view.unmount();
    }
  });

  it("says so when the cluster is not there or not reachable", async () => {
    const fake = registryApi(asRole(karen, [])).on(`GET ${BASE}`, () =>
      problemResponse(404, "not-found", "Not Found", "No such cluster."),
    );
    renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });
    expect(await screen.findByText("Klyngen findes ikke, eller du har ikke adgang til den.")).toBeInTheDocument();
  });

  it("shows the API's reason beside the field when a new clinic is refused, and keeps the dialog", async () => {
    const fake = registryApi(asRole(karen, ["coordinator"]), COORDINATOR_PERMISSIONS).on(`POST ${BASE}/clinics`, () =>
      new Response(
        JSON.stringify({
          type: "urn:cluster-platform:problem:validation-error",
          title: "Unprocessable Entity",
          status: 422,
          detail: "The request was invalid.",
          errors: { provider_number: ["4 to 12 digits."] },
          codes: { provider_number: [{ code: "invalid_provider_number" }] },
          request_id: "req-422",
        }),
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });

    await user.click(await screen.findByRole("button", { name: "Tilføj klinik" }));
    const dialog = screen.getByRole("dialog", { name: "Tilføj klinik" });
    expect(within(dialog).getByLabelText(/^Ydernummer/)).toHaveFocus();
    await user.type(within(dialog).getByLabelText(/^Ydernummer/), "12ab");
    await user.type(within(dialog).getByLabelText(/^Klinikkens navn/), "Lægehuset Testvej");
    await user.click(within(dialog).getByRole("button", { name: "Tilføj klinikken" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Oplysningerne blev afvist");
    const field = within(dialog).getByLabelText(/^Ydernummer/);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(expect.stringContaining("Ydernummeret skal være 4 til 12 cifre.") as string);
    const [call] = fake.callsTo(`POST ${BASE}/clinics`);
    expect(call?.body).toMatchObject({ provider_number: "12ab", name: "Lægehuset Testvej" });
    expect(await seriousViolations()).toEqual([]);

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tilføj klinik" })).toHaveFocus();
  });

  it("sends the ETag read when the dialog opened, and explains a 412", async () => {
    const seen: (string | null)[] = [];
    const fake = registryApi(asRole(karen, ["secretary"]), SECRETARY_PERMISSIONS)
      .on(`GET ${BASE}/members/m2`, () => json(members[1], { ETag: '"member-v1"' }))
      .on(`PATCH ${BASE}/members/m2`, (request) => {
        seen.push(request.headers.get("If-Match"));
        return problemResponse(412, "precondition-failed", "Precondition Failed", "The resource has changed.");
      });
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });

    // The secretary keeps members, but not clinics or roles.
    expect(await screen.findByText("Region Midtjylland · 2 klinikker · 3 læger")).toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: /^Lægerne i Viborg/ }, { timeout: 5000 }));
    await user.click(await screen.findByRole("button", { name: "Handlinger for Mads Medlem" }));
    await user.click(await screen.findByRole("menuitem", { name: "Redigér" }));
    expect(screen.queryByRole("button", { name: "Tilføj klinik" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Handlinger for Viborg Lægehus" })).toBeInTheDocument();
    const dialog = await screen.findByRole("dialog", { name: "Redigér Mads Medlem" });
    const personal = await within(dialog).findByLabelText("Privat e-mail");
    expect(personal).toHaveValue("mads@privat.dk");
    await user.clear(personal);
    await user.type(personal, "mads.ny@privat.dk");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("En anden har ændret oplysningerne");
    expect(seen).toEqual(['"member-v1"']);
    expect(fake.callsTo(`PATCH ${BASE}/members/m2`)[0]?.body).toEqual({
      kind: "owner",
      work_email: "m2@laeger.dk",
      personal_email: "mads.ny@privat.dk",
    });
    expect(fake.count(`GET ${BASE}/members/m2`)).toBe(1);
  });

  it("ends a role after confirmation and reads the cluster again", async () => {
    const fake = registryApi(asRole(karen, ["coordinator"]), COORDINATOR_PERMISSIONS)
      .on(`GET ${BASE}/roles/r1`, () => json(roles[0], { ETag: '"role-v1"' }))
      .on(`DELETE ${BASE}/roles/r1`, () => new Response(null, { status: 204 }));
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/roller`, fake });

    await user.click(await screen.findByRole("button", { name: "Handlinger for Klyngekoordinator Karen Koordinator" }));
    await user.click(await screen.findByRole("menuitem", { name: "Afslut rolle" }));
    const dialog = await screen.findByRole("dialog", { name: "Afslut rolle" });
    expect(dialog).toHaveTextContent("Vil du afslutte Karen Koordinators rolle som Klyngekoordinator?");
    const rolesBefore = fake.count(`GET ${BASE}/roles`);
    await user.click(await within(dialog).findByRole("button", { name: "Afslut rollen" }));

    expect(await screen.findByText("Ændringen er gemt.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const [call] = fake.callsTo(`DELETE ${BASE}/roles/r1`);
    expect(call?.search).toMatch(/^\?valid_to=\d{4}-\d{2}-\d{2}$/);
    expect(fake.count(`GET ${BASE}/roles`)).toBeGreaterThan(rolesBefore);
  });
});

const landscape: Landscape = {
  region: null,
  clusters: 116,
  clinics: 1700,
  doctors: 3364,
  doctors_per_cluster: { mean: 29, median: 27.5, percentile_10: 18, percentile_90: 41, min: 12, max: 72 },
  clusters_with_role: { coordinator: 116, co_coordinator: 12, board_member: 71, treasurer: 12, secretary: 6 },
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

describe("national picture", () => {
  it("shows the key figures, the spread of doctors and the roles as shares", async () => {
    const fake = new FakeApi()
      .withSessionOf(karen)
      .on("GET /api/v1/stats/landscape", () => json(landscape))
      .on("GET /api/v1/regions", () => json({ items: [], next_cursor: null }));
    renderApp({ route: "/landskab", fake });

    const key = await screen.findByRole("region", { name: "Nøgletal" });
    expect(within(key).getByText("3.364")).toBeInTheDocument();
    expect(within(key).getByText("5.590.000")).toBeInTheDocument();
    expect(within(key).getByRole("img", { name: "Læger pr. klynge" })).toHaveAccessibleDescription(
      "Fra 12 til 72 læger; gennemsnit 29, median 27,5; 80 % af klyngerne har mellem 18 og 41 læger.",
    );
    const shares = screen.getByRole("table", { name: "Andel af de 116 klynger" });
    expect(within(shares).getByRole("row", { name: /Kun en koordinator/ })).toHaveTextContent("35 klynger (30 %)");
    expect(within(shares).getByRole("row", { name: /Med sekretær/ })).toHaveTextContent("6 klynger (5 %)");
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows the meetings held per cluster per year and the share after work, as text", async () => {
    const north: Landscape = {
      ...landscape,
      region: "nordjylland",
      meetings: { ...landscape.meetings, held: 150, after_work_share: 0.7649, per_cluster_per_year: { ...landscape.meetings.per_cluster_per_year, mean: 2.84 } },
    };
    const fake = new FakeApi()
      .withSessionOf(karen)
      .on("GET /api/v1/stats/landscape", (request) => json(new URL(request.url).searchParams.get("region") ? north : landscape))
      .on("GET /api/v1/regions", () => json({ items: [{ code: "nordjylland", name: "Region Nordjylland" }], next_cursor: null }));
    renderApp({ route: "/landskab", fake });

    const meetings = await screen.findByRole("region", { name: "Møder" });
    expect(within(meetings).getByText("Afholdte klyngemøder i årene 2021–2025: de seneste hele kalenderår.")).toBeInTheDocument();
    expect(within(meetings).getByRole("group", { name: "Afholdte møder 2021–2025" })).toHaveTextContent("1.740");
    expect(within(meetings).getByRole("group", { name: "Møder pr. klynge pr. år (gennemsnit)" })).toHaveTextContent("3");
    // The percent sign keeps to its number: a no-break space between them.
    expect(within(within(meetings).getByRole("group", { name: "Andel fyraftensmøder (eftermiddag/aften)" })).getByText("83\u00a0%", { normalizer: (text) => text })).toBeInTheDocument();
    expect(within(meetings).getByRole("img", { name: "Møder pr. klynge pr. år" })).toHaveAccessibleDescription(
      "Fra 2 til 4 møder; gennemsnit 3, median 3; 80 % af klyngerne har mellem 2 og 4 møder.",
    );
    const regions = await screen.findByRole("table", { name: "Regionerne side om side" });
    expect(await within(regions).findByRole("row", { name: /Nordjylland/ })).toHaveTextContent(/2,8\s*76\s%$/);
    expect(await seriousViolations()).toEqual([]);
  });
});
