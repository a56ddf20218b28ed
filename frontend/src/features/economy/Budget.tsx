/**
 * Budget against actual on the ledger: a table per category (budget, actual, difference) and a
 * chart of the same; the treasurer or coordinator sets the year's budget in a dialog of kroner
 * fields, sent with the ETag it was read with, so a change someone else made meanwhile is
 * refused (412), said in Danish, with the new version a click away.
 */
import "@mantine/core/styles/Table.css";
import { Button, Fieldset, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useApi } from "../../api/context";
import { economyKeys, parseKroner, readBudget, replaceBudget } from "../../api/economy";
import { ApiError } from "../../api/errors";
import type { Budget as BudgetBody, BudgetLine, LedgerCategory, LedgerSummary } from "../../api/types";
import { FormDialog, useChange, WithCurrentVersion } from "../../components/dialogs";
import { Notice } from "../../components/Notice";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import { BudgetChart, budgetRows } from "./BudgetChart";
import { CATEGORY_KEYS } from "./labels";
import { kronerText } from "./RateDialog";

/** The categories a budget expects money in; every other one is spent (negative in the ledger). */
export const INCOME_CATEGORIES: readonly LedgerCategory[] = ["allocation", "carry_over"];
export const SPENDING_CATEGORIES: readonly LedgerCategory[] = [
  "speaker",
  "catering",
  "room",
  "residential_meeting",
  "coaching",
  "coordinator_pay",
  "fee",
  "other",
];

const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;
const AMOUNT = { whiteSpace: "nowrap" } as const;

/** The kroner fields of a budget's lines: the amount as typed, without its sign. */
export function budgetTexts(lines: readonly BudgetLine[]): Partial<Record<LedgerCategory, string>> {
  const texts: Partial<Record<LedgerCategory, string>> = {};
  for (const line of lines) texts[line.category] = kronerText(Math.abs(line.amount_ore));
  return texts;
}

/**
 * The lines typed in: an empty field is no line; income positive and spending negative, as
 * the ledger signs them. The categories whose text is not an amount are returned instead.
 */
export function budgetLines(texts: Partial<Record<LedgerCategory, string>>): { lines: BudgetLine[]; invalid: LedgerCategory[] } {
  const lines: BudgetLine[] = [];
  const invalid: LedgerCategory[] = [];
  for (const category of [...INCOME_CATEGORIES, ...SPENDING_CATEGORIES]) {
    const text = (texts[category] ?? "").trim();
    if (!text) continue;
    const ore = parseKroner(text);
    if (ore === null) invalid.push(category);
    else lines.push({ category, amount_ore: INCOME_CATEGORIES.includes(category) ? ore : -ore });
  }
  return { lines, invalid };
}

function BudgetForm({
  clusterId,
  budget,
  etag,
  onClose,
  onReload,
}: {
  clusterId: string;
  budget: BudgetBody;
  etag: string;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [texts, setTexts] = useState(() => budgetTexts(budget.lines));
  const [invalid, setInvalid] = useState<LedgerCategory[]>([]);
  const change = useChange([economyKeys.all], (lines: BudgetLine[]) => replaceBudget(api, clusterId, budget.year, lines, etag), onClose);
  const stale = change.error instanceof ApiError && change.error.kind === "precondition-failed";
  const field = (category: LedgerCategory) => (
    <TextInput
      key={category}
      label={t(CATEGORY_KEYS[category])}
      inputMode="decimal"
      autoComplete="off"
      value={texts[category] ?? ""}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setTexts((current) => ({ ...current, [category]: value }));
      }}
      error={invalid.includes(category) ? t("economy.budget.amountInvalid") : undefined}
    />
  );
  return (
    <FormDialog
      title={t("economy.budget.editTitle", { year: budget.year })}
      submitLabel={t("common.save")}
      pending={change.isPending}
      error={stale ? null : change.error}
      showFieldErrors
      disabled={stale}
      onSubmit={() => {
        const typed = budgetLines(texts);
        setInvalid(typed.invalid);
        if (typed.invalid.length === 0) change.mutate(typed.lines);
      }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <Text size="sm">{t("economy.budget.editIntro")}</Text>
        <Fieldset legend={t("economy.budget.incomeGroup")} variant="unstyled">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">{INCOME_CATEGORIES.map(field)}</SimpleGrid>
        </Fieldset>
        <Fieldset legend={t("economy.budget.spendingGroup")} variant="unstyled">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">{SPENDING_CATEGORIES.map(field)}</SimpleGrid>
        </Fieldset>
        {stale ? (
          <Notice tone="error" role="alert" title={t("economy.budget.preconditionFailed")}>
            <Button variant="default" size="xs" mt={4} onClick={onReload}>
              {t("economy.budget.reload")}
            </Button>
          </Notice>
        ) : null}
      </Stack>
    </FormDialog>
  );
}

