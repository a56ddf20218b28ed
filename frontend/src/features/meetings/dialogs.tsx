/**
 * Actions on a meeting that reach people, each behind a confirmation that first shows who gets
 * what: the API's dry run (`dry_run=true`) is the preview, and the real call carries an
 * Idempotency-Key made when the dialog opened, so a second click sends nothing twice.
 */
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { meetingKeys } from "../../api/meetings";
import { useSubClusters } from "../../api/registry";
import type { BatchReport, MeetingDetail } from "../../api/types";
import { FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";

interface MeetingDialogProps {
  meeting: MeetingDetail;
  onClose: () => void;
  /** Done, with a message for the page. */
  onDone: (message: string) => void;
}

/** A change of a meeting; on success its page and the meetings lists are read again. */
export function useMeetingAction<T, R = unknown>(meetingId: string, action: (value: T) => Promise<R>, onDone: (result: R) => void) {
  return useChange([meetingKeys.meeting(meetingId), ["cluster-meetings"], meetingKeys.myMeetings], action, onDone);
}

function names(report: BatchReport, status: BatchReport["items"][number]["status"]): string[] {
  return report.items.filter((item) => item.status === status).map((item) => item.name ?? "");
}

function PeopleList({ people }: { people: readonly string[] }) {
  if (people.length === 0) return null;
  return (
    <ul className="people-preview">
      {people.map((name, index) => (
        <li key={`${name}-${String(index)}`}>{name}</li>
      ))}
    </ul>
  );
}

type Audience = { kind: "everyone" } | { kind: "subCluster"; id: string };

/** Invite the whole cluster or a sub-cluster, after a preview of who is invited. */
export function InviteDialog({ meeting, onClose, onDone }: MeetingDialogProps) {
  const { t, formatNumber } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const radioName = useId();
  const subClusters = useSubClusters(meeting.cluster_id);
  const [audience, setAudience] = useState<Audience>({ kind: "everyone" });
  const body = audience.kind === "everyone" ? { everyone: true } : { sub_cluster_id: audience.id };
  const send = (dryRun: boolean, idempotencyKey?: string) =>
    unwrap(
      client.POST("/api/v1/meetings/{meeting_id}/invitations", {
        params: {
          path: { meeting_id: meeting.id },
          query: { dry_run: dryRun },
          ...(idempotencyKey ? { header: { "Idempotency-Key": idempotencyKey } } : {}),
        },
        body,
      }),
    );
  const preview = useQuery({
    queryKey: ["invite-preview", meeting.id, audience],
    queryFn: () => send(true),
    gcTime: 0,
    staleTime: Infinity,
  });
  const invite = useMeetingAction(meeting.id, () => send(false, key), () => {
    onDone(t("meeting.invite.done"));
  });
  const audienceName =
    audience.kind === "everyone"
      ? t("meeting.invite.everyone")
      : (subClusters.data?.find((sub) => sub.id === audience.id)?.name ?? "");
  const invited = preview.data ? names(preview.data, "created") : [];
  const already = preview.data?.summary.unchanged ?? 0;
  return (
    <FormDialog
      title={t("meeting.invite.title")}
      submitLabel={t("meeting.invite.submit")}
      pending={invite.isPending}
      disabled={!preview.data || invited.length === 0}
      error={invite.error}
      onSubmit={() => { invite.mutate(undefined); }}
      onClose={onClose}
      showFieldErrors
    >
      <fieldset className="field">
        <legend>{t("meeting.invite.who")}</legend>
        <label className="choice">
          <input
            type="radio"
            name={radioName}
            checked={audience.kind === "everyone"}
            onChange={() => { setAudience({ kind: "everyone" }); }}
          />
          {t("meeting.invite.everyone")}
        </label>
        {(subClusters.data ?? []).map((sub) => (
          <label key={sub.id} className="choice">
            <input
              type="radio"
              name={radioName}
              checked={audience.kind === "subCluster" && audience.id === sub.id}
              onChange={() => { setAudience({ kind: "subCluster", id: sub.id }); }}
            />
            {t("meeting.invite.subCluster", { name: sub.name })}
          </label>
        ))}
      </fieldset>
      {preview.isPending ? <LoadingState /> : null}
      {preview.isError ? <ErrorState error={preview.error} /> : null}
      {preview.data ? (
        <div className="notice notice--info" aria-live="polite">
          <p className="notice__message">
            {invited.length === 0
              ? t("meeting.invite.nobody")
              : t("meeting.invite.preview", { count: formatNumber(invited.length), audience: audienceName })}
          </p>
          {already > 0 ? <p>{t("meeting.invite.already", { count: formatNumber(already) })}</p> : null}
          <PeopleList people={invited} />
        </div>
      ) : null}
    </FormDialog>
  );
}

/** Remind those who have not answered, after a preview of who they are. */
export function RemindDialog({ meeting, onClose, onDone }: MeetingDialogProps) {
  const { t, formatNumber } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const send = (dryRun: boolean, idempotencyKey?: string) =>
    unwrap(
      client.POST("/api/v1/meetings/{meeting_id}/reminders", {
        params: {
          path: { meeting_id: meeting.id },
          query: { dry_run: dryRun },
          ...(idempotencyKey ? { header: { "Idempotency-Key": idempotencyKey } } : {}),
        },
      }),
    );
  const preview = useQuery({
    queryKey: ["remind-preview", meeting.id],
    queryFn: () => send(true),
    gcTime: 0,
    staleTime: Infinity,
  });
  const remind = useMeetingAction(meeting.id, () => send(false, key), () => {
    onDone(t("meeting.remind.done"));
  });
  const reminded = preview.data ? names(preview.data, "reminded") : [];
  return (
    <FormDialog
      title={t("meeting.remind.title")}
      submitLabel={t("meeting.remind.submit")}
      pending={remind.isPending}
      disabled={reminded.length === 0}
      error={remind.error}
      onSubmit={() => { remind.mutate(undefined); }}
      onClose={onClose}
      showFieldErrors
    >
      {preview.isPending ? <LoadingState /> : null}
      {preview.isError ? <ErrorState error={preview.error} /> : null}
      {preview.data ? (
        <div className="notice notice--info">
          <p className="notice__message">
            {reminded.length === 0
              ? t("meeting.remind.nobody")
              : t("meeting.remind.preview", { count: formatNumber(reminded.length) })}
          </p>
          <PeopleList people={reminded} />
        </div>
      ) : null}
    </FormDialog>
  );
}

/** Closing and cancelling: one step of the meeting's life, sent once (an Idempotency-Key). */
type Step = "close" | "cancel";

function StepDialog({ meeting, step, onClose, onDone, children }: MeetingDialogProps & { step: Step; children: ReactNode }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const send = useMeetingAction(
    meeting.id,
    () => {
      const options = { params: { path: { meeting_id: meeting.id }, header: { "Idempotency-Key": key } } };
      return unwrap(
        step === "close"
          ? client.POST("/api/v1/meetings/{meeting_id}/close", options)
          : client.POST("/api/v1/meetings/{meeting_id}/cancel", options),
      );
    },
    () => {
      onDone(t(`meeting.${step}.done`));
    },
  );
  return (
    <FormDialog
      title={t(`meeting.${step}.title`)}
      submitLabel={t(`meeting.${step}.submit`)}
      pending={send.isPending}
      error={send.error}
      onSubmit={() => { send.mutate(undefined); }}
      onClose={onClose}
      showFieldErrors
      danger
    >
      {children}
    </FormDialog>
  );
}

/** Close the meeting: attendance becomes final, those not registered count as absent. */
export function CloseDialog({ registered, ...props }: MeetingDialogProps & { registered: number }) {
  const { t, formatNumber } = useI18n();
  return (
    <StepDialog {...props} step="close">
      <p>{t("meeting.close.question", { count: formatNumber(registered) })}</p>
    </StepDialog>
  );
}

/** Cancel a planned meeting: everyone invited gets a cancellation e-mail that updates their calendar. */
export function CancelDialog(props: MeetingDialogProps) {
  const { t, formatNumber } = useI18n();
  const { answers } = props.meeting;
  const invited = answers.accepted + answers.tentative + answers.declined + answers.invited;
  return (
    <StepDialog {...props} step="cancel">
      <p>{t("meeting.cancel.question", { title: props.meeting.title })}</p>
      <p>
        {invited === 0
          ? t("meeting.cancel.nobodyInvited")
          : t("meeting.cancel.mail", { count: formatNumber(invited) })}
      </p>
      <p>{t("meeting.cancel.final")}</p>
    </StepDialog>
  );
}

/** Write the minutes and decisions: read with the ETag on opening, sent with If-Match. */
export function MinutesDialog({ meeting, onClose, onDone }: MeetingDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  return (
    <WithCurrentVersion
      title={t("meeting.minutes.edit")}
      queryKey={["meeting", meeting.id, "minutes"]}
      load={() => client.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meeting.id } } })}
      onClose={onClose}
    >
      {(current) => <MinutesForm meeting={current.data} etag={current.etag} onClose={onClose} onDone={onDone} />}
    </WithCurrentVersion>
  );
}

