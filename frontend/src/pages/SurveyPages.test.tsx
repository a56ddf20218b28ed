import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Survey, SurveyDetail, SurveyResults, SurveyTemplate } from "../api/surveys";
import { clusterDetail } from "../test/clusters";
import { captureDownloads } from "../test/downloads";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

// Pages with dialogs and charts take their time on a busy machine.
vi.setConfig({ testTimeout: 40_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const SURVEY_ID = "50000000-0000-4000-8000-000000000001";
const TEMPLATE_ID = "7e000000-0000-4000-8000-000000000001";
const STAMP = "2026-01-05T10:00:00Z";
// Deadlines relative to now: the pages never depend on today's date.
const IN_A_WEEK = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
const LAST_MONTH = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}
const page = (items: unknown[]) => json({ items, next_cursor: null, has_more: false });

function asRole(roles: NonNullable<FakeAccount["clusters"]>[number]["roles"]): FakeAccount {
  return { ...karen, organisations: [], clusters: [{ id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles }] };
}

const likert = (id: string, text: string, position: number) => ({
  id: `q-${id}`,
  template_question_id: `tq-${id}`,
  position,
  kind: "likert" as const,
  text,
  help: "",
  required: true,
  options: [],
  min_value: null,
  max_value: null,
});

const template: SurveyTemplate = {
  id: TEMPLATE_ID,
  title: "Evaluering af klyngemødet",
  description: "Klyngens faste spørgsmål efter hvert møde.",
  purpose: "evaluation",
  owner: { kind: "unit", id: "kiap", name: "KiAP" },
  unit_id: "kiap",
  cluster_id: null,
  retired: false,
  questions: [
    { ...likert("1", "Mødet var tilfredsstillende", 0) },
    { ...likert("2", "Emnet var relevant for min praksis", 1) },
  ].map(({ template_question_id: _, ...question }) => question),
  created_at: STAMP,
  updated_at: STAMP,
};

function survey(fields: Partial<SurveyDetail> = {}): SurveyDetail {
  return {
    id: SURVEY_ID,
    title: "Evaluering: Stop op",
    intro: "",
    purpose: "evaluation",
    audience: "cluster",
    anonymous: true,
    min_responses: 5,
    state: "open",
    closes_at: IN_A_WEEK,
    closed_at: null,
    sent_at: STAMP,
    recipient_count: 24,
    response_count: 19,
    reminder_count: 0,
    last_reminded_at: null,
    cluster: { id: CLUSTER_ID, name: "Demoklyngen Viborg" },
    owner: { kind: "cluster", id: CLUSTER_ID, name: "Demoklyngen Viborg" },
    template_id: TEMPLATE_ID,
    meeting_id: null,
    region_id: null,
    sub_cluster_id: null,
    questions: [likert("1", "Mødet var tilfredsstillende", 0), likert("2", "Emnet var relevant for min praksis", 1)],
    permissions: { manage: true, results: true },
    created_at: STAMP,
    updated_at: STAMP,
    ...fields,
  };
}

function listed(detail: SurveyDetail): Survey {
  const { questions: _q, permissions: _p, ...rest } = detail;
  return rest;
}

const LABELS = ["Helt uenig", "Delvis uenig", "Hverken enig eller uenig", "Delvis enig", "Helt enig"];
const buckets = (counts: number[]) => {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count, index) => ({ value: index + 1, label: LABELS[index] ?? "", count, share: count / total }));
};

