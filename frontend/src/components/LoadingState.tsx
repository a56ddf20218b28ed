import { useI18n } from "../i18n/context";

interface Props {
  label?: string;
}

/** A polite, announced loading message with a spinner. */
export function LoadingState({ label }: Props) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </p>
  );
}
