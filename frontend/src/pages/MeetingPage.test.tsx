import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Attendance, BatchReport, Clinic, ClusterRole, FollowUpAction, Invitation, Meeting, MeetingDetail, MeetingPermissions, Member, StoredFile } from "../api/types";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../test/fakeApi";
import { FakeUploadServer } from "../test/fakeXhr";
import { renderApp } from "../test/renderApp";
import { seriousViolations } from "../test/axe";
import { captureDownloads } from "../test/downloads";
import { XLSX } from "../api/download";
import { freezeClock } from "../test/clock";
import { clusterDetail, COORDINATOR_PERMISSIONS } from "../test/clusters";

// Whole pages with axe-core runs: slower than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 20_000 });
// The meeting below is on 3 December 2026; the page is seen ten days before it.
freezeClock("2026-11-23T13:00:00Z");

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const MEETING_ID = "e0000000-0000-4000-8000-000000000001";
const M = `/api/v1/meetings/${MEETING_ID}`;

function json(body: unknown, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function asRole(account: FakeAccount, roles: ClusterRole["role"][]): FakeAccount {
  return { ...account, organisations: [], clusters: [{ id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles }] };
}

const meeting: Meeting = {
  id: MEETING_ID,
  cluster_id: CLUSTER_ID,
  title: "Stop op – hvad vil vi med klyngen?",
  kind: "after_work",
  starts_at: "2026-12-03T15:30:00Z",
  ends_at: "2026-12-03T19:00:00Z",
  time_zone: "Europe/Copenhagen",
  place_name: "Viborg Lægehus",
  place_address: "Rådhusvej 51, 8800 Viborg",
  video_url: null,
  rsvp_by: "2026-11-30T22:59:00Z",
  status: "planned",
  responsible: { id: karen.id, kind: "user", name: "Karen Koordinator" },
  description: "",
  ical_uid: "uid-1",
  sequence: 0,
  cancelled_at: null,
  package_version_id: null,
  closed_at: null,
  created_at: "2026-10-01T09:00:00Z",
  updated_at: "2026-10-01T09:00:00Z",
};

/** A meeting's page as the API keeps it; what the reader may do is added per reader. */
type MeetingBody = Omit<MeetingDetail, "my_permissions">;

const detail: MeetingBody = {
  ...meeting,
  offered_survey_template: null,
  agenda_minutes: 195,
  agenda_items: [
    { id: "a1", position: 1, title: "Velkomst", duration_minutes: 10, description: "", responsible_name: null, responsible_user_id: null, slide_reference: "1" },
    { id: "a2", position: 2, title: "Hvad er kvalitet for os?", duration_minutes: 185, description: "Parinterview", responsible_name: "Karen Koordinator", responsible_user_id: null, slide_reference: null },
  ],
  answers: { accepted: 2, tentative: 0, declined: 1, invited: 7 },
  attended: 0,
  minutes: "",
  decisions: "",
  open_actions: [
    { id: "x1", meeting_id: "old", title: "Kør PDSA på UVI", description: "", clinic_id: "k1", clinic_name: "Lægerne i Viborg", due_on: "2026-12-01", status: "open", completed_at: null, created_at: "2026-06-01T09:00:00Z" },
  ],
};

const PLANNER_ROLES: readonly ClusterRole["role"][] = ["coordinator", "co_coordinator", "board_member", "secretary"];
const CORRECTOR_ROLES: readonly ClusterRole["role"][] = ["coordinator", "co_coordinator"];

/**
 * What the API's permission table lets the account do with the meeting: those with a planning
 * role and its responsible person plan it and register attendance, the coordinators correct it,
 * and the cluster's own people read the answers and attendance.
 */
function permissionsOf(account: FakeAccount, body: MeetingBody): MeetingPermissions {
  const cluster = account.clusters?.find((candidate) => candidate.id === body.cluster_id);
  const roles = cluster?.roles ?? [];
  const responsible = body.responsible.kind === "user" && body.responsible.id === account.id;
  const plans = responsible || roles.some((role) => PLANNER_ROLES.includes(role));
  const closed = body.closed_at !== null;
  // As the API, with the meeting's state; its time windows for registering (from two hours
  // before the start) and closing (once begun) are left out: these tests are about what the
  // page does with the answer.
  return {
    plan: plans && body.status !== "cancelled",
    read_answers: cluster !== undefined,
    read_attendance: cluster !== undefined,
    register_attendance: plans && body.status !== "cancelled" && body.status !== "draft" && !closed,
    correct_attendance: closed && roles.some((role) => CORRECTOR_ROLES.includes(role)),
    close: plans && body.status === "planned" && !closed,
  };
}

/** GET /meetings/{id} as the API answers the account: the meeting, with what they may do there. */
function meetingJson(account: FakeAccount, body: MeetingBody, etag = '"meeting-1"'): Response {
  return json({ ...body, my_permissions: permissionsOf(account, body) }, { ETag: etag });
}

function invitation(userId: string, name: string, answer: Invitation["answer"]): Invitation {
  return { id: `i-${userId}`, meeting_id: MEETING_ID, user_id: userId, name, clinic_id: "k1", clinic_name: "Lægerne i Viborg", answer, answered_at: null, created_at: "2026-10-02T09:00:00Z", last_reminded_at: null, reminder_count: 0 };
}

const invitations: Invitation[] = [
  invitation(karen.id, "Karen Koordinator", "accepted"),
  invitation("u2", "Mads Medlem", "invited"),
  invitation("u3", "Lise Læge", "declined"),
];

type BatchStatus = BatchReport["items"][number]["status"];

function report(dryRun: boolean, status: BatchStatus, names: string[]): BatchReport {
  const summary = { created: 0, updated: 0, unchanged: 0, reminded: 0, error: 0, [status]: names.length };
  return {
    dry_run: dryRun,
    applied: !dryRun,
    summary,
    items: names.map((name, index) => ({ index, key: `u${String(index)}`, status, changes: [], errors: [], codes: [], user_id: `u${String(index)}`, name })),
  };
}

function meetingApi(account: FakeAccount): FakeApi {
  return new FakeApi([account])
    .withSessionOf(account)
    .on(`GET ${M}`, () => meetingJson(account, detail))
    .on(`GET ${M}/invitations`, () => json({ items: invitations, next_cursor: null }))
    .on(`GET ${M}/invitations/me`, () => json(invitations[0]))
    .on(`GET ${M}/actions`, () => json({ items: [], next_cursor: null }))
    .on(`GET ${M}/files`, () => json({ items: [], next_cursor: null }))
    .on(`GET ${M}/posts`, () => json({ items: [], next_cursor: null }))
    .on(`PUT ${M}/board-visit`, () => json({ seen_at: "2026-11-23T13:05:00Z", previous_seen_at: null, unread_threads: 0 }))
    .on(`GET /api/v1/clusters/${CLUSTER_ID}/sub-clusters`, () => json({ items: [{ id: "s1", name: "Babyklynge Nord", clinic_ids: [] }], next_cursor: null }))
    .on(`GET /api/v1/clusters/${CLUSTER_ID}/meetings`, () => json({ items: [meeting], next_cursor: null }));
}

describe("meeting page", () => {
  it("shows details, the agenda against the meeting's length, answers, and earlier open actions", async () => {
    renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(asRole(karen, ["coordinator"])) });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(screen.getByText("torsdag den 3. december 2026 kl. 16.30")).toBeInTheDocument();
    expect(screen.getByText("Viborg Lægehus, Rådhusvej 51, 8800 Viborg")).toBeInTheDocument();
    expect(screen.getByText("195 af 210 min")).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Inviterede og deres svar" });
    expect(within(table).getByRole("row", { name: /Mads Medlem.*Har ikke svaret/ })).toBeInTheDocument();
    expect(screen.getByText("Kør PDSA på UVI")).toBeInTheDocument();
    expect(screen.getByRole("group", { name: `Dit svar på ${meeting.title}` })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Fremmøde ved døren" })).toHaveAttribute("href", `/moeder/${MEETING_ID}/fremmoede`);
    expect(await seriousViolations()).toEqual([]);
  });

  it("gives a member no planning actions", async () => {
    const other = { ...detail, responsible: { id: "someone-else", kind: "user" as const, name: "Lise Læge" } };
    const member = asRole(karen, []);
    const fake = meetingApi(member).on(`GET ${M}`, () => meetingJson(member, other));
    renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Redigér mødet" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Invitér" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: `Handlinger for ${meeting.title}` })).not.toBeInTheDocument();
  });

  it("offers a responsible person without a role what the meeting's permissions allow", async () => {
    // The doctors of a responsible sub-cluster: nothing in /me says so, the meeting does.
    const bySubCluster: MeetingBody = { ...detail, responsible: { id: "s1", kind: "sub_cluster", name: "Babyklynge Nord" } };
    const planner: MeetingPermissions = { plan: true, read_answers: true, read_attendance: true, register_attendance: true, correct_attendance: false, close: true };
    const fake = meetingApi(asRole(karen, [])).on(`GET ${M}`, () => json({ ...bySubCluster, my_permissions: planner }, { ETag: '"meeting-1"' }));
    renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Redigér mødet" })).toHaveAttribute("href", `/moeder/${MEETING_ID}/rediger`);
    expect(screen.getByRole("link", { name: "Fremmøde ved døren" })).toHaveAttribute("href", `/moeder/${MEETING_ID}/fremmoede`);
    expect(screen.getByRole("button", { name: `Handlinger for ${meeting.title}` })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Invitér" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send påmindelse" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Skriv referat" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tilføj opfølgningspunkt" })).toBeInTheDocument();
    expect(await screen.findByRole("table", { name: "Inviterede og deres svar" })).toBeInTheDocument();
    // The earlier meetings' actions are not this meeting's: changing them takes a planning role.
    expect(screen.getByText("Kør PDSA på UVI")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Markér som udført: Kør PDSA på UVI" })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("offers the evaluation its package comes with to the coordinator, prefilled, and not to a member", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    const held: MeetingBody = { ...detail, status: "held", offered_survey_template: { id: "t-eval", title: "Evaluering af klyngemødet" } };
    const view = renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(coordinator).on(`GET ${M}`, () => meetingJson(coordinator, held)) });
    expect(await screen.findByRole("link", { name: "Send evaluering" }, { timeout: 10_000 })).toHaveAttribute(
      "href",
      `/klynger/${CLUSTER_ID}/undersoegelser?ny=1&skabelon=t-eval&moede=${MEETING_ID}`,
    );
    view.unmount();

    const member = asRole(karen, []);
    renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(member).on(`GET ${M}`, () => meetingJson(member, held)) });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Send evaluering" })).not.toBeInTheDocument();
  });

  it("shares a held meeting as a package with its evaluation unless the box is unticked", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    const held: MeetingBody = { ...detail, status: "held" };
    const proposals = `/api/v1/clusters/${CLUSTER_ID}/package-proposals`;
    const fake = meetingApi(coordinator)
      .on(`GET ${M}`, () => meetingJson(coordinator, held))
      .on(`POST ${proposals}`, () => json({ id: "p-1", unit_name: "MidtKraft", title: meeting.title }, {}, 201));
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Del som klyngepakke" }, { timeout: 10_000 }));
    const dialog = await screen.findByRole("dialog", { name: "Del mødet som klyngepakke" });
    const evaluation = within(dialog).getByRole("checkbox", { name: "Medtag mødets evaluering" });
    expect(evaluation).toBeChecked();
    await user.click(evaluation);
    await user.click(within(dialog).getByRole("button", { name: "Send forslag" }));
    await screen.findByText("Forslaget er sendt til MidtKraft.");
    const [sent] = fake.callsTo(`POST ${proposals}`);
    expect(sent?.body).toMatchObject({ meeting_id: MEETING_ID, include_evaluation: false });
  });

  it("offers the door after the meeting has ended until it is closed", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    const ended: MeetingBody = { ...detail, status: "held" };
    const view = renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(coordinator).on(`GET ${M}`, () => meetingJson(coordinator, ended)) });
    expect(await screen.findByRole("link", { name: "Fremmøde ved døren" })).toHaveAttribute("href", `/moeder/${MEETING_ID}/fremmoede`);
    expect(screen.queryByRole("button", { name: `Handlinger for ${meeting.title}` })).not.toBeInTheDocument();
    view.unmount();

    const closed: MeetingBody = { ...ended, closed_at: "2026-12-06T19:00:00Z" };
    renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(coordinator).on(`GET ${M}`, () => meetingJson(coordinator, closed)) });
    expect(await screen.findByRole("link", { name: "Redigér mødet" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Fremmøde ved døren" })).not.toBeInTheDocument();
  });

  it("gives a member without rights to the meeting no actions and asks for no answers", async () => {
    const none: MeetingPermissions = { plan: false, read_answers: false, read_attendance: false, register_attendance: false, correct_attendance: false, close: false };
    const closed: MeetingBody = { ...detail, status: "held", closed_at: "2026-12-06T19:00:00Z", attended: 2 };
    // Roles in /me say coordinator; the meeting's own answer decides.
    const fake = meetingApi(asRole(karen, ["coordinator"])).on(`GET ${M}`, () => json({ ...closed, my_permissions: none }, { ETag: '"meeting-9"' }));
    renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(await screen.findByText("Der er ingen opfølgningspunkter fra dette møde.")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Redigér mødet" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Fremmøde ved døren" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: `Handlinger for ${meeting.title}` })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Skriv referat" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Tilføj opfølgningspunkt" })).not.toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Inviterede og deres svar" })).not.toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Endeligt fremmøde" })).not.toBeInTheDocument();
    expect(screen.getByText("2 mødte op.")).toBeInTheDocument();
    expect(fake.count(`GET ${M}/invitations`)).toBe(0);
    expect(fake.count(`GET ${M}/attendance`)).toBe(0);
  });

  it("cancels the meeting after a confirmation that explains the e-mails, and shows it cancelled", async () => {
    let current: MeetingBody = detail;
    let idempotencyKey: string | null = null;
    const coordinator = asRole(karen, ["coordinator"]);
    const fake = meetingApi(coordinator)
      .on(`GET ${M}`, () => meetingJson(coordinator, current))
      .on(`POST ${M}/cancel`, (request) => {
        idempotencyKey = request.headers.get("Idempotency-Key");
        current = { ...detail, status: "cancelled", cancelled_at: "2026-11-25T10:15:00Z", sequence: 1 };
        return meetingJson(coordinator, current);
      });
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    expect(await screen.findByRole("table", { name: "Inviterede og deres svar" })).toBeInTheDocument();
    // Cancelling is in the meeting's menu, not a red button beside the others.
    expect(screen.queryByRole("button", { name: "Aflys mødet" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: `Handlinger for ${meeting.title}` }));
    await user.click(await screen.findByRole("menuitem", { name: "Aflys mødet" }));
    const dialog = await screen.findByRole("dialog", { name: "Aflys mødet" });
    expect(dialog).toHaveTextContent(`Vil du aflyse »${meeting.title}« torsdag den 3. december 2026 kl. 16.30?`);
    expect(dialog).toHaveTextContent("De 10 inviterede får en e-mail om aflysningen med en kalenderfil, der fjerner mødet fra deres kalender.");
    expect(dialog).toHaveTextContent("En aflysning kan ikke fortrydes.");
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Aflys mødet" }));

    expect(await screen.findByText("Mødet er aflyst. De inviterede får besked på e-mail.")).toBeInTheDocument();
    expect(await screen.findByText("Mødet er aflyst (25. november 2026 kl. 11.15).")).toBeInTheDocument();
    // Marked in words as well as in red.
    expect(screen.getByText("Aflyst", { selector: ".mantine-Badge-label" })).toBeInTheDocument();
    expect(fake.count(`POST ${M}/cancel`)).toBe(1);
    expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.queryByRole("button", { name: `Handlinger for ${meeting.title}` })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Redigér mødet" })).not.toBeInTheDocument();
    expect(screen.queryByRole("group", { name: `Dit svar på ${meeting.title}` })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Tilføj opfølgningspunkt" })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("downloads the meeting for a calendar with the token, named by its Danish date", async () => {
    const ics = "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n";
    const fake = meetingApi(asRole(karen, [])).on(`GET ${M}/calendar.ics`, () =>
      new Response(ics, { headers: { "Content-Type": "text/calendar" } }),
    );
    const downloads = captureDownloads();
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Hent i kalender (.ics)" }));
    await vi.waitFor(() => {
      expect(downloads).toEqual([{ fileName: "klyngemoede-2026-12-03.ics", body: ics }]);
    });
    expect(fake.callsTo(`GET ${M}/calendar.ics`)[0]?.authorization).toMatch(/^Bearer /);
    expect(screen.getByRole("button", { name: "Hent i kalender (.ics)" })).toBeEnabled();
  });

  it("downloads the attendance as Excel with the token, under the API's file name", async () => {
    const sheet = "PK-workbook";
    const fake = meetingApi(asRole(karen, [])).on(`GET ${M}/attendance`, () =>
      new Response(sheet, {
        headers: {
          "Content-Type": XLSX,
          "Content-Disposition": "attachment; filename=fremmoede-stop-op-2026-12-03.xlsx; filename*=UTF-8''fremmoede-stop-op-2026-12-03.xlsx",
        },
      }),
    );
    const downloads = captureDownloads();
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Hent fremmøde som Excel" }));
    await vi.waitFor(() => {
      expect(downloads).toEqual([{ fileName: "fremmoede-stop-op-2026-12-03.xlsx", body: sheet }]);
    });
    const [call] = fake.callsTo(`GET ${M}/attendance`);
    expect(call?.accept).toBe(XLSX);
    expect(call?.authorization).toMatch(/^Bearer /);
  });

  it("offers no attendance sheet to those who may not read it, nor for a draft", async () => {
    const none: MeetingPermissions = { plan: false, read_answers: true, read_attendance: false, register_attendance: false, correct_attendance: false, close: false };
    const coordinator = asRole(karen, ["coordinator"]);
    const view = renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(coordinator).on(`GET ${M}`, () => json({ ...detail, my_permissions: none }, { ETag: '"meeting-2"' })) });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Hent fremmøde som Excel" })).not.toBeInTheDocument();
    view.unmount();
    renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(coordinator).on(`GET ${M}`, () => meetingJson(coordinator, { ...detail, status: "draft" })) });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Hent fremmøde som Excel" })).not.toBeInTheDocument();
  });

  it("offers no calendar file for a draft, and explains a failed download", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    const draft = meetingApi(coordinator).on(`GET ${M}`, () => meetingJson(coordinator, { ...detail, status: "draft" }));
    const view = renderApp({ route: `/moeder/${MEETING_ID}`, fake: draft });
    expect(await screen.findByRole("heading", { level: 1, name: meeting.title })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Hent i kalender (.ics)" })).not.toBeInTheDocument();
    view.unmount();

    const failing = meetingApi(asRole(karen, [])).on(`GET ${M}/calendar.ics`, () =>
      problemResponse(404, "not-found", "Not Found", "No such meeting."),
    );
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake: failing });
    await user.click(await screen.findByRole("button", { name: "Hent i kalender (.ics)" }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
  });

  it("previews who is invited, then invites with an Idempotency-Key", async () => {
    const fake = meetingApi(asRole(karen, ["coordinator"])).on(`POST ${M}/invitations`, (request) => {
      const dry = new URL(request.url).searchParams.get("dry_run") === "true";
      return json(report(dry, "created", Array.from({ length: 31 }, (_, i) => `Læge ${String(i + 1)}`)));
    });
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Invitér" }));
    const dialog = await screen.findByRole("dialog", { name: "Invitér til mødet" });
    expect(await within(dialog).findByText("31 inviteres: hele klyngen")).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Send invitationer" }));
    expect(await screen.findByText("Invitationerne er sendt.")).toBeInTheDocument();
    const calls = fake.callsTo(`POST ${M}/invitations`);
    expect(calls.map((call) => call.search)).toEqual(["?dry_run=true", "?dry_run=false"]);
    expect(calls[1]?.body).toEqual({ everyone: true });
  });

  it("previews the reminder to those who have not answered", async () => {
    const fake = meetingApi(asRole(karen, ["coordinator"])).on(`POST ${M}/reminders`, (request) =>
      json(report(new URL(request.url).searchParams.get("dry_run") === "true", "reminded", ["A", "B", "C", "D", "E", "F", "G"])),
    );
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Send påmindelse" }));
    const dialog = await screen.findByRole("dialog", { name: "Send påmindelse" });
    expect(await within(dialog).findByText("Påmindelse sendes til 7, der ikke har svaret")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Send påmindelser" }));
    expect(await screen.findByText("Påmindelserne er sendt.")).toBeInTheDocument();
  });
});