/** The year's budget read with its ETag, then its form; a reload reads it again. */
export function BudgetDialog({ clusterId, year, onClose }: { clusterId: string; year: number; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const queryKey = ["budget", clusterId, year];
  return (
    <WithCurrentVersion title={t("economy.budget.editTitle", { year })} queryKey={queryKey} load={() => readBudget(api, clusterId, year)} onClose={onClose}>
      {(current) => (
        <BudgetForm
          key={current.etag}
          clusterId={clusterId}
          budget={current.data}
          etag={current.etag}
          onClose={onClose}
          onReload={() => void queryClient.invalidateQueries({ queryKey: ["current-version", ...queryKey] })}
        />
      )}
    </WithCurrentVersion>
  );
}

function BudgetTable({ summary }: { summary: LedgerSummary }) {
  const { t, formatMoney } = useI18n();
  const captionId = useId();
  const rows = budgetRows(summary);
  const actualNet = summary.income_ore + summary.spending_ore;
  const budgetNet = summary.budget_net_ore;
  return (
    <Table.ScrollContainer minWidth={480} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table striped>
        <Table.Caption id={captionId} className="visually-hidden">{t("economy.budget.tableCaption")}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={STICKY}>{t("economy.ledger.category")}</Table.Th>
            <Table.Th scope="col" ta="end">{t("economy.budget.budget")}</Table.Th>
            <Table.Th scope="col" ta="end">{t("economy.budget.actual")}</Table.Th>
            <Table.Th scope="col" ta="end">{t("economy.budget.difference")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.category}>
              <Table.Th scope="row" style={STICKY}>{t(CATEGORY_KEYS[row.category])}</Table.Th>
              <Table.Td ta="end" style={AMOUNT}>{row.budget_ore === null ? "–" : formatMoney(row.budget_ore)}</Table.Td>
              <Table.Td ta="end" style={AMOUNT}>{formatMoney(row.net_ore)}</Table.Td>
              <Table.Td ta="end" style={AMOUNT} c={row.budget_difference_ore !== null && row.budget_difference_ore < 0 ? "red.9" : undefined}>
                {row.budget_difference_ore === null ? "–" : formatMoney(row.budget_difference_ore)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row" style={STICKY}>{t("economy.budget.net")}</Table.Th>
            <Table.Td ta="end" style={AMOUNT} fw={700}>{budgetNet === null ? "–" : formatMoney(budgetNet)}</Table.Td>
            <Table.Td ta="end" style={AMOUNT} fw={700}>{formatMoney(actualNet)}</Table.Td>
            <Table.Td ta="end" style={AMOUNT} fw={700}>{budgetNet === null ? "–" : formatMoney(actualNet - budgetNet)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The ledger's section of budget against actual, with the budget's dialog for its keepers. */
export function BudgetSection({ clusterId, summary, canEdit }: { clusterId: string; summary: LedgerSummary; canEdit: boolean }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const hasBudget = summary.budget_net_ore !== null;
  const shown = budgetRows(summary).length > 0;
  return (
    <Section
      title={t("economy.budget.title")}
      actions={
        canEdit ? (
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => { setEditing(true); }}>
            {hasBudget ? t("economy.budget.edit") : t("economy.budget.set")}
          </Button>
        ) : null
      }
    >
      <Text size="sm" c="dimmed">{t("economy.budget.intro")}</Text>
      {hasBudget ? null : <Text>{t("economy.budget.none", { year: summary.year })}</Text>}
      {shown ? (
        <>
          <BudgetTable summary={summary} />
          {hasBudget ? <BudgetChart summary={summary} /> : null}
        </>
      ) : null}
      {editing ? <BudgetDialog clusterId={clusterId} year={summary.year} onClose={() => { setEditing(false); }} /> : null}
    </Section>
  );
}
