import { Text } from "@mantine/core";
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
      emptyBody={<p>{t("dashboard.meetings.emptyBody")}</p>}
      itemKey={(meeting) => meeting.id}
      renderItem={(meeting) => (
        <>
          <p className="card__title">
            <Link to={meetingPath(meeting.id)}>{meeting.title}</Link>{" "}
            {meeting.myAnswer === "invited" ? (
              <Text span size="sm" fw={700} c="red.9">
                {t("home.member.unanswered")}
              </Text>
            ) : null}
          </p>
          <p className="card__meta">
            <time dateTime={meeting.startsAt}>{formatMeetingTime(meeting.startsAt, locale)}</time>
          </p>
          <p className="card__meta">{meeting.clusterName}</p>
          {meeting.location ? <p className="card__meta">{meeting.location}</p> : null}
          <AnswerButtons meetingId={meeting.id} title={meeting.title} answer={meeting.myAnswer} />
        </>
      )}
    />
  );
}
