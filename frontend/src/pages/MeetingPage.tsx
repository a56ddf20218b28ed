import "../theme/pageStyles";
import { Anchor, Button, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import {
  IconBell,
  IconCalendar,
  IconCategory,
  IconCircleCheck,
  IconClock,
  IconListCheck,
  IconMapPin,
  IconPackages,
  IconPackageExport,
  IconPencil,
  IconUserCheck,
  IconUserPlus,
  IconUsers,
  IconVideo,
} from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import { downloadAttendanceSheet, downloadMeetingCalendar, minutesBetween, plansClusterMeetings, useInvitations, useNow, useMeeting } from "../api/meetings";
import { proposesPackages, type PackageProposalDetail } from "../api/packageProposals";
import { managesClusterSurveys, offeredTemplateOf } from "../api/surveys";
import { useMe } from "../api/queries";
import { useCluster } from "../api/registry";
import type { MeetingDetail } from "../api/types";
import { attendancePath, clusterMeetingsPath, clusterProposalsPath, meetingEditPath, newSurveyPath, paths } from "../app/navigation";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorState } from "../components/ErrorState";
import { Section } from "../components/Section";
import { LoadingState } from "../components/LoadingState";
import { RowMenu, type RowAction } from "../components/RowMenu";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { MeetingBoard } from "../features/board/MeetingBoard";
import { MyInvitationAnswer } from "../features/meetings/AnswerButtons";
import { CancelDialog, InviteDialog, MinutesDialog, RemindDialog } from "../features/meetings/dialogs";
import { ClosedAttendance } from "../features/meetings/AttendanceCorrections";
import { ProposeDialog } from "../features/packages/ProposeDialog";
import { MeetingFilesSection } from "../features/files/MeetingFilesSection";
import { PackageMaterialsSection } from "../features/packages/PackageMaterialsSection";
import { ActionsSection } from "../features/meetings/FollowUpActions";
import { ANSWER_KEYS, KIND_KEYS } from "../features/meetings/labels";
import { AgendaUse, MeetingStatusBadge, Notice, StatusMessage } from "../features/meetings/notices";
import { RESPONSIBLE_KIND_KEYS } from "../features/meetings/responsibles";
import { ScrollTable, STICKY_FIRST } from "../features/meetings/tables";
import { useI18n } from "../i18n/context";
import { formatClock, formatMeetingTime, toDanishInputs } from "../i18n/format";

/** One fact of the meeting: its icon and what it is as the term, its value as the description. */
function Fact({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text component="dt" size="sm" c="dimmed">
        <Group component="span" gap={6} wrap="nowrap">
          {icon}
          {label}
        </Group>
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </div>
  );
}

export function MeetingFacts({ meeting }: { meeting: MeetingDetail }) {
  const { t, locale, formatDateTime } = useI18n();
  const place = [meeting.place_name, meeting.place_address].filter(Boolean).join(", ");
  const size = 16;
  // The icons are pictures of the words beside them, not content of their own.
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm" my="md">
      <Fact icon={<IconCalendar size={size} aria-hidden />} label={t("meeting.when")}>
        <time dateTime={meeting.starts_at}>{formatMeetingTime(meeting.starts_at, locale)}</time>
        {"–"}
        <time dateTime={meeting.ends_at}>{formatClock(meeting.ends_at, locale)}</time>
      </Fact>
      <Fact icon={<IconCategory size={size} aria-hidden />} label={t("meeting.kind")}>
        {t(KIND_KEYS[meeting.kind])}
      </Fact>
      {place ? (
        <Fact icon={<IconMapPin size={size} aria-hidden />} label={t("meeting.place")}>
          {place}
        </Fact>
      ) : null}
      {meeting.video_url ? (
        <Fact icon={<IconVideo size={size} aria-hidden />} label={t("meeting.video")}>
          <Anchor href={meeting.video_url} rel="noreferrer noopener" target="_blank">
            {meeting.video_url}
          </Anchor>
        </Fact>
      ) : null}
      {meeting.rsvp_by ? (
        <Fact icon={<IconClock size={size} aria-hidden />} label={t("meeting.rsvpBy")}>
          {formatDateTime(meeting.rsvp_by)}
        </Fact>
      ) : null}
      <Fact icon={<IconCircleCheck size={size} aria-hidden />} label={t("meeting.statusLabel")}>
        <MeetingStatusBadge status={meeting.status} />
      </Fact>
      <Fact icon={<IconUsers size={size} aria-hidden />} label={t("meeting.responsible")}>
        {t("responsible.shown", { name: meeting.responsible.name, kind: t(RESPONSIBLE_KIND_KEYS[meeting.responsible.kind]) })}
      </Fact>
    </SimpleGrid>
  );
}

