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
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {state.status === "pending" ? <LoadingState /> : null}
      {state.status === "error" ? <ErrorState error={state.error} onRetry={state.retry} /> : null}
      {state.status === "success" && state.items.length === 0 ? (
        <EmptyState title={emptyTitle}>{emptyBody}</EmptyState>
      ) : null}
      {state.status === "success" && state.items.length > 0 ? (
        <ul className="card-list">
          {state.items.map((item) => (
            <li key={itemKey(item)} className="card">
              {renderItem(item)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
