/** PLO staff's home: this year's attendance in figures, and the way to the attendance screen. */
import "../../theme/pageStyles";
import { Group, SimpleGrid, Text } from "@mantine/core";
import { IconChecklist, IconDownload } from "@tabler/icons-react";
import { Link } from "react-router";
import { useAttendanceSummary } from "../../api/attendance";
import { paths } from "../../app/navigation";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { HomeCard } from "./HomeCard";

export default function PloHome() {
  const { t, formatNumber } = useI18n();
  const year = new Date().getFullYear();
  const summary = useAttendanceSummary({ year });
  return (
    <HomeCard title={t("home.plo.title", { year })} icon={<IconChecklist size={20} aria-hidden />}>
      {summary.isPending ? <LoadingState /> : null}
      {summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      {summary.isSuccess ? (
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs" mb="sm">
          {(
            [
              ["attendance.overview.clusters", summary.data.clusters_count],
              ["attendance.overview.meetingsHeld", summary.data.meetings_held],
              ["attendance.overview.attendances", summary.data.attendances],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <Text size="xl" fw={700}>
                {formatNumber(value)}
              </Text>
              <Text size="sm" c="dimmed">
                {t(label)}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      ) : null}
      <Group gap="xs">
        <IconDownload size={16} aria-hidden />
        <Link to={paths.attendance}>{t("home.plo.open")}</Link>
      </Group>
    </HomeCard>
  );
}
