/**
 * A meeting's follow-up actions: what is to be done, by which clinic (or the whole cluster), by
 * when. Those who plan the meeting record them, change them and mark them done; an earlier
 * meeting's open actions are shown (and can be marked done) where the cluster follows them up.
 */
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconCheck, IconPencil, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useMeetingActions } from "../../api/meetings";
import { readVersion, useClinics } from "../../api/registry";
import type { FollowUpAction, MeetingDetail } from "../../api/types";
import { fieldErrorsOf, FormDialog, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { Section } from "../../components/Section";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { todayInDenmark } from "../../i18n/format";
import { useMeetingAction } from "./dialogs";
import { ACTION_STATUS_KEYS } from "./labels";
import { StatusMessage } from "./notices";

type ActionStatus = FollowUpAction["status"];
const ACTION_STATUSES = Object.keys(ACTION_STATUS_KEYS) as ActionStatus[];

interface ActionDialogProps {
  /** The meeting whose page is shown (read again after the change). */
  meeting: MeetingDetail;
  /** Change this action; without it, record a new one at `meeting`. */
  action?: FollowUpAction;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Record a follow-up action, or change one: read with its ETag on opening, sent with If-Match. */
export function ActionDialog(props: ActionDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const { action } = props;
  if (!action) return <ActionForm {...props} />;
  const path = { meeting_id: action.meeting_id, action_id: action.id };
  return (
    <WithCurrentVersion
      title={t("meeting.actions.editTitle")}
      queryKey={["action", action.id]}
      load={() => client.GET("/api/v1/meetings/{meeting_id}/actions/{action_id}", { params: { path } })}
      onClose={props.onClose}
    >
      {(current) => <ActionForm {...props} action={current.data} etag={current.etag} />}
    </WithCurrentVersion>
  );
}

interface ActionValues {
  title: string;
  description: string;
  /** The clinic's id, or "" for the whole cluster. */
  clinicId: string;
  /** "YYYY-MM-DD", or "" for no deadline. */
  dueOn: string;
  status: ActionStatus;
}

function ActionForm({ meeting, action, etag, onClose, onDone }: ActionDialogProps & { etag?: string }) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const clinics = useClinics(meeting.cluster_id);
  const form = useForm<ActionValues>({
    mode: "uncontrolled",
    initialValues: {
      title: action?.title ?? "",
      description: action?.description ?? "",
      clinicId: action?.clinic_id ?? "",
      dueOn: action?.due_on ?? "",
      status: action?.status ?? "open",
    },
  });

  const save = useMeetingAction(
    meeting.id,
    (values: ActionValues) => {
      const body = {
        title: values.title.trim(),
        description: values.description.trim(),
        clinic_id: values.clinicId === "" ? null : values.clinicId,
        due_on: values.dueOn === "" ? null : values.dueOn,
        status: values.status,
      };
      if (action && etag) {
        return unwrap(
          client.PATCH("/api/v1/meetings/{meeting_id}/actions/{action_id}", {
            params: { path: { meeting_id: action.meeting_id, action_id: action.id }, header: { "If-Match": etag } },
            body,
          }),
        );
      }
      return unwrap(
        client.POST("/api/v1/meetings/{meeting_id}/actions", {
          params: { path: { meeting_id: meeting.id }, header: { "Idempotency-Key": key } },
          body,
        }),
      );
    },
    () => {
      onDone(action ? t("meeting.actions.saved") : t("meeting.actions.added"));
    },
  );
  const errors = fieldErrorsOf(save.error, t, locale);
  const apiError = (field: string) => errors[field]?.join(" ");
  // A clinic that has left the cluster since stays selectable for the action it already has.
  const options = (clinics.data ?? []).map((clinic) => ({ value: clinic.id, label: clinic.name }));
  if (action?.clinic_id && !options.some((option) => option.value === action.clinic_id)) {
    options.push({ value: action.clinic_id, label: action.clinic_name ?? "" });
  }
  return (
    <FormDialog
      title={action ? t("meeting.actions.editTitle") : t("meeting.actions.addTitle")}
      submitLabel={action ? t("common.save") : t("meeting.actions.addSubmit")}
      pending={save.isPending}
      error={save.error}
      onSubmit={() => { save.mutate(form.getValues()); }}
      onClose={onClose}
    >
      <TextInput required maxLength={200} label={t("meeting.actions.what")} key={form.key("title")} {...form.getInputProps("title")} error={apiError("title")} />
      <Textarea label={t("meeting.actions.description")} rows={3} key={form.key("description")} {...form.getInputProps("description")} error={apiError("description")} />
      {/* A native select: on a phone it opens the phone's own list, and it needs no search. */}
      <NativeSelect
        label={t("meeting.actions.clinic")}
        data={[{ value: "", label: t("meeting.actions.wholeCluster") }, ...options]}
        key={form.key("clinicId")}
        {...form.getInputProps("clinicId")}
        error={apiError("clinic_id")}
      />
      {clinics.isError ? <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} /> : null}
      <TextInput
        type="date"
        label={t("meeting.actions.dueOn")}
        description={t("meeting.actions.dueHint")}
        key={form.key("dueOn")}
        {...form.getInputProps("dueOn")}
        error={apiError("due_on")}
      />
      <NativeSelect
        label={t("meeting.actions.status")}
        data={ACTION_STATUSES.map((value) => ({ value, label: t(ACTION_STATUS_KEYS[value]) }))}
        key={form.key("status")}
        {...form.getInputProps("status")}
        error={apiError("status")}
      />
    </FormDialog>
  );
}

