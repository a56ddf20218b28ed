import "../theme/pageStyles";
import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { ApiError } from "../api/errors";
import { useMe } from "../api/queries";
import { managesClusterSurveys, useClusterSurveys, type Survey } from "../api/surveys";
import { NEW_SURVEY_MEETING_PARAM, NEW_SURVEY_PARAM, NEW_SURVEY_TEMPLATE_PARAM } from "../app/navigation";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Notice } from "../components/Notice";
import { NewSurveyForm } from "../features/surveys/NewSurveyForm";
import { SendDialog } from "../features/surveys/SendDialog";
import { SurveyCard } from "../features/surveys/SurveyCard";
import { StatusMessage } from "../features/meetings/notices";
import { useI18n } from "../i18n/context";

/**
 * /klynger/:clusterId/undersoegelser: the cluster's surveys with their state, deadline and
 * answers, and for its coordinators and board the form of a new one (prefilled from a
 * meeting's "Send evaluering") and the sending of a draft.
 */
export default function ClusterSurveysPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const surveys = useClusterSurveys(clusterId);
  const [sending, setSending] = useState<Survey | null>(null);
  const [message, setMessage] = useState("");
  const manages = managesClusterSurveys(me.data, clusterId);
  const formOpen = manages && params.get(NEW_SURVEY_PARAM) !== null;
  function showForm(open: boolean) {
    const next = new URLSearchParams(params);
    if (open) next.set(NEW_SURVEY_PARAM, "1");
    else {
      next.delete(NEW_SURVEY_PARAM);
      next.delete(NEW_SURVEY_TEMPLATE_PARAM);
      next.delete(NEW_SURVEY_MEETING_PARAM);
    }
    setParams(next, { replace: true });
  }
  const missing = surveys.error instanceof ApiError && (surveys.error.status === 404 || surveys.error.status === 403);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={2}>{t("surveys.title")}</Title>
          <Text mt="xs">{t("surveys.clusterLead")}</Text>
        </div>
        {manages && !formOpen ? (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => { setMessage(""); showForm(true); }}>
            {t("surveys.new.open")}
          </Button>
        ) : null}
      </Group>
      <StatusMessage message={message} />
      {formOpen ? (
        <NewSurveyForm
          clusterId={clusterId}
          prefill={{ templateId: params.get(NEW_SURVEY_TEMPLATE_PARAM), meetingId: params.get(NEW_SURVEY_MEETING_PARAM) }}
          onCreated={(survey) => {
            showForm(false);
            setMessage(t("surveys.new.created", { title: survey.title }));
            setSending(survey);
          }}
          onCancel={() => { showForm(false); }}
        />
      ) : null}
      {surveys.isPending ? <LoadingState /> : null}
      {surveys.isError ? (
        missing ? <Notice tone="info">{t("surveys.notInReach")}</Notice> : <ErrorState error={surveys.error} onRetry={() => void surveys.refetch()} />
      ) : null}
      {surveys.data?.length === 0 ? <EmptyState title={t("surveys.empty")} /> : null}
      {surveys.data && surveys.data.length > 0 ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("surveys.title")}>
          {surveys.data.map((survey) => (
            <SurveyCard
              key={survey.id}
              survey={survey}
              actions={
                manages && survey.state === "draft" ? (
                  <Button size="compact-md" onClick={() => { setMessage(""); setSending(survey); }}>
                    {t("surveys.send.open")}
                  </Button>
                ) : null
              }
            />
          ))}
        </Stack>
      ) : null}
      {sending ? (
        <SendDialog
          survey={sending}
          onClose={() => { setSending(null); }}
          onDone={(text) => {
            setSending(null);
            setMessage(text);
          }}
        />
      ) : null}
    </Stack>
  );
}
