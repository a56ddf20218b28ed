import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AttendanceSummary, Cluster, FollowUpAction, Invitation, Meeting, MyMeeting } from "../../api/types";
import { seriousViolations } from "../../test/axe";
import { freezeClock } from "../../test/clock";
import { FakeApi, anne, karen, type FakeAccount } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";

// In January, when the provider-number deadline applies; the fixtures are dated around it.
freezeClock("2027-01-10T10:00:00Z");
vi.setConfig({ testTimeout: 20_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const SKIVE = "c0000000-0000-4000-8000-000000000002";
const MEETING = "e0000000-0000-4000-8000-000000000001";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function page(items: unknown[]): Response {
  return json({ items, next_cursor: null });
}

const person = (overrides: Partial<FakeAccount>): FakeAccount => ({ ...karen, organisations: [], clusters: [], ...overrides });

const meeting: Meeting = {
  id: MEETING,
  cluster_id: VIBORG,
  title: "Temamøde om KOL",
  kind: "after_work",
  starts_at: "2027-01-21T15:30:00Z",
  ends_at: "2027-01-21T18:30:00Z",
  time_zone: "Europe/Copenhagen",
  place_name: "Viborg Lægehus",
  place_address: null,
  video_url: null,
  rsvp_by: null,
  status: "planned",
  responsible: { id: "u9", kind: "user", name: "Karen Koordinator" },
  description: "",
  ical_uid: "uid-1",
  sequence: 0,
  cancelled_at: null,
  package_version_id: null,
  closed_at: null,
  created_at: "2026-10-01T09:00:00Z",
  updated_at: "2026-10-01T09:00:00Z",
};

function invitation(name: string, answer: Invitation["answer"]): Invitation {
  return {
    id: `i-${name}`,
    meeting_id: MEETING,
    user_id: `u-${name}`,
    name,
    clinic_id: null,
    clinic_name: null,
    answer,
    answered_at: answer === "invited" ? null : "2027-01-02T09:00:00Z",
    created_at: "2026-12-01T09:00:00Z",
    last_reminded_at: null,
    reminder_count: 0,
  };
}

function action(title: string, due_on: string | null): FollowUpAction {
  return {
    id: `a-${title}`,
    meeting_id: MEETING,
    title,
    description: "",
    status: "open",
    due_on,
    clinic_id: null,
    clinic_name: "Lægerne i Skive",
    completed_at: null,
    created_at: "2026-11-01T09:00:00Z",
  };
}

function clinic(name: string, countedOn: string | null) {
  return {
    id: `k-${name}`,
    name,
    address: "",
    provider_number: "012345",
    patients: 4000,
    patients_counted_on: countedOn,
    in_cluster_since: "2020-01-01",
    deleted: false,
    updated_at: "2026-01-01T00:00:00Z",
  };
}

function quietNews(fake: FakeApi, clusterId: string): FakeApi {
  return fake.on(`GET /api/v1/clusters/${clusterId}/posts`, () => page([])).on(`GET /api/v1/clusters/${clusterId}/files`, () => page([]));
}

describe("the coordinator's home", () => {
  it("shows the next meeting, who has not answered, overdue follow-up and the provider-number deadline", async () => {
    const coordinator = person({ clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: ["coordinator"] }] });
    const fake = quietNews(new FakeApi([coordinator]).withSessionOf(coordinator), VIBORG)
      .on(`GET /api/v1/clusters/${VIBORG}/meetings`, () => page([meeting]))
      .on(`GET /api/v1/meetings/${MEETING}/invitations`, () =>
        page([invitation("Mads Medlem", "invited"), invitation("Sofie Sekretær", "accepted"), invitation("Ib Ingen", "invited")]),
      )
      .on(`GET /api/v1/clusters/${VIBORG}/actions`, () =>
        page([action("Ny KOL-procedure", "2026-12-15"), action("Kommende punkt", "2027-03-01"), action("Uden frist", null)]),
      )
      .on(`GET /api/v1/clusters/${VIBORG}/clinics`, () => page([clinic("Lægerne i Skive", "2026-02-01"), clinic("Viborg Lægehus", "2025-02-01")]));
    renderApp({ route: "/", fake });

    expect(await screen.findByRole("heading", { level: 2, name: "Koordinator: Demoklyngen Viborg" })).toBeInTheDocument();
    const next = screen.getByRole("region", { name: "Næste møde" });
    expect(await within(next).findByRole("link", { name: "Temamøde om KOL" })).toHaveAttribute("href", `/moeder/${MEETING}`);
    expect(next).toHaveTextContent("torsdag den 21. januar 2027 kl. 16.30");

    const unanswered = screen.getByRole("region", { name: "Mangler svar" });
    expect(await within(unanswered).findByText("2 har ikke svaret på Temamøde om KOL")).toBeInTheDocument();
    expect(unanswered).toHaveTextContent("Mads Medlem, Ib Ingen");
    expect(unanswered).not.toHaveTextContent("Sofie");

    const followUp = screen.getByRole("region", { name: "Opfølgning" });
    expect(await within(followUp).findByText("Forsinket")).toBeInTheDocument();
    expect(followUp).toHaveTextContent("Ny KOL-procedure");
    expect(followUp).not.toHaveTextContent("Kommende punkt");
    expect(followUp).not.toHaveTextContent("Uden frist");

    const deadline = screen.getByRole("region", { name: "Ydernumre og patienttal" });
    expect(deadline).toHaveTextContent("31. januar 2027");
    expect(await within(deadline).findByText(/1 af 2 klinikker er ikke opdateret endnu\./)).toBeInTheDocument();
    // A coordinator at no unit is not told to contact one.
    expect(screen.queryByText(/kontakt din regionale kvalitetsenhed/)).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });
});

