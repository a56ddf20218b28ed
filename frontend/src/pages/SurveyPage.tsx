import "../theme/pageStyles";
import { Anchor, Button, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/errors";
import { useSurvey, type SurveyDetail } from "../api/surveys";
import { clusterSurveysPath, paths } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Notice } from "../components/Notice";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { StatusMessage } from "../features/meetings/notices";
import { AUDIENCE_KEYS, KIND_KEYS, SurveyStateBadge } from "../features/surveys/labels";
import { SendDialog } from "../features/surveys/SendDialog";
import { CloseDialog, DeadlineDialog, RemindDialog } from "../features/surveys/SurveyDialogs";
import { SurveyResults } from "../features/surveys/SurveyResults";
import { useI18n } from "../i18n/context";

type Dialog = "send" | "remind" | "close" | "deadline";

function Facts({ survey }: { survey: SurveyDetail }) {
  const { t, formatDateTime, formatNumber, formatPercent } = useI18n();
  const rate = survey.recipient_count > 0 ? survey.response_count / survey.recipient_count : 0;
  const row = (label: string, value: string) => (
    <div>
      <Text component="dt" fw={600} size="sm">{label}</Text>
      <Text component="dd" m={0}>{value}</Text>
    </div>
  );
  return (
    <Stack component="dl" gap="xs" m={0}>
      {row(t("survey.owner"), survey.cluster?.name ?? survey.owner.name)}
      {row(t("survey.audienceLabel"), t(AUDIENCE_KEYS[survey.audience]))}
      {row(survey.state === "closed" ? t("survey.closedLabel") : t("survey.deadlineLabel"), formatDateTime(survey.closed_at ?? survey.closes_at))}
      {survey.state === "draft"
        ? null
        : row(
            t("survey.responseRate"),
            t("survey.responseRateValue", {
              count: formatNumber(survey.response_count),
              total: formatNumber(survey.recipient_count),
              rate: formatPercent(rate),
            }),
          )}
      {survey.reminder_count > 0 && survey.last_reminded_at
        ? row(t("survey.reminders"), t("survey.remindersValue", { count: formatNumber(survey.reminder_count), date: formatDateTime(survey.last_reminded_at) }))
        : null}
      {row(t("survey.anonymity"), survey.anonymous ? t("survey.anonymous") : t("survey.named"))}
    </Stack>
  );
}

function Questions({ survey }: { survey: SurveyDetail }) {
  const { t } = useI18n();
  return (
    <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-label={t("survey.questions")}>
      <Title order={2} size="h3">{t("survey.questions")}</Title>
      <List type="ordered" mt="sm" spacing={6}>
        {survey.questions.map((question) => (
          <List.Item key={question.id}>
            {question.text} <Text span c="dimmed" size="sm">({t(KIND_KEYS[question.kind])})</Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** /undersoegelser/:surveyId: a survey's state and answers, its sending, reminders and closing, and its results. */
export default function SurveyPage() {
  const { t, formatNumber } = useI18n();
  const { surveyId = "" } = useParams();
  const survey = useSurvey(surveyId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState("");
  useDocumentTitle("survey.pageTitle");
  if (survey.isPending) {
    return (
      <>
        <Title order={1}>{t("survey.pageTitle")}</Title>
        <LoadingState />
      </>
    );
  }
  if (survey.isError) {
    const missing = survey.error instanceof ApiError && survey.error.status === 404;
    return (
      <>
        <Title order={1}>{t("survey.pageTitle")}</Title>
        {missing ? <Notice tone="info">{t("survey.notFound")}</Notice> : <ErrorState error={survey.error} onRetry={() => void survey.refetch()} />}
      </>
    );
  }
  const data = survey.data;
  const manage = data.permissions.manage;
  const waiting = Math.max(0, data.recipient_count - data.response_count);
  const open = (next: Dialog) => {
    setMessage("");
    setDialog(next);
  };
  const done = (text: string) => {
    setDialog(null);
    setMessage(text);
  };
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={data.cluster ? clusterSurveysPath(data.cluster.id) : paths.unitSurveys} size="sm">
          {data.cluster ? t("survey.backToCluster", { cluster: data.cluster.name }) : t("survey.backToUnit")}
        </Anchor>
        <Group gap="sm" align="center" mt="xs" wrap="wrap">
          <Title order={1} style={{ overflowWrap: "anywhere" }}>{data.title}</Title>
          <SurveyStateBadge state={data.state} />
        </Group>
        {data.intro ? <Text mt="xs" style={{ whiteSpace: "pre-wrap" }}>{data.intro}</Text> : null}
      </div>
      <Facts survey={data} />
      <StatusMessage message={message} />
      {manage && data.state !== "closed" ? (
        <Group gap="sm" wrap="wrap">
          {data.state === "draft" ? <Button onClick={() => { open("send"); }}>{t("surveys.send.open")}</Button> : null}
          {data.state === "open" ? (
            <>
              <Button variant="default" onClick={() => { open("remind"); }} disabled={waiting === 0}>
                {t("survey.remind.open", { count: formatNumber(waiting) })}
              </Button>
              <Button variant="default" onClick={() => { open("deadline"); }}>{t("survey.deadline.open")}</Button>
              <Button variant="default" color="red.9" onClick={() => { open("close"); }}>{t("survey.close.open")}</Button>
            </>
          ) : null}
        </Group>
      ) : null}
      {data.permissions.results && data.state !== "draft" ? (
        <SurveyResults surveyId={data.id} title={data.title} />
      ) : (
        <>
          {data.state === "open" ? <Notice tone="info">{t("survey.resultsWhenClosed")}</Notice> : null}
          <Questions survey={data} />
        </>
      )}
      {dialog === "send" ? <SendDialog survey={data} onClose={() => { setDialog(null); }} onDone={done} /> : null}
      {dialog === "remind" ? <RemindDialog survey={data} onClose={() => { setDialog(null); }} onDone={done} /> : null}
      {dialog === "close" ? <CloseDialog survey={data} onClose={() => { setDialog(null); }} onDone={done} /> : null}
      {dialog === "deadline" ? <DeadlineDialog survey={data} onClose={() => { setDialog(null); }} onDone={done} /> : null}
    </Stack>
  );
}
