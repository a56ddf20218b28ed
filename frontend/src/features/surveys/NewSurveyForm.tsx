/**
 * "Ny undersøgelse": a cluster's survey made from a template (KiAP's national ones or the
 * cluster's own, its questions shown as a preview), its title, intro, audience (the whole
 * cluster, a sub-cluster or a meeting's invited), anonymity, minimum of answers and deadline.
 * It is saved as a draft; sending is a step of its own.
 */
import { Button, Checkbox, Group, List, NativeSelect, Paper, Radio, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useApi } from "../../api/context";
import { fieldErrorsOf } from "../../api/errorCodes";
import { useClusterMeetings } from "../../api/meetings";
import { useSubClusters } from "../../api/registry";
import { createClusterSurvey, surveyKeys, useSurveyTemplates, type Survey, type SurveyAudience } from "../../api/surveys";
import { useIdempotencyKey } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { fromDanishInputs, toDanishInputs } from "../../i18n/format";
import { KIND_KEYS } from "./labels";

export interface NewSurveyPrefill {
  templateId?: string | null;
  meetingId?: string | null;
}

type ClusterAudience = Extract<SurveyAudience, "cluster" | "sub_cluster" | "meeting">;

/** Two weeks from now, in Danish wall-clock inputs. */
function defaultDeadline(): { date: string; time: string } {
  return { date: toDanishInputs(new Date(Date.now() + 14 * 24 * 3600_000)).date, time: "12:00" };
}

