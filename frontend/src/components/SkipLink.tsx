import { useI18n } from "../i18n/context";

export const MAIN_ID = "main";

export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href={`#${MAIN_ID}`}>
      {t("a11y.skipToContent")}
    </a>
  );
}
