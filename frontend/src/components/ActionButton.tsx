import { Button } from "@mantine/core";

/** A row's small button: "Redigér" for sighted people, "Redigér Mads Medlem" for screen readers and tests. */
export function ActionButton({ label, about, onClick, danger }: { label: string; about: string; onClick: () => void; danger?: boolean }) {
  return (
    <Button
      variant={danger ? "outline" : "default"}
      color={danger ? "red.8" : undefined}
      size="compact-sm"
      aria-label={`${label} ${about}`}
      onClick={onClick}
    >
      {label}
    </Button>
  );
}
