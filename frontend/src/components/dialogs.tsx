/**
 * What every dialog that changes something shares: the mutation that reads the changed views
 * again, the Idempotency-Key of a creation, the form with its problem+json errors, and the
 * read of a resource with its ETag before a change of it (so a change someone else made
 * meanwhile is refused with 412 rather than lost).
 */
import { Button, Group } from "@mantine/core";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState, type ReactNode, type SubmitEvent } from "react";
import type { ErrorContext } from "../api/describeError";
import { useCurrentVersion, type Versioned } from "../api/registry";
import { useI18n } from "../i18n/context";
import { ErrorState } from "./ErrorState";
import { LoadingState } from "./LoadingState";
import { Modal } from "./Modal";

/** One Idempotency-Key per opened dialog: a second click or a retry replays the first answer. */
export function useIdempotencyKey(): string {
  const [key] = useState(() => crypto.randomUUID());
  return key;
}

/** A change; on success every view under `invalidate` is read again, then `onDone` gets the answer. */
export function useChange<T, R = unknown>(
  invalidate: readonly QueryKey[],
  change: (values: T) => Promise<R>,
  onDone: (result: R) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: async (result) => {
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onDone(result);
    },
  });
}

/** The API's refusals per field (422), in the person's language, to show beside the fields. */
export { fieldErrorsOf } from "../api/errorCodes";

interface FormDialogProps {
  title: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  onClose: () => void;
  /** Shown on the button while the change is sent; "Gemmer …" when omitted. */
  pendingLabel?: string;
  /** Nothing to send yet (the preview is loading, a required field is empty). */
  disabled?: boolean;
  /** List the fields' messages under the error, for dialogs without `Field`s. */
  showFieldErrors?: boolean;
  /** A change that cannot be taken back is shown as such. */
  danger?: boolean;
  /** What the error is about, when it has words of its own (see `describeError`). */
  errorContext?: ErrorContext;
  children: ReactNode;
}

export function FormDialog({
  title,
  submitLabel,
  pending,
  error,
  onSubmit,
  onClose,
  pendingLabel,
  disabled = false,
  showFieldErrors = false,
  danger = false,
  errorContext = "default",
  children,
}: FormDialogProps) {
  const { t } = useI18n();
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    // React carries a submit from the dialog's portal up to a form the dialog was opened in
    // (an agenda item's removal inside the meeting form): it is this dialog's alone.
    event.stopPropagation();
    if (!pending && !disabled) onSubmit();
  }
  return (
    <Modal title={title} onClose={onClose}>
      <form className="dialog-form" onSubmit={submit} noValidate>
        {children}
        {error ? <ErrorState error={error} context={errorContext} showFieldErrors={showFieldErrors} /> : null}
        <Group className="dialog-form__actions" gap="sm">
          {/* Red 9, not the theme's shade 8: shade 8 takes black text, which its hover colour
              (red 9) does not carry at 4.5:1; on red 9 the text is white, hovered or not. */}
          <Button type="submit" color={danger ? "red.9" : undefined} disabled={pending || disabled}>
            {pending ? (pendingLabel ?? t("common.saving")) : submitLabel}
          </Button>
          <Button type="button" variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

interface WithCurrentVersionProps<T> {
  title: string;
  queryKey: readonly unknown[];
  load: () => Promise<{ data?: T; error?: unknown; response: Response }>;
  onClose: () => void;
  children: (current: Versioned<NonNullable<T>>) => ReactNode;
}

/** Reads the resource as it is now, with its ETag, before its dialog shows the form. */
export function WithCurrentVersion<T>({ title, queryKey, load, onClose, children }: WithCurrentVersionProps<T>) {
  const { t } = useI18n();
  const current = useCurrentVersion(queryKey, load);
  if (current.isSuccess) return <>{children(current.data)}</>;
  return (
    <Modal title={title} onClose={onClose}>
      {current.isPending ? <LoadingState /> : <ErrorState error={current.error} onRetry={() => void current.refetch()} />}
      <Group className="dialog-form__actions">
        <Button type="button" variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
      </Group>
    </Modal>
  );
}