describe("meeting files", () => {
  function meetingFile(id: string, name: string, uploader: string, canChange: boolean): StoredFile {
    return {
      id,
      name,
      media_type: "application/pdf",
      size: 2048,
      folder_id: null,
      my_permissions: { change: canChange },
      attached_to: "meeting",
      cluster_id: CLUSTER_ID,
      meeting_id: MEETING_ID,
      post_id: null,
      sha256: "0".repeat(64),
      uploaded_by: { id: `u-${id}`, name: uploader },
      created_at: "2026-11-20T09:00:00Z",
      updated_at: "2026-11-20T09:00:00Z",
    };
  }

  it("lists the meeting's files, offers changes only of one's own, and takes an upload", async () => {
    const files = [meetingFile("f1", "Slides.pdf", "Karen Koordinator", false)];
    const member = asRole(karen, []);
    const fake = meetingApi(member).on(`GET ${M}/files`, () => json({ items: files, next_cursor: null }));
    const server = new FakeUploadServer().install().answer((request) => {
      const file = meetingFile("f2", request.file.name, "Mads Medlem", true);
      files.push(file);
      return { status: 201, body: file };
    });
    const { user, container } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    const section = await screen.findByRole("region", { name: "Filer" });
    const table = await within(section).findByRole("table", { name: "Mødets filer" });
    const slides = within(table).getByRole("row", { name: /Slides\.pdf/ });
    expect(slides).toHaveTextContent("PDF2 kBKaren Koordinator20. november 2026");
    expect(within(slides).getByRole("button", { name: "Hent Slides.pdf" })).toBeInTheDocument();
    expect(within(slides).queryByRole("button", { name: "Handlinger for Slides.pdf" })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    const input = container.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("No file input.");
    await user.upload(input, new File(["%PDF-1.4"], "Referat.pdf", { type: "application/pdf" }));
    expect(await within(section).findByText("Uploadet")).toBeInTheDocument();
    expect(server.requests[0]?.path).toBe(`${M}/files`);
    const mine = await within(table).findByRole("row", { name: /Referat\.pdf/ });
    expect(within(mine).getByRole("button", { name: "Handlinger for Referat.pdf" })).toBeInTheDocument();
  });

  it("says there are none yet, and offers no upload to a reader outside the cluster", async () => {
    const outsider: FakeAccount = { ...karen, clusters: [] };
    renderApp({ route: `/moeder/${MEETING_ID}`, fake: meetingApi(outsider) });
    expect(await screen.findByText("Der er ingen filer til mødet endnu.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Vælg filer" })).not.toBeInTheDocument();
  });
});

