import "../theme/pageStyles";
import "@mantine/core/styles/Chip.css";
import "@mantine/core/styles/NumberInput.css";
import {
  Box,
  Button,
  Checkbox,
  Chip,
  Group,
  NumberInput,
  Paper,
  Progress,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { IconRefresh, IconSend } from "@tabler/icons-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useParams } from "react-router";
import { describeError } from "../api/describeError";
import { describeFieldCode } from "../api/errorCodes";
import { ApiError } from "../api/errors";
import {
  answersOf,
  clearDraft,
  isAnswered,
  LIKERT_VALUES,
  loadDraft,
  MAX_TEXT_LENGTH,
  NPS_VALUES,
  saveDraft,
  useAnswerForm,
  useSubmitAnswers,
  type AnswerForm,
  type AnswerFormQuestion,
  type AnswerItem,
  type Draft,
  type DraftValue,
} from "../api/surveyAnswers";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Notice } from "../components/Notice";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";
import type { PlainKey, Translate } from "../i18n/translate";

/** How sending ends when it does not show the form again: a 201 or a 200 (the link had
 * answered already) thanks; a 409 says the survey closed meanwhile; a 404 that the link is gone. */
type Outcome = "thanks" | "closed" | "not-found";

const LIKERT_KEYS: Record<(typeof LIKERT_VALUES)[number], PlainKey> = {
  1: "surveyAnswer.likert.1",
  2: "surveyAnswer.likert.2",
  3: "surveyAnswer.likert.3",
  4: "surveyAnswer.likert.4",
  5: "surveyAnswer.likert.5",
};

/** The answer page of a survey's personal link: no sign-in, made for a phone. */
export default function SurveyAnswerPage() {
  const { token = "" } = useParams();
  const form = useAnswerForm(token);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const state = form.data?.state;

  // A link that has answered, or can no longer answer, has no use for a draft.
  useEffect(() => {
    if (state === "answered" || state === "closed") clearDraft(token);
  }, [state, token]);

  if (outcome === "not-found") return <NotFoundView />;
  if (form.isPending) return <LoadingState />;
  if (form.isError) {
    if (form.error instanceof ApiError && form.error.status === 404) return <NotFoundView />;
    return <ErrorState error={form.error} onRetry={() => void form.refetch()} />;
  }
  const title = form.data.survey.title;
  if (outcome === "thanks") return <EndView end="thanks" survey={title} />;
  if (state === "answered") return <EndView end="answered" survey={title} />;
  if (outcome === "closed" || state === "closed") return <EndView end="closed" survey={title} />;
  return <AnswerFormView token={token} form={form.data} onOutcome={setOutcome} />;
}

function NotFoundView() {
  const { t } = useI18n();
  useDocumentTitle("surveyAnswer.notFoundTitle");
  return (
    <Stack gap="md">
      <Title order={1}>{t("surveyAnswer.notFoundTitle")}</Title>
      <Text>{t("surveyAnswer.notFoundText")}</Text>
    </Stack>
  );
}

const END_TEXTS = {
  thanks: { title: "surveyAnswer.thanksTitle", text: "surveyAnswer.thanksText" },
  answered: { title: "surveyAnswer.answeredTitle", text: "surveyAnswer.answeredText" },
  closed: { title: "surveyAnswer.closedTitle", text: "surveyAnswer.closedText" },
} as const satisfies Record<string, { title: PlainKey; text: string }>;

/** The page once the link can no longer answer: thanks, answered before, or closed. */
function EndView({ end, survey }: { end: keyof typeof END_TEXTS; survey: string }) {
  const { t } = useI18n();
  const { title, text } = END_TEXTS[end];
  useDocumentTitle(title);
  return (
    <Stack gap="md">
      <Title order={1}>{t(title)}</Title>
      <Text>{t(text, { title: survey })}</Text>
    </Stack>
  );
}

// --- the form ---------------------------------------------------------------------------------------

/** What is wrong with each question's answer before it is sent. */
function validate(questions: readonly AnswerFormQuestion[], draft: Draft, t: Translate, formatNumber: (n: number) => string) {
  const errors: Record<string, string[]> = {};
  for (const question of questions) {
    const value = draft[question.id];
    if (!isAnswered(question, value)) {
      if (question.required) errors[question.id] = [t("surveyAnswer.required")];
      continue;
    }
    if (question.kind === "number" && typeof value === "number") {
      const { min_value: min, max_value: max } = question;
      if ((min !== null && value < min) || (max !== null && value > max)) {
        errors[question.id] = [rangeText(t, formatNumber, min, max, "error")];
      }
    }
    if (question.kind === "free_text" && typeof value === "string" && value.length > MAX_TEXT_LENGTH) {
      errors[question.id] = [t("surveyAnswer.textLimit", { max: formatNumber(MAX_TEXT_LENGTH) })];
    }
  }
  return errors;
}

