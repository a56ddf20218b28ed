/**
 * The home of a regional quality unit's staff: the region's clusters with their sizes and the
 * region's meetings this quarter, with the way to the region's page.
 */
import "../../theme/pageStyles";
import "@mantine/core/styles/Table.css";
import { Badge, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconCalendarEvent, IconMap2, IconUsersGroup } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useClusters } from "../../api/registry";
import { clusterPath, meetingPath, regionPath } from "../../app/navigation";
import { ErrorState } from "../../components/ErrorState";
import { Figure } from "../../components/Figure";
import { LoadingState } from "../../components/LoadingState";
import { regionName } from "../../components/organisations";
import { useI18n } from "../../i18n/context";
import { formatMeetingTime } from "../../i18n/format";
import { HomeCard } from "./HomeCard";
import { quarterOf } from "./standing";

export default function RegionHome({ region }: { region: string }) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const captionId = useId();
  const clusters = useClusters(region);
  const items = clusters.data?.pages.flatMap((page) => page.items) ?? [];
  const [quarter] = useState(() => quarterOf(new Date()));
  // The region's meetings of the quarter in one request, whatever the number of clusters.
  const meetings = useQuery({
    queryKey: ["region-home-meetings", region, quarter.from],
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/meetings", {
            params: { query: { region, from: quarter.from, to: quarter.to, limit: 200 } },
          }),
        )
      ).items.map((meeting) => ({ ...meeting, clusterName: meeting.cluster_name })),
  });
  const quarterMeetings = (meetings.data ?? []).filter((meeting) => meeting.status === "planned" || meeting.status === "held");
  const meetingsPending = meetings.isPending;
  const failed = meetings.isError ? meetings : undefined;
  const name = regionName(region, t);
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t("home.region.title", { region: name })}
        </Title>
        <Link to={regionPath(region)}>{t("home.region.open")}</Link>
      </Group>
      {clusters.isPending ? <LoadingState /> : null}
      {clusters.isError ? <ErrorState error={clusters.error} onRetry={() => void clusters.refetch()} /> : null}
      {clusters.isSuccess ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <HomeCard title={t("home.region.clusters")} icon={<IconUsersGroup size={20} aria-hidden />}>
            <SimpleGrid cols={3} spacing="xs" mb="sm">
              <Figure label={t("home.region.clusters")} value={items.length} />
              <Figure label={t("home.region.clinics")} value={items.reduce((sum, cluster) => sum + cluster.clinic_count, 0)} />
              <Figure label={t("home.region.doctors")} value={items.reduce((sum, cluster) => sum + cluster.doctor_count, 0)} />
            </SimpleGrid>
            <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
              <Table striped>
                <caption id={captionId} className="visually-hidden">
                  {t("home.region.clusters")}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("clusters.name")}</Table.Th>
                    <Table.Th scope="col">{t("home.region.clinics")}</Table.Th>
                    <Table.Th scope="col">{t("home.region.doctors")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((cluster) => (
                    <Table.Tr key={cluster.id}>
                      <Table.Th scope="row">
                        <Link to={clusterPath(cluster.id)}>{cluster.name}</Link>
                      </Table.Th>
                      <Table.Td>{cluster.clinic_count}</Table.Td>
                      <Table.Td>{cluster.doctor_count}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </HomeCard>
          <HomeCard
            title={t("home.region.meetings", { quarter: quarter.quarter, year: quarter.year })}
            icon={<IconCalendarEvent size={20} aria-hidden />}
          >
            {meetingsPending ? <LoadingState /> : null}
            {failed ? <ErrorState error={failed.error} onRetry={() => void failed.refetch()} /> : null}
            {!meetingsPending ? (
              <>
                <Group gap="xs" mb="sm">
                  <Badge size="lg">
                    {quarterMeetings.length}
                  </Badge>
                  <Text size="sm">{t("home.region.meetings", { quarter: quarter.quarter, year: quarter.year })}</Text>
                </Group>
                {quarterMeetings.length === 0 ? <Text size="sm">{t("home.region.noMeetings")}</Text> : null}
                <Stack gap="xs">
                  {quarterMeetings.map((meeting) => (
                    <div key={meeting.id}>
                      <Text size="sm" fw={600}>
                        <Link to={meetingPath(meeting.id)}>{meeting.title}</Link>
                      </Text>
                      <Text size="xs" c="dimmed">
                        <time dateTime={meeting.starts_at}>{formatMeetingTime(meeting.starts_at, locale)}</time> ·{" "}
                        {meeting.clusterName}
                      </Text>
                    </div>
                  ))}
                </Stack>
              </>
            ) : null}
            <Group mt="sm" gap="xs">
              <IconMap2 size={16} aria-hidden />
              <Link to={regionPath(region)}>{t("home.region.open")}</Link>
            </Group>
          </HomeCard>
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}
