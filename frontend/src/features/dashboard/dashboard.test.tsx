import { MantineProvider } from "@mantine/core";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { Invitation, MyMeeting } from "../../api/types";
import { I18nProvider } from "../../i18n/I18nProvider";
import { seriousViolations } from "../../test/axe";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { ClustersSection } from "./ClustersSection";
import { freezeClock } from "../../test/clock";

// The fixtures are dated around 23 November 2026; the tests see that day, whatever today is.
freezeClock("2026-11-23T13:00:00Z");

// Whole pages with axe-core runs: slower than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const OTHER_CLUSTER_ID = "c0000000-0000-4000-8000-000000000002";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const newcomer: FakeAccount = { ...karen, name: "Karen Koordinator", organisations: [], clusters: [] };

const member: FakeAccount = {
  ...karen,
  organisations: [],
  clusters: [
    { id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: [] },
    { id: OTHER_CLUSTER_ID, name: "Skive-Klyngen", region_code: "midtjylland", roles: [] },
  ],
};

function myMeeting(id: string, title: string, answer: MyMeeting["my_answer"], overrides: Partial<MyMeeting> = {}): MyMeeting {
  return {
    id,
    cluster_id: CLUSTER_ID,
    cluster_name: "Demoklyngen Viborg",
    title,
    kind: "after_work",
    starts_at: "2026-12-03T15:30:00Z",
    ends_at: "2026-12-03T19:00:00Z",
    time_zone: "Europe/Copenhagen",
    place_name: "Viborg Lægehus",
    place_address: "Rådhusvej 51, 8800 Viborg",
    video_url: null,
    rsvp_by: null,
    status: "planned",
    responsible: { id: "u9", kind: "user", name: "Karen Koordinator" },
    description: "",
    ical_uid: `uid-${id}`,
    sequence: 0,
    cancelled_at: null,
    package_version_id: null,
    closed_at: null,
    created_at: "2026-10-01T09:00:00Z",
    updated_at: "2026-10-01T09:00:00Z",
    my_answer: answer,
    answered_at: answer === "invited" ? null : "2026-11-20T08:00:00Z",
    ...overrides,
  };
}

const stopOp = myMeeting("e0000000-0000-4000-8000-000000000001", "Stop op – hvad vil vi med klyngen?", "tentative");
const kol = myMeeting("e0000000-0000-4000-8000-000000000002", "Temamøde om KOL", "invited", {
  cluster_id: OTHER_CLUSTER_ID,
  cluster_name: "Skive-Klyngen",
  starts_at: "2027-01-14T15:30:00Z",
  ends_at: "2027-01-14T18:30:00Z",
  place_name: null,
  video_url: "https://video.example/kol",
});