function results(fields: Partial<SurveyResults> = {}): SurveyResults {
  return {
    survey_id: SURVEY_ID,
    title: "Evaluering: Stop op",
    state: "closed",
    anonymous: true,
    min_responses: 5,
    recipients: 24,
    responses: 19,
    response_rate: 0.7917,
    suppressed: false,
    questions: [
      { id: "q-1", template_question_id: "tq-1", position: 0, kind: "likert", text: "Mødet var tilfredsstillende", options: [], answered: 19, distribution: buckets([1, 1, 2, 8, 7]), mean: 4, agree_share: 0.7895, disagree_share: 0.1053, nps: null, texts: null },
      { id: "q-2", template_question_id: "tq-2", position: 1, kind: "free_text", text: "Hvad skal vi gøre anderledes?", options: [], answered: 2, distribution: null, mean: null, agree_share: null, disagree_share: null, nps: null, texts: ["Mere tid til cases", "Kortere oplæg"] },
    ],
    comparison: {
      scope: "nation",
      surveys: 40,
      responses: 600,
      suppressed: false,
      questions: [{ template_question_id: "tq-1", mean: 4.1, agree_share: 0.81, distribution: buckets([10, 20, 30, 240, 300]) }],
    },
    trend: [
      { survey_id: "s-a", title: "Evaluering: A", meeting_id: "m-a", date: "2026-03-10T16:00:00Z", responses: 12, suppressed: false, questions: [{ template_question_id: "tq-1", text: "Mødet var tilfredsstillende", mean: 3.9, agree_share: 0.75 }] },
      { survey_id: SURVEY_ID, title: "Evaluering: Stop op", meeting_id: "m-b", date: "2026-09-08T16:00:00Z", responses: 19, suppressed: false, questions: [{ template_question_id: "tq-1", text: "Mødet var tilfredsstillende", mean: 4, agree_share: 0.7895 }] },
    ],
    ...fields,
  };
}

function surveysApi(account: FakeAccount, detail: SurveyDetail = survey()): FakeApi {
  return new FakeApi([account])
    .withSessionOf(account)
    .on(`GET /api/v1/clusters/${CLUSTER_ID}`, () => json(clusterDetail(CLUSTER_ID), 200, { ETag: '"cluster-1"' }))
    .on("GET /api/v1/surveys", () => page([listed(detail)]))
    .on(`GET /api/v1/surveys/${SURVEY_ID}`, () => json(detail, 200, { ETag: '"survey-1"' }))
    .on(`GET /api/v1/surveys/${SURVEY_ID}/results`, () => json(results()))
    .on("GET /api/v1/survey-templates", () => page([template]))
    .on(`GET /api/v1/clusters/${CLUSTER_ID}/sub-clusters`, () => page([]))
    .on(`GET /api/v1/clusters/${CLUSTER_ID}/meetings`, () => page([]))
    .on(`GET /api/v1/clusters/${CLUSTER_ID}/members`, () =>
      page(["u1", "u2", "u3"].map((userId, index) => ({ id: `mem-${String(index)}`, user_id: userId, clinic_id: "k1", clinic_name: "Klinik", kind: "owner", name: `Læge ${String(index)}`, work_email: `l${String(index)}@demo.dk`, personal_email: null, valid_from: "2020-01-01" }))),
    );
}

