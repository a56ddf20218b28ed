import { Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import type { Landscape, LandscapeMeetings } from "../../api/types";
import { Figure } from "../../components/Figure";
import { useI18n } from "../../i18n/context";
import { BarChart, DistributionChart } from "./charts";
import { Section } from "./Section";

/** A key figure on a card of its own, named by what it counts (so that it is found by that). */
function FigureCard({ label, value }: { label: string; value: number | string }) {
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label={label}>
      <Figure label={label} value={value} />
    </Paper>
  );
}

/** Meetings held over the last complete years: how many per cluster a year, and how many after work. */
function MeetingFigures({ meetings }: { meetings: LandscapeMeetings }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const years = { first: String(meetings.first_year), last: String(meetings.last_year) };
  const perYear = meetings.per_cluster_per_year;
  return (
    <Section title={t("landscape.meetings.title")}>
      <Stack gap="md">
        <Text>{t("landscape.meetings.intro", years)}</Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <FigureCard label={t("landscape.meetings.held", years)} value={meetings.held} />
          <FigureCard
            label={t("landscape.meetings.perClusterPerYear")}
            value={perYear.mean == null ? t("landscape.meetings.none") : formatNumber(perYear.mean, 1)}
          />
          <FigureCard
            label={t("landscape.meetings.afterWorkShare")}
            value={meetings.after_work_share == null ? t("landscape.meetings.none") : formatPercent(meetings.after_work_share)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <DistributionChart title={t("landscape.meetings.spread")} distribution={perYear} unit={t("landscape.unitMeetings")} />
        </SimpleGrid>
      </Stack>
    </Section>
  );
}

/** The figures of the whole country or one region: sizes, doctors, patients, roles and meetings. */
export function LandscapeFigures({ landscape }: { landscape: Landscape }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const total = landscape.clusters;
  const share = (count: number) => (total === 0 ? 0 : (count / total) * 100);
  const roleBar = (label: string, count: number) => ({
    label,
    value: share(count),
    text:
      count === 1
        ? t("landscape.clusterShareOne", { share: formatNumber(share(count)) })
        : t("landscape.clusterShare", { count: formatNumber(count), share: formatNumber(share(count)) }),
  });
  const roles = landscape.clusters_with_role;
  return (
    <>
      <Section title={t("landscape.keyFigures")}>
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <FigureCard label={t("landscape.clusters")} value={landscape.clusters} />
            <FigureCard label={t("landscape.clinics")} value={landscape.clinics} />
            <FigureCard label={t("landscape.doctors")} value={landscape.doctors} />
            <FigureCard label={t("landscape.patients")} value={landscape.patients} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
            <DistributionChart
              title={t("landscape.doctorsPerCluster")}
              distribution={landscape.doctors_per_cluster}
              unit={t("landscape.unitDoctors")}
            />
            <DistributionChart
              title={t("landscape.patientsPerCluster")}
              distribution={landscape.patients_per_cluster}
              unit={t("landscape.unitPatients")}
            />
          </SimpleGrid>
        </Stack>
      </Section>
      <Section title={t("landscape.roles")}>
        <BarChart
          caption={t("landscape.rolesCaption", { count: formatNumber(total) })}
          max={100}
          format={(value) => formatPercent(value / 100)}
          tableVisible
          bars={[
            roleBar(t("landscape.role.onlyCoordinator"), landscape.clusters_with_only_coordinator),
            roleBar(t("landscape.role.coCoordinator"), roles.co_coordinator),
            roleBar(t("landscape.role.boardMember"), roles.board_member),
            roleBar(t("landscape.role.treasurer"), roles.treasurer),
            roleBar(t("landscape.role.secretary"), roles.secretary),
          ]}
        />
      </Section>
      <MeetingFigures meetings={landscape.meetings} />
    </>
  );
}
