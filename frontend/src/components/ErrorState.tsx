import { describeError, type ErrorContext } from "../api/describeError";
import { useI18n } from "../i18n/context";

interface Props {
  error: unknown;
  context?: ErrorContext;
  onRetry?: () => void;
  /** Off in forms, whose fields show their own messages. */
  showFieldErrors?: boolean;
}

/** An error, in words the person understands, with the request id (small) and a retry. */
export function ErrorState({ error, context = "default", onRetry, showFieldErrors = true }: Props) {
  const { t } = useI18n();
  const description = describeError(error, t, context);
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__message">{description.message}</p>
      {description.detail ? <p>{description.detail}</p> : null}
      {description.fieldErrors && showFieldErrors ? (
        <ul>
          {Object.entries(description.fieldErrors).map(([field, messages]) => (
            <li key={field}>{messages.join(" ")}</li>
          ))}
        </ul>
      ) : null}
      {description.requestId ? (
        <p className="notice__request-id">{t("errors.requestId", { id: description.requestId })}</p>
      ) : null}
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      ) : null}
    </div>
  );
}
