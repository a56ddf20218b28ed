/** Labelled form fields that show the API's validation messages for their own field. */
import { useId, type ReactNode } from "react";

interface FieldProps {
  label: string;
  /** The API's field name, to find its messages in a 422. */
  name: string;
  errors?: Record<string, string[]>;
  hint?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

export function Field({ label, name, errors, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const messages = errors?.[name] ?? [];
  const describedBy = [hint ? hintId : null, messages.length > 0 ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": messages.length > 0, ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
      {messages.length > 0 ? (
        <p id={errorId} className="field__error">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
