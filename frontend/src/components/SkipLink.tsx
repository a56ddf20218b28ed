import { useI18n } from "../i18n/context";

export const MAIN_ID = "main";

/** The first stop of the keyboard: hidden until focused, then it jumps past the header and menu. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href={`#${MAIN_ID}`}>
      {t("a11y.skipToContent")}
    </a>
  );
}