/**
 * Mark an action done in one click. Only the status is sent, so nothing else someone changed
 * meanwhile is overwritten; the ETag is read just before, and an action someone else has closed
 * meanwhile is left as they closed it.
 */
function useMarkDone(meeting: MeetingDetail, onDone: (message: string) => void) {
  const { t } = useI18n();
  const { client } = useApi();
  return useMeetingAction(
    meeting.id,
    async (action: FollowUpAction) => {
      const path = { meeting_id: action.meeting_id, action_id: action.id };
      const current = await readVersion(() =>
        client.GET("/api/v1/meetings/{meeting_id}/actions/{action_id}", { params: { path } }),
      );
      if (current.data.status !== "open") return current.data;
      return unwrap(
        client.PATCH("/api/v1/meetings/{meeting_id}/actions/{action_id}", {
          params: { path, header: { "If-Match": current.etag } },
          body: { status: "done" },
        }),
      );
    },
    (done) => {
      onDone(t("meeting.actions.markedDone", { title: done.title }));
    },
  );
}

/** Still open after its last day: marked as late, not shown as current. */
export function actionOverdue(action: FollowUpAction, today: string = todayInDenmark()): boolean {
  return action.status === "open" && action.due_on !== null && action.due_on < today;
}

interface ActionListProps {
  actions: readonly FollowUpAction[];
  /** Who may change them; none are changed without it. */
  editable: boolean;
  onEdit: (action: FollowUpAction) => void;
  onMarkDone: (action: FollowUpAction) => void;
  /** The action being marked done now. */
  marking: string | null;
}

function ActionList({ actions, editable, onEdit, onMarkDone, marking }: ActionListProps) {
  const { t, formatDate } = useI18n();
  return (
    <Stack component="ul" gap="sm" p={0} my="sm" style={{ listStyle: "none" }}>
      {actions.map((action) => (
        <Paper component="li" key={action.id} withBorder p="sm">
          <Group gap="xs" wrap="wrap" align="center">
            {actionOverdue(action) ? (
              <Badge color="red.9" variant="filled" tt="none" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
                {t("meeting.actions.overdue")}
              </Badge>
            ) : null}
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {action.title}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {[
              t(ACTION_STATUS_KEYS[action.status]),
              action.clinic_name ?? t("meeting.actions.wholeCluster"),
              action.due_on ? t("meeting.actions.due", { date: formatDate(action.due_on) }) : null,
              action.completed_at && action.status === "done"
                ? t("meeting.actions.completed", { date: formatDate(action.completed_at) })
                : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {action.description ? <Text mt={4} style={{ whiteSpace: "pre-wrap" }}>{action.description}</Text> : null}
          {editable ? (
            <Group gap="xs" mt="xs">
              {action.status === "open" ? (
                <Button
                  size="sm"
                  leftSection={<IconCheck size={16} aria-hidden />}
                  disabled={marking === action.id}
                  aria-label={t("meeting.actions.markDoneLabel", { title: action.title })}
                  onClick={() => { onMarkDone(action); }}
                >
                  {t("meeting.actions.markDone")}
                </Button>
              ) : null}
              <Button
                size="sm"
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden />}
                aria-label={t("meeting.actions.editLabel", { title: action.title })}
                onClick={() => { onEdit(action); }}
              >
                {t("meeting.actions.edit")}
              </Button>
            </Group>
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}

interface ActionsSectionProps {
  meeting: MeetingDetail;
  /** May change the cluster's actions from earlier meetings (a role, not this meeting's responsibility). */
  clusterPlanner: boolean;
}

export function ActionsSection({ meeting, clusterPlanner }: ActionsSectionProps) {
  const { t } = useI18n();
  const actions = useMeetingActions(meeting.id);
  const earlier = meeting.open_actions.filter((action) => action.meeting_id !== meeting.id);
  const [dialog, setDialog] = useState<{ action?: FollowUpAction } | null>(null);
  const [message, setMessage] = useState("");
  const markDone = useMarkDone(meeting, setMessage);
  const planner = meeting.my_permissions.plan;
  const canAdd = planner && meeting.status !== "cancelled";
  const listProps = {
    onEdit: (action: FollowUpAction) => { setMessage(""); setDialog({ action }); },
    onMarkDone: (action: FollowUpAction) => { setMessage(""); markDone.mutate(action); },
    marking: markDone.isPending ? (markDone.variables.id) : null,
  };
  return (
    <Section
      title={t("meeting.actions.title")}
      actions={
        canAdd ? (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => { setMessage(""); setDialog({}); }}>
            {t("meeting.actions.add")}
          </Button>
        ) : null
      }
    >
      <StatusMessage message={message} />
      {markDone.error ? <ErrorState error={markDone.error} /> : null}
      {actions.isPending ? <LoadingState /> : null}
      {actions.isError ? <ErrorState error={actions.error} onRetry={() => void actions.refetch()} /> : null}
      {actions.data && actions.data.length === 0 ? <Text c="dimmed">{t("meeting.actions.none")}</Text> : null}
      {actions.data && actions.data.length > 0 ? <ActionList actions={actions.data} editable={planner} {...listProps} /> : null}
      {earlier.length > 0 ? (
        <>
          <Title order={3} size="h4" mt="md">{t("meeting.actions.earlier")}</Title>
          <ActionList actions={earlier} editable={clusterPlanner} {...listProps} />
        </>
      ) : null}
      {dialog ? (
        <ActionDialog
          meeting={meeting}
          {...(dialog.action ? { action: dialog.action } : {})}
          onClose={() => { setDialog(null); }}
          onDone={(text) => {
            setDialog(null);
            setMessage(text);
          }}
        />
      ) : null}
    </Section>
  );
}
