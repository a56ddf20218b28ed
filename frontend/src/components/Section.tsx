import { useId, type ReactNode } from "react";

/** A panel of a page: its heading names the region, its buttons sit beside it. */
export function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel__header">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
