/**
 * The coordinator's home, per cluster they coordinate: the next meeting, who has not answered
 * the coming meetings, overdue follow-up actions and the yearly provider-number deadline.
 */
import "../../theme/pageStyles";
import { Badge, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCalendarEvent, IconClipboardList, IconMailQuestion, IconId } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useClusterMeetings, useInvitations, useNow } from "../../api/meetings";
import { useClinics } from "../../api/registry";
import type { Meeting, MyCluster } from "../../api/types";
import { clusterPath, meetingPath, newMeetingPath } from "../../app/navigation";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { formatDate, formatMeetingTime, todayInDenmark } from "../../i18n/format";
import { HomeCard } from "./HomeCard";
import { providerDeadline } from "./standing";

/** How many coming meetings the coordinator sees the missing answers of. */
const MEETINGS_FOLLOWED = 2;

function Unanswered({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const invitations = useInvitations(meeting.id);
  if (invitations.isPending) return <LoadingState />;
  if (invitations.isError) return <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />;
  const missing = invitations.data.filter((invitation) => invitation.answer === "invited");
  if (missing.length === 0) return null;
  return (
    <div>
      <Text fw={600} size="sm">
        <Link to={meetingPath(meeting.id)}>{t("home.coordinator.unansweredCount", { count: missing.length, meeting: meeting.title })}</Link>
      </Text>
      <Text size="sm" c="dimmed">
        {missing.map((invitation) => invitation.name).join(", ")}
      </Text>
    </div>
  );
}

function OverdueActions({ clusterId }: { clusterId: string }) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const actions = useQuery({
    queryKey: ["cluster-actions", clusterId, "open"],
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/actions", {
            params: { path: { cluster_id: clusterId }, query: { status: "open", limit: 200 } },
          }),
        )
      ).items,
  });
  if (actions.isPending) return <LoadingState />;
  if (actions.isError) return <ErrorState error={actions.error} onRetry={() => void actions.refetch()} />;
  const today = todayInDenmark();
  const overdue = actions.data.filter((action) => action.due_on !== null && action.due_on < today);
  if (overdue.length === 0) return <Text size="sm">{t("home.coordinator.noOverdue")}</Text>;
  return (
    <List spacing="xs" listStyleType="none" pl={0}>
      {overdue.map((action) => (
        <List.Item key={action.id}>
          <Group gap="xs" wrap="wrap">
            <Badge color="red" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
              {t("home.coordinator.overdue")}
            </Badge>
            <Link to={meetingPath(action.meeting_id)}>{action.title}</Link>
          </Group>
          <Text size="sm" c="dimmed">
            {action.due_on ? t("home.coordinator.due", { date: formatDate(action.due_on, locale) }) : null}
            {action.clinic_name ? ` · ${action.clinic_name}` : ""}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

function ProviderDeadline({ clusterId, deadline }: { clusterId: string; deadline: { deadline: string; updatedSince: string } }) {
  const { t, locale } = useI18n();
  const clinics = useClinics(clusterId);
  const date = formatDate(deadline.deadline, locale);
  return (
    <HomeCard title={t("home.coordinator.deadline")} icon={<IconId size={20} aria-hidden />}>
      <Text size="sm">{t("home.coordinator.deadlineBody", { date })}</Text>
      {clinics.isPending ? <LoadingState /> : null}
      {clinics.isError ? <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} /> : null}
      {clinics.isSuccess
        ? (() => {
            const missing = clinics.data.filter(
              (clinic) => clinic.patients_counted_on === null || clinic.patients_counted_on < deadline.updatedSince,
            ).length;
            return missing === 0 ? (
              <Badge color="green" mt="xs">
                {t("home.coordinator.deadlineDone")}
              </Badge>
            ) : (
              <Text size="sm" fw={600} mt="xs">
                <Badge color="orange" mr="xs">
                  {missing}
                </Badge>
                {t("home.coordinator.deadlineMissing", { count: missing, total: clinics.data.length })}
              </Text>
            );
          })()
        : null}
    </HomeCard>
  );
}

function CoordinatedCluster({ cluster }: { cluster: MyCluster }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const meetings = useClusterMeetings(cluster.id, now);
  const coming = (meetings.data ?? []).filter((meeting) => meeting.status === "planned").slice(0, MEETINGS_FOLLOWED);
  const next = coming[0];
  const deadline = providerDeadline(new Date());
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t("home.coordinator.title", { cluster: cluster.name })}
        </Title>
        <Link to={clusterPath(cluster.id)}>{t("home.coordinator.openCluster")}</Link>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <HomeCard title={t("home.coordinator.nextMeeting")} icon={<IconCalendarEvent size={20} aria-hidden />}>
          {meetings.isPending ? <LoadingState /> : null}
          {meetings.isError ? <ErrorState error={meetings.error} onRetry={() => void meetings.refetch()} /> : null}
          {meetings.isSuccess && next ? (
            <>
              <Text fw={600}>
                <Link to={meetingPath(next.id)}>{next.title}</Link>
              </Text>
              <Text size="sm">
                <time dateTime={next.starts_at}>{formatMeetingTime(next.starts_at, locale)}</time>
              </Text>
              {next.place_name ? <Text size="sm" c="dimmed">{next.place_name}</Text> : null}
            </>
          ) : null}
          {meetings.isSuccess && !next ? (
            <>
              <Text size="sm">{t("home.coordinator.noMeeting")}</Text>
              <Link to={newMeetingPath(cluster.id)}>{t("home.coordinator.planMeeting")}</Link>
            </>
          ) : null}
        </HomeCard>
        <HomeCard title={t("home.coordinator.unanswered")} icon={<IconMailQuestion size={20} aria-hidden />}>
          <Stack gap="xs">
            {coming.map((meeting) => (
              <Unanswered key={meeting.id} meeting={meeting} />
            ))}
          </Stack>
          {meetings.isSuccess && coming.length === 0 ? <Text size="sm">{t("home.coordinator.noMeeting")}</Text> : null}
        </HomeCard>
        <HomeCard title={t("home.coordinator.actions")} icon={<IconClipboardList size={20} aria-hidden />}>
          <OverdueActions clusterId={cluster.id} />
        </HomeCard>
        {deadline ? <ProviderDeadline clusterId={cluster.id} deadline={deadline} /> : null}
      </SimpleGrid>
    </Stack>
  );
}

export default function CoordinatorHome({ clusters }: { clusters: readonly MyCluster[] }) {
  return (
    <Stack gap="xl">
      {clusters.map((cluster) => (
        <CoordinatedCluster key={cluster.id} cluster={cluster} />
      ))}
    </Stack>
  );
}