function AgendaSection({ meeting }: { meeting: MeetingDetail }) {
  const { t, formatNumber } = useI18n();
  const length = minutesBetween(meeting.starts_at, meeting.ends_at);
  const items = [...meeting.agenda_items].sort((a, b) => a.position - b.position);
  const fromPackage = meeting.my_permissions.plan && (meeting.status === "draft" || meeting.status === "planned");
  return (
    <Section
      title={t("meeting.agenda.title")}
      actions={
        fromPackage ? (
          <Button component={Link} to={`${paths.packages}?moede=${encodeURIComponent(meeting.id)}`} variant="default" leftSection={<IconPackages size={18} aria-hidden />}>
            {t("packages.fromMeeting")}
          </Button>
        ) : null
      }
    >
      <AgendaUse used={meeting.agenda_minutes} length={length} />
      {items.length === 0 ? (
        <Text c="dimmed">{t("meeting.agenda.empty")}</Text>
      ) : (
        <Stack component="ol" gap="sm" pl="lg" my="sm">
          {items.map((item) => (
            <li key={item.id}>
              <Group justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
                <Text fw={600}>{item.title}</Text>
                <Text c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {t("meeting.agenda.minutes", { minutes: formatNumber(item.duration_minutes) })}
                </Text>
              </Group>
              {item.responsible_name ? <Text size="sm" c="dimmed">{t("meeting.agenda.by", { name: item.responsible_name })}</Text> : null}
              {item.description ? <Text mt={4} style={{ whiteSpace: "pre-wrap" }}>{item.description}</Text> : null}
              {item.slide_reference ? <Text size="sm" c="dimmed">{t("meeting.agenda.slides", { slides: item.slide_reference })}</Text> : null}
            </li>
          ))}
        </Stack>
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
          <Group gap="xs">
            <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => { setMessage(""); setDialog("invite"); }}>
              {t("meeting.invite.open")}
            </Button>
            <Button variant="default" leftSection={<IconBell size={18} aria-hidden />} disabled={counts.invited === 0} onClick={() => { setMessage(""); setDialog("remind"); }}>
              {t("meeting.remind.open")}
            </Button>
          </Group>
        ) : null
      }
    >
      <StatusMessage message={message} />
      <Text>
        {t("meeting.participants.counts", {
          total: formatNumber(total),
          accepted: formatNumber(counts.accepted),
          tentative: formatNumber(counts.tentative),
          declined: formatNumber(counts.declined),
          invited: formatNumber(counts.invited),
        })}
      </Text>
      {meeting.status === "held" ? <Text mt="xs">{t("meeting.participants.attended", { count: formatNumber(meeting.attended) })}</Text> : null}
      {readAnswers ? (
        invitations.isPending ? (
          <LoadingState />
        ) : invitations.isError ? (
          <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitations.data.length === 0 ? (
          <Text c="dimmed" mt="xs">{t("meeting.participants.none")}</Text>
        ) : (
          <ScrollTable label={t("meeting.participants.caption")} minWidth={420}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" style={STICKY_FIRST}>{t("meeting.participants.name")}</Table.Th>
                <Table.Th scope="col">{t("meeting.participants.clinic")}</Table.Th>
                <Table.Th scope="col">{t("meeting.participants.answer")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...invitations.data]
                .sort((a, b) => a.name.localeCompare(b.name, "da"))
                .map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Th scope="row" style={STICKY_FIRST}>{invitation.name}</Table.Th>
                    <Table.Td>{invitation.clinic_name ?? ""}</Table.Td>
                    <Table.Td>{t(ANSWER_KEYS[invitation.answer])}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </ScrollTable>
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
          <Button variant="default" leftSection={<IconPencil size={18} aria-hidden />} onClick={() => { setMessage(""); setEditing(true); }}>
            {t("meeting.minutes.edit")}
          </Button>
        ) : null
      }
    >
      <StatusMessage message={message} />
      <Title order={3} size="h4" mt="sm">{t("meeting.minutes.title")}</Title>
      <TextBlock text={meeting.minutes} empty={t("meeting.minutes.empty")} />
      <Title order={3} size="h4" mt="md">{t("meeting.decisions.title")}</Title>
      <TextBlock text={meeting.decisions} empty={t("meeting.decisions.empty")} />
      {editing ? (
        <MinutesDialog meeting={meeting} onClose={() => { setEditing(false); }} onDone={(text) => { setEditing(false); setMessage(text); }} />
      ) : null}
    </Section>
  );
}

function TextBlock({ text, empty }: { text: string; empty: string }) {
  if (!text.trim()) return <Text c="dimmed">{empty}</Text>;
  return <Text style={{ whiteSpace: "pre-wrap" }}>{text}</Text>;
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
  const [dialog, setDialog] = useState<"cancel" | "propose" | null>(null);
  const [message, setMessage] = useState("");
  const [shared, setShared] = useState<PackageProposalDetail | null>(null);
  const { meetingId = "" } = useParams();
  const meeting = useMeeting(meetingId);
  const me = useMe();
  const cluster = useCluster(meeting.data?.cluster_id);
  useDocumentTitle("meeting.title");

  if (meeting.isPending) {
    return (
      <>
        <Title order={1}>{t("meeting.title")}</Title>
        <LoadingState />
      </>
    );
  }
  if (meeting.isError) {
    const missing = meeting.error instanceof ApiError && meeting.error.status === 404;
    return (
      <>
        <Title order={1}>{t("meeting.title")}</Title>
        {missing ? (
          <Notice tone="info">{t("meeting.notFound")}</Notice>
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
  // The package the meeting was built from may offer an evaluation, sent by the cluster's coordinators and board.
  const offeredSurvey = offeredTemplateOf(data);
  const sendsEvaluation = offeredSurvey !== null && data.status !== "draft" && data.status !== "cancelled" && managesClusterSurveys(me.data, data.cluster_id);
  const atTheDoor = permissions.register_attendance && data.closed_at === null && (open || data.status === "held");
  // A draft is deleted rather than cancelled; a held meeting stays held.
  const menu: RowAction[] =
    permissions.plan && open ? [{ label: t("meeting.cancel.open"), danger: true, onClick: () => { setMessage(""); setDialog("cancel"); } }] : [];
  return (
    <>
      <Anchor component={Link} to={clusterMeetingsPath(data.cluster_id)} size="sm">
        {t("meeting.backToList")}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Title order={1} style={{ minWidth: 0, overflowWrap: "anywhere" }}>{data.title}</Title>
        <RowMenu about={data.title} actions={menu} />
      </Group>
      <StatusMessage message={message} />
      {data.cancelled_at ? (
        <Notice tone="danger" strong>
          {t("meeting.cancelled", { date: formatDateTime(data.cancelled_at) })}
        </Notice>
      ) : null}
      {data.description ? <Text size="lg" style={{ whiteSpace: "pre-wrap" }}>{data.description}</Text> : null}
      <MeetingFacts meeting={data} />
      {open ? <MyInvitationAnswer meetingId={data.id} title={data.title} /> : null}
      <Group gap="sm" my="md">
        {/* A draft is not put in calendars until it is planned (the API answers 409). */}
        {data.status !== "draft" ? <CalendarButton meeting={data} /> : null}
        {permissions.plan && data.status !== "cancelled" ? (
          <Button component={Link} to={meetingEditPath(data.id)} variant="default" leftSection={<IconPencil size={18} aria-hidden />}>
            {t("meeting.edit")}
          </Button>
        ) : null}
        {atTheDoor ? (
          <Button component={Link} to={attendancePath(data.id)} variant="default" leftSection={<IconUserCheck size={18} aria-hidden />}>
            {t("meeting.attendance.open")}
          </Button>
        ) : null}
        {/* Attendance is registered from a planned meeting on; a cancelled one has none. */}
        {permissions.read_attendance && data.status !== "draft" && data.status !== "cancelled" ? (
          <AttendanceSheetButton meeting={data} />
        ) : null}
        {sendsEvaluation ? (
          <Button
            component={Link}
            to={newSurveyPath(data.cluster_id, offeredSurvey.id, data.id)}
            variant="default"
            leftSection={<IconListCheck size={18} aria-hidden />}
            title={t("meeting.sendEvaluationHelp", { title: offeredSurvey.title })}
          >
            {t("meeting.sendEvaluation")}
          </Button>
        ) : null}
        {/* A held meeting is shared with other clusters as a package by the cluster's coordinators. */}
        {data.status === "held" && proposesPackages(me.data, data.cluster_id) ? (
          <Button variant="default" leftSection={<IconPackageExport size={18} aria-hidden />} onClick={() => { setMessage(""); setShared(null); setDialog("propose"); }}>
            {t("proposal.share")}
          </Button>
        ) : null}
      </Group>
      <div role="status">
        {shared ? (
          <Notice tone="success">
            {t("proposal.sent", { unit: shared.unit_name })}{" "}
            <Anchor component={Link} to={clusterProposalsPath(shared.cluster_id)} underline="always">
              {t("proposal.seeAll")}
            </Anchor>
          </Notice>
        ) : null}
      </div>
      {dialog === "propose" ? (
        <ProposeDialog
          meeting={data}
          onClose={() => { setDialog(null); }}
          onDone={(proposal) => {
            setDialog(null);
            setShared(proposal);
          }}
        />
      ) : null}
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
      {data.package_version_id ? <PackageMaterialsSection meetingId={data.id} /> : null}
      <MeetingFilesSection meeting={data} />
      <ParticipantsSection meeting={data} />
      <MinutesSection meeting={data} />
      <ActionsSection meeting={data} clusterPlanner={plansClusterMeetings(cluster.data)} />
      <MeetingBoard meetingId={data.id} />
    </>
  );
}
