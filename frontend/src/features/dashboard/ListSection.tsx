import { Paper, Stack, Title } from "@mantine/core";
import { useId, type ReactNode } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import type { ListState } from "./model";

interface Props<T> {
  title: string;
  state: ListState<T>;
  emptyTitle: string;
  emptyBody: ReactNode;
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
}

/** A titled section with loading, error, empty and list states. */
export function ListSection<T>({ title, state, emptyTitle, emptyBody, itemKey, renderItem }: Props<T>) {
  const headingId = useId();
  return (
    <Paper component="section" withBorder p={{ base: "md", sm: "lg" }} radius="md" aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        {title}
      </Title>
      {state.status === "pending" ? <LoadingState /> : null}
      {state.status === "error" ? <ErrorState error={state.error} onRetry={state.retry} /> : null}
      {state.status === "success" && state.items.length === 0 ? (
        <EmptyState title={emptyTitle}>{emptyBody}</EmptyState>
      ) : null}
      {state.status === "success" && state.items.length > 0 ? (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
          {state.items.map((item) => (
            <Paper component="li" key={itemKey(item)} withBorder radius="md" px="md" py="sm">
              <Stack gap={4}>{renderItem(item)}</Stack>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}
