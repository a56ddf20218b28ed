/**
 * Budget against actual as bars: the drawing comes from the chart library, loaded lazily, and
 * is hidden from assistive technology; its numbers are stated in text beside it (the table on
 * the ledger, a list on the treasurer's home).
 */
import { Box, List, Text } from "@mantine/core";
import { lazy, Suspense } from "react";
import type { LedgerSummary } from "../../api/types";
import { useI18n } from "../../i18n/context";
import { CATEGORY_KEYS } from "./labels";

const BudgetBars = lazy(() => import("./budgetGraphics").then((module) => ({ default: module.BudgetBars })));

/** Whole kroner of an amount in øre, by integer division (the bars need no øre). */
export function wholeKroner(ore: number): number {
  return Number(BigInt(ore) / 100n);
}

/** The categories worth showing: with a budget, or with money booked. */
export function budgetRows(summary: LedgerSummary) {
  return summary.categories.filter((row) => row.budget_ore !== null || row.net_ore !== 0);
}

export function BudgetChart({ summary, compact = false, listed = false }: { summary: LedgerSummary; compact?: boolean; listed?: boolean }) {
  const { t, formatMoney, formatNumber } = useI18n();
  const rows = budgetRows(summary);
  const bars = rows.map((row) => ({
    label: t(CATEGORY_KEYS[row.category]),
    budget: wholeKroner(row.budget_ore ?? 0),
    actual: wholeKroner(row.net_ore),
  }));
  const caption = t("economy.budget.chartCaption", { year: summary.year });
  return (
    <Box>
      <Text fw={600} size={compact ? "sm" : undefined} aria-hidden="true">
        {caption}
      </Text>
      <div aria-hidden="true" data-testid="budget-chart">
        <Suspense fallback={<Box h={compact ? 180 : 260} />}>
          <BudgetBars bars={bars} budgetLabel={t("economy.budget.budget")} actualLabel={t("economy.budget.actual")} formatKroner={formatNumber} compact={compact} />
        </Suspense>
      </div>
      <List size="sm" className={listed ? undefined : "visually-hidden"} aria-label={caption}>
        {rows.map((row) => (
          <List.Item key={row.category}>
            {t("economy.budget.chartLine", {
              category: t(CATEGORY_KEYS[row.category]),
              budget: formatMoney(row.budget_ore ?? 0),
              actual: formatMoney(row.net_ore),
            })}
          </List.Item>
        ))}
      </List>
    </Box>
  );
}
