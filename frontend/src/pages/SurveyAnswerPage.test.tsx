import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { AnswerForm } from "../api/surveyAnswers";
import { seriousViolations } from "../test/axe";
import { FakeApi, problemResponse } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

const TOKEN = "Zk3vQy0n4l1nk-fra-mailen_8xYwP2sT5uV7aB9cD1e";
const ROUTE = `/svar/${TOKEN}`;
const PATH = `/api/v1/survey-answers/${TOKEN}`;
const DRAFT_KEY = `survey-answer-draft:${TOKEN}`;

const Q = {
  likert: "00000000-0000-4000-8000-000000000001",
  nps: "00000000-0000-4000-8000-000000000002",
  single: "00000000-0000-4000-8000-000000000003",
  multiple: "00000000-0000-4000-8000-000000000004",
  number: "00000000-0000-4000-8000-000000000005",
  text: "00000000-0000-4000-8000-000000000006",
};

function question(id: string, position: number, kind: AnswerForm["survey"]["questions"][number]["kind"], text: string, extra = {}) {
  return { id, position, kind, text, help: "", required: false, options: [], min_value: null, max_value: null, ...extra };
}

function form(state: AnswerForm["state"] = "open"): AnswerForm {
  return {
    state,
    survey: {
      title: "Før mødet: Stop op",
      intro: "Inden mødet vil vi gerne høre, hvordan du vil have klyngens møder.",
      purpose: "pre_meeting",
      anonymous: true,
      // A record's stamp: the page shows it and compares it with nothing.
      closes_at: "2026-12-01T15:30:00Z",
      cluster_name: "Demoklyngen Viborg",
      owner_name: "Demoklyngen Viborg",
      questions: [
        question(Q.likert, 0, "likert", "Mødet var tilfredsstillende", { required: true, help: "Tænk på hele mødet." }),
        question(Q.nps, 1, "nps", "Hvor sandsynligt er det, at du vil anbefale møderne?"),
        question(Q.single, 2, "single_choice", "Hvilken mødeform foretrækker du?", {
          required: true,
          options: ["Fyraftensmøde", "Dagsmøde", "Virtuelt møde"],
        }),
        question(Q.multiple, 3, "multiple_choice", "Hvilke emner vil du have?", {
          options: ["Lungesygdomme", "Psykiatri", "Data og kvalitetsarbejde"],
        }),
        question(Q.number, 4, "number", "Hvor mange møder om året?", { min_value: 1, max_value: 8 }),
        question(Q.text, 5, "free_text", "Er der andet?"),
      ],
    },
  };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function fakeWith(state: AnswerForm["state"] = "open") {
  return new FakeApi().on(`GET ${PATH}`, () => json(form(state)));
}

const card = (number: number) => screen.getByRole("region", { name: `Spørgsmål ${String(number)} af 6` });

afterEach(() => {
  localStorage.clear();
});

describe("the answer page of a survey's link", () => {
  it("shows the survey, who asks, the deadline and that it is anonymous, without a sign-in", async () => {
    const fake = fakeWith();
    renderApp({ route: ROUTE, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" })).toBeInTheDocument();
    expect(screen.getByText("Fra Demoklyngen Viborg")).toBeInTheDocument();
    expect(screen.getByText("Svarfrist: 1. december 2026 kl. 16.30")).toBeInTheDocument();
    expect(screen.getByText("Dine svar er anonyme")).toBeInTheDocument();
    expect(screen.getAllByText("0 af 6 besvaret").length).toBeGreaterThan(0);
    // The Likert scale in Danish, the NPS scale explained, the required questions marked.
    const likert = within(card(1));
    expect(likert.getByRole("radiogroup", { name: /Mødet var tilfredsstillende/ })).toBeInTheDocument();
    for (const label of ["Helt uenig", "Delvis uenig", "Hverken enig eller uenig", "Delvis enig", "Helt enig"]) {
      expect(likert.getByRole("radio", { name: label })).toBeInTheDocument();
    }
    expect(likert.getByText("Tænk på hele mødet.")).toBeInTheDocument();
    expect(likert.getByText("Skal besvares")).toBeInTheDocument();
    expect(within(card(2)).getAllByRole("radio")).toHaveLength(11);
    expect(within(card(2)).getByText("0 = slet ikke sandsynligt, 10 = meget sandsynligt")).toBeInTheDocument();
    expect(within(card(2)).queryByText("Skal besvares")).not.toBeInTheDocument();
    expect(within(card(5)).getByText("Et helt tal fra 1 til 8.")).toBeInTheDocument();
    expect(within(card(6)).getByRole("textbox")).toHaveAttribute("maxlength", "5000");
    await waitFor(() => {
      expect(document.title).toBe("Besvar undersøgelse – Klyngeplatformen");
    });
    // The link is the only credential: no bearer token, no refresh cookie.
    const [call] = fake.callsTo(`GET ${PATH}`);
    expect(call?.authorization).toBeNull();
    expect(call?.cache).toBe("no-store");
  });

  it("keeps the half-filled answer on the device, restores it after a reload and clears it once sent", async () => {
    const fake = fakeWith().on(`POST ${PATH}`, () => json({ state: "answered" }, 201));
    const first = renderApp({ route: ROUTE, fake });
    const { user } = first;
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    await user.click(within(card(1)).getByRole("radio", { name: "Delvis enig" }));
    await user.click(within(card(2)).getByRole("radio", { name: "9" }));
    await user.click(within(card(4)).getByRole("checkbox", { name: "Psykiatri" }));
    await user.type(within(card(6)).getByRole("textbox"), "Mere tid til cases");
    expect(screen.getAllByText("4 af 6 besvaret").length).toBeGreaterThan(0);
    expect(JSON.parse(localStorage.getItem(DRAFT_KEY) ?? "{}")).toEqual({
      answers: { [Q.likert]: 4, [Q.nps]: 9, [Q.multiple]: [1], [Q.text]: "Mere tid til cases" },
    });

    // A reload: the page comes back with what was filled in.
    first.unmount();
    const second = renderApp({ route: ROUTE, fake });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    expect(screen.getByText(/Vi har hentet det, du var nået til sidst./)).toBeInTheDocument();
    expect(within(card(1)).getByRole("radio", { name: "Delvis enig" })).toBeChecked();
    expect(within(card(2)).getByRole("radio", { name: "9" })).toBeChecked();
    expect(within(card(4)).getByRole("checkbox", { name: "Psykiatri" })).toBeChecked();
    expect(within(card(6)).getByRole("textbox")).toHaveValue("Mere tid til cases");

    await second.user.click(within(card(3)).getByRole("radio", { name: "Dagsmøde" }));
    await second.user.type(within(card(5)).getByRole("textbox"), "4");
    await second.user.click(screen.getByRole("button", { name: "Send svar" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Tak for dit svar" })).toBeInTheDocument();
    expect(fake.callsTo(`POST ${PATH}`)[0]?.body).toEqual({
      answers: [
        { question_id: Q.likert, value: 4 },
        { question_id: Q.nps, value: 9 },
        { question_id: Q.single, value: 1 },
        { question_id: Q.multiple, values: [1] },
        { question_id: Q.number, value: 4 },
        { question_id: Q.text, text: "Mere tid til cases" },
      ],
    });
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
  }, 20_000);

  it("passes axe with every kind of question, also with the messages of a refused send", async () => {
    const { user } = renderApp({ route: ROUTE, fake: fakeWith() });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    await user.click(within(card(2)).getByRole("radio", { name: "7" }));
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Send svar" }));
    await screen.findByText("Nogle svar mangler eller skal rettes");
    expect(await seriousViolations()).toEqual([]);
  }, 20_000);

  it("leaves out a stored answer that no longer fits its question", async () => {
    localStorage.setItem(
      DRAFT_KEY,
      JSON.stringify({ answers: { [Q.likert]: 7, [Q.single]: 2, "00000000-0000-4000-8000-00000000ffff": 3 } }),
    );
    renderApp({ route: ROUTE, fake: fakeWith() });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    expect(within(card(3)).getByRole("radio", { name: "Virtuelt møde" })).toBeChecked();
    expect(within(card(1)).queryAllByRole("radio", { checked: true })).toHaveLength(0);
    expect(screen.getAllByText("1 af 6 besvaret").length).toBeGreaterThan(0);
  });

  it("checks the required questions and the number's range in Danish before sending", async () => {
    const fake = fakeWith().on(`POST ${PATH}`, () => json({ state: "answered" }, 201));
    const { user } = renderApp({ route: ROUTE, fake });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    await user.type(within(card(5)).getByRole("textbox"), "12");
    await user.click(screen.getByRole("button", { name: "Send svar" }));
    expect(await screen.findByText("Nogle svar mangler eller skal rettes")).toBeInTheDocument();
    expect(within(card(1)).getByText("Besvar spørgsmålet.")).toBeInTheDocument();
    expect(within(card(3)).getByText("Besvar spørgsmålet.")).toBeInTheDocument();
    expect(within(card(5)).getByText("Skal være mellem 1 og 8.")).toBeInTheDocument();
    expect(within(card(2)).queryByText("Besvar spørgsmålet.")).not.toBeInTheDocument();
    expect(fake.count(`POST ${PATH}`)).toBe(0);
    // The first question to mend has the focus; answering it removes its message.
    await waitFor(() => {
      expect(within(card(1)).getByRole("radio", { name: "Helt uenig" })).toHaveFocus();
    });
    await user.click(within(card(1)).getByRole("radio", { name: "Helt enig" }));
    expect(within(card(1)).queryByText("Besvar spørgsmålet.")).not.toBeInTheDocument();
  });

  it("shows the API's refusal (422) at the questions it is about", async () => {
    const fake = fakeWith().on(
      `POST ${PATH}`,
      () =>
        new Response(
          JSON.stringify({
            type: "urn:cluster-platform:problem:rule-violation",
            title: "Unprocessable Content",
            status: 422,
            detail: "The request is well formed but breaks a rule.",
            errors: { answers: ["Question 3 must be answered."], "answers.1.value": ["Must be from 1 to 8."] },
            codes: {
              answers: [{ code: "answer_required", question_id: Q.single }],
              "answers.1.value": [{ code: "out_of_range", min: 1, max: 8, question_id: Q.number }],
            },
          }),
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
    );
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ answers: { [Q.likert]: 5, [Q.single]: 0, [Q.number]: 3 } }));
    const { user } = renderApp({ route: ROUTE, fake });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    await user.click(screen.getByRole("button", { name: "Send svar" }));
    expect(await within(card(3)).findByText("Spørgsmålet skal besvares.")).toBeInTheDocument();
    expect(within(card(5)).getByText("Skal være mellem 1 og 8.")).toBeInTheDocument();
    expect(screen.queryByText(/must be/i)).not.toBeInTheDocument();
    // Nothing was recorded: the draft stays.
    expect(localStorage.getItem(DRAFT_KEY)).not.toBeNull();
  });

  it("keeps the draft when the answer is lost on the way, and sends it again safely", async () => {
    let attempts = 0;
    const fake = fakeWith().on(`POST ${PATH}`, () => {
      attempts += 1;
      // The first answer never arrives; the retry finds the answer recorded (200).
      if (attempts === 1) return Promise.reject(new TypeError("Failed to fetch"));
      return json({ state: "answered" }, 200);
    });
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ answers: { [Q.likert]: 5, [Q.single]: 0 } }));
    const { user } = renderApp({ route: ROUTE, fake });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    await user.click(screen.getByRole("button", { name: "Send svar" }));
    expect(await screen.findByText("Dit svar er ikke sendt")).toBeInTheDocument();
    expect(screen.getByText("Serveren kan ikke nås. Tjek din forbindelse, og prøv igen om lidt.")).toBeInTheDocument();
    expect(localStorage.getItem(DRAFT_KEY)).not.toBeNull();
    await user.click(screen.getByRole("button", { name: "Prøv igen" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Tak for dit svar" })).toBeInTheDocument();
    expect(fake.count(`POST ${PATH}`)).toBe(2);
    expect(fake.callsTo(`POST ${PATH}`)[1]?.body).toEqual(fake.callsTo(`POST ${PATH}`)[0]?.body);
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
  });

  it("sends once however often the button is pressed while sending", async () => {
    const fake = fakeWith().on(`POST ${PATH}`, () => json({ state: "answered" }, 201));
    const release = fake.hold(`POST ${PATH}`);
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ answers: { [Q.likert]: 5, [Q.single]: 0 } }));
    const { user } = renderApp({ route: ROUTE, fake });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    const button = screen.getByRole("button", { name: "Send svar" });
    await user.dblClick(button);
    expect(await screen.findByRole("button", { name: "Sender …" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Sender …" }));
    release();
    expect(await screen.findByRole("heading", { level: 1, name: "Tak for dit svar" })).toBeInTheDocument();
    expect(fake.count(`POST ${PATH}`)).toBe(1);
  });

  it("says so when the link has answered already, and forgets the draft", async () => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ answers: { [Q.likert]: 5 } }));
    renderApp({ route: ROUTE, fake: fakeWith("answered") });
    expect(await screen.findByRole("heading", { level: 1, name: "Du har allerede svaret" })).toBeInTheDocument();
    expect(screen.getByText(/»Før mødet: Stop op«/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send svar" })).not.toBeInTheDocument();
    await waitFor(() => {
      expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
    });
  });

  it("says so when the survey is closed", async () => {
    renderApp({ route: ROUTE, fake: fakeWith("closed") });
    expect(await screen.findByRole("heading", { level: 1, name: "Undersøgelsen er lukket" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send svar" })).not.toBeInTheDocument();
  });

  it("says so when the survey closes while the person answers (409)", async () => {
    const fake = fakeWith().on(`POST ${PATH}`, () => {
      const response = problemResponse(409, "conflict", "Conflict", "The survey is closed.");
      return response;
    });
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ answers: { [Q.likert]: 5, [Q.single]: 0 } }));
    const { user } = renderApp({ route: ROUTE, fake });
    await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" });
    await user.click(screen.getByRole("button", { name: "Send svar" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Undersøgelsen er lukket" })).toBeInTheDocument();
  });

  it("says that a link it does not know does not exist (404)", async () => {
    renderApp({ route: "/svar/et-ukendt-link" });
    expect(await screen.findByRole("heading", { level: 1, name: "Linket findes ikke" })).toBeInTheDocument();
    expect(screen.getByText(/Tjek, at du har brugt hele linket fra e-mailen./)).toBeInTheDocument();
  });

  it("offers to try again when the form cannot be fetched", async () => {
    let attempts = 0;
    const fake = new FakeApi().on(`GET ${PATH}`, () => {
      attempts += 1;
      // The first fetch fails (the tests' query client does not retry by itself); the person asks again.
      return attempts <= 1 ? Promise.reject(new TypeError("Failed to fetch")) : json(form());
    });
    const { user } = renderApp({ route: ROUTE, fake });
    expect(await screen.findByRole("alert")).toHaveTextContent("Serveren kan ikke nås.");
    await user.click(screen.getByRole("button", { name: "Prøv igen" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Før mødet: Stop op" })).toBeInTheDocument();
    expect(attempts).toBe(2);
  });
});
