/**
 * Actions on a meeting that reach people, each behind a confirmation that first shows who gets
 * what: the API's dry run (`dry_run=true`) is the preview, and the real call carries an
 * Idempotency-Key made when the dialog opened, so a second click sends nothing twice.
 */
import { List, Radio, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { meetingKeys } from "../../api/meetings";
import { useSubClusters } from "../../api/registry";
import type { BatchReport, MeetingDetail } from "../../api/types";
import { FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { formatMeetingTime } from "../../i18n/format";
import { Notice } from "./notices";

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
  // In two columns where there is room, so that a long list does not push the buttons far down.
  return (
    <List size="sm" mt="xs" style={{ columns: "2 12rem" }}>
      {people.map((name, index) => (
        <List.Item key={`${name}-${String(index)}`}>{name}</List.Item>
      ))}
    </List>
  );
}

/** The choice of the whole cluster among the sub-clusters' ids. */
const EVERYONE = "everyone";

type Audience = { kind: "everyone" } | { kind: "subCluster"; id: string };

/** Invite the whole cluster or a sub-cluster, after a preview of who is invited. */
export function InviteDialog({ meeting, onClose, onDone }: MeetingDialogProps) {
  const { t, formatNumber } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
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
      <Radio.Group
        label={t("meeting.invite.who")}
        value={audience.kind === "everyone" ? EVERYONE : audience.id}
        onChange={(value) => { setAudience(value === EVERYONE ? { kind: "everyone" } : { kind: "subCluster", id: value }); }}
      >
        <Stack gap="xs" mt="xs">
          <Radio value={EVERYONE} label={t("meeting.invite.everyone")} />
          {(subClusters.data ?? []).map((sub) => (
            <Radio key={sub.id} value={sub.id} label={t("meeting.invite.subCluster", { name: sub.name })} />
          ))}
        </Stack>
      </Radio.Group>
      {preview.isPending ? <LoadingState /> : null}
      {preview.isError ? <ErrorState error={preview.error} /> : null}
      {preview.data ? (
        <div aria-live="polite">
          <Notice tone="info">
            <Text component="span" fw={600} display="block">
              {invited.length === 0
                ? t("meeting.invite.nobody")
                : t("meeting.invite.preview", { count: formatNumber(invited.length), audience: audienceName })}
            </Text>
            {already > 0 ? <Text component="span" size="sm" display="block">{t("meeting.invite.already", { count: formatNumber(already) })}</Text> : null}
          </Notice>
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
        <>
          <Notice tone="info">
            <Text component="span" fw={600}>
              {reminded.length === 0
                ? t("meeting.remind.nobody")
                : t("meeting.remind.preview", { count: formatNumber(reminded.length) })}
            </Text>
          </Notice>
          <PeopleList people={reminded} />
        </>
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
      <Text>{t("meeting.close.question", { count: formatNumber(registered) })}</Text>
    </StepDialog>
  );
}

/** Cancel a planned meeting: everyone invited gets a cancellation e-mail that updates their calendar. */
export function CancelDialog(props: MeetingDialogProps) {
  const { t, locale, formatNumber } = useI18n();
  const { answers } = props.meeting;
  const invited = answers.accepted + answers.tentative + answers.declined + answers.invited;
  return (
    <StepDialog {...props} step="cancel">
      <Stack gap="xs">
        <Text fw={600}>{t("meeting.cancel.questionOn", { title: props.meeting.title, date: formatMeetingTime(props.meeting.starts_at, locale) })}</Text>
        <Text>
          {invited === 0
            ? t("meeting.cancel.nobodyInvited")
            : t("meeting.cancel.mail", { count: formatNumber(invited) })}
        </Text>
        <Text>{t("meeting.cancel.final")}</Text>
      </Stack>
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
  const form = useForm({ mode: "uncontrolled", initialValues: { minutes: meeting.minutes, decisions: meeting.decisions } });
  const save = useMeetingAction(
    meeting.id,
    (body: { minutes: string; decisions: string }) =>
      unwrap(
        client.PATCH("/api/v1/meetings/{meeting_id}", {
          params: { path: { meeting_id: meeting.id }, header: { "If-Match": etag } },
          body,
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
      onSubmit={() => { save.mutate(form.getValues()); }}
      onClose={onClose}
      showFieldErrors
    >
      <Textarea label={t("meeting.minutes.title")} rows={8} key={form.key("minutes")} {...form.getInputProps("minutes")} />
      <Textarea label={t("meeting.decisions.title")} rows={5} key={form.key("decisions")} {...form.getInputProps("decisions")} />
    </FormDialog>
  );
}
