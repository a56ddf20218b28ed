import { useId } from "react";
import { useAnswer, useMyInvitation } from "../../api/meetings";
import type { AnswerChoice, InvitationAnswer } from "../../api/types";
import { ErrorState } from "../../components/ErrorState";
import { useI18n } from "../../i18n/context";

const CHOICES = [
  ["accepted", "meeting.rsvp.accept"],
  ["tentative", "meeting.rsvp.tentative"],
  ["declined", "meeting.rsvp.decline"],
] as const satisfies readonly (readonly [AnswerChoice, string])[];

interface AnswerButtonsProps {
  meetingId: string;
  title: string;
  /** The person's answer now, as the list or invitation at hand has it. */
  answer: InvitationAnswer;
}

/** One-click answers to one's own invitation; the current answer is pressed (the chosen one at once). */
export function AnswerButtons({ meetingId, title, answer }: AnswerButtonsProps) {
  const { t } = useI18n();
  const labelId = useId();
  const change = useAnswer(meetingId);
  const current = change.isPending ? change.variables : answer;
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
            disabled={change.isPending}
            onClick={() => {
              if (current !== value) change.mutate(value);
            }}
          >
            {t(label)}
          </button>
        ))}
      </div>
      {change.error ? <ErrorState error={change.error} /> : null}
    </div>
  );
}

/** The answer buttons on a meeting's own page, from the person's invitation; nothing without one. */
export function MyInvitationAnswer({ meetingId, title }: { meetingId: string; title: string }) {
  const invitation = useMyInvitation(meetingId);
  if (!invitation.data) return null;
  return <AnswerButtons meetingId={meetingId} title={title} answer={invitation.data.answer} />;
}