function rangeText(
  t: Translate,
  formatNumber: (n: number) => string,
  min: number | null,
  max: number | null,
  use: "hint" | "error",
): string {
  if (min !== null && max !== null) {
    return use === "hint"
      ? t("surveyAnswer.numberRange", { min: formatNumber(min), max: formatNumber(max) })
      : t("errorCode.out_of_range", { min: formatNumber(min), max: formatNumber(max) });
  }
  if (min !== null) {
    return use === "hint"
      ? t("surveyAnswer.numberMin", { min: formatNumber(min) })
      : t("errorCode.out_of_range_min", { min: formatNumber(min) });
  }
  if (max !== null) {
    return use === "hint"
      ? t("surveyAnswer.numberMax", { max: formatNumber(max) })
      : t("errorCode.out_of_range_max", { max: formatNumber(max) });
  }
  return "";
}

/**
 * The API's refusal of the answers (422), per question: each message names its `question_id`,
 * or sits under the answer it is about (`answers.<index>.…`). Messages about no question are
 * left out (the page then shows the error as a whole).
 */
function serverErrors(
  error: ApiError,
  sent: readonly AnswerItem[],
  questions: readonly AnswerFormQuestion[],
  t: Translate,
  locale: string,
): Record<string, string[]> {
  const known = new Set(questions.map((question) => question.id));
  const errors: Record<string, string[]> = {};
  for (const [path, codes] of Object.entries(error.problem?.codes ?? {})) {
    const index = /^answers\.(\d+)/.exec(path)?.[1];
    const fromPath = index === undefined ? undefined : sent[Number(index)]?.question_id;
    for (const code of codes) {
      const named = (code as { question_id?: unknown }).question_id;
      const questionId = typeof named === "string" ? named : fromPath;
      if (questionId === undefined || !known.has(questionId)) continue;
      const text =
        code.code === "too_long" && code.unit === "characters" && code.max !== undefined
          ? t("surveyAnswer.textLimit", { max: code.max.toLocaleString(locale) })
          : describeFieldCode(code, t, locale);
      (errors[questionId] ??= []).push(text);
    }
  }
  return errors;
}

