import { useId } from "react";
import { useAnswer, useMyInvitation } from "../../api/meetings";
import type { InvitationAnswer } from "../../api/types";
import { ErrorState } from "../../components/ErrorState";
import { useI18n } from "../../i18n/context";

const CHOICES = [
  ["accepted", "meeting.rsvp.accept"],
  ["tentative", "meeting.rsvp.tentative"],
  ["declined", "meeting.rsvp.decline"],
] as const satisfies readonly (readonly [InvitationAnswer, string])[];

/** One-click answers to one's own invitation; the current answer is pressed. Nothing without one. */
export function AnswerButtons({ meetingId, title }: { meetingId: string; title: string }) {
  const { t } = useI18n();
  const labelId = useId();
  const invitation = useMyInvitation(meetingId);
  const answer = useAnswer(meetingId);
  if (!invitation.data) return null;
  const current = answer.isPending ? answer.variables : invitation.data.answer;
  return (
    <div className="rsvp">
      <p id={labelId} className="rsvp__label">
        {current === "invited" ? t("meeting.rsvp.question") : t("meeting.rsvp.yourAnswer")}
      </p>
      <div className="rsvp__buttons" role="group" aria-label={t("meeting.rsvp.groupLabel", { title })}>
        {CHOICES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            className={current === value ? "button button--small rsvp__choice rsvp__choice--on" : "button button--small button--secondary rsvp__choice"}
            aria-pressed={current === value}
            disabled={answer.isPending}
            onClick={() => {
              if (current !== value) answer.mutate(value);
            }}
          >
            {t(label)}
          </button>
        ))}
      </div>
      {answer.error ? <ErrorState error={answer.error} /> : null}
    </div>
  );
}
