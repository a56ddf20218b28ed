import { useEffect } from "react";
import { useI18n } from "../i18n/context";
import type { PlainKey } from "../i18n/translate";

/** Sets document.title to "<page> – Klyngeplatformen", in the current language. */
export function useDocumentTitle(pageKey: PlainKey | null): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = pageKey ? t("app.pageTitle", { page: t(pageKey), app: t("app.name") }) : t("app.name");
  }, [t, pageKey]);
}