function AnswerFormView({
  token,
  form,
  onOutcome,
}: {
  token: string;
  form: AnswerForm;
  onOutcome: (outcome: Outcome) => void;
}) {
  const { t, locale, formatDateTime, formatNumber } = useI18n();
  const { survey } = form;
  const questions = survey.questions;
  const submit = useSubmitAnswers(token);
  useDocumentTitle("surveyAnswer.documentTitle");
  const [draft, setDraft] = useState<Draft>(() => loadDraft(token, questions));
  const [restored] = useState(() => Object.keys(draft).length > 0);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  // Set at once on the first click, before React has re-rendered the disabled button.
  const pending = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  function change(questionId: string, value: DraftValue | undefined) {
    setDraft((current) => {
      const { [questionId]: _previous, ...others } = current;
      const next = value === undefined ? others : { ...others, [questionId]: value };
      saveDraft(token, next);
      return next;
    });
    setErrors((current) => {
      if (!(questionId in current)) return current;
      const { [questionId]: _mended, ...others } = current;
      return others;
    });
  }

  function showErrors(found: Record<string, string[]>) {
    setErrors(found);
    // The first question to mend, in the order shown, gets the focus.
    const first = questions.find((question) => question.id in found);
    window.setTimeout(() => {
      const card = first ? document.getElementById(cardId(first.id)) : null;
      const input = card?.querySelector<HTMLElement>("input, textarea");
      if (input) input.focus();
      else summaryRef.current?.focus();
    }, 0);
  }

  async function send() {
    if (pending.current) return;
    const found = validate(questions, draft, t, (n) => formatNumber(n));
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    pending.current = true;
    setSending(true);
    setSendError(null);
    setErrors({});
    const answers = answersOf(questions, draft);
    try {
      await submit(answers);
      clearDraft(token);
      onOutcome("thanks");
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        onOutcome("not-found");
      } else if (error instanceof ApiError && error.status === 409) {
        clearDraft(token);
        onOutcome("closed");
      } else if (error instanceof ApiError && error.status === 422) {
        const mapped = serverErrors(error, answers, questions, t, locale);
        if (Object.keys(mapped).length > 0) showErrors(mapped);
        else setSendError(error);
      } else {
        // No answer (a lost connection) or a server error: the draft stays, and sending again is
        // safe (a link that has answered is answered 200, and nothing is written twice).
        setSendError(error);
      }
    } finally {
      pending.current = false;
      setSending(false);
    }
  }

  const answered = questions.filter((question) => isAnswered(question, draft[question.id])).length;
  const total = questions.length;
  const hasErrors = Object.keys(errors).length > 0;
  const problem = sendError === null ? null : describeError(sendError, t);

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1}>{survey.title}</Title>
        <Text c="dimmed" size="sm">
          {t("surveyAnswer.owner", { owner: survey.owner_name })}
          {survey.cluster_name && survey.cluster_name !== survey.owner_name
            ? ` · ${t("surveyAnswer.cluster", { cluster: survey.cluster_name })}`
            : null}
        </Text>
        <Text size="sm" fw={600}>
          {t("surveyAnswer.deadline", { date: formatDateTime(survey.closes_at) })}
        </Text>
      </Stack>
      {survey.intro ? <Text style={{ whiteSpace: "pre-line" }}>{survey.intro}</Text> : null}
      <Notice
        tone="info"
        title={survey.anonymous ? t("surveyAnswer.anonymousTitle") : t("surveyAnswer.namedTitle")}
      >
        <Text size="sm">{survey.anonymous ? t("surveyAnswer.anonymousText") : t("surveyAnswer.namedText")}</Text>
      </Notice>
      <Text size="sm" c="dimmed">
        {restored ? `${t("surveyAnswer.draftRestored")} ` : null}
        {t("surveyAnswer.draftNote")}
      </Text>
      <ProgressBar answered={answered} total={total} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <Stack gap="md">
          {questions.map((question, index) => (
            <QuestionCard
              key={question.id}
              question={question}
              number={index + 1}
              total={total}
              value={draft[question.id]}
              error={errors[question.id]?.join(" ")}
              disabled={sending}
              onChange={(value) => { change(question.id, value); }}
            />
          ))}
          <div aria-live="assertive" aria-atomic="true" ref={summaryRef} tabIndex={-1}>
            {hasErrors ? (
              <Notice tone="error" title={t("surveyAnswer.fixErrors")}>
                <Text size="sm">{t("surveyAnswer.fixErrorsText")}</Text>
              </Notice>
            ) : null}
            {problem ? (
              <Notice tone="error" title={t("surveyAnswer.notSent")}>
                <Text size="sm">{problem.message}</Text>
                {problem.detail ? <Text size="sm">{problem.detail}</Text> : null}
                <Text size="sm">{t("surveyAnswer.notSentKept")}</Text>
                {problem.requestId ? <Text size="xs">{t("errors.requestId", { id: problem.requestId })}</Text> : null}
                <Box mt={4}>
                  <Button
                    variant="default"
                    size="xs"
                    leftSection={<IconRefresh size={16} aria-hidden />}
                    disabled={sending}
                    onClick={() => void send()}
                  >
                    {t("common.retry")}
                  </Button>
                </Box>
              </Notice>
            ) : null}
          </div>
          <Text size="sm" c="dimmed">
            {t("surveyAnswer.progress", { answered, total })}
          </Text>
          <Button
            type="submit"
            size="md"
            fullWidth
            disabled={sending}
            leftSection={<IconSend size={18} aria-hidden />}
          >
            {sending ? t("surveyAnswer.submitting") : t("surveyAnswer.submit")}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

function ProgressBar({ answered, total }: { answered: number; total: number }) {
  const { t } = useI18n();
  const share = total === 0 ? 100 : Math.round((answered / total) * 100);
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      style={{ position: "sticky", top: "calc(var(--app-shell-header-offset, 60px) + 4px)", zIndex: 2 }}
    >
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {t("surveyAnswer.progress", { answered, total })}
        </Text>
        <Progress value={share} size="sm" aria-label={t("surveyAnswer.progressLabel")} />
      </Stack>
    </Paper>
  );
}

function cardId(questionId: string): string {
  return `question-${questionId}`;
}

interface QuestionProps {
  question: AnswerFormQuestion;
  number: number;
  total: number;
  value: DraftValue | undefined;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: DraftValue | undefined) => void;
}