describe("the cluster's surveys", () => {
  it("lists each survey with its state, deadline and answers, and no form for a member", async () => {
    renderApp({ route: `/klynger/${CLUSTER_ID}/undersoegelser`, fake: surveysApi(asRole([])) });
    const list = await screen.findByRole("list", { name: "Undersøgelser" });
    const item = within(list).getByRole("listitem");
    expect(within(item).getByRole("link", { name: "Evaluering: Stop op" })).toBeInTheDocument();
    expect(within(item).getByText("Åben")).toBeInTheDocument();
    expect(within(item).getByText("19 af 24 har svaret")).toBeInTheDocument();
    expect(within(item).getByText(/^Svarfrist /)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ny undersøgelse" })).not.toBeInTheDocument();
  });

  it("lets a coordinator make a draft from a template, previewing its questions, and send it to the cluster", async () => {
    const draft = survey({ state: "draft", sent_at: null, recipient_count: 0, response_count: 0 });
    const fake = surveysApi(asRole(["coordinator"]), draft)
      .on(`POST /api/v1/clusters/${CLUSTER_ID}/surveys`, () => json(draft, 201, { ETag: '"survey-1"' }))
      .on(`POST /api/v1/surveys/${SURVEY_ID}/send`, () => json({ ...draft, state: "open", recipient_count: 3 }, 200, { ETag: '"survey-2"' }));
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/undersoegelser`, fake });
    await user.click(await screen.findByRole("button", { name: "Ny undersøgelse" }));
    const form = await screen.findByRole("region", { name: "Ny undersøgelse" });
    expect(within(form).getByLabelText("Skabelon")).toHaveValue(TEMPLATE_ID);
    expect(within(form).getByText("Mødet var tilfredsstillende")).toBeInTheDocument();
    expect(within(form).getByLabelText("Anonyme svar")).toBeChecked();
    expect(within(form).getByLabelText("Mindste antal svar")).toHaveValue(5);
    await user.type(within(form).getByLabelText("Titel"), "Evaluering: Stop op");
    await user.click(within(form).getByRole("button", { name: "Gem som kladde" }));

    const dialog = await screen.findByRole("dialog", { name: "Send »Evaluering: Stop op«" });
    expect(await within(dialog).findByText("Sendes til 3 personer.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Send nu" }));
    expect(await screen.findByText("Undersøgelsen er sendt til 3 personer.")).toBeInTheDocument();

    const [created] = fake.callsTo(`POST /api/v1/clusters/${CLUSTER_ID}/surveys`);
    expect(created?.body).toMatchObject({ template_id: TEMPLATE_ID, title: "Evaluering: Stop op", audience: "cluster", anonymous: true, min_responses: 5, sub_cluster_id: null, meeting_id: null });
    expect(fake.callsTo(`POST /api/v1/surveys/${SURVEY_ID}/send`)).toHaveLength(1);
  });

  it("opens the form prefilled from a meeting's evaluation", async () => {
    const { user: _user } = renderApp({ route: `/klynger/${CLUSTER_ID}/undersoegelser?ny=1&skabelon=${TEMPLATE_ID}&moede=m1`, fake: surveysApi(asRole(["board_member"])) });
    const form = await screen.findByRole("region", { name: "Ny undersøgelse" });
    expect(within(form).getByLabelText("Deltagerne i et møde")).toBeChecked();
    expect(within(form).getByLabelText("Møde")).toBeInTheDocument();
  });
});

describe("a survey's page", () => {
  it("shows the results: the response rate, the Likert bar's share who agree beside the nation's, free texts and the trend as a table", async () => {
    const downloads = captureDownloads();
    const fake = surveysApi(asRole(["coordinator"]), survey({ state: "closed", closed_at: LAST_MONTH })).on(`GET /api/v1/surveys/${SURVEY_ID}/results.csv`, () =>
      new Response("question_position,question\n", { status: 200, headers: { "Content-Type": "text/csv", "Content-Disposition": "attachment; filename=\"resultater.csv\"" } }),
    );
    const { user } = renderApp({ route: `/undersoegelser/${SURVEY_ID}`, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Evaluering: Stop op" })).toBeInTheDocument();
    expect(await screen.findByText("svarprocent")).toBeInTheDocument();
    expect(screen.getByText("svarprocent").previousElementSibling).toHaveTextContent("79 %");
    expect(screen.getByText("79 % helt eller delvist enig")).toBeInTheDocument();
    expect(screen.getByText("Landsgennemsnit: 81 % enig")).toBeInTheDocument();
    expect(screen.getByText("Mere tid til cases")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Luk nu" })).not.toBeInTheDocument();

    await user.click(screen.getByText("Tabel"));
    const table = screen.getByRole("table", { name: "Svarene på »Mødet var tilfredsstillende«" });
    expect(within(table).getByRole("row", { name: /Helt enig/ })).toHaveTextContent("Helt enig737 %50 %");
    const trend = screen.getByRole("table", { name: "Andel enige pr. møde" });
    expect(within(trend).getAllByRole("row")).toHaveLength(3);

    await user.click(screen.getByRole("button", { name: "Hent som CSV" }));
    await vi.waitFor(() => { expect(downloads.map((download) => download.fileName)).toEqual(["resultater.csv"]); });
  });

  it("says the results wait for the minimum of answers", async () => {
    const fake = surveysApi(asRole(["coordinator"]), survey({ state: "closed" })).on(`GET /api/v1/surveys/${SURVEY_ID}/results`, () =>
      json(results({ suppressed: true, responses: 3, questions: results().questions.map((question) => ({ ...question, distribution: null, agree_share: null, texts: null })) })),
    );
    renderApp({ route: `/undersoegelser/${SURVEY_ID}`, fake });
    expect(await screen.findByText("Resultater vises først ved mindst 5 svar.")).toBeInTheDocument();
    expect(screen.queryByText(/^\d+ % helt eller delvist enig$/)).not.toBeInTheDocument();
  });

  it("reminds those who have not answered, and closes the survey after a confirmation", async () => {
    const fake = surveysApi(asRole(["coordinator"]))
      .on(`POST /api/v1/surveys/${SURVEY_ID}/remind`, () => json({ reminded: 5 }))
      .on(`POST /api/v1/surveys/${SURVEY_ID}/close`, () => json(survey({ state: "closed" }), 200, { ETag: '"survey-2"' }));
    const { user } = renderApp({ route: `/undersoegelser/${SURVEY_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Send påmindelse (5)" }));
    const remind = await screen.findByRole("dialog", { name: "Send påmindelse" });
    expect(within(remind).getByText("5 har ikke svaret endnu og får en påmindelse med deres link.")).toBeInTheDocument();
    await user.click(within(remind).getByRole("button", { name: "Send påmindelse" }));
    expect(await screen.findByText("Påmindelsen er sendt til 5.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Luk nu" }));
    const close = await screen.findByRole("dialog", { name: "Luk undersøgelsen nu?" });
    await user.click(await within(close).findByRole("button", { name: "Luk undersøgelsen" }));
    expect(await screen.findByText("Undersøgelsen er lukket.")).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/surveys/${SURVEY_ID}/close`)).toHaveLength(1);
  });

  it("explains in Danish when the deadline was changed by someone else meanwhile (412)", async () => {
    const fake = surveysApi(asRole(["coordinator"])).on(`PUT /api/v1/surveys/${SURVEY_ID}`, () =>
      problemResponse(412, "precondition-failed", "Precondition Failed", "The survey has changed."),
    );
    const { user } = renderApp({ route: `/undersoegelser/${SURVEY_ID}`, fake });
    await user.click(await screen.findByRole("button", { name: "Ret svarfrist" }));
    const dialog = await screen.findByRole("dialog", { name: "Ret svarfristen" });
    await user.click(await within(dialog).findByRole("button", { name: "Gem" }));
    expect(await within(dialog).findByText(/Undersøgelsen er ændret af en anden, mens du rettede svarfristen/)).toBeInTheDocument();
    const [call] = fake.callsTo(`PUT /api/v1/surveys/${SURVEY_ID}`);
    expect(call?.body).toEqual({ closes_at: expect.stringMatching(/Z$/) as unknown });
  });
});

describe("the unit's surveys", () => {
  it("lists the unit's and its clusters' surveys with the cluster's name", async () => {
    const consultant: FakeAccount = {
      ...karen,
      clusters: [],
      organisations: [{ id: "o1", code: "midtkraft", name: "MidtKraft", kind: "regional_unit", region_code: "midtjylland", created_at: STAMP, updated_at: STAMP }],
    };
    renderApp({ route: "/enhed/undersoegelser", fake: surveysApi(consultant, survey({ permissions: { manage: false, results: true } })) });
    expect(await screen.findByRole("heading", { level: 1, name: "Undersøgelser" })).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Undersøgelser" });
    expect(within(list).getByText(/Demoklyngen Viborg/)).toBeInTheDocument();
    expect(within(list).getByRole("link", { name: "Evaluering: Stop op" })).toHaveAttribute("href", `/undersoegelser/${SURVEY_ID}`);
  });
});
