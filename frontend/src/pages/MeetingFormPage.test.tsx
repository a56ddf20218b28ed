import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Clinic, Cluster, MeetingDetail, Member, SubCluster } from "../api/types";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { COORDINATOR_PERMISSIONS } from "../test/clusters";

vi.setConfig({ testTimeout: 40_000 });
freezeClock("2026-11-23T13:00:00Z");

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const MEETING_ID = "e0000000-0000-4000-8000-000000000001";
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
  doctor_count: 2,
  created_at: "2026-01-05T09:00:00Z",
  updated_at: "2026-01-05T09:00:00Z",
};
const clinic: Clinic = { id: "k1", provider_number: "565627", name: "Lægerne i Viborg", address: "", in_cluster_since: "2018-04-01", patients: null, patients_counted_on: null };
const subClusters: SubCluster[] = [{ id: "s1", name: "Babyklynge Nord", clinic_ids: ["k1"] }];
const members: Member[] = [
  { id: "m1", user_id: karen.id, name: "Karen Koordinator", clinic_id: "k1", clinic_name: clinic.name, kind: "owner", work_email: "k@laeger.dk", personal_email: null, valid_from: "2018-04-01" },
  { id: "m2", user_id: "u-mads", name: "Mads Medlem", clinic_id: "k1", clinic_name: clinic.name, kind: "owner", work_email: "m@laeger.dk", personal_email: null, valid_from: "2018-04-01" },
];

const coordinator: FakeAccount = { ...karen, organisations: [], clusters: [{ id: CLUSTER_ID, name: cluster.name, region_code: "midtjylland", roles: ["coordinator"] }] };

const saved: MeetingDetail = {
  id: MEETING_ID,
  offered_survey_template: null,
  cluster_id: CLUSTER_ID,
  title: "Klyngemøde om KOL",
  kind: "after_work",
  starts_at: "2026-11-23T15:30:00Z",
  ends_at: "2026-11-23T19:00:00Z",
  time_zone: "Europe/Copenhagen",
  place_name: null,
  place_address: null,
  video_url: null,
  rsvp_by: null,
  status: "draft",
  responsible: { kind: "sub_cluster", id: "s1", name: "Babyklynge Nord" },
  description: "",
  ical_uid: "uid-1",
  sequence: 0,
  cancelled_at: null,
  package_version_id: null,
  closed_at: null,
  created_at: "2026-11-23T13:00:00Z",
  updated_at: "2026-11-23T13:00:00Z",
  minutes: "",
  decisions: "",
  agenda_items: [
    { id: "a1", position: 0, title: "Oplæg om KOL", duration_minutes: 30, description: "", responsible_user_id: "u-mads", responsible_name: "Mads Medlem", slide_reference: null },
    { id: "a2", position: 1, title: "Erfaringer fra lungeklinikken", duration_minutes: 20, description: "", responsible_user_id: null, responsible_name: "Overlæge Hansen", slide_reference: null },
  ],
  agenda_minutes: 50,
  answers: { invited: 0, accepted: 0, declined: 0, tentative: 0 },
  attended: 0,
  open_actions: [],
  my_permissions: { plan: true, read_answers: true, read_attendance: true, register_attendance: false, correct_attendance: false, close: false },
};