export function NewSurveyForm({ clusterId, prefill, onCreated, onCancel }: {
  clusterId: string;
  prefill: NewSurveyPrefill;
  onCreated: (survey: Survey) => void;
  onCancel: () => void;
}) {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const idempotencyKey = useIdempotencyKey();
  const headingId = useId();
  const templates = useSurveyTemplates(clusterId);
  const subClusters = useSubClusters(clusterId);
  const meetings = useClusterMeetings(clusterId);
  const [templateId, setTemplateId] = useState(prefill.templateId ?? "");
  const [title, setTitle] = useState("");
  const [intro, setIntro] = useState("");
  const [audience, setAudience] = useState<ClusterAudience>(prefill.meetingId ? "meeting" : "cluster");
  const [subClusterId, setSubClusterId] = useState("");
  const [meetingId, setMeetingId] = useState(prefill.meetingId ?? "");
  const [anonymous, setAnonymous] = useState(true);
  const [minResponses, setMinResponses] = useState("5");
  const [deadline, setDeadline] = useState(defaultDeadline);

  const chosenTemplate = templates.data?.find((template) => template.id === templateId) ?? templates.data?.[0];
  const create = useMutation({
    mutationFn: () => {
      if (!chosenTemplate) throw new Error("No template chosen.");
      return createClusterSurvey(
        api,
        clusterId,
        {
          template_id: chosenTemplate.id,
          ...(title.trim() ? { title: title.trim() } : {}),
          ...(intro.trim() ? { intro: intro.trim() } : {}),
          audience,
          sub_cluster_id: audience === "sub_cluster" ? subClusterId || null : null,
          meeting_id: audience === "meeting" ? meetingId || null : null,
          anonymous,
          min_responses: Number.parseInt(minResponses, 10) || 5,
          closes_at: fromDanishInputs(deadline.date, deadline.time) ?? "",
        },
        idempotencyKey,
      );
    },
    onSuccess: async (survey) => {
      await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      onCreated(survey);
    },
  });
  const errors = fieldErrorsOf(create.error, t);
  const fieldError = (name: string) => errors[name]?.join(" ");
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  }
  if (templates.isPending) return <LoadingState />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  const national = templates.data.filter((template) => template.cluster_id === null);
  const own = templates.data.filter((template) => template.cluster_id !== null);
  const templateOptions = [
    ...(national.length > 0 ? [{ group: t("surveys.new.nationalTemplates"), items: national.map((template) => ({ value: template.id, label: template.title })) }] : []),
    ...(own.length > 0 ? [{ group: t("surveys.new.ownTemplates"), items: own.map((template) => ({ value: template.id, label: template.title })) }] : []),
  ];
  const meetingOptions = (meetings.data ?? [])
    .filter((meeting) => meeting.status !== "cancelled")
    .toSorted((a, b) => b.starts_at.localeCompare(a.starts_at))
    .map((meeting) => ({ value: meeting.id, label: `${meeting.title} (${formatDateTime(meeting.starts_at)})` }));
  return (
    <Paper component="section" withBorder p={{ base: "md", sm: "lg" }} radius="md" aria-labelledby={headingId}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id={headingId}>{t("surveys.new.title")}</Title>
          {templates.data.length === 0 ? (
            <Text>{t("surveys.new.noTemplates")}</Text>
          ) : (
            <>
              <NativeSelect
                label={t("surveys.new.template")}
                data={templateOptions}
                value={chosenTemplate?.id ?? ""}
                onChange={(event) => { setTemplateId(event.currentTarget.value); }}
                error={fieldError("template_id")}
              />
              {chosenTemplate ? (
                <Paper p="sm" radius="md" bg="gray.0">
                  <Text fw={600} size="sm">{t("surveys.new.preview", { count: chosenTemplate.questions.length })}</Text>
                  {chosenTemplate.description ? <Text size="sm" mt={4}>{chosenTemplate.description}</Text> : null}
                  <List type="ordered" size="sm" mt="xs" spacing={4} aria-label={t("surveys.new.questions")}>
                    {chosenTemplate.questions.map((question) => (
                      <List.Item key={question.id}>
                        {question.text} <Text span c="dimmed" size="xs">({t(KIND_KEYS[question.kind])})</Text>
                      </List.Item>
                    ))}
                  </List>
                </Paper>
              ) : null}
              <TextInput
                label={t("surveys.new.surveyTitle")}
                description={t("surveys.new.surveyTitleHelp")}
                placeholder={chosenTemplate?.title}
                value={title}
                maxLength={200}
                onChange={(event) => { setTitle(event.currentTarget.value); }}
                error={fieldError("title")}
              />
              <Textarea
                label={t("surveys.new.intro")}
                description={t("surveys.new.introHelp")}
                rows={3}
                value={intro}
                onChange={(event) => { setIntro(event.currentTarget.value); }}
                error={fieldError("intro")}
              />
              <Radio.Group
                label={t("surveys.new.audience")}
                value={audience}
                onChange={(value) => { setAudience(value); }}
                error={fieldError("audience")}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="cluster" label={t("survey.audience.cluster")} />
                  <Radio value="sub_cluster" label={t("survey.audience.sub_cluster")} disabled={(subClusters.data ?? []).length === 0} />
                  <Radio value="meeting" label={t("survey.audience.meeting")} />
                </Stack>
              </Radio.Group>
              {audience === "sub_cluster" ? (
                <NativeSelect
                  label={t("surveys.new.subCluster")}
                  data={[{ value: "", label: t("surveys.new.choose") }, ...(subClusters.data ?? []).map((sub) => ({ value: sub.id, label: sub.name }))]}
                  value={subClusterId}
                  onChange={(event) => { setSubClusterId(event.currentTarget.value); }}
                  error={fieldError("sub_cluster_id")}
                />
              ) : null}
              {audience === "meeting" ? (
                <NativeSelect
                  label={t("surveys.new.meeting")}
                  data={[{ value: "", label: t("surveys.new.choose") }, ...meetingOptions]}
                  value={meetingId}
                  onChange={(event) => { setMeetingId(event.currentTarget.value); }}
                  error={fieldError("meeting_id")}
                />
              ) : null}
              <Checkbox
                label={t("surveys.new.anonymous")}
                description={t("surveys.new.anonymousHelp")}
                checked={anonymous}
                onChange={(event) => { setAnonymous(event.currentTarget.checked); }}
              />
              <TextInput
                type="number"
                inputMode="numeric"
                label={t("surveys.new.minResponses")}
                description={t("surveys.new.minResponsesHelp")}
                min={1}
                max={10000}
                step={1}
                value={minResponses}
                onChange={(event) => { setMinResponses(event.currentTarget.value); }}
                error={fieldError("min_responses")}
                maw={220}
              />
              <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
                <TextInput type="date" miw={150} label={t("surveys.new.deadlineDate")} value={deadline.date} onChange={(event) => { setDeadline({ ...deadline, date: event.currentTarget.value }); }} error={fieldError("closes_at")} />
                <TextInput type="time" miw={110} label={t("surveys.new.deadlineTime")} value={deadline.time} onChange={(event) => { setDeadline({ ...deadline, time: event.currentTarget.value }); }} />
              </Group>
            </>
          )}
          {create.error ? <ErrorState error={create.error} /> : null}
          <Group gap="sm">
            <Button type="submit" disabled={create.isPending || !chosenTemplate}>
              {create.isPending ? t("common.saving") : t("surveys.new.create")}
            </Button>
            <Button type="button" variant="default" onClick={onCancel}>{t("common.cancel")}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
