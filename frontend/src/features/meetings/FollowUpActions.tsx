/**
 * A meeting's follow-up actions: what is to be done, by which clinic (or the whole cluster), by
 * when. Those who plan the meeting record them, change them and mark them done; an earlier
 * meeting's open actions are shown (and can be marked done) where the cluster follows them up.
 */
import { Badge } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useMeetingActions } from "../../api/meetings";
import { readVersion, useClinics } from "../../api/registry";
import type { FollowUpAction, MeetingDetail } from "../../api/types";
import { fieldErrorsOf, FormDialog, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { Field } from "../../components/fields";
import { Section } from "../../components/Section";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { todayInDenmark } from "../../i18n/format";
import { useMeetingAction } from "./dialogs";
import { ACTION_STATUS_KEYS } from "./labels";

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

function ActionForm({ meeting, action, etag, onClose, onDone }: ActionDialogProps & { etag?: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const clinics = useClinics(meeting.cluster_id);
  const [title, setTitle] = useState(action?.title ?? "");
  const [description, setDescription] = useState(action?.description ?? "");
  const [clinicId, setClinicId] = useState(action?.clinic_id ?? "");
  const [dueOn, setDueOn] = useState(action?.due_on ?? "");
  const [status, setStatus] = useState<ActionStatus>(action?.status ?? "open");

  const save = useMeetingAction(
    meeting.id,
    () => {
      const body = {
        title: title.trim(),
        description: description.trim(),
        clinic_id: clinicId === "" ? null : clinicId,
        due_on: dueOn === "" ? null : dueOn,
        status,
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
  const errors = fieldErrorsOf(save.error, t);
  // A clinic that has left the cluster since stays selectable for the action it already has.
  const options = (clinics.data ?? []).map((clinic) => ({ id: clinic.id, name: clinic.name }));
  if (action?.clinic_id && !options.some((option) => option.id === action.clinic_id)) {
    options.push({ id: action.clinic_id, name: action.clinic_name ?? "" });
  }
  return (
    <FormDialog
      title={action ? t("meeting.actions.editTitle") : t("meeting.actions.addTitle")}
      submitLabel={action ? t("common.save") : t("meeting.actions.addSubmit")}
      pending={save.isPending}
      error={save.error}
      onSubmit={() => { save.mutate(undefined); }}
      onClose={onClose}
    >
      <Field label={t("meeting.actions.what")} name="title" errors={errors}>
        {(props) => <input {...props} required maxLength={200} value={title} onChange={(e) => { setTitle(e.target.value); }} />}
      </Field>
      <Field label={t("meeting.actions.description")} name="description" errors={errors}>
        {(props) => <textarea {...props} rows={3} value={description} onChange={(e) => { setDescription(e.target.value); }} />}
      </Field>
      <Field label={t("meeting.actions.clinic")} name="clinic_id" errors={errors}>
        {(props) => (
          <select {...props} value={clinicId} onChange={(e) => { setClinicId(e.target.value); }}>
            <option value="">{t("meeting.actions.wholeCluster")}</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {clinics.isError ? <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} /> : null}
      <Field label={t("meeting.actions.dueOn")} name="due_on" errors={errors} hint={t("meeting.actions.dueHint")}>
        {(props) => <input {...props} type="date" value={dueOn} onChange={(e) => { setDueOn(e.target.value); }} />}
      </Field>
      <Field label={t("meeting.actions.status")} name="status" errors={errors}>
        {(props) => (
          <select {...props} value={status} onChange={(e) => { setStatus(e.target.value as ActionStatus); }}>
            {ACTION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(ACTION_STATUS_KEYS[value])}
              </option>
            ))}
          </select>
        )}
      </Field>
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
    <ul className="card-list">
      {actions.map((action) => (
        <li key={action.id} className="card">
          <p className="card__title">
            {actionOverdue(action) ? (
              <Badge color="red.9" variant="filled" mr="xs">
                {t("meeting.actions.overdue")}
              </Badge>
            ) : null}
            {action.title}
          </p>
          <p className="card__meta">
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
          </p>
          {action.description ? <p>{action.description}</p> : null}
          {editable ? (
            <div className="card__actions">
              {action.status === "open" ? (
                <button
                  type="button"
                  className="button button--small"
                  disabled={marking === action.id}
                  aria-label={t("meeting.actions.markDoneLabel", { title: action.title })}
                  onClick={() => { onMarkDone(action); }}
                >
                  {t("meeting.actions.markDone")}
                </button>
              ) : null}
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={t("meeting.actions.editLabel", { title: action.title })}
                onClick={() => { onEdit(action); }}
              >
                {t("meeting.actions.edit")}
              </button>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
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
          <button type="button" className="button" onClick={() => { setMessage(""); setDialog({}); }}>
            {t("meeting.actions.add")}
          </button>
        ) : null
      }
    >
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      {markDone.error ? <ErrorState error={markDone.error} /> : null}
      {actions.isPending ? <LoadingState /> : null}
      {actions.isError ? <ErrorState error={actions.error} onRetry={() => void actions.refetch()} /> : null}
      {actions.data && actions.data.length === 0 ? <p className="muted">{t("meeting.actions.none")}</p> : null}
      {actions.data && actions.data.length > 0 ? <ActionList actions={actions.data} editable={planner} {...listProps} /> : null}
      {earlier.length > 0 ? (
        <>
          <h3>{t("meeting.actions.earlier")}</h3>
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
