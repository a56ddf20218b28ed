/**
 * /klynger/:clusterId/oekonomi: the cluster's ledger for a year, readable by every member (the
 * economy's transparency principle): the opening balance, the year's income and spending, the
 * closing balance, the totals per category, and the entries, page by page, or all as CSV.
 */
import "../theme/pageStyles";
import "@mantine/core/styles/Table.css";
import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import { useParams } from "react-router";
import { useApi } from "../api/context";
import { downloadLedgerCsv, useLedger, useLedgerEntries } from "../api/economy";
import { useMe } from "../api/queries";
import type { LedgerEntry, LedgerSummary } from "../api/types";
import { DownloadButton } from "../components/DownloadButton";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { AccountsSection } from "../features/economy/Accounts";
import { BudgetSection } from "../features/economy/Budget";
import { FeesSection } from "../features/economy/Fees";
import { CATEGORY_KEYS, KIND_KEYS } from "../features/economy/labels";
import { economyRights } from "../features/economy/rights";
import { MoneyCard } from "../features/economy/Money";
import { ExpenseList } from "../features/expenses/ExpenseList";
import { useI18n } from "../i18n/context";
import { todayInDenmark } from "../i18n/format";

/** The first year of the economy (its first rate). */
export const FIRST_YEAR = 2022;

/** The years offered, newest first: the next one (a budget year's first entries) back to the first. */
export function ledgerYears(thisYear: number): number[] {
  const newest = Math.max(thisYear + 1, FIRST_YEAR);
  return Array.from({ length: newest - FIRST_YEAR + 1 }, (_, index) => newest - index);
}

/** What a row is about stays in view while the amounts scroll under it on a phone. */
const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

function CategoryTable({ summary }: { summary: LedgerSummary }) {
  const { t, formatMoney } = useI18n();
  const captionId = useId();
  return (
    <div>
      <Title order={2} size="h3" id={captionId} mb="xs">
        {t("economy.ledger.perCategory")}
      </Title>
      <Table.ScrollContainer minWidth={480} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" style={STICKY}>{t("economy.ledger.category")}</Table.Th>
              <Table.Th scope="col" ta="end">{t("economy.ledger.income")}</Table.Th>
              <Table.Th scope="col" ta="end">{t("economy.ledger.spending")}</Table.Th>
              <Table.Th scope="col" ta="end">{t("economy.ledger.net")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.categories.filter((row) => row.income_ore !== 0 || row.spending_ore !== 0).map((row) => (
              <Table.Tr key={row.category}>
                <Table.Th scope="row" style={STICKY}>{t(CATEGORY_KEYS[row.category])}</Table.Th>
                <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>{formatMoney(row.income_ore)}</Table.Td>
                <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>{formatMoney(row.spending_ore)}</Table.Td>
                <Table.Td ta="end" style={{ whiteSpace: "nowrap" }} fw={600}>{formatMoney(row.net_ore)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}

function EntryItem({ entry }: { entry: LedgerEntry }) {
  const { t, formatDate, formatMoney } = useI18n();
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Text size="sm" c="dimmed">
            <time dateTime={entry.booked_on}>{formatDate(entry.booked_on, "short")}</time>
          </Text>
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>{entry.text}</Text>
          {entry.reason ? <Text size="sm" style={{ overflowWrap: "anywhere" }}>{entry.reason}</Text> : null}
          <Group gap={6}>
            <Badge variant="filled" color="gray.7" tt="none" size="sm">{t(KIND_KEYS[entry.kind])}</Badge>
            <Text size="sm" c="dimmed">{t(CATEGORY_KEYS[entry.category])}</Text>
          </Group>
        </Stack>
        <Text fw={700} c={entry.amount_ore < 0 ? "red.9" : undefined} style={{ whiteSpace: "nowrap" }}>
          {formatMoney(entry.amount_ore)}
        </Text>
      </Group>
    </Paper>
  );
}

function Entries({ clusterId, year, total }: { clusterId: string; year: number; total: number }) {
  const { t, formatNumber } = useI18n();
  const entries = useLedgerEntries(clusterId, year);
  const headingId = useId();
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="xs">
        {t("economy.ledger.entries")}
      </Title>
      {entries.isPending ? <LoadingState /> : null}
      {entries.isError ? <ErrorState error={entries.error} onRetry={() => void entries.refetch()} /> : null}
      {entries.isSuccess ? (
        <>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
            {items.map((entry) => (
              <EntryItem key={entry.id} entry={entry} />
            ))}
          </Stack>
          <Text size="sm" c="dimmed" mt="xs" role="status">
            {t("economy.ledger.shown", { shown: formatNumber(items.length), total: formatNumber(total) })}
          </Text>
          {entries.hasNextPage ? (
            <Button variant="default" mt="xs" loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
              {t("economy.ledger.more")}
            </Button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The ledger of a cluster for a year: what the page shows under the year picker. */
export function Ledger({ clusterId, year }: { clusterId: string; year: number }) {
  const { t } = useI18n();
  const api = useApi();
  const me = useMe();
  const rights = economyRights(me.data, clusterId);
  const ledger = useLedger(clusterId, year);
  if (ledger.isPending) return <LoadingState />;
  if (ledger.isError) return <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />;
  const summary = ledger.data;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <MoneyCard label={t("economy.ledger.opening")} ore={summary.opening_balance_ore} />
        <MoneyCard label={t("economy.ledger.income")} ore={summary.income_ore} />
        <MoneyCard label={t("economy.ledger.spending")} ore={summary.spending_ore} />
        <MoneyCard label={t("economy.ledger.closing")} ore={summary.closing_balance_ore} />
      </SimpleGrid>
      <BudgetSection clusterId={clusterId} summary={summary} canEdit={rights.keep} />
      {summary.entry_count === 0 ? (
        <EmptyState title={t("economy.ledger.empty", { year })}>
          <Text size="sm">{t("economy.ledger.emptyHint")}</Text>
        </EmptyState>
      ) : (
        <>
          <Group>
            <DownloadButton
              label={t("economy.ledger.download")}
              busyLabel={t("economy.ledger.downloading")}
              download={() => downloadLedgerCsv(api, clusterId, year, t("economy.ledger.csvFile", { year }))}
            />
          </Group>
          <CategoryTable summary={summary} />
          <Entries clusterId={clusterId} year={year} total={summary.entry_count} />
        </>
      )}
      <FeesSection clusterId={clusterId} rights={rights} />
      <AccountsSection clusterId={clusterId} year={year} />
    </Stack>
  );
}

export default function ClusterEconomyPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  useDocumentTitle("economy.ledger.title");
  const thisYear = Number(todayInDenmark().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={2}>{t("economy.ledger.heading", { year })}</Title>
        <NativeSelect
          label={t("economy.ledger.year")}
          data={ledgerYears(thisYear).map(String)}
          value={String(year)}
          onChange={(event) => {
            setYear(Number(event.currentTarget.value));
          }}
          w={140}
        />
      </Group>
      <Ledger clusterId={clusterId} year={year} />
      <ExpenseList clusterId={clusterId} />
    </Stack>
  );
}
