/**
 * Answering a survey from the personal link in its e-mail (`/svar/:token`), without signing in:
 * the link's token is the credential. The form and the answers go to the API without a bearer
 * token, and nothing about them is kept by the browser's HTTP cache.
 *
 * The half-filled answer is kept on the device (localStorage) until it is sent, so that a phone
 * that reloads the page, or loses its connection, does not lose it. It is kept under the link's
 * token and goes nowhere else.
 */
import { useQuery } from "@tanstack/react-query";
import createClient from "openapi-fetch";
import { useMemo } from "react";
import { useApi } from "./context";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
export type AnswerForm = Schemas["SurveyAnswerForm"];
export type AnswerFormSurvey = Schemas["SurveyAnswerFormSurvey"];
export type AnswerFormQuestion = Schemas["SurveyAnswerFormQuestion"];
export type QuestionKind = AnswerFormQuestion["kind"];
export type AnswerItem = Schemas["SurveyAnswerItem"];

/** The Likert scale's points, 1 to 5, as the API counts them. */
export const LIKERT_VALUES = [1, 2, 3, 4, 5] as const;
/** The NPS scale, 0 to 10. */
export const NPS_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** The longest free text answer the API takes. */
export const MAX_TEXT_LENGTH = 5000;

/** One question's answer as the page holds it: a number, the chosen options' indexes, or text. */
export type DraftValue = number | number[] | string;
export type Draft = Record<string, DraftValue>;

export const answerFormKey = (token: string) => ["survey-answer", token] as const;

/** A client without the session's bearer token: the link is the only credential here. */
function usePublicClient() {
  const { baseUrl } = useApi();
  return useMemo(
    () =>
      createClient<paths>({
        baseUrl,
        fetch: (request: Request) => globalThis.fetch(request),
        cache: "no-store",
      }),
    [baseUrl],
  );
}

/** The survey of the link, and whether the link may still answer. */
export function useAnswerForm(token: string) {
  const client = usePublicClient();
  return useQuery({
    queryKey: answerFormKey(token),
    queryFn: () =>
      unwrap(client.GET("/api/v1/survey-answers/{token}", { params: { path: { token } } })),
  });
}

/** Send the answers: true when they were recorded now (201), false when the link had answered
 * already (200: nothing written, so a retry after a lost answer is safe). */
export function useSubmitAnswers(token: string) {
  const client = usePublicClient();
  return async (answers: AnswerItem[]): Promise<boolean> => {
    let status = 0;
    await unwrap(
      client
        .POST("/api/v1/survey-answers/{token}", { params: { path: { token } }, body: { answers } })
        .then((result) => {
          status = result.response.status;
          return result;
        }),
    );
    return status === 201;
  };
}

/** The answers to send: one per answered question, in the field its kind is answered in. */
export function answersOf(questions: readonly AnswerFormQuestion[], draft: Draft): AnswerItem[] {
  const answers: AnswerItem[] = [];
  for (const question of questions) {
    const value = draft[question.id];
    if (value === undefined) continue;
    if (question.kind === "multiple_choice") {
      if (Array.isArray(value) && value.length > 0) {
        answers.push({ question_id: question.id, values: [...value].sort((a, b) => a - b) });
      }
    } else if (question.kind === "free_text") {
      if (typeof value === "string" && value.trim() !== "") answers.push({ question_id: question.id, text: value });
    } else if (typeof value === "number") {
      answers.push({ question_id: question.id, value });
    }
  }
  return answers;
}

/** Whether the question has an answer in the draft. */
export function isAnswered(question: AnswerFormQuestion, value: DraftValue | undefined): boolean {
  if (value === undefined) return false;
  if (question.kind === "multiple_choice") return Array.isArray(value) && value.length > 0;
  if (question.kind === "free_text") return typeof value === "string" && value.trim() !== "";
  return typeof value === "number";
}

// --- the draft on the device ---------------------------------------------------------------------

const DRAFT_PREFIX = "survey-answer-draft:";

/**
 * The device's storage, for the draft alone. Nothing else of the app is stored in the browser
 * (the session lives in memory); a draft holds no credential beyond the link it is kept under,
 * which is already in the browser's history, and it is removed once the answer is sent.
 */
function storage(): Storage {
  // eslint-disable-next-line no-restricted-properties -- the answer page's draft, see above
  return window.localStorage;
}

function draftKey(token: string): string {
  return DRAFT_PREFIX + token;
}

function fitsQuestion(question: AnswerFormQuestion, value: unknown): value is DraftValue {
  const isIndex = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < question.options.length;
  switch (question.kind) {
    case "likert":
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
    case "nps":
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10;
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "single_choice":
      return isIndex(value);
    case "multiple_choice":
      return Array.isArray(value) && value.every(isIndex);
    case "free_text":
      return typeof value === "string";
    default:
      return false;
  }
}

/** The draft kept for the link, only its answers that still fit the survey's questions. */
export function loadDraft(token: string, questions: readonly AnswerFormQuestion[]): Draft {
  let stored: unknown;
  try {
    stored = JSON.parse(storage().getItem(draftKey(token)) ?? "null");
  } catch {
    return {};
  }
  if (typeof stored !== "object" || stored === null) return {};
  const answers = (stored as { answers?: unknown }).answers;
  if (typeof answers !== "object" || answers === null) return {};
  const draft: Draft = {};
  for (const question of questions) {
    const value: unknown = (answers as Record<string, unknown>)[question.id];
    if (fitsQuestion(question, value)) draft[question.id] = value;
  }
  return draft;
}

/** Keep the draft on the device (a full or private storage only loses the convenience). */
export function saveDraft(token: string, draft: Draft): void {
  try {
    storage().setItem(draftKey(token), JSON.stringify({ answers: draft }));
  } catch {
    // Storage full or refused: the answer can still be sent.
  }
}

export function clearDraft(token: string): void {
  try {
    storage().removeItem(draftKey(token));
  } catch {
    // Nothing kept.
  }
}
