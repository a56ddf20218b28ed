import "../theme/pageStyles";
import { useId } from "react";
import { Link, useParams } from "react-router";
import { plansClusterMeetings, useClusterMeetings, useNow } from "../api/meetings";
import { useCluster } from "../api/registry";
import type { Meeting } from "../api/types";
import { meetingPath, meetingRotationPath, newMeetingPath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { KIND_KEYS, STATUS_KEYS } from "../features/meetings/labels";
import { RESPONSIBLE_KIND_KEYS } from "../features/meetings/responsibles";
import { useI18n } from "../i18n/context";
import { formatMeetingTime } from "../i18n/format";

function MeetingList({ title, meetings, empty }: { title: string; meetings: readonly Meeting[]; empty: string }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {meetings.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="card-list">
          {meetings.map((meeting) => (
            <li key={meeting.id} className="card">
              <p className="card__title">
                <Link to={meetingPath(meeting.id)}>{meeting.title}</Link>
              </p>
              <p className="card__meta">
                <time dateTime={meeting.starts_at}>{formatMeetingTime(meeting.starts_at, locale)}</time>
              </p>
              <p className="card__meta">
                {[t(KIND_KEYS[meeting.kind]), meeting.place_name, t(STATUS_KEYS[meeting.status])].filter(Boolean).join(" · ")}
              </p>
              <p className="card__meta">
                {t("responsible.label")}: {t("responsible.shown", { name: meeting.responsible.name, kind: t(RESPONSIBLE_KIND_KEYS[meeting.responsible.kind]) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** /klynger/:clusterId/moeder: the cluster's coming and earlier meetings, a tab of the cluster's page. */
export default function ClusterMeetingsPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const cluster = useCluster(clusterId);
  const meetings = useClusterMeetings(clusterId);
  const now = useNow();
  useDocumentTitle("meetings.title");
  const all = meetings.data ?? [];
  const coming = all.filter((meeting) => meeting.ends_at >= now && meeting.status !== "held");
  const earlier = all.filter((meeting) => !coming.includes(meeting)).reverse();
  return (
    <>
      {plansClusterMeetings(cluster.data) ? (
        <div className="page-actions">
          <Link className="button" to={newMeetingPath(clusterId)}>
            {t("meetings.plan")}
          </Link>
          <Link className="button button--secondary" to={meetingRotationPath(clusterId)}>
            {t("rotation.open")}
          </Link>
        </div>
      ) : null}
      {meetings.isPending ? <LoadingState /> : null}
      {meetings.isError ? <ErrorState error={meetings.error} onRetry={() => void meetings.refetch()} /> : null}
      {meetings.data ? (
        <>
          <MeetingList title={t("meetings.coming")} meetings={coming} empty={t("meetings.noComing")} />
          <MeetingList title={t("meetings.earlier")} meetings={earlier} empty={t("meetings.noEarlier")} />
        </>
      ) : null}
    </>
  );
}