describe("dashboard (Oversigt)", () => {
  it("greets the person and shows empty states that say what to do", async () => {
    // A doctor in no cluster and at no unit: told who can bring them into a cluster.
    const fake = new FakeApi([newcomer]).withSessionOf(newcomer);
    renderApp({ route: "/", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
    expect(await screen.findByText(/Velkommen, Karen Koordinator\./)).toBeInTheDocument();

    const clusters = screen.getByRole("region", { name: "Dine klynger" });
    expect(within(clusters).getByText("Du er endnu ikke med i en klynge.")).toBeInTheDocument();
    expect(within(clusters).getByText(/koordinator tilføjer dig/)).toBeInTheDocument();
    expect(within(clusters).getByText(/kontakt din regionale kvalitetsenhed/)).toBeInTheDocument();

    const meetings = screen.getByRole("region", { name: "Kommende møder" });
    expect(within(meetings).getByText("Du har ingen kommende møder.")).toBeInTheDocument();
  });

  it("shows an error with a retry when /me fails, then recovers", async () => {
    const fake = new FakeApi([newcomer])
      .withSessionOf(newcomer)
      .on("GET /api/v1/me", () => problemResponse(500, "internal-error", "Internal Server Error", "Boom."));
    const { user } = renderApp({ route: "/", fake });

    const clusters = await screen.findByRole("region", { name: "Dine klynger" });
    expect(await within(clusters).findByRole("alert")).toHaveTextContent("Der opstod en fejl på serveren.");
    expect(within(clusters).getByText("Fejl-id: req-500-internal-error")).toBeInTheDocument();

    fake.off("GET /api/v1/me");
    await user.click(within(clusters).getByRole("button", { name: "Prøv igen" }));
    expect(await within(clusters).findByText("Du er endnu ikke med i en klynge.")).toBeInTheDocument();
  });
});

describe("dashboard coming meetings", () => {
  it("asks once for the person's coming meetings and shows each answer from the list", async () => {
    const fake = new FakeApi([member]).withSessionOf(member).on("GET /api/v1/me/meetings", () => json({ items: [stopOp, kol], next_cursor: null }));
    renderApp({ route: "/", fake });

    const section = await screen.findByRole("region", { name: "Kommende møder" });
    expect(await within(section).findByRole("link", { name: stopOp.title })).toHaveAttribute("href", `/moeder/${stopOp.id}`);
    const [first, second] = within(section).getAllByRole("listitem");
    expect(first).toHaveTextContent("torsdag den 3. december 2026 kl. 16.30");
    expect(first).toHaveTextContent("Demoklyngen Viborg");
    expect(first).toHaveTextContent("Viborg Lægehus");
    expect(second).toHaveTextContent("Skive-Klyngen");
    expect(second).toHaveTextContent("https://video.example/kol");

    const stopOpAnswers = within(section).getByRole("group", { name: `Dit svar på ${stopOp.title}` });
    expect(within(stopOpAnswers).getByRole("button", { name: "Måske" })).toHaveAttribute("aria-pressed", "true");
    expect(within(stopOpAnswers).getByRole("button", { name: "Deltager" })).toHaveAttribute("aria-pressed", "false");
    const kolAnswers = within(section).getByRole("group", { name: `Dit svar på ${kol.title}` });
    expect(within(kolAnswers).queryAllByRole("button", { pressed: true })).toEqual([]);
    expect(second).toHaveTextContent("Deltager du?");
    expect(first).toHaveTextContent("Dit svar:");

    // One request: the planned ones from now on (not cancelled ones), as many as are shown.
    const calls = fake.callsTo("GET /api/v1/me/meetings");
    expect(calls).toHaveLength(1);
    const query = new URLSearchParams(calls[0]?.search);
    expect(query.get("status")).toBe("planned");
    expect(query.get("limit")).toBe("5");
    expect(query.get("from")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    expect(fake.calls.filter((call) => call.path.includes("/invitations") || /\/clusters\/.*\/meetings/.test(call.path))).toEqual([]);
    expect(await seriousViolations()).toEqual([]);
  });

  it("answers in one click, and the list keeps the new answer", async () => {
    let items = [stopOp, kol];
    const fake = new FakeApi([member])
      .withSessionOf(member)
      .on("GET /api/v1/me/meetings", () => json({ items, next_cursor: null }))
      .on(`PUT /api/v1/meetings/${kol.id}/invitations/me`, () => {
        const saved: Invitation = {
          id: "i1",
          meeting_id: kol.id,
          user_id: member.id,
          name: member.name,
          clinic_id: null,
          clinic_name: null,
          answer: "accepted",
          answered_at: "2026-11-24T09:00:00Z",
          created_at: "2026-11-01T09:00:00Z",
          last_reminded_at: null,
          reminder_count: 0,
        };
        items = items.map((item) => (item.id === kol.id ? { ...item, my_answer: saved.answer, answered_at: saved.answered_at } : item));
        return json(saved);
      });
    const { user, queryClient } = renderApp({ route: "/", fake });

    const section = await screen.findByRole("region", { name: "Kommende møder" });
    const answers = await within(section).findByRole("group", { name: `Dit svar på ${kol.title}` });
    await user.click(within(answers).getByRole("button", { name: "Deltager" }));
    // Saved (the buttons work again), the list holds the new answer without being read again.
    await vi.waitFor(() => {
      expect(within(answers).getByRole("button", { name: "Deltager" })).toBeEnabled();
    });
    expect(within(answers).getByRole("button", { name: "Deltager" })).toHaveAttribute("aria-pressed", "true");
    expect(fake.count("GET /api/v1/me/meetings")).toBe(1);
    expect(fake.callsTo(`PUT /api/v1/meetings/${kol.id}/invitations/me`).map((call) => call.body)).toEqual([{ answer: "accepted" }]);
    // Read again, the list has what the API saved.
    await queryClient.refetchQueries({ queryKey: ["my-meetings"] });
    expect(within(answers).getByRole("button", { name: "Deltager" })).toHaveAttribute("aria-pressed", "true");
    const untouched = within(section).getByRole("group", { name: `Dit svar på ${stopOp.title}` });
    expect(within(untouched).getByRole("button", { name: "Måske" })).toHaveAttribute("aria-pressed", "true");
    expect(fake.calls.filter((call) => call.method === "GET" && call.path.includes("/invitations"))).toEqual([]);
  });

  it("shows the former answer again and explains when answering fails", async () => {
    const fake = new FakeApi([member])
      .withSessionOf(member)
      .on("GET /api/v1/me/meetings", () => json({ items: [stopOp], next_cursor: null }))
      .on(`PUT /api/v1/meetings/${stopOp.id}/invitations/me`, () => problemResponse(409, "conflict", "Conflict", "The meeting is cancelled."));
    const { user } = renderApp({ route: "/", fake });

    const section = await screen.findByRole("region", { name: "Kommende møder" });
    const answers = await within(section).findByRole("group", { name: `Dit svar på ${stopOp.title}` });
    await user.click(within(answers).getByRole("button", { name: "Deltager ikke" }));
    expect(await within(section).findByRole("alert")).toBeInTheDocument();
    expect(within(answers).getByRole("button", { name: "Måske" })).toHaveAttribute("aria-pressed", "true");
    expect(within(answers).getByRole("button", { name: "Deltager ikke" })).toHaveAttribute("aria-pressed", "false");
  });

  it("shows an error with a retry when the meetings cannot be read", async () => {
    const fake = new FakeApi([member])
      .withSessionOf(member)
      .on("GET /api/v1/me/meetings", () => problemResponse(500, "internal-error", "Internal Server Error", "Boom."));
    const { user } = renderApp({ route: "/", fake });

    const section = await screen.findByRole("region", { name: "Kommende møder" });
    expect(await within(section).findByRole("alert")).toHaveTextContent("Der opstod en fejl på serveren.");
    expect(await screen.findByRole("link", { name: "Demoklyngen Viborg" })).toBeInTheDocument();

    fake.on("GET /api/v1/me/meetings", () => json({ items: [kol], next_cursor: null }));
    await user.click(within(section).getByRole("button", { name: "Prøv igen" }));
    expect(await within(section).findByRole("link", { name: kol.title })).toBeInTheDocument();
  });
});

describe("dashboard sections fed with data", () => {
  it("list clusters when there are some", () => {
    render(
      <MemoryRouter>
        <I18nProvider>
        <ClustersSection
          state={{
            status: "success",
            items: [
              {
                id: "c1",
                name: "Klynge Aarhus Nord",
                regionCode: "midtjylland",
                roles: ["coordinator", "treasurer"],
              },
              { id: "c2", name: "Skive-Klyngen", regionCode: "midtjylland", roles: [] },
            ],
          }}
        />
        </I18nProvider>
      </MemoryRouter>,
      { wrapper: MantineProvider },
    );
    const clusters = screen.getByRole("region", { name: "Dine klynger" });
    expect(within(clusters).getByRole("link", { name: "Klynge Aarhus Nord" })).toHaveAttribute("href", "/klynger/c1");
    const [first, second] = within(clusters).getAllByRole("listitem");
    expect(first).toHaveTextContent("Klynge Aarhus Nord");
    expect(first).toHaveTextContent("Klyngekoordinator, Kasserer · Region Midtjylland");
    expect(second).toHaveTextContent("Medlem · Region Midtjylland");
    expect(within(clusters).queryByText("Du er endnu ikke med i en klynge.")).not.toBeInTheDocument();

  });

  it("show a loading state while pending", () => {
    render(
      <I18nProvider>
        <ClustersSection state={{ status: "pending" }} />
      </I18nProvider>,
      { wrapper: MantineProvider },
    );
    expect(screen.getByRole("status")).toHaveTextContent("Indlæser …");
  });
});
