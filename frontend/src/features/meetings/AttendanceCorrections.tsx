/**
 * A closed meeting's final attendance, and its correction: after closing only the coordinator
 * and co-coordinators change a row, each change with its reason (kept with the row and audited),
 * since fees are paid by it.
 */
import { useId, useState } from "react";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useAttendance } from "../../api/meetings";
import type { Attendance, MeetingDetail } from "../../api/types";
import { fieldErrorsOf, FormDialog, useIdempotencyKey } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { Field } from "../../components/fields";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { useMeetingAction } from "./dialogs";

interface CorrectionDialogProps {
  meeting: MeetingDetail;
  row: Attendance;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Correct one person's attendance, with a required reason. */
export function CorrectionDialog({ meeting, row, onClose, onDone }: CorrectionDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const radioName = useId();
  // One corrects what is wrong: the other answer is the likely one.
  const [attended, setAttended] = useState(!row.attended);
  const [reason, setReason] = useState("");
  const correct = useMeetingAction(
    meeting.id,
    () =>
      unwrap(
        client.POST("/api/v1/meetings/{meeting_id}/attendance", {
          params: { path: { meeting_id: meeting.id }, header: { "Idempotency-Key": key } },
          body: { items: [{ user_id: row.user_id, attended, reason: reason.trim() }] },
        }),
      ),
    () => {
      onDone(t("meeting.correct.done", { name: row.name }));
    },
  );
  const errors = fieldErrorsOf(correct.error, t);
  return (
    <FormDialog
      title={t("meeting.correct.title", { name: row.name })}
      submitLabel={t("meeting.correct.submit")}
      pending={correct.isPending}
      disabled={reason.trim() === "" || attended === row.attended}
      error={correct.error}
      onSubmit={() => { correct.mutate(undefined); }}
      onClose={onClose}
      showFieldErrors
    >
      <p>{t("meeting.correct.now", { name: row.name, state: row.attended ? t("meeting.attendance.yes") : t("meeting.attendance.no") })}</p>
      <fieldset className="field">
        <legend>{t("meeting.correct.legend", { name: row.name })}</legend>
        <label className="choice">
          <input type="radio" name={radioName} checked={attended} onChange={() => { setAttended(true); }} />
          {t("meeting.attendance.yes")}
        </label>
        <label className="choice">
          <input type="radio" name={radioName} checked={!attended} onChange={() => { setAttended(false); }} />
          {t("meeting.attendance.no")}
        </label>
      </fieldset>
      <Field label={t("meeting.correct.reason")} name="items.0.reason" errors={errors} hint={t("meeting.correct.reasonHint")}>
        {(props) => (
          <textarea {...props} required rows={3} maxLength={1000} value={reason} onChange={(e) => { setReason(e.target.value); }} />
        )}
      </Field>
    </FormDialog>
  );
}

interface ClosedAttendanceProps {
  meeting: MeetingDetail;
  /** May correct (`my_permissions.correct_attendance`). */
  canCorrect: boolean;
  /** A correction was saved, with a message for the section. */
  onCorrected: (message: string) => void;
}

/** Who attended a closed meeting; correctors get a button per person. */
export function ClosedAttendance({ meeting, canCorrect, onCorrected }: ClosedAttendanceProps) {
  const { t } = useI18n();
  const captionId = useId();
  const attendance = useAttendance(meeting.id);
  const [correcting, setCorrecting] = useState<Attendance | null>(null);
  let body;
  if (attendance.isPending) body = <LoadingState />;
  else if (attendance.isError) body = <ErrorState error={attendance.error} onRetry={() => void attendance.refetch()} />;
  else if (attendance.data.length === 0) body = <p className="muted">{t("meeting.attendance.none")}</p>;
  else {
    const rows = [...attendance.data].sort((a, b) => a.name.localeCompare(b.name, "da"));
    body = (
      // Scrolls sideways on a phone, so it takes the focus for the keyboard.
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="table">
          <caption id={captionId} className="visually-hidden">
            {t("meeting.attendance.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("meeting.participants.name")}</th>
              <th scope="col">{t("meeting.attendance.attended")}</th>
              <th scope="col">{t("meeting.attendance.correction")}</th>
              {canCorrect ? (
                <th scope="col">
                  <span className="visually-hidden">{t("meeting.correct.column")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.name}</th>
                <td>{row.attended ? t("meeting.attendance.yes") : t("meeting.attendance.no")}</td>
                <td>{row.correction_reason ?? ""}</td>
                {canCorrect ? (
                  <td>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={t("meeting.correct.openLabel", { name: row.name })}
                      onClick={() => { setCorrecting(row); }}
                    >
                      {t("meeting.correct.open")}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <>
      <h3>{t("meeting.attendance.title")}</h3>
      {canCorrect ? <p className="muted">{t("meeting.attendance.correctHint")}</p> : null}
      {body}
      {correcting ? (
        <CorrectionDialog
          meeting={meeting}
          row={correcting}
          onClose={() => { setCorrecting(null); }}
          onDone={(text) => {
            setCorrecting(null);
            onCorrected(text);
          }}
        />
      ) : null}
    </>
  );
}
