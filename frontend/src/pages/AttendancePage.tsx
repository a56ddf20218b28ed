/**
 * Attendance at the door, made for a phone: search by name, one tap registers one person (one
 * request per person, an upsert, so two people at the door at once lose nothing), and who is
 * registered shows at once. Closing the meeting finalises attendance.
 */
import "../theme/pageStyles";
import { Anchor, Button, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconCheck, IconLock, IconSearch, IconUserCheck } from "@tabler/icons-react";
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
import { Notice, StatusMessage } from "../features/meetings/notices";
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
      <Text size="lg">{formatMeetingTime(meeting.starts_at, locale)}</Text>
      {/* The totals stay in view under the header while the list scrolls under one's thumb. */}
      <Paper
        withBorder
        shadow="xs"
        p="sm"
        my="sm"
        style={{ position: "sticky", top: "var(--app-shell-header-offset, 0rem)", zIndex: 2 }}
      >
        <Text size="xl" fw={700} aria-live="polite">
          {t("attendance.count", { present: formatNumber(present.length), total: formatNumber(people.length) })}
        </Text>
      </Paper>
      <StatusMessage message={message} />
      {failed ? <ErrorState error={failed} /> : null}
      {closed ? <Notice tone="info">{t("attendance.closed")}</Notice> : null}
      <TextInput
        type="search"
        size="lg"
        autoComplete="off"
        label={t("attendance.search")}
        leftSection={<IconSearch size={20} aria-hidden />}
        value={search}
        onChange={(e) => { setSearch(e.currentTarget.value); }}
      />
      {loading ? <LoadingState /> : null}
      {loadError ? <ErrorState error={loadError} /> : null}
      {!loading && shown.length === 0 ? <Text c="dimmed" mt="sm">{t("attendance.noMatch")}</Text> : null}
      <Stack component="ul" gap="xs" p={0} my="md" style={{ listStyle: "none" }} aria-label={t("attendance.listLabel")}>
        {shown.map((person) => {
          const here = rows.get(person.userId)?.attended === true;
          return (
            <li key={person.userId}>
              {/* One tap, the whole width: made for a thumb. Registered is filled green, with a tick and a word. */}
              <Button
                fullWidth
                size="xl"
                h="auto"
                mih={64}
                py="xs"
                justify="space-between"
                variant={here ? "filled" : "default"}
                color={here ? "green.9" : undefined}
                aria-pressed={here}
                disabled={closed}
                rightSection={
                  <Text component="span" fw={600} c="inherit" style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
                    {here ? <IconCheck size={20} aria-hidden /> : null}
                    {here ? t("attendance.here") : t("attendance.tapToRegister")}
                  </Text>
                }
                styles={{ label: { whiteSpace: "normal", textAlign: "left", flexDirection: "column", alignItems: "flex-start" } }}
                onClick={() => { register.mutate({ person, attended: !here }); }}
              >
                <Text component="span" fw={700} size="lg" c="inherit" data-person-name>
                  {person.name}
                </Text>
                <Text component="span" size="sm" c="inherit" fw={400}>
                  {person.clinic}
                </Text>
              </Button>
            </li>
          );
        })}
      </Stack>
      {permissions.plan && !closed && !permissions.close && meeting.status === "planned" ? (
        <Text c="dimmed">{t("meeting.close.notYet")}</Text>
      ) : null}
      {permissions.close ? (
        <Button size="lg" fullWidth color="red.9" my="md" leftSection={<IconLock size={20} aria-hidden />} onClick={() => { setMessage(""); setClosing(true); }}>
          {t("meeting.close.open")}
        </Button>
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
    <div>
      <Anchor component={Link} to={meetingPath(meetingId)} size="sm">
        {t("attendance.back")}
      </Anchor>
      <Title order={1} style={{ overflowWrap: "anywhere" }}>
        <IconUserCheck size={28} aria-hidden style={{ verticalAlign: "-0.15em", marginRight: 8 }} />
        {meeting.data ? t("attendance.heading", { title: meeting.data.title }) : t("attendance.title")}
      </Title>
      {meeting.isPending ? <LoadingState /> : null}
      {meeting.isError ? <ErrorState error={meeting.error} onRetry={() => void meeting.refetch()} /> : null}
      {data && !mayRegister ? (
        <Notice tone="info">{t(notYet ? "attendance.notYet" : "attendance.notAllowed")}</Notice>
      ) : null}
      {data && mayRegister ? <Door meeting={data} /> : null}
    </div>
  );
}