describe("planning form", () => {
  it("builds an agenda, warns when it overruns, and saves the meeting then the agenda with its ETag", async () => {
    const created = { ...detail, id: "new-1", agenda_items: [], agenda_minutes: 0 };
    const coordinator = asRole(karen, ["coordinator"]);
    const fake = meetingApi(coordinator)
      .on(`GET /api/v1/clusters/${CLUSTER_ID}`, () => json(clusterDetail(CLUSTER_ID, COORDINATOR_PERMISSIONS)))
      .on(`POST /api/v1/clusters/${CLUSTER_ID}/meetings`, () => json(created, {}, 201))
      .on("PUT /api/v1/meetings/new-1/agenda-items", (request) =>
        request.headers.get("If-Match") === '"created-1"'
          ? json({ items: [], total_minutes: 0 })
          : problemResponse(412, "precondition-failed", "Precondition Failed", "Stale."),
      )
      .on("GET /api/v1/meetings/new-1", () => meetingJson(coordinator, created, '"created-1"'))
      .on("GET /api/v1/meetings/new-1/actions", () => json({ items: [], next_cursor: null }))
      .on("GET /api/v1/meetings/new-1/invitations", () => json({ items: [], next_cursor: null }))
      .on("GET /api/v1/meetings/new-1/invitations/me", () => problemResponse(404, "not-found", "Not Found", "Not invited."));
    const { user, location } = renderApp({ route: `/klynger/${CLUSTER_ID}/moeder/nyt`, fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Planlæg møde" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Titel"), "Temamøde om UVI");
    await user.clear(screen.getByLabelText("Dato"));
    await user.type(screen.getByLabelText("Dato"), "2026-12-03");
    await user.type(screen.getByLabelText("Sted"), "Viborg Lægehus");
    await user.clear(screen.getByLabelText("Starter kl."));
    await user.type(screen.getByLabelText("Starter kl."), "16:30");
    await user.clear(screen.getByLabelText("Slutter kl."));
    await user.type(screen.getByLabelText("Slutter kl."), "17:00");

    await user.click(screen.getByRole("button", { name: "Tilføj punkt" }));
    await user.type(screen.getByLabelText("Punkt 1: titel"), "Velkomst");
    await user.click(screen.getByRole("button", { name: "Tilføj punkt" }));
    await user.type(screen.getByLabelText("Punkt 2: titel"), "Data");
    await user.clear(screen.getByLabelText("Punkt 2: minutter"));
    await user.type(screen.getByLabelText("Punkt 2: minutter"), "20");
    expect(screen.getByRole("alert")).toHaveTextContent("35 af 30 min Dagsordenen er 5 min længere end mødet.");

    await user.click(screen.getByRole("button", { name: "Flyt op: Data" }));
    expect(screen.getByLabelText("Punkt 1: titel")).toHaveValue("Data");
    expect(screen.getByRole("button", { name: "Flyt op: Data" })).toBeDisabled();
    // Removing is in the item's menu, and asks first.
    await user.click(screen.getByRole("button", { name: "Handlinger for Velkomst" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fjern" }));
    const remove = await screen.findByRole("dialog", { name: "Fjern punktet" });
    expect(remove).toHaveTextContent("Fjern »Velkomst« fra dagsordenen?");
    await user.click(within(remove).getByRole("button", { name: "Fjern punktet" }));
    await vi.waitFor(() => { expect(screen.queryByRole("dialog")).not.toBeInTheDocument(); });
    expect(screen.getByText("20 af 30 min")).toBeInTheDocument();
    // Confirming the removal saves nothing: the meeting is saved by its own button only.
    expect(fake.count(`POST /api/v1/clusters/${CLUSTER_ID}/meetings`)).toBe(0);
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Gem mødet" }));
    await screen.findByRole("heading", { level: 1, name: detail.title });
    expect(location()).toBe("/moeder/new-1");
    const [create] = fake.callsTo(`POST /api/v1/clusters/${CLUSTER_ID}/meetings`);
    expect(create?.body).toMatchObject({ title: "Temamøde om UVI", starts_at: "2026-12-03T15:30:00Z", ends_at: "2026-12-03T16:00:00Z", status: "planned", place_name: "Viborg Lægehus" });
    const [agenda] = fake.callsTo("PUT /api/v1/meetings/new-1/agenda-items");
    expect(agenda?.body).toEqual({ items: [{ title: "Data", duration_minutes: 20, description: "" }] });
    // Much typing, a confirmation and two accessibility checks: longer than the file's other tests.
  }, 40_000);

  it("sends If-Match from the opening when the agenda changes, and explains a 412", async () => {
    let ifMatch: string | null = null;
    const fake = meetingApi(asRole(karen, ["coordinator"]))
      .on(`PATCH ${M}`, () => json(detail, { ETag: '"meeting-2"' }))
      .on(`PUT ${M}/agenda-items`, (request) => {
        ifMatch = request.headers.get("If-Match");
        return problemResponse(412, "precondition-failed", "Precondition Failed", "Changed meanwhile.");
      });
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}/rediger`, fake });
    await user.click(await screen.findByRole("button", { name: "Flyt ned: Velkomst" }));
    await user.click(screen.getByRole("button", { name: "Gem mødet" }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(ifMatch).toBe('"meeting-2"');
    expect(fake.callsTo(`PUT ${M}/agenda-items`)[0]?.body).toEqual({
      items: [
        { id: "a2", title: "Hvad er kvalitet for os?", duration_minutes: 185, description: "Parinterview", responsible_name: "Karen Koordinator" },
        { id: "a1", title: "Velkomst", duration_minutes: 10, description: "", slide_reference: "1" },
      ],
    });
  });
});

describe("attendance at the door", () => {
  const members: Member[] = [
    { id: "m2", user_id: "u2", name: "Mads Medlem", clinic_id: "k1", clinic_name: "Lægerne i Viborg", kind: "owner", work_email: "", personal_email: null, valid_from: "2018-01-01" },
    { id: "m4", user_id: "u4", name: "Søren Sørensen", clinic_id: "k2", clinic_name: "Viborg Lægehus", kind: "owner", work_email: "", personal_email: null, valid_from: "2018-01-01" },
  ];

  it("registers one person per tap, searches by name, and closes with confirmation", async () => {
    const rows: Attendance[] = [];
    const fake = meetingApi(asRole(karen, ["coordinator"]))
      .on(`GET /api/v1/clusters/${CLUSTER_ID}/members`, () => json({ items: members, next_cursor: null }))
      .on(`GET ${M}/attendance`, () => json({ items: rows, next_cursor: null }))
      .on(`POST ${M}/attendance`, () => {
        const body = fake.callsTo(`POST ${M}/attendance`).at(-1)?.body as { items: { user_id: string; attended: boolean }[] };
        for (const item of body.items) {
          rows.push({ id: `row-${item.user_id}`, meeting_id: MEETING_ID, user_id: item.user_id, name: item.user_id, attended: item.attended, clinic_id: null, provider_number: null, correction_reason: null, finalised: false, registered_at: "2026-12-03T15:00:00Z", registered_by_id: karen.id, updated_at: "2026-12-03T15:00:00Z" });
        }
        return json(report(false, "created", ["x"]));
      })
      .on(`POST ${M}/close`, () => json({ ...detail, closed_at: "2026-12-03T19:00:00Z", status: "held" }));
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}/fremmoede`, fake });

    expect(await screen.findByRole("heading", { level: 1, name: `Fremmøde: ${meeting.title}` })).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Læger" });
    expect(await within(list).findByRole("button", { name: /Søren Sørensen/ })).toBeInTheDocument();
    expect(within(list).getAllByRole("button")).toHaveLength(4);

    await user.type(screen.getByLabelText("Søg efter navn"), "soren");
    expect(within(list).getAllByRole("button")).toHaveLength(1);
    await user.click(within(list).getByRole("button", { name: /Søren Sørensen/ }));
    expect(await screen.findByText("Søren Sørensen er registreret.")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Søg efter navn"));
    await user.click(within(list).getByRole("button", { name: /Mads Medlem/ }));
    expect(await screen.findByText("Mads Medlem er registreret.")).toBeInTheDocument();
    expect(within(list).getByRole("button", { name: /Mads Medlem/ })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByText("2 af 4 er registreret")).toBeInTheDocument();

    const posts = fake.callsTo(`POST ${M}/attendance`);
    expect(posts.map((call) => call.body)).toEqual([
      { items: [{ user_id: "u4", attended: true }] },
      { items: [{ user_id: "u2", attended: true }] },
    ]);
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Afslut mødet" }));
    const dialog = await screen.findByRole("dialog", { name: "Afslut mødet" });
    expect(dialog).toHaveTextContent("2 er registreret som mødt.");
    await user.click(within(dialog).getByRole("button", { name: "Afslut mødet" }));
    expect(await screen.findByText("Mødet er afsluttet, og fremmødet er endeligt.")).toBeInTheDocument();
    expect(fake.count(`POST ${M}/close`)).toBe(1);
  });
});

describe("attendance at the door outside its hours", () => {
  it("tells a planner when registration opens", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    const early = { ...permissionsOf(coordinator, detail), register_attendance: false };
    const fake = meetingApi(coordinator).on(`GET ${M}`, () => json({ ...detail, my_permissions: early }, { ETag: '"m"' }));
    renderApp({ route: `/moeder/${MEETING_ID}/fremmoede`, fake });
    expect(await screen.findByText("Fremmøde registreres fra to timer før mødet begynder.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Læger" })).not.toBeInTheDocument();
  });

  it("offers no closing before the meeting has begun, and says when it can be closed", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    // Registration is open (two hours before), the meeting has not begun: the API says so.
    const early = { ...permissionsOf(coordinator, detail), register_attendance: true, close: false };
    const fake = meetingApi(coordinator)
      .on(`GET ${M}`, () => json({ ...detail, my_permissions: early }, { ETag: '"m"' }))
      .on(`GET /api/v1/clusters/${CLUSTER_ID}/members`, () => json({ items: [], next_cursor: null }))
      .on(`GET ${M}/attendance`, () => json({ items: [], next_cursor: null }));
    renderApp({ route: `/moeder/${MEETING_ID}/fremmoede`, fake });
    expect(await screen.findByText("Du kan afslutte mødet, når det er begyndt.")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Læger" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Afslut mødet" })).not.toBeInTheDocument();
  });

  it("shows a closed meeting's final attendance to a planner, with nothing to press", async () => {
    const coordinator = asRole(karen, ["coordinator"]);
    const closed: MeetingBody = { ...detail, status: "held", closed_at: "2026-12-06T19:00:00Z", attended: 1 };
    const fake = meetingApi(coordinator)
      .on(`GET ${M}`, () => meetingJson(coordinator, closed))
      .on(`GET /api/v1/clusters/${CLUSTER_ID}/members`, () => json({ items: [], next_cursor: null }))
      .on(`GET ${M}/attendance`, () => json({ items: [], next_cursor: null }));
    renderApp({ route: `/moeder/${MEETING_ID}/fremmoede`, fake });
    expect(await screen.findByText("Mødet er afsluttet. Fremmødet er endeligt.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Afslut mødet" })).not.toBeInTheDocument();
  });
});