describe("a member's home", () => {
  it("marks the meetings awaiting an answer and shows what is new in the cluster", async () => {
    const member = person({ clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: [] }] });
    const mine: MyMeeting = { ...(meeting as unknown as MyMeeting), cluster_name: "Demoklyngen Viborg", my_answer: "invited", answered_at: null };
    const fake = new FakeApi([member])
      .withSessionOf(member)
      .on("GET /api/v1/me/meetings", () => page([mine]))
      .on(`GET /api/v1/clusters/${VIBORG}/posts`, () =>
        page([
          { id: "p1", title: "Hvem tager referat?", body: "…", new: true, new_replies: 0, last_activity_at: "2027-01-09T10:00:00Z", author: { id: "u1", name: "Karen Koordinator" } },
          { id: "p2", title: "Gammel tråd", body: "…", new: false, new_replies: 0, last_activity_at: "2026-10-01T10:00:00Z", author: null },
        ]),
      )
      .on(`GET /api/v1/clusters/${VIBORG}/files`, () =>
        page([
          { id: "f1", name: "Dagsorden januar.pdf", created_at: "2027-01-05T10:00:00Z" },
          { id: "f2", name: "Referat 2025.pdf", created_at: "2025-11-01T10:00:00Z" },
        ]),
      );
    renderApp({ route: "/", fake });

    const meetings = await screen.findByRole("region", { name: "Kommende møder" });
    expect(await within(meetings).findByText("Mangler dit svar")).toBeInTheDocument();
    expect(within(meetings).getByRole("group", { name: "Dit svar på Temamøde om KOL" })).toBeInTheDocument();

    const news = screen.getByRole("region", { name: "Nyt i Demoklyngen Viborg" });
    expect(await within(news).findByText("Hvem tager referat?")).toBeInTheDocument();
    expect(news).not.toHaveTextContent("Gammel tråd");
    expect(within(news).getByText(/Dagsorden januar\.pdf/)).toBeInTheDocument();
    expect(news).not.toHaveTextContent("Referat 2025.pdf");
    expect(within(news).getByRole("link", { name: "Opslagstavlen" })).toHaveAttribute("href", `/klynger/${VIBORG}/opslag`);
    expect(screen.queryByText(/Koordinator:/)).not.toBeInTheDocument();
  });
});

