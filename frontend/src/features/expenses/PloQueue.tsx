/**
 * PLO's booking and payment queue across clusters: the approved expenses, several chosen and
 * booked in one batch ("Bogfør valgte"), then the booked ones marked as paid; each batch is sent
 * with an Idempotency-Key, and its report is shown per expense.
 */
import "@mantine/core/styles/SegmentedControl.css";
import { Button, Checkbox, Group, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconCash, IconNotebook } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { economyKeys, useAllClusters } from "../../api/economy";
import { batchExpenses, expenseKeys, useExpenseQueue } from "../../api/expenses";
import { describeFieldCode } from "../../api/errorCodes";
import type { BatchReport, Expense } from "../../api/types";
import { expensePath } from "../../app/navigation";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import { CATEGORY_KEYS } from "../economy/labels";

type Stage = "approved" | "booked";

function Report({ report, stage, titles }: { report: BatchReport; stage: Stage; titles: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="sm" radius="md" role="status">
      <Text fw={600} mb={4}>
        {report.applied
          ? t(stage === "approved" ? "expenses.plo.bookedCount" : "expenses.plo.paidCount", { count: report.summary.updated })
          : t("expenses.plo.nothingApplied")}
      </Text>
      <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: "none" }}>
        {report.items.map((item) => (
          <li key={item.index}>
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {titles.get(item.key) ?? item.key}:{" "}
              {item.status === "error"
                ? item.codes.map((code) => describeFieldCode(code, t)).join(" ")
                : item.status === "unchanged"
                  ? t("expenses.plo.itemUnchanged")
                  : t(stage === "approved" ? "expenses.plo.itemBooked" : "expenses.plo.itemPaid")}
            </Text>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}

function QueueRow({ expense, cluster, checked, onToggle }: { expense: Expense; cluster: string; checked: boolean; onToggle: () => void }) {
  const { t, formatMoney } = useI18n();
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Checkbox mt={4} checked={checked} onChange={onToggle} aria-label={t("expenses.plo.choose", { title: expense.title, cluster })} />
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Link to={expensePath(expense.id)} style={{ fontWeight: 600, overflowWrap: "anywhere" }}>
            {expense.title}
          </Link>
          <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {[cluster, expense.claimant_name, t(CATEGORY_KEYS[expense.category])].filter(Boolean).join(" · ")}
          </Text>
        </Stack>
        <Text fw={700} style={{ whiteSpace: "nowrap" }}>
          {formatMoney(expense.total_ore)}
        </Text>
      </Group>
    </Paper>
  );
}

export function PloQueue() {
  const { t, formatMoney } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>("approved");
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<{ stage: Stage; report: BatchReport; titles: Map<string, string> } | null>(null);
  const queue = useExpenseQueue(stage);
  const clusters = useAllClusters();
  const names = new Map((clusters.data ?? []).map((cluster) => [cluster.id, cluster.name]));
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const selected = items.filter((expense) => chosen.has(expense.id));
  const run = useMutation({
    mutationFn: async (expenses: Expense[]) => {
      const report = await batchExpenses(api, stage === "approved" ? "book" : "pay", expenses.map((expense) => expense.id), crypto.randomUUID());
      return { stage, report, titles: new Map(expenses.map((expense) => [expense.id, expense.title])) };
    },
    onSuccess: async (answer) => {
      setResult(answer);
      setChosen(new Set());
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: expenseKeys.all }),
        queryClient.invalidateQueries({ queryKey: economyKeys.all }),
      ]);
    },
  });
  return (
    <Section title={t("expenses.plo.title")}>
      <Text>{t("expenses.plo.intro")}</Text>
      <SegmentedControl
        aria-label={t("expenses.plo.stage")}
        value={stage}
        onChange={(value) => {
          setStage(value);
          setChosen(new Set());
          run.reset();
        }}
        data={[
          { value: "approved", label: t("expenses.plo.toBook") },
          { value: "booked", label: t("expenses.plo.toPay") },
        ]}
        style={{ alignSelf: "flex-start" }}
      />
      {queue.isPending ? <LoadingState /> : null}
      {queue.isError ? <ErrorState error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      {queue.isSuccess && items.length === 0 ? (
        <EmptyState title={stage === "approved" ? t("expenses.plo.noneToBook") : t("expenses.plo.noneToPay")} />
      ) : null}
      {items.length > 0 ? (
        <>
          <Checkbox
            label={t("expenses.plo.chooseAll")}
            checked={selected.length === items.length}
            indeterminate={selected.length > 0 && selected.length < items.length}
            onChange={() => {
              setChosen(selected.length === items.length ? new Set() : new Set(items.map((expense) => expense.id)));
            }}
          />
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
            {items.map((expense) => (
              <QueueRow
                key={expense.id}
                expense={expense}
                cluster={names.get(expense.cluster_id) ?? ""}
                checked={chosen.has(expense.id)}
                onToggle={() => {
                  const next = new Set(chosen);
                  if (next.has(expense.id)) next.delete(expense.id);
                  else next.add(expense.id);
                  setChosen(next);
                }}
              />
            ))}
          </Stack>
          {queue.hasNextPage ? (
            <Group>
              <Button variant="default" loading={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
                {t("expenses.list.more")}
              </Button>
            </Group>
          ) : null}
          <Group gap="sm">
            <Button
              leftSection={stage === "approved" ? <IconNotebook size={16} aria-hidden /> : <IconCash size={16} aria-hidden />}
              disabled={selected.length === 0 || run.isPending}
              loading={run.isPending}
              onClick={() => {
                run.mutate(selected);
              }}
            >
              {stage === "approved" ? t("expenses.plo.bookChosen") : t("expenses.plo.payChosen")}
            </Button>
            <Text size="sm" c="dimmed">
              {t("expenses.plo.chosen", {
                count: selected.length,
                total: formatMoney(selected.reduce((sum, expense) => sum + expense.total_ore, 0)),
              })}
            </Text>
          </Group>
        </>
      ) : null}
      {run.error ? <ErrorState error={run.error} /> : null}
      {result ? <Report report={result.report} stage={result.stage} titles={result.titles} /> : null}
    </Section>
  );
}