describe("attendance at the door without the right to register", () => {
  it("explains it and asks for nothing more", async () => {
    const member = asRole(karen, []);
    const other = { ...detail, responsible: { id: "someone-else", kind: "user" as const, name: "Lise Læge" } };
    const fake = meetingApi(member).on(`GET ${M}`, () => meetingJson(member, other));
    renderApp({ route: `/moeder/${MEETING_ID}/fremmoede`, fake });
    expect(await screen.findByText("Kun mødets planlæggere registrerer fremmøde.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Læger" })).not.toBeInTheDocument();
    expect(fake.count(`GET /api/v1/clusters/${CLUSTER_ID}/members`)).toBe(0);
  });
});

describe("minutes and the meetings list", () => {
  it("writes the minutes with If-Match from the dialog's opening", async () => {
    const fake = meetingApi(asRole(karen, ["secretary"])).on(`PATCH ${M}`, () =>
      json({ ...detail, minutes: "Vi talte om UVI.", decisions: "Vi måler igen i marts." }, { ETag: '"meeting-2"' }),
    );
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Skriv referat" }));
    const dialog = await screen.findByRole("dialog", { name: "Skriv referat" });
    await user.type(within(dialog).getByLabelText("Referat"), "Vi talte om UVI.");
    await user.type(within(dialog).getByLabelText("Beslutninger"), "Vi måler igen i marts.");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    expect(await screen.findByText("Referat og beslutninger er gemt.")).toBeInTheDocument();
    const [patch] = fake.callsTo(`PATCH ${M}`);
    expect(patch?.body).toEqual({ minutes: "Vi talte om UVI.", decisions: "Vi måler igen i marts." });
  });

  it("lists the cluster's coming and earlier meetings", async () => {
    const held: Meeting = { ...meeting, id: "old", title: "Temamøde om KOL", starts_at: "2025-03-04T15:30:00Z", ends_at: "2025-03-04T19:00:00Z", status: "held" };
    const fake = meetingApi(asRole(karen, ["coordinator"]))
      .on(`GET /api/v1/clusters/${CLUSTER_ID}`, () => json(clusterDetail(CLUSTER_ID, COORDINATOR_PERMISSIONS)))
      .on(`GET /api/v1/clusters/${CLUSTER_ID}/meetings`, () => json({ items: [held, meeting], next_cursor: null }));
    renderApp({ route: `/klynger/${CLUSTER_ID}/moeder`, fake });
    const coming = await screen.findByRole("region", { name: "Kommende møder" });
    expect(within(coming).getByRole("link", { name: meeting.title })).toBeInTheDocument();
    const earlier = screen.getByRole("region", { name: "Tidligere møder" });
    expect(within(earlier).getByRole("link", { name: "Temamøde om KOL" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Planlæg møde" })).toHaveAttribute("href", `/klynger/${CLUSTER_ID}/moeder/nyt`);
    expect(await seriousViolations()).toEqual([]);
  });
});

describe("follow-up actions", () => {
  const clinics: Clinic[] = [
    { id: "k1", name: "Lægerne i Viborg", provider_number: "012345", address: "", in_cluster_since: "2018-01-01", patients: 4200, patients_counted_on: "2026-02-01" },
    { id: "k2", name: "Viborg Lægehus", provider_number: "023456", address: "", in_cluster_since: "2018-01-01", patients: 6100, patients_counted_on: "2026-02-01" },
  ];
  const pdsa: FollowUpAction = { id: "act-1", meeting_id: MEETING_ID, title: "PDSA på dyrkning", description: "", clinic_id: "k1", clinic_name: "Lægerne i Viborg", due_on: "2027-01-15", status: "open", completed_at: null, created_at: "2026-12-03T19:00:00Z" };

  /** The meeting's actions as the API keeps them, with each one's ETag. */
  function actionsApi(account: FakeAccount, initial: FollowUpAction[] = [pdsa]) {
    let actions = [...initial];
    const versions = new Map(actions.map((action) => [action.id, 1]));
    const headers: Record<string, (string | null)[]> = { idempotency: [], ifMatch: [] };
    const etag = (id: string) => `"action-${id}-${String(versions.get(id) ?? 0)}"`;
    // The fake has read the request's body already (it records every call).
    const sentBody = () => fake.calls.at(-1)?.body as Partial<FollowUpAction>;
    const fake = meetingApi(account)
      .on(`GET /api/v1/clusters/${CLUSTER_ID}/clinics`, () => json({ items: clinics, next_cursor: null }))
      .on(`GET ${M}/actions`, () => json({ items: actions, next_cursor: null }))
      .on(`POST ${M}/actions`, (request) => {
        headers.idempotency?.push(request.headers.get("Idempotency-Key"));
        const body = sentBody();
        const clinic = clinics.find((candidate) => candidate.id === body.clinic_id);
        const created = { ...pdsa, ...body, id: "act-new", clinic_name: clinic?.name ?? null } as FollowUpAction;
        actions = [...actions, created];
        versions.set(created.id, 1);
        return json(created, { ETag: etag(created.id) }, 201);
      });
    for (const action of initial) {
      const path = `${M}/actions/${action.id}`;
      fake
        .on(`GET ${path}`, () => json(actions.find((candidate) => candidate.id === action.id), { ETag: etag(action.id) }))
        .on(`PATCH ${path}`, (request) => {
          headers.ifMatch?.push(request.headers.get("If-Match"));
          if (request.headers.get("If-Match") !== etag(action.id)) {
            return problemResponse(412, "precondition-failed", "Precondition Failed", "Changed meanwhile.");
          }
          const body = sentBody();
          const completed = body.status === "done" ? { completed_at: "2026-12-10T09:00:00Z" } : {};
          const changed = { ...actions.find((candidate) => candidate.id === action.id), ...body, ...completed } as FollowUpAction;
          const clinicName = clinics.find((clinic) => clinic.id === changed.clinic_id)?.name ?? null;
          const named = { ...changed, clinic_name: clinicName };
          actions = actions.map((candidate) => (candidate.id === action.id ? named : candidate));
          versions.set(action.id, (versions.get(action.id) ?? 0) + 1);
          return json(named, { ETag: etag(action.id) });
        });
    }
    return { fake, headers };
  }

  it("marks an open action past its day as late (Forsinket), and no other", async () => {
    // The clock stands at 23 November 2026.
    const late = { ...pdsa, id: "act-late", title: "Ring til laboratoriet", due_on: "2026-11-22" };
    const today = { ...pdsa, id: "act-today", title: "Send referatet", due_on: "2026-11-23" };
    const done = { ...pdsa, id: "act-done", title: "Bestil lokale", due_on: "2026-11-01", status: "done" as const, completed_at: "2026-10-30T09:00:00Z" };
    const { fake } = actionsApi(asRole(karen, ["board_member"]), [late, today, done, pdsa]);
    renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    const section = await screen.findByRole("region", { name: "Opfølgning" });
    const card = (await within(section).findByText("Ring til laboratoriet", { exact: false })).closest("li");
    if (!card) throw new Error("No card for the late action.");
    expect(within(card).getByText("Forsinket")).toBeInTheDocument();
    expect(within(section).getAllByText("Forsinket")).toHaveLength(1);
    expect(await seriousViolations()).toEqual([]);
  });

  it("records an action for a clinic with a due date, with an Idempotency-Key", async () => {
    const { fake, headers } = actionsApi(asRole(karen, ["board_member"]), []);
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    const section = await screen.findByRole("region", { name: "Opfølgning" });
    expect(await within(section).findByText("Der er ingen opfølgningspunkter fra dette møde.")).toBeInTheDocument();
    await user.click(within(section).getByRole("button", { name: "Tilføj opfølgningspunkt" }));
    const dialog = await screen.findByRole("dialog", { name: "Nyt opfølgningspunkt" });
    await user.type(within(dialog).getByRole("textbox", { name: "Hvad skal gøres?" }), "Gennemgå telefonkonsultationer");
    await within(dialog).findByRole("option", { name: "Viborg Lægehus" });
    await user.selectOptions(within(dialog).getByLabelText("Hvem gør det?"), "Viborg Lægehus");
    await user.type(within(dialog).getByLabelText("Frist"), "2027-02-01");
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Tilføj punktet" }));

    expect(await within(section).findByText("Opfølgningspunktet er tilføjet.")).toBeInTheDocument();
    expect(await within(section).findByText("Gennemgå telefonkonsultationer")).toBeInTheDocument();
    expect(within(section).getByText("Åben · Viborg Lægehus · senest 1. februar 2027")).toBeInTheDocument();
    expect(fake.callsTo(`POST ${M}/actions`)[0]?.body).toEqual({
      title: "Gennemgå telefonkonsultationer",
      description: "",
      clinic_id: "k2",
      due_on: "2027-02-01",
      status: "open",
    });
    expect(headers.idempotency?.[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows the API's refusal beside its field, in Danish", async () => {
    const fake = actionsApi(asRole(karen, ["coordinator"]), []).fake.on(
      `POST ${M}/actions`,
      () =>
        new Response(
          JSON.stringify({ type: "urn:cluster-platform:problem:validation-error", title: "Unprocessable Entity", status: 422, detail: "Invalid.", request_id: "r1", errors: { clinic_id: ["Not a clinic of this cluster now."] }, codes: { clinic_id: [{ code: "not_a_clinic_of_cluster" }] } }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    );
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Tilføj opfølgningspunkt" }));
    const dialog = await screen.findByRole("dialog", { name: "Nyt opfølgningspunkt" });
    await user.type(within(dialog).getByRole("textbox", { name: "Hvad skal gøres?" }), "Del instruks");
    await user.click(within(dialog).getByRole("button", { name: "Tilføj punktet" }));
    expect(await within(dialog).findByText("Ikke en klinik i klyngen.")).toBeInTheDocument();
    expect(within(dialog).queryByText("Not a clinic of this cluster now.")).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText("Hvem gør det?")).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).getByRole("alert")).toBeInTheDocument();
  });

  it("edits an action with If-Match from the dialog's opening", async () => {
    const { fake, headers } = actionsApi(asRole(karen, ["coordinator"]));
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Redigér: PDSA på dyrkning" }));
    const dialog = await screen.findByRole("dialog", { name: "Redigér opfølgningspunkt" });
    expect(await within(dialog).findByRole("textbox", { name: "Hvad skal gøres?" })).toHaveValue("PDSA på dyrkning");
    expect(within(dialog).getByLabelText("Frist")).toHaveValue("2027-01-15");
    await user.selectOptions(within(dialog).getByLabelText("Hvem gør det?"), "Hele klyngen");
    await user.selectOptions(within(dialog).getByLabelText("Status"), "Droppet");
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    expect(await screen.findByText("Opfølgningspunktet er gemt.")).toBeInTheDocument();
    expect(headers.ifMatch).toEqual(['"action-act-1-1"']);
    expect(fake.callsTo(`PATCH ${M}/actions/act-1`)[0]?.body).toEqual({
      title: "PDSA på dyrkning",
      description: "",
      clinic_id: null,
      due_on: "2027-01-15",
      status: "dropped",
    });
    expect(await screen.findByText("Droppet · Hele klyngen · senest 15. januar 2027")).toBeInTheDocument();
  });

  it("marks an action done in one click, sending only the status with a fresh ETag", async () => {
    const { fake, headers } = actionsApi(asRole(karen, ["coordinator"]));
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Markér som udført: PDSA på dyrkning" }));
    expect(await screen.findByText("»PDSA på dyrkning« er markeret som udført.")).toBeInTheDocument();
    expect(fake.callsTo(`PATCH ${M}/actions/act-1`)[0]?.body).toEqual({ status: "done" });
    expect(headers.ifMatch).toEqual(['"action-act-1-1"']);
    expect(await screen.findByText("Udført · Lægerne i Viborg · senest 15. januar 2027 · udført 10. december 2026")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Markér som udført: PDSA på dyrkning" })).not.toBeInTheDocument();
  });

  it("gives a member no buttons for the actions", async () => {
    const other = { ...detail, responsible: { id: "someone-else", kind: "user" as const, name: "Lise Læge" } };
    const member = asRole(karen, []);
    const { fake } = actionsApi(member);
    fake.on(`GET ${M}`, () => meetingJson(member, other));
    renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    expect(await screen.findByText("PDSA på dyrkning")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Tilføj opfølgningspunkt" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Markér som udført/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Redigér:/ })).not.toBeInTheDocument();
  });
});

describe("attendance after closing", () => {
  const closed: MeetingBody = { ...detail, status: "held", closed_at: "2026-12-06T19:00:00Z", attended: 2 };

  function row(userId: string, name: string, attended: boolean): Attendance {
    return { id: `row-${userId}`, meeting_id: MEETING_ID, user_id: userId, name, attended, clinic_id: "k1", provider_number: "012345", correction_reason: null, finalised: true, registered_at: "2026-12-03T15:00:00Z", registered_by_id: karen.id, updated_at: "2026-12-06T19:00:00Z" };
  }

  function closedApi(account: FakeAccount) {
    let rows = [row("u2", "Mads Medlem", true), row("u3", "Lise Læge", false), row(karen.id, "Karen Koordinator", true)];
    let idempotencyKey: string | null = null;
    const fake = meetingApi(account)
      .on(`GET ${M}`, () => meetingJson(account, closed, '"meeting-9"'))
      .on(`GET ${M}/attendance`, () => json({ items: rows, next_cursor: null }))
      .on(`POST ${M}/attendance`, (request) => {
        idempotencyKey = request.headers.get("Idempotency-Key");
        const body = fake.calls.at(-1)?.body as { items: { user_id: string; attended: boolean; reason: string }[] };
        for (const item of body.items) {
          rows = rows.map((candidate) => (candidate.user_id === item.user_id ? { ...candidate, attended: item.attended, correction_reason: item.reason } : candidate));
        }
        return json(report(false, "updated", ["Mads Medlem"]));
      });
    return { fake, key: () => idempotencyKey };
  }

  it("lets the coordinator correct one person's attendance with a required reason", async () => {
    const { fake, key } = closedApi(asRole(karen, ["coordinator"]));
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    const table = await screen.findByRole("table", { name: "Endeligt fremmøde" });
    expect(within(table).getByRole("row", { name: /Mads Medlem.*Mødt/ })).toBeInTheDocument();
    expect(within(table).getByRole("row", { name: /Lise Læge.*Ikke mødt/ })).toBeInTheDocument();
    expect(screen.getByText(/Koordinatorerne kan rette det; hver rettelse kræver en begrundelse og logges\./)).toBeInTheDocument();

    await user.click(within(table).getByRole("button", { name: "Ret fremmøde: Mads Medlem" }));
    const dialog = await screen.findByRole("dialog", { name: "Ret fremmøde: Mads Medlem" });
    expect(dialog).toHaveTextContent("Mads Medlem står nu som: Mødt.");
    expect(within(dialog).getByRole("radio", { name: "Ikke mødt" })).toBeChecked();
    const save = within(dialog).getByRole("button", { name: "Gem rettelsen" });
    expect(save).toBeDisabled();
    await user.type(within(dialog).getByRole("textbox", { name: "Begrundelse" }), "Gik før mødet begyndte.");
    expect(save).toBeEnabled();
    expect(await seriousViolations()).toEqual([]);
    await user.click(save);

    expect(await screen.findByText("Fremmødet for Mads Medlem er rettet.")).toBeInTheDocument();
    expect(fake.callsTo(`POST ${M}/attendance`)[0]?.body).toEqual({
      items: [{ user_id: "u2", attended: false, reason: "Gik før mødet begyndte." }],
    });
    expect(key()).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      await within(screen.getByRole("table", { name: "Endeligt fremmøde" })).findByRole("row", { name: /Mads Medlem.*Ikke mødt.*Gik før mødet begyndte\./ }),
    ).toBeInTheDocument();
  });

  it("shows a board member the final attendance without corrections", async () => {
    const { fake } = closedApi(asRole(karen, ["board_member"]));
    renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    const table = await screen.findByRole("table", { name: "Endeligt fremmøde" });
    expect(within(table).getByRole("row", { name: /Mads Medlem.*Mødt/ })).toBeInTheDocument();
    expect(within(table).queryByRole("button")).not.toBeInTheDocument();
  });
});
