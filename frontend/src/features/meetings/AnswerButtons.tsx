import { Button, Group, Text } from "@mantine/core";
import { IconCheck, IconHelp, IconX } from "@tabler/icons-react";
import { useAnswer, useMyInvitation } from "../../api/meetings";
import type { AnswerChoice, InvitationAnswer } from "../../api/types";
import { ErrorState } from "../../components/ErrorState";
import { useI18n } from "../../i18n/context";

const CHOICES = [
  ["accepted", "meeting.rsvp.accept", IconCheck],
  ["tentative", "meeting.rsvp.tentative", IconHelp],
  ["declined", "meeting.rsvp.decline", IconX],
] as const satisfies readonly (readonly [AnswerChoice, string, unknown])[];

interface AnswerButtonsProps {
  meetingId: string;
  title: string;
  /** The person's answer now, as the list or invitation at hand has it. */
  answer: InvitationAnswer;
}

/** One-click answers to one's own invitation; the current answer is pressed (the chosen one at once). */
export function AnswerButtons({ meetingId, title, answer }: AnswerButtonsProps) {
  const { t } = useI18n();
  const change = useAnswer(meetingId);
  const current = change.isPending ? change.variables : answer;
  return (
    <div>
      <Text fw={600} mt="xs" mb={4}>
        {current === "invited" ? t("meeting.rsvp.question") : t("meeting.rsvp.yourAnswer")}
      </Text>
      {/* 44 px high: an answer is often given on a phone. The chosen one is filled. */}
      <Group gap="xs" role="group" aria-label={t("meeting.rsvp.groupLabel", { title })}>
        {CHOICES.map(([value, label, Icon]) => (
          <Button
            key={value}
            size="md"
            variant={current === value ? "filled" : "default"}
            leftSection={<Icon size={18} aria-hidden />}
            aria-pressed={current === value}
            disabled={change.isPending}
            onClick={() => {
              if (current !== value) change.mutate(value);
            }}
          >
            {t(label)}
          </Button>
        ))}
      </Group>
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
