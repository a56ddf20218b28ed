import { useI18n } from "../../i18n/context";
import { ListSection } from "./ListSection";
import type { ListState, MeetingSummary } from "./model";

export function MeetingsSection({ state }: { state: ListState<MeetingSummary> }) {
  const { t, formatDateTime } = useI18n();
  return (
    <ListSection
      title={t("dashboard.meetings.title")}
      state={state}
      emptyTitle={t("dashboard.meetings.emptyTitle")}
      emptyBody={<p>{t("dashboard.meetings.emptyBody")}</p>}
      itemKey={(meeting) => meeting.id}
      renderItem={(meeting) => (
        <>
          <p className="card__title">{meeting.title}</p>
          <p className="card__meta">
            <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>
          </p>
          <p className="card__meta">{meeting.clusterName}</p>
          {meeting.location ? <p className="card__meta">{meeting.location}</p> : null}
        </>
      )}
    />
  );
}