describe("a regional unit's home", () => {
  it("shows the region's clusters and this quarter's meetings, and never tells the unit to contact itself", async () => {
    const cluster = (id: string, name: string, clinics: number, doctors: number) =>
      ({ id, name, clinic_count: clinics, doctor_count: doctors, region: { id: "r1", code: "midtjylland", name: "Region Midtjylland" } }) as unknown as Cluster;
    const fake = new FakeApi([karen])
      .withSessionOf(karen)
      .on("GET /api/v1/clusters", () => page([cluster(VIBORG, "Demoklyngen Viborg", 12, 30), cluster(SKIVE, "Skive-Klyngen", 8, 20)]))
      .on("GET /api/v1/meetings", () => page([{ ...meeting, cluster_name: "Demoklyngen Viborg" }]));
    renderApp({ route: "/", fake });

    expect(await screen.findByRole("heading", { level: 2, name: "Din region: Region Midtjylland" })).toBeInTheDocument();
    const [clusters] = await screen.findAllByRole("region", { name: "Klynger" });
    if (!clusters) throw new Error("no clusters card");
    expect(await within(clusters).findByRole("link", { name: "Skive-Klyngen" })).toHaveAttribute("href", `/klynger/${SKIVE}`);
    expect(clusters).toHaveTextContent("50"); // doctors in all
    const quarter = screen.getByRole("region", { name: "Møder i 1. kvartal 2027" });
    expect(await within(quarter).findByRole("link", { name: "Temamøde om KOL" })).toBeInTheDocument();
    expect(quarter).toHaveTextContent("Demoklyngen Viborg");
    // One request for the region's meetings, not one per cluster.
    expect(fake.callsTo("GET /api/v1/meetings")).toHaveLength(1);
    expect(fake.callsTo(`GET /api/v1/clusters/${VIBORG}/meetings`)).toHaveLength(0);
    const query = new URLSearchParams(fake.callsTo("GET /api/v1/meetings")[0]?.search);
    expect(query.get("region")).toBe("midtjylland");
    expect(query.get("from")).toBe(new Date(2027, 0, 1).toISOString());
    expect(query.get("to")).toBe(new Date(2027, 3, 1).toISOString());
    expect(screen.getAllByRole("link", { name: "Se regionens side" })[0]).toHaveAttribute("href", "/regioner/midtjylland");
    expect(screen.queryByText(/kontakt din regionale kvalitetsenhed/)).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Dine klynger" })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });
});

describe("PLO's home", () => {
  it("shows this year's attendance from the totals and leads to the attendance screen", async () => {
    const plo = person({
      organisations: [
        { id: "o-plo", code: "plo", name: "PLO", kind: "plo", region_code: null, created_at: "2026-01-05T09:00:00Z", updated_at: "2026-01-05T09:00:00Z" },
      ],
    });
    const summary: AttendanceSummary = { year: 2027, clusters_count: 116, meetings_held: 12, attendances: 340, regions: [], clusters: [] };
    const fake = new FakeApi([plo]).withSessionOf(plo).on("GET /api/v1/attendance/summary", () => json(summary));
    renderApp({ route: "/", fake });

    const card = await screen.findByRole("region", { name: "Fremmøde 2027" });
    expect(await within(card).findByText("340")).toBeInTheDocument();
    expect(within(card).getByText("116")).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Se fremmøde og hent data" })).toHaveAttribute("href", "/fremmoede");
    expect(new URLSearchParams(fake.callsTo("GET /api/v1/attendance/summary")[0]?.search).get("year")).toBe("2027");
    expect(screen.getByRole("link", { name: "Fremmøde" })).toHaveAttribute("href", "/fremmoede");
    expect(screen.queryByText(/kontakt din regionale kvalitetsenhed/)).not.toBeInTheDocument();
  });
});

describe("the admin's home", () => {
  it("leads to the users and the machine clients", async () => {
    const fake = new FakeApi([anne]).withSessionOf(anne).on("GET /api/v1/clients", () =>
      page([
        { id: "k1", client_id: "plo-economy", name: "PLO økonomi", is_active: true, scopes: ["attendance:read"] },
        { id: "k2", client_id: "old", name: "Gammel", is_active: false, scopes: [] },
      ]),
    );
    renderApp({ route: "/", fake });

    const clients = await screen.findByRole("region", { name: "Maskinklienter" });
    expect(await within(clients).findByText(/1 aktive/)).toBeInTheDocument();
    expect(within(clients).getByRole("link", { name: "Maskinklienter" })).toHaveAttribute("href", "/administration/klienter");
    const users = screen.getByRole("region", { name: "Brugere" });
    expect(within(users).getByRole("link", { name: "Brugere" })).toHaveAttribute("href", "/administration");
    expect(screen.queryByText(/kontakt din regionale kvalitetsenhed/)).not.toBeInTheDocument();
  });
});