function QuestionCard({ question, number, total, value, error, disabled, onChange }: QuestionProps) {
  const { t } = useI18n();
  return (
    <Paper
      component="section"
      id={cardId(question.id)}
      withBorder
      radius="md"
      p="md"
      aria-label={t("surveyAnswer.questionNumber", { number, total })}
      style={error ? { borderColor: "var(--mantine-color-red-8)" } : undefined}
    >
      <Stack gap="xs">
        <Group gap="xs" justify="space-between">
          <Text size="sm" c="dimmed">
            {t("surveyAnswer.questionNumber", { number, total })}
          </Text>
          {question.required ? (
            <Text size="sm" fw={600}>
              {t("surveyAnswer.requiredBadge")}
            </Text>
          ) : null}
        </Group>
        <QuestionInput question={question} value={value} error={error} disabled={disabled} onChange={onChange} />
      </Stack>
    </Paper>
  );
}

function QuestionInput({
  question,
  value,
  error,
  disabled,
  onChange,
}: Omit<QuestionProps, "number" | "total">) {
  const { t, formatNumber } = useI18n();
  const label = (
    <Text component="span" fw={600} size="md">
      {question.text}
    </Text>
  );
  const help = question.help || null;
  const common = { label, withAsterisk: question.required, error, disabled };
  const description = (...parts: (ReactNode | null)[]) => {
    const shown = parts.filter((part) => part !== null && part !== "");
    return shown.length === 0 ? undefined : (
      <>
        {shown.map((part, index) => (
          <Box component="span" display="block" key={index}>
            {part}
          </Box>
        ))}
      </>
    );
  };

  switch (question.kind) {
    case "likert":
      return (
        <Radio.Group
          {...common}
          description={description(help)}
          value={typeof value === "number" ? String(value) : null}
          onChange={(chosen) => { onChange(Number(chosen)); }}
        >
          <Stack gap="sm" mt="xs">
            {LIKERT_VALUES.map((point) => (
              <Radio key={point} size="md" value={String(point)} label={t(LIKERT_KEYS[point])} disabled={disabled} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case "nps":
      return (
        <Radio.Group
          {...common}
          description={description(help, t("surveyAnswer.npsScale"))}
        >
          <NpsScale value={typeof value === "number" ? value : null} disabled={disabled} onChange={onChange} />
        </Radio.Group>
      );
    case "single_choice":
      return (
        <Radio.Group
          {...common}
          description={description(help)}
          value={typeof value === "number" ? String(value) : null}
          onChange={(chosen) => { onChange(Number(chosen)); }}
        >
          <Stack gap="sm" mt="xs">
            {question.options.map((option, index) => (
              <Radio key={option} size="md" value={String(index)} label={option} disabled={disabled} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case "multiple_choice":
      return (
        <Checkbox.Group
          {...common}
          description={description(help)}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(chosen) => { onChange(chosen.length === 0 ? undefined : chosen.map(Number).sort((a, b) => a - b)); }}
        >
          <Stack gap="sm" mt="xs">
            {question.options.map((option, index) => (
              <Checkbox key={option} size="md" value={String(index)} label={option} disabled={disabled} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case "number":
      return (
        <NumberInput
          {...common}
          description={description(
            help,
            rangeText(t, (n) => formatNumber(n), question.min_value, question.max_value, "hint") || null,
          )}
          size="md"
          inputMode="numeric"
          allowDecimal={false}
          clampBehavior="none"
          min={question.min_value ?? undefined}
          max={question.max_value ?? undefined}
          value={typeof value === "number" ? value : ""}
          onChange={(entered) => { onChange(typeof entered === "number" ? entered : undefined); }}
          styles={{ wrapper: { maxWidth: "12rem" } }}
        />
      );
    case "free_text":
      return (
        <Textarea
          {...common}
          description={description(help, t("surveyAnswer.textLimit", { max: formatNumber(MAX_TEXT_LENGTH) }))}
          size="md"
          rows={5}
          resize="vertical"
          maxLength={MAX_TEXT_LENGTH}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => { onChange(event.currentTarget.value === "" ? undefined : event.currentTarget.value); }}
        />
      );
    default:
      return null;
  }
}

/** NPS 0–10 as buttons in a row that wraps: each a radio button, big enough for a thumb. */
function NpsScale({
  value,
  disabled,
  onChange,
}: {
  value: number | null;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  // One name for the eleven radio buttons: the arrow keys move between them.
  const name = useId();
  return (
    <Group gap={6} mt="xs">
      {NPS_VALUES.map((point) => (
        <Chip
          key={point}
          type="radio"
          name={name}
          variant="filled"
          icon={null}
          value={String(point)}
          checked={value === point}
          disabled={disabled}
          onChange={(checked) => {
            if (checked) onChange(point);
          }}
          styles={{ label: { height: 44, minWidth: 44, justifyContent: "center", paddingInline: 8 } }}
        >
          {point}
        </Chip>
      ))}
    </Group>
  );
}
