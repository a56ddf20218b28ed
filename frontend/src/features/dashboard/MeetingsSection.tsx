import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router";
import { meetingPath } from "../../app/navigation";
import { formatMeetingTime } from "../../i18n/format";
import { useI18n } from "../../i18n/context";
import { AnswerButtons } from "../meetings/AnswerButtons";
import { ListSection } from "./ListSection";
import type { ListState, MeetingSummary } from "./model";

export function MeetingsSection({ state }: { state: ListState<MeetingSummary> }) {
  const { t, locale } = useI18n();
  return (
    <ListSection
      title={t("dashboard.meetings.title")}
      state={state}
      emptyTitle={t("dashboard.meetings.emptyTitle")}
      emptyBody={<Text>{t("dashboard.meetings.emptyBody")}</Text>}
      itemKey={(meeting) => meeting.id}
      renderItem={(meeting) => (
        <>
          <Text fw={600}>
            <Anchor component={Link} to={meetingPath(meeting.id)} inherit>
              {meeting.title}
            </Anchor>{" "}
            {meeting.myAnswer === "invited" ? (
              <Text span size="sm" fw={700} c="red.9">
                {t("home.member.unanswered")}
              </Text>
            ) : null}
          </Text>
          <Text size="sm" c="dimmed">
            <time dateTime={meeting.startsAt}>{formatMeetingTime(meeting.startsAt, locale)}</time>
          </Text>
          <Text size="sm" c="dimmed">
            {meeting.clusterName}
          </Text>
          {meeting.location ? (
            <Text size="sm" c="dimmed">
              {meeting.location}
            </Text>
          ) : null}
          <AnswerButtons meetingId={meeting.id} title={meeting.title} answer={meeting.myAnswer} />
        </>
      )}
    />
  );
}
