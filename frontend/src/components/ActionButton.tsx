/** A row's small button: "Redigér" for sighted people, "Redigér Mads Medlem" for screen readers and tests. */
export function ActionButton({ label, about, onClick, danger }: { label: string; about: string; onClick: () => void; danger?: boolean }) {
  return (
    <button
      type="button"
      className={danger ? "button button--small button--danger-outline" : "button button--small button--secondary"}
      aria-label={`${label} ${about}`}
      onClick={onClick}
    >
      {label}
    </button>
  );
}
