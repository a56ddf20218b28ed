/**
 * Attendance at the door, made for a phone: search by name, one tap registers one person (one
 * request per person, an upsert, so two people at the door at once lose nothing), and who is
 * registered shows at once. Closing the meeting finalises attendance.
 */
import "../theme/pageStyles";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/context";
import { unwrap } from "../api/errors";
import { meetingKeys, useAttendance, useInvitations, useMeeting } from "../api/meetings";
import { useMembers } from "../api/registry";
import type { Attendance, MeetingDetail } from "../api/types";
import { meetingPath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { CloseDialog } from "../features/meetings/dialogs";
import { useI18n } from "../i18n/context";
import { formatMeetingTime } from "../i18n/format";

interface Person {
  userId: string;
  name: string;
  clinic: string;
}

function normalise(text: string): string {
  // "soren" finds Søren and "aeroe" Ærø: Danish letters are searched as they are typed on a phone
  // without them, too.
  return text
    .toLocaleLowerCase("da")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/å/g, "a")
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "");
}

function Door({ meeting }: { meeting: MeetingDetail }) {
  const { t, locale, formatNumber } = useI18n();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const members = useMembers(meeting.cluster_id);
  const permissions = meeting.my_permissions;
  // Those who register attendance read both; each is asked for only when the meeting says so.
  const invitations = useInvitations(meeting.id, permissions.read_answers);
  const attendance = useAttendance(meeting.id, permissions.read_attendance);
  const [search, setSearch] = useState("");
  const [closing, setClosing] = useState(false);
  const [message, setMessage] = useState("");
  const [failed, setFailed] = useState<unknown>(null);

  const people = useMemo(() => {
    const byId = new Map<string, Person>();
    for (const invitation of invitations.data ?? []) {
      byId.set(invitation.user_id, { userId: invitation.user_id, name: invitation.name, clinic: invitation.clinic_name ?? "" });
    }
    for (const member of members.data ?? []) {
      if (!byId.has(member.user_id)) byId.set(member.user_id, { userId: member.user_id, name: member.name, clinic: member.clinic_name });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, "da"));
  }, [invitations.data, members.data]);

  const rows = useMemo(() => new Map((attendance.data ?? []).map((row) => [row.user_id, row])), [attendance.data]);

  const register = useMutation({
    mutationFn: ({ person, attended }: { person: Person; attended: boolean }) =>
      unwrap(
        client.POST("/api/v1/meetings/{meeting_id}/attendance", {
          params: { path: { meeting_id: meeting.id }, header: { "Idempotency-Key": crypto.randomUUID() } },
          body: { items: [{ user_id: person.userId, attended }] },
        }),
      ),
    onMutate: ({ person, attended }) => {
      setFailed(null);
      // Shown at once; the list is read again when the answer comes.
      queryClient.setQueryData<Attendance[]>(meetingKeys.attendance(meeting.id), (previous = []) => {
        const others = previous.filter((row) => row.user_id !== person.userId);
        const row = previous.find((candidate) => candidate.user_id === person.userId);
        const now = new Date().toISOString();
        return [
          ...others,
          row
            ? { ...row, attended }
            : {
                id: `pending-${person.userId}`,
                meeting_id: meeting.id,
                user_id: person.userId,
                name: person.name,
                attended,
                clinic_id: null,
                provider_number: null,
                correction_reason: null,
                finalised: false,
                registered_at: now,
                registered_by_id: null,
                updated_at: now,
              },
        ];
      });
    },
    onSuccess: (_report, { person, attended }) => {
      setMessage(attended ? t("attendance.registered", { name: person.name }) : t("attendance.unregistered", { name: person.name }));
    },
    onError: (error) => {
      setFailed(error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: meetingKeys.attendance(meeting.id) }),
  });

  const query = normalise(search.trim());
  const shown = query ? people.filter((person) => normalise(person.name).includes(query)) : people;
  const present = (attendance.data ?? []).filter((row) => row.attended);
  const closed = meeting.closed_at !== null;
  const loading =
    members.isPending || (permissions.read_answers && invitations.isPending) || (permissions.read_attendance && attendance.isPending);
  const loadError = members.error ?? invitations.error ?? attendance.error;

  return (
    <>
      <p className="lead">{formatMeetingTime(meeting.starts_at, locale)}</p>
      <p className="door__count" aria-live="polite">
        {t("attendance.count", { present: formatNumber(present.length), total: formatNumber(people.length) })}
      </p>
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      {failed ? <ErrorState error={failed} /> : null}
      {closed ? <p className="notice notice--info">{t("attendance.closed")}</p> : null}
      <div className="field">
        <label htmlFor="door-search">{t("attendance.search")}</label>
        <input id="door-search" type="search" className="door__search" autoComplete="off" value={search} onChange={(e) => { setSearch(e.target.value); }} />
      </div>
      {loading ? <LoadingState /> : null}
      {loadError ? <ErrorState error={loadError} /> : null}
      {!loading && shown.length === 0 ? <p className="muted">{t("attendance.noMatch")}</p> : null}
      <ul className="door__list" aria-label={t("attendance.listLabel")}>
        {shown.map((person) => {
          const here = rows.get(person.userId)?.attended === true;
          return (
            <li key={person.userId}>
              <button
                type="button"
                className={here ? "door__person door__person--here" : "door__person"}
                aria-pressed={here}
                disabled={closed}
                onClick={() => { register.mutate({ person, attended: !here }); }}
              >
                <span className="door__name">{person.name}</span>
                <span className="door__clinic">{person.clinic}</span>
                <span className="door__state">{here ? t("attendance.here") : t("attendance.tapToRegister")}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {permissions.plan && !closed && !permissions.close && meeting.status === "planned" ? (
        <p className="muted">{t("meeting.close.notYet")}</p>
      ) : null}
      {permissions.close ? (
        <div className="page-actions">
          <button type="button" className="button button--danger" onClick={() => { setMessage(""); setClosing(true); }}>
            {t("meeting.close.open")}
          </button>
        </div>
      ) : null}
      {closing ? (
        <CloseDialog
          meeting={meeting}
          registered={present.length}
          onClose={() => { setClosing(false); }}
          onDone={(text) => {
            setClosing(false);
            setMessage(text);
            void queryClient.invalidateQueries({ queryKey: meetingKeys.attendance(meeting.id) });
          }}
        />
      ) : null}
    </>
  );
}

export default function AttendancePage() {
  const { t } = useI18n();
  const { meetingId = "" } = useParams();
  const meeting = useMeeting(meetingId);
  useDocumentTitle("attendance.title");
  const data = meeting.data;
  const permissions = data?.my_permissions;
  // A closed meeting shows its final attendance to those who plan it; registration itself
  // opens two hours before the meeting begins (the API says when, in `my_permissions`).
  const closed = data !== undefined && data.closed_at !== null;
  const mayRegister = permissions?.register_attendance === true || (closed && permissions?.plan === true);
  const notYet = data !== undefined && !mayRegister && permissions?.plan === true && data.status === "planned";
  return (
    <div className="door">
      <p className="breadcrumb">
        <Link to={meetingPath(meetingId)}>{t("attendance.back")}</Link>
      </p>
      <h1>{meeting.data ? t("attendance.heading", { title: meeting.data.title }) : t("attendance.title")}</h1>
      {meeting.isPending ? <LoadingState /> : null}
      {meeting.isError ? <ErrorState error={meeting.error} onRetry={() => void meeting.refetch()} /> : null}
      {data && !mayRegister ? (
        <p className="notice notice--info">{t(notYet ? "attendance.notYet" : "attendance.notAllowed")}</p>
      ) : null}
      {data && mayRegister ? <Door meeting={data} /> : null}
    </div>
  );
}
