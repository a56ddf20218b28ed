/** The changes of an open survey: a reminder to those who have not answered, closing it now, moving its deadline. */
import { Group, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../../api/context";
import { ApiError } from "../../api/errors";
import { closeSurvey, moveSurveyDeadline, readSurvey, remindSurvey, surveyKeys, type SurveyDetail } from "../../api/surveys";
import { FormDialog, fieldErrorsOf, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { Notice } from "../../components/Notice";
import { useI18n } from "../../i18n/context";
import { fromDanishInputs, toDanishInputs } from "../../i18n/format";

interface Props {
  survey: SurveyDetail;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function RemindDialog({ survey, onClose, onDone }: Props) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const idempotencyKey = useIdempotencyKey();
  const waiting = Math.max(0, survey.recipient_count - survey.response_count);
  const remind = useChange([surveyKeys.one(survey.id)], () => remindSurvey(api, survey.id, idempotencyKey), (result) => {
    onDone(t("survey.remind.done", { count: formatNumber(result.reminded) }));
  });
  return (
    <FormDialog
      title={t("survey.remind.title")}
      submitLabel={t("survey.remind.submit")}
      pendingLabel={t("survey.remind.pending")}
      pending={remind.isPending}
      error={remind.error}
      disabled={waiting === 0}
      onSubmit={() => { remind.mutate(undefined); }}
      onClose={onClose}
    >
      <Text>{waiting === 1 ? t("survey.remind.countOne") : t("survey.remind.count", { count: formatNumber(waiting) })}</Text>
    </FormDialog>
  );
}

export function CloseDialog({ survey, onClose, onDone }: Props) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <WithCurrentVersion title={t("survey.close.title")} queryKey={surveyKeys.one(survey.id)} load={() => readSurvey(api, survey.id)} onClose={onClose}>
      {(current) => <CloseForm etag={current.etag} survey={survey} onClose={onClose} onDone={onDone} />}
    </WithCurrentVersion>
  );
}

function CloseForm({ etag, survey, onClose, onDone }: Props & { etag: string }) {
  const { t } = useI18n();
  const api = useApi();
  const close = useChange([surveyKeys.all], () => closeSurvey(api, survey.id, etag), () => { onDone(t("survey.close.done")); });
  return (
    <FormDialog
      title={t("survey.close.title")}
      submitLabel={t("survey.close.submit")}
      pending={close.isPending}
      error={close.error}
      danger
      onSubmit={() => { close.mutate(undefined); }}
      onClose={onClose}
    >
      <Text>{t("survey.close.body")}</Text>
    </FormDialog>
  );
}

export function DeadlineDialog({ survey, onClose, onDone }: Props) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <WithCurrentVersion title={t("survey.deadline.title")} queryKey={surveyKeys.one(survey.id)} load={() => readSurvey(api, survey.id)} onClose={onClose}>
      {(current) => <DeadlineForm etag={current.etag} survey={current.data} onClose={onClose} onDone={onDone} />}
    </WithCurrentVersion>
  );
}

function DeadlineForm({ etag, survey, onClose, onDone }: Props & { etag: string }) {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const [value, setValue] = useState(() => toDanishInputs(survey.closes_at));
  const move = useChange(
    [surveyKeys.all],
    () => moveSurveyDeadline(api, survey.id, fromDanishInputs(value.date, value.time) ?? "", etag),
    (moved) => { onDone(t("survey.deadline.done", { date: formatDateTime(moved.closes_at) })); },
  );
  const stale = move.error instanceof ApiError && move.error.status === 412;
  const errors = fieldErrorsOf(move.error, t);
  return (
    <FormDialog
      title={t("survey.deadline.title")}
      submitLabel={t("common.save")}
      pending={move.isPending}
      error={stale ? null : move.error}
      onSubmit={() => { move.mutate(undefined); }}
      onClose={onClose}
    >
      <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
        <TextInput type="date" miw={150} label={t("surveys.new.deadlineDate")} value={value.date} onChange={(event) => { setValue({ ...value, date: event.currentTarget.value }); }} error={errors.closes_at?.join(" ")} />
        <TextInput type="time" miw={110} label={t("surveys.new.deadlineTime")} value={value.time} onChange={(event) => { setValue({ ...value, time: event.currentTarget.value }); }} />
      </Group>
      {stale ? <Notice tone="error" role="alert">{t("survey.deadline.stale")}</Notice> : null}
    </FormDialog>
  );
}
