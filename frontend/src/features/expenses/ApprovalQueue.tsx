/** The treasurer's approval queue: the submitted expenses of a cluster, counted and listed. */
import { Stack, Text } from "@mantine/core";
import { useClusterExpenses } from "../../api/expenses";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { ExpenseItem } from "./ExpenseList";

export function ApprovalQueue({ clusterId }: { clusterId: string }) {
  const { t } = useI18n();
  const queue = useClusterExpenses(clusterId, "submitted", 10);
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  if (queue.isPending) return <LoadingState />;
  if (queue.isError) return <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />;
  const more = queue.data.pages.at(-1)?.has_more ?? false;
  return (
    <Stack gap="xs">
      <Text fw={600}>
        {items.length === 0 ? t("expenses.queue.none") : more ? t("expenses.queue.countMore", { count: items.length }) : t("expenses.queue.count", { count: items.length })}
      </Text>
      {items.length > 0 ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("expenses.queue.title")}>
          {items.map((expense) => (
            <ExpenseItem key={expense.id} expense={expense} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
