import { Suspense, type ReactNode } from "react";
import { Outlet } from "react-router";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LoadingState } from "../components/LoadingState";
import { MAIN_ID, SkipLink } from "../components/SkipLink";
import { useI18n } from "../i18n/context";

/** The frame for signed-out pages: product name and language switch. */
export function PublicLayout({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="app">
      <SkipLink />
      <header className="site-header">
        <div className="site-header__bar">
          <p className="brand">{t("app.name")}</p>
          <div className="site-header__tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="site-main site-main--narrow">
        <Suspense fallback={<LoadingState />}>{children ?? <Outlet />}</Suspense>
      </main>
    </div>
  );
}
