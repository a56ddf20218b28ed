import "../theme/pageStyles";
import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCalendar, IconCalendarPlus, IconMapPin, IconPackageExport, IconRepeat, IconUsers } from "@tabler/icons-react";
import { useId } from "react";
import { Link, useParams } from "react-router";
import { plansClusterMeetings, useClusterMeetings, useNow } from "../api/meetings";
import { useCluster } from "../api/registry";
import type { Meeting } from "../api/types";
import { clusterProposalsPath, meetingPath, meetingRotationPath, newMeetingPath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { KIND_KEYS } from "../features/meetings/labels";
import { MeetingStatusBadge } from "../features/meetings/notices";
import { RESPONSIBLE_KIND_KEYS } from "../features/meetings/responsibles";
import { useI18n } from "../i18n/context";
import { formatMeetingTime } from "../i18n/format";

function MeetingList({ title, meetings, empty }: { title: string; meetings: readonly Meeting[]; empty: string }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <Title order={2} id={headingId}>
        {title}
      </Title>
      {meetings.length === 0 ? (
        <Text c="dimmed">{empty}</Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} mt="sm" mb={0} style={{ listStyle: "none" }}>
          {meetings.map((meeting) => (
            <Paper component="li" key={meeting.id} withBorder p="sm">
              <Group justify="space-between" align="flex-start" gap="xs">
                <Anchor component={Link} to={meetingPath(meeting.id)} fw={600} style={{ overflowWrap: "anywhere" }}>
                  {meeting.title}
                </Anchor>
                <MeetingStatusBadge status={meeting.status} />
              </Group>
              <Group gap={6} wrap="nowrap" mt={4}>
                <IconCalendar size={16} aria-hidden style={{ flexShrink: 0 }} />
                <Text size="sm">
                  <time dateTime={meeting.starts_at}>{formatMeetingTime(meeting.starts_at, locale)}</time>
                </Text>
              </Group>
              <Group gap={6} wrap="nowrap">
                <IconMapPin size={16} aria-hidden style={{ flexShrink: 0 }} />
                <Text size="sm" c="dimmed">
                  {[t(KIND_KEYS[meeting.kind]), meeting.place_name].filter(Boolean).join(" · ")}
                </Text>
              </Group>
              <Group gap={6} wrap="nowrap">
                <IconUsers size={16} aria-hidden style={{ flexShrink: 0 }} />
                <Text size="sm" c="dimmed">
                  {t("responsible.label")}: {t("responsible.shown", { name: meeting.responsible.name, kind: t(RESPONSIBLE_KIND_KEYS[meeting.responsible.kind]) })}
                </Text>
              </Group>
            </Paper>
          ))}
        </Stack>
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
  // The cluster's own people follow the meetings it shared as packages (the API decides again).
  const insider = cluster.data?.my_permissions.upload_files ?? false;
  const coming = all.filter((meeting) => meeting.ends_at >= now && meeting.status !== "held");
  const earlier = all.filter((meeting) => !coming.includes(meeting)).reverse();
  return (
    <>
      {plansClusterMeetings(cluster.data) ? (
        <Group gap="sm" my="md">
          <Button component={Link} to={newMeetingPath(clusterId)} leftSection={<IconCalendarPlus size={18} aria-hidden />}>
            {t("meetings.plan")}
          </Button>
          <Button component={Link} to={meetingRotationPath(clusterId)} variant="default" leftSection={<IconRepeat size={18} aria-hidden />}>
            {t("rotation.open")}
          </Button>
        </Group>
      ) : null}
      {insider ? (
        <Group gap="sm" my="md">
          <Button component={Link} to={clusterProposalsPath(clusterId)} variant="default" leftSection={<IconPackageExport size={18} aria-hidden />}>
            {t("proposals.link")}
          </Button>
        </Group>
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
