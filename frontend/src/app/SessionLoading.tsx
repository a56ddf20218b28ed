import { LoadingState } from "../components/LoadingState";
import { MAIN_ID } from "../components/SkipLink";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

/** Shown while the silent refresh at start decides whether there is a session. */
export function SessionLoading() {
  const { t } = useI18n();
  useDocumentTitle(null);
  return (
    <main id={MAIN_ID} className="session-loading">
      <p className="brand brand--large">{t("app.name")}</p>
      <LoadingState label={t("app.loadingSession")} />
    </main>
  );
}