function MinutesForm({ meeting, etag, onClose, onDone }: MeetingDialogProps & { etag: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const minutesId = useId();
  const decisionsId = useId();
  const [minutes, setMinutes] = useState(meeting.minutes);
  const [decisions, setDecisions] = useState(meeting.decisions);
  const save = useMeetingAction(
    meeting.id,
    () =>
      unwrap(
        client.PATCH("/api/v1/meetings/{meeting_id}", {
          params: { path: { meeting_id: meeting.id }, header: { "If-Match": etag } },
          body: { minutes, decisions },
        }),
      ),
    () => {
      onDone(t("meeting.minutes.saved"));
    },
  );
  return (
    <FormDialog
      title={t("meeting.minutes.edit")}
      submitLabel={t("common.save")}
      pending={save.isPending}
      error={save.error}
      onSubmit={() => { save.mutate(undefined); }}
      onClose={onClose}
      showFieldErrors
    >
      <div className="field">
        <label htmlFor={minutesId}>{t("meeting.minutes.title")}</label>
        <textarea id={minutesId} rows={8} value={minutes} onChange={(e) => { setMinutes(e.target.value); }} />
      </div>
      <div className="field">
        <label htmlFor={decisionsId}>{t("meeting.decisions.title")}</label>
        <textarea id={decisionsId} rows={5} value={decisions} onChange={(e) => { setDecisions(e.target.value); }} />
      </div>
    </FormDialog>
  );
}
