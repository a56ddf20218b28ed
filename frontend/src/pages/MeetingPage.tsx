import "../theme/pageStyles";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import { downloadAttendanceSheet, downloadMeetingCalendar, minutesBetween, plansClusterMeetings, useInvitations, useNow, useMeeting } from "../api/meetings";
import { useCluster } from "../api/registry";
import type { MeetingDetail } from "../api/types";
import { attendancePath, clusterMeetingsPath, meetingEditPath } from "../app/navigation";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorState } from "../components/ErrorState";
import { Section } from "../components/Section";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { MeetingBoard } from "../features/board/MeetingBoard";
import { MyInvitationAnswer } from "../features/meetings/AnswerButtons";
import { CancelDialog, InviteDialog, MinutesDialog, RemindDialog } from "../features/meetings/dialogs";
import { ClosedAttendance } from "../features/meetings/AttendanceCorrections";
import { MeetingFilesSection } from "../features/files/MeetingFilesSection";
import { ActionsSection } from "../features/meetings/FollowUpActions";
import { ANSWER_KEYS, KIND_KEYS, STATUS_KEYS } from "../features/meetings/labels";
import { RESPONSIBLE_KIND_KEYS } from "../features/meetings/responsibles";
import { useI18n } from "../i18n/context";
import { formatClock, formatMeetingTime, toDanishInputs } from "../i18n/format";

