/**
 * A cluster's expenses, readable by every member (the economy's transparency principle), with
 * a filter by state and the way to a new one; each row leads to the expense's page.
 */
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useId, useState } from "react";
import { Link } from "react-router";
import { useClusterExpenses } from "../../api/expenses";
import type { Expense, ExpenseState } from "../../api/types";
import { expensePath, newExpensePath } from "../../app/navigation";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { CATEGORY_KEYS } from "../economy/labels";
import { EXPENSE_STATES, STATE_COLORS, STATE_KEYS } from "./labels";

/** One expense as a card: title (the link), claimant, category, state and total. */
export function ExpenseItem({ expense, extra }: { expense: Expense; extra?: string }) {
  const { t, formatMoney, formatDate } = useI18n();
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Link to={expensePath(expense.id)} style={{ fontWeight: 600, overflowWrap: "anywhere" }}>
            {expense.title}
          </Link>
          <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {[extra, expense.claimant_name, t(CATEGORY_KEYS[expense.category]), formatDate(expense.submitted_at ?? expense.created_at, "short")]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          <Group gap={6}>
            <Badge variant="filled" tt="none" size="sm" color={STATE_COLORS[expense.state]}>
              {t(STATE_KEYS[expense.state])}
            </Badge>
          </Group>
        </Stack>
        <Text fw={700} style={{ whiteSpace: "nowrap" }}>
          {formatMoney(expense.total_ore)}
        </Text>
      </Group>
    </Paper>
  );
}

export function ExpenseList({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const headingId = useId();
  const [state, setState] = useState<ExpenseState | "">("");
  const expenses = useClusterExpenses(clusterId, state || null);
  const items = expenses.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t("expenses.list.title")}
        </Title>
        <Button component={Link} to={newExpensePath(clusterId)} leftSection={<IconPlus size={16} aria-hidden />}>
          {t("expenses.new.title")}
        </Button>
      </Group>
      <NativeSelect
        label={t("expenses.list.state")}
        data={[{ value: "", label: t("expenses.list.allStates") }, ...EXPENSE_STATES.map((value) => ({ value, label: t(STATE_KEYS[value]) }))]}
        value={state}
        onChange={(event) => {
          setState(event.currentTarget.value as ExpenseState | "");
        }}
        maw={260}
      />
      {expenses.isPending ? <LoadingState /> : null}
      {expenses.isError ? <ErrorState error={expenses.error} onRetry={() => void expenses.refetch()} /> : null}
      {expenses.isSuccess && items.length === 0 ? <EmptyState title={t("expenses.list.empty")} /> : null}
      {items.length > 0 ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {items.map((expense) => (
            <ExpenseItem key={expense.id} expense={expense} />
          ))}
        </Stack>
      ) : null}
      {expenses.hasNextPage ? (
        <Group>
          <Button variant="default" loading={expenses.isFetchingNextPage} onClick={() => void expenses.fetchNextPage()}>
            {t("expenses.list.more")}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
