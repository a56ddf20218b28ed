/** An allocation run's report: the totals, every cluster's amount and status, and the warnings. */
import "@mantine/core/styles/Table.css";
import { Badge, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useId } from "react";
import type { AllocationReport as Report, AllocationStatus } from "../../api/types";
import { Notice } from "../../components/Notice";
import { useI18n } from "../../i18n/context";
import { STATUS_KEYS } from "./labels";
import { MoneyCard } from "./Money";

/** Warnings listed in full; the rest are counted (a national run can list many clinics). */
export const WARNINGS_SHOWN = 50;

const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

const STATUS_COLOURS: Record<AllocationStatus, string> = {
  created: "green.9",
  corrected: "klynge.8",
  unchanged: "gray.7",
};

export function StatusBadge({ status }: { status: AllocationStatus }) {
  const { t } = useI18n();
  return (
    <Badge variant="filled" tt="none" w="fit-content" color={STATUS_COLOURS[status]}>
      {t(STATUS_KEYS[status])}
    </Badge>
  );
}

/** What the run books (or would book): the sum of the clusters' differences, in whole øre. */
export function bookedNow(report: Report): number {
  return report.clusters.reduce((sum, row) => sum + row.difference_ore, 0);
}

export function AllocationReport({ report }: { report: Report }) {
  const { t, formatMoney, formatNumber } = useI18n();
  const captionId = useId();
  const warningsId = useId();
  return (
    <Stack gap="md">
      <Notice tone={report.applied ? "success" : "info"} title={report.applied ? t("economy.run.booked", { year: report.year }) : t("economy.run.dryRunDone", { year: report.year })}>
        <Text>
          {t("economy.run.summary", {
            created: formatNumber(report.summary.created),
            corrected: formatNumber(report.summary.corrected),
            unchanged: formatNumber(report.summary.unchanged),
          })}
        </Text>
      </Notice>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <MoneyCard label={t("economy.run.rate")} ore={report.ore_per_patient} />
        <MoneyCard label={t("economy.run.total")} ore={report.total_ore} />
        <MoneyCard label={report.applied ? t("economy.run.totalBooked") : t("economy.run.totalWouldBook")} ore={bookedNow(report)} />
      </SimpleGrid>
      <div>
        <Title order={3} size="h4" id={captionId} mb="xs">
          {t("economy.run.perCluster")}
        </Title>
        <Table.ScrollContainer minWidth={720} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0} mah={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" style={STICKY}>{t("economy.run.cluster")}</Table.Th>
                <Table.Th scope="col" ta="end">{t("economy.run.clinics")}</Table.Th>
                <Table.Th scope="col" ta="end">{t("economy.run.patients")}</Table.Th>
                <Table.Th scope="col" ta="end">{t("economy.run.amount")}</Table.Th>
                <Table.Th scope="col" ta="end">{t("economy.run.difference")}</Table.Th>
                <Table.Th scope="col">{t("economy.run.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.clusters.map((row) => (
                <Table.Tr key={row.cluster_id}>
                  <Table.Th scope="row" style={STICKY}>{row.cluster_name}</Table.Th>
                  <Table.Td ta="end">{formatNumber(row.clinics)}</Table.Td>
                  <Table.Td ta="end">{formatNumber(row.patients)}</Table.Td>
                  <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>{formatMoney(row.amount_ore)}</Table.Td>
                  <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>{formatMoney(row.difference_ore)}</Table.Td>
                  <Table.Td><StatusBadge status={row.status} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
      {report.warnings.length > 0 ? (
        <section aria-labelledby={warningsId}>
          <Title order={3} size="h4" id={warningsId} mb="xs">
            {t("economy.run.warnings", { count: formatNumber(report.warnings.length) })}
          </Title>
          <Text size="sm" mb="xs">{t("economy.run.warningsHint", { year: report.year })}</Text>
          <List spacing={4}>
            {report.warnings.slice(0, WARNINGS_SHOWN).map((warning) => (
              <List.Item key={`${warning.cluster_id}-${warning.provider_number}`}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>{warning.clinic_name}</Text>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {t("economy.run.warningLine", { provider: warning.provider_number, cluster: warning.cluster_name })}
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
          {report.warnings.length > WARNINGS_SHOWN ? (
            <Text size="sm" mt="xs">{t("economy.run.warningsMore", { count: formatNumber(report.warnings.length - WARNINGS_SHOWN) })}</Text>
          ) : null}
        </section>
      ) : null}
    </Stack>
  );
}