export function MeetingFacts({ meeting }: { meeting: MeetingDetail }) {
  const { t, locale, formatDateTime } = useI18n();
  const place = [meeting.place_name, meeting.place_address].filter(Boolean).join(", ");
  return (
    <dl className="details details--page">
      <div>
        <dt>{t("meeting.when")}</dt>
        <dd>
          <time dateTime={meeting.starts_at}>{formatMeetingTime(meeting.starts_at, locale)}</time>
          {"–"}
          <time dateTime={meeting.ends_at}>{formatClock(meeting.ends_at, locale)}</time>
        </dd>
      </div>
      <div>
        <dt>{t("meeting.kind")}</dt>
        <dd>{t(KIND_KEYS[meeting.kind])}</dd>
      </div>
      {place ? (
        <div>
          <dt>{t("meeting.place")}</dt>
          <dd>{place}</dd>
        </div>
      ) : null}
      {meeting.video_url ? (
        <div>
          <dt>{t("meeting.video")}</dt>
          <dd>
            <a href={meeting.video_url} rel="noreferrer noopener" target="_blank">
              {meeting.video_url}
            </a>
          </dd>
        </div>
      ) : null}
      {meeting.rsvp_by ? (
        <div>
          <dt>{t("meeting.rsvpBy")}</dt>
          <dd>{formatDateTime(meeting.rsvp_by)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t("meeting.statusLabel")}</dt>
        <dd>
          <span className={`badge badge--${meeting.status}`}>{t(STATUS_KEYS[meeting.status])}</span>
        </dd>
      </div>
      <div>
        <dt>{t("meeting.responsible")}</dt>
        <dd>{t("responsible.shown", { name: meeting.responsible.name, kind: t(RESPONSIBLE_KIND_KEYS[meeting.responsible.kind]) })}</dd>
      </div>
    </dl>
  );
}

function AgendaSection({ meeting }: { meeting: MeetingDetail }) {
  const { t, formatNumber } = useI18n();
  const length = minutesBetween(meeting.starts_at, meeting.ends_at);
  const items = [...meeting.agenda_items].sort((a, b) => a.position - b.position);
  const over = meeting.agenda_minutes > length;
  return (
    <Section title={t("meeting.agenda.title")}>
      <p className={over ? "notice notice--warning" : "muted"}>
        {t("meeting.agenda.used", { used: formatNumber(meeting.agenda_minutes), length: formatNumber(length) })}
        {over ? ` ${t("meeting.agenda.overrun", { minutes: formatNumber(meeting.agenda_minutes - length) })}` : ""}
      </p>
      {items.length === 0 ? (
        <p className="muted">{t("meeting.agenda.empty")}</p>
      ) : (
        <ol className="agenda">
          {items.map((item) => (
            <li key={item.id} className="agenda__item">
              <div className="agenda__head">
                <span className="agenda__title">{item.title}</span>
                <span className="agenda__minutes">{t("meeting.agenda.minutes", { minutes: formatNumber(item.duration_minutes) })}</span>
              </div>
              {item.responsible_name ? <p className="card__meta">{t("meeting.agenda.by", { name: item.responsible_name })}</p> : null}
              {item.description ? <p className="agenda__description">{item.description}</p> : null}
              {item.slide_reference ? <p className="card__meta">{t("meeting.agenda.slides", { slides: item.slide_reference })}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** Who is invited and what they answered, and a closed meeting's attendance, as far as one may read them. */
function ParticipantsSection({ meeting }: { meeting: MeetingDetail }) {
  const { t, formatNumber } = useI18n();
  const permissions = meeting.my_permissions;
  const readAnswers = permissions.read_answers;
  const invitations = useInvitations(meeting.id, readAnswers);
  const counts = meeting.answers;
  const total = counts.accepted + counts.tentative + counts.declined + counts.invited;
  const [dialog, setDialog] = useState<"invite" | "remind" | null>(null);
  const [message, setMessage] = useState("");
  const now = useNow();
  const canInvite = permissions.plan && meeting.status === "planned" && meeting.starts_at > now;
  return (
    <Section
      title={t("meeting.participants.title")}
      actions={
        canInvite ? (
          <>
            <button type="button" className="button" onClick={() => { setMessage(""); setDialog("invite"); }}>
              {t("meeting.invite.open")}
            </button>
            <button type="button" className="button button--secondary" disabled={counts.invited === 0} onClick={() => { setMessage(""); setDialog("remind"); }}>
              {t("meeting.remind.open")}
            </button>
          </>
        ) : null
      }
    >
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      <p>
        {t("meeting.participants.counts", {
          total: formatNumber(total),
          accepted: formatNumber(counts.accepted),
          tentative: formatNumber(counts.tentative),
          declined: formatNumber(counts.declined),
          invited: formatNumber(counts.invited),
        })}
      </p>
      {meeting.status === "held" ? <p>{t("meeting.participants.attended", { count: formatNumber(meeting.attended) })}</p> : null}
      {readAnswers ? (
        invitations.isPending ? (
          <LoadingState />
        ) : invitations.isError ? (
          <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitations.data.length === 0 ? (
          <p className="muted">{t("meeting.participants.none")}</p>
        ) : (
          // Scrolls sideways on a phone, so it takes the focus for the keyboard.
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t("meeting.participants.caption")}>
            <table className="table">
              <caption className="visually-hidden">{t("meeting.participants.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("meeting.participants.name")}</th>
                  <th scope="col">{t("meeting.participants.clinic")}</th>
                  <th scope="col">{t("meeting.participants.answer")}</th>
                </tr>
              </thead>
              <tbody>
                {[...invitations.data]
                  .sort((a, b) => a.name.localeCompare(b.name, "da"))
                  .map((invitation) => (
                    <tr key={invitation.id}>
                      <th scope="row">{invitation.name}</th>
                      <td>{invitation.clinic_name ?? ""}</td>
                      <td>{t(ANSWER_KEYS[invitation.answer])}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {permissions.read_attendance && meeting.closed_at ? (
        <ClosedAttendance meeting={meeting} canCorrect={permissions.correct_attendance} onCorrected={setMessage} />
      ) : null}
      {dialog === "invite" ? (
        <InviteDialog meeting={meeting} onClose={() => { setDialog(null); }} onDone={(text) => { setDialog(null); setMessage(text); }} />
      ) : null}
      {dialog === "remind" ? (
        <RemindDialog meeting={meeting} onClose={() => { setDialog(null); }} onDone={(text) => { setDialog(null); setMessage(text); }} />
      ) : null}
    </Section>
  );
}

function MinutesSection({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState("");
  return (
    <Section
      title={t("meeting.minutes.sectionTitle")}
      actions={
        meeting.my_permissions.plan && meeting.status !== "cancelled" ? (
          <button type="button" className="button button--secondary" onClick={() => { setMessage(""); setEditing(true); }}>
            {t("meeting.minutes.edit")}
          </button>
        ) : null
      }
    >
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      <h3>{t("meeting.minutes.title")}</h3>
      <TextBlock text={meeting.minutes} empty={t("meeting.minutes.empty")} />
      <h3>{t("meeting.decisions.title")}</h3>
      <TextBlock text={meeting.decisions} empty={t("meeting.decisions.empty")} />
      {editing ? (
        <MinutesDialog meeting={meeting} onClose={() => { setEditing(false); }} onDone={(text) => { setEditing(false); setMessage(text); }} />
      ) : null}
    </Section>
  );
}

function TextBlock({ text, empty }: { text: string; empty: string }) {
  if (!text.trim()) return <p className="muted">{empty}</p>;
  return <div className="text-block">{text}</div>;
}

/** The meeting as an `.ics` file, named by its Danish date like the API's own file name. */
function CalendarButton({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useI18n();
  const api = useApi();
  const fileName = t("meeting.calendar.file", { date: toDanishInputs(meeting.starts_at).date });
  return (
    <DownloadButton
      label={t("meeting.calendar.download")}
      busyLabel={t("meeting.calendar.busy")}
      download={() => downloadMeetingCalendar(api, meeting.id, fileName)}
    />
  );
}

/** The meeting's attendance as an Excel workbook, saved under the API's file name. */
function AttendanceSheetButton({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useI18n();
  const api = useApi();
  const fileName = t("meeting.attendance.sheetFile", { date: toDanishInputs(meeting.starts_at).date });
  return (
    <DownloadButton
      label={t("meeting.attendance.sheet")}
      busyLabel={t("meeting.attendance.sheetBusy")}
      download={() => downloadAttendanceSheet(api, meeting.id, fileName)}
    />
  );
}

export default function MeetingPage() {
  const { t, formatDateTime } = useI18n();
  const [dialog, setDialog] = useState<"cancel" | null>(null);
  const [message, setMessage] = useState("");
  const { meetingId = "" } = useParams();
  const meeting = useMeeting(meetingId);
  const cluster = useCluster(meeting.data?.cluster_id);
  useDocumentTitle("meeting.title");

  if (meeting.isPending) {
    return (
      <>
        <h1>{t("meeting.title")}</h1>
        <LoadingState />
      </>
    );
  }
  if (meeting.isError) {
    const missing = meeting.error instanceof ApiError && meeting.error.status === 404;
    return (
      <>
        <h1>{t("meeting.title")}</h1>
        {missing ? (
          <p className="notice notice--info">{t("meeting.notFound")}</p>
        ) : (
          <ErrorState error={meeting.error} onRetry={() => void meeting.refetch()} />
        )}
      </>
    );
  }
  const data = meeting.data;
  const permissions = data.my_permissions;
  const open = data.status === "planned";
  // Attendance is registered until the meeting is closed, also after it has ended (held).
  const atTheDoor = permissions.register_attendance && data.closed_at === null && (open || data.status === "held");
  return (
    <>
      <p className="breadcrumb">
        <Link to={clusterMeetingsPath(data.cluster_id)}>{t("meeting.backToList")}</Link>
      </p>
      <h1>{data.title}</h1>
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      {data.cancelled_at ? (
        <p className="notice notice--warning notice--strong">{t("meeting.cancelled", { date: formatDateTime(data.cancelled_at) })}</p>
      ) : null}
      {data.description ? <p className="lead">{data.description}</p> : null}
      <MeetingFacts meeting={data} />
      {open ? <MyInvitationAnswer meetingId={data.id} title={data.title} /> : null}
      <div className="page-actions">
        {/* A draft is not put in calendars until it is planned (the API answers 409). */}
        {data.status !== "draft" ? <CalendarButton meeting={data} /> : null}
        {permissions.plan && data.status !== "cancelled" ? (
          <Link className="button button--secondary" to={meetingEditPath(data.id)}>
            {t("meeting.edit")}
          </Link>
        ) : null}
        {atTheDoor ? (
          <Link className="button button--secondary" to={attendancePath(data.id)}>
            {t("meeting.attendance.open")}
          </Link>
        ) : null}
        {/* Attendance is registered from a planned meeting on; a cancelled one has none. */}
        {permissions.read_attendance && data.status !== "draft" && data.status !== "cancelled" ? (
          <AttendanceSheetButton meeting={data} />
        ) : null}
        {/* A draft is deleted rather than cancelled; a held meeting stays held. */}
        {permissions.plan && open ? (
          <button type="button" className="button button--danger-outline" onClick={() => { setMessage(""); setDialog("cancel"); }}>
            {t("meeting.cancel.open")}
          </button>
        ) : null}
      </div>
      {dialog === "cancel" ? (
        <CancelDialog
          meeting={data}
          onClose={() => { setDialog(null); }}
          onDone={(text) => {
            setDialog(null);
            setMessage(text);
          }}
        />
      ) : null}
      <AgendaSection meeting={data} />
      <MeetingFilesSection meeting={data} />
      <ParticipantsSection meeting={data} />
      <MinutesSection meeting={data} />
      <ActionsSection meeting={data} clusterPlanner={plansClusterMeetings(cluster.data)} />
      <MeetingBoard meetingId={data.id} />
    </>
  );
}