function json(body: unknown, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function formApi(): FakeApi {
  const M = `/api/v1/meetings/${MEETING_ID}`;
  return new FakeApi([coordinator])
    .withSessionOf(coordinator)
    .on(`GET ${BASE}`, () => json({ ...cluster, my_permissions: COORDINATOR_PERMISSIONS }))
    .on(`GET ${BASE}/clinics`, () => json({ items: [clinic], next_cursor: null }))
    .on(`GET ${BASE}/members`, () => json({ items: members, next_cursor: null }))
    .on(`GET ${BASE}/sub-clusters`, () => json({ items: subClusters, next_cursor: null }))
    .on(`POST ${BASE}/meetings`, () => json({ ...saved, agenda_items: [] }, { ETag: '"v1"' }, 201))
    .on(`PUT ${M}/agenda-items`, () => json({ items: saved.agenda_items, total_minutes: 50 }, { ETag: '"v2"' }))
    .on(`GET ${M}`, () => json(saved, { ETag: '"v2"' }))
    .on(`GET ${M}/invitations`, () => json({ items: [], next_cursor: null }))
    .on(`GET ${M}/invitations/me`, () => json({}, {}, 404))
    .on(`GET ${M}/actions`, () => json({ items: [], next_cursor: null }))
    .on(`GET ${M}/files`, () => json({ items: [], next_cursor: null }))
    .on(`GET ${M}/posts`, () => json({ items: [], next_cursor: null }))
    .on(`PUT ${M}/board-visit`, () => json({ seen_at: "2026-11-23T13:05:00Z", previous_seen_at: null, unread_threads: 0 }))
    .on(`GET ${BASE}/meetings`, () => json({ items: [], next_cursor: null }));
}

/** Pick `name` in the select labelled `label`, once its lists have loaded (Mantine's options are in a transition in tests). */
async function choose(user: ReturnType<typeof renderApp>["user"], label: string, name: string): Promise<void> {
  const picker = screen.getByRole("combobox", { name: label });
  const option = () => {
    const list = document.getElementById(picker.getAttribute("aria-controls") ?? "");
    return list ? within(list).queryByRole("option", { name, hidden: true }) : null;
  };
  await vi.waitFor(
    async () => {
      if (!option()) await user.click(picker);
      expect(option()).not.toBeNull();
    },
    { timeout: 5000 },
  );
  const found = option();
  if (found) await user.click(found);
}

describe("the meeting form's responsibles", () => {
  it("hands the meeting to a sub-cluster and each agenda item to a member or a guest", async () => {
    const fake = formApi();
    const { user, location } = renderApp({ route: `/klynger/${CLUSTER_ID}/moeder/nyt`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Planlæg møde" })).toBeInTheDocument();
    // The cluster itself is the default.
    expect(await screen.findByRole("combobox", { name: "Ansvarlig" })).toHaveValue("Klyngen selv (du står som planlægger)");
    await choose(user, "Ansvarlig", "Babyklynge Nord");
    await user.type(screen.getByLabelText("Titel"), "Klyngemøde om KOL");
    await user.click(screen.getByRole("radio", { name: /Kladde/ }));

    await user.click(screen.getByRole("button", { name: "Tilføj punkt" }));
    await user.type(screen.getByLabelText("Punkt 1: titel"), "Oplæg om KOL");
    await choose(user, "Punkt 1: ansvarlig", "Mads Medlem");
    expect(screen.queryByLabelText("Punkt 1: gæsteoplægsholder")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Tilføj punkt" }));
    await user.type(screen.getByLabelText("Punkt 2: titel"), "Erfaringer fra lungeklinikken");
    await user.type(screen.getByLabelText("Punkt 2: gæsteoplægsholder"), "Overlæge Hansen");
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Gem mødet" }));
    await vi.waitFor(() => { expect(location()).toBe(`/moeder/${MEETING_ID}`); });
    expect(fake.callsTo(`POST ${BASE}/meetings`)[0]?.body).toMatchObject({ responsible: { kind: "sub_cluster", id: "s1" }, status: "draft" });
    const agenda = fake.callsTo(`PUT /api/v1/meetings/${MEETING_ID}/agenda-items`)[0]?.body as { items: Record<string, unknown>[] };
    expect(agenda.items[0]).toMatchObject({ title: "Oplæg om KOL", responsible_user_id: "u-mads" });
    expect(agenda.items[0]).not.toHaveProperty("responsible_name");
    expect(agenda.items[1]).toMatchObject({ title: "Erfaringer fra lungeklinikken", responsible_name: "Overlæge Hansen" });
    expect(agenda.items[1]).not.toHaveProperty("responsible_user_id");

    // The meeting page says who arranges it and who speaks to each item.
    expect(await screen.findByText("Babyklynge Nord (underklynge)")).toBeInTheDocument();
    expect(screen.getByText("Ved Mads Medlem")).toBeInTheDocument();
    expect(screen.getByText("Ved Overlæge Hansen")).toBeInTheDocument();
  });

  it("leaves the cluster itself as responsible unless another is chosen", async () => {
    const fake = formApi();
    const { user, location } = renderApp({ route: `/klynger/${CLUSTER_ID}/moeder/nyt`, fake });
    await user.type(await screen.findByLabelText("Titel"), "Klyngemøde");
    await user.type(screen.getByLabelText("Sted"), "Lægehuset");
    await user.click(screen.getByRole("button", { name: "Gem mødet" }));
    await vi.waitFor(() => { expect(location()).toBe(`/moeder/${MEETING_ID}`); });
    expect(fake.callsTo(`POST ${BASE}/meetings`)[0]?.body).not.toHaveProperty("responsible");
  });
});
