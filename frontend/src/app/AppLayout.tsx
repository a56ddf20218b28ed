import { Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useApi } from "../api/context";
import { useMe } from "../api/queries";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LoadingState } from "../components/LoadingState";
import { MAIN_ID, SkipLink } from "../components/SkipLink";
import { useI18n } from "../i18n/context";
import { navItemsFor, paths } from "./navigation";

/** The signed-in frame: header (product, person, language, log out), menu and main content. */
export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const { session } = useApi();
  const me = useMe();
  const location = useLocation();
  const [loggingOut, setLoggingOut] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(location.pathname);

  useEffect(() => {
    // After navigating, move focus to the new content so screen readers start there.
    if (previousPath.current !== location.pathname) mainRef.current?.focus();
    previousPath.current = location.pathname;
  }, [location.pathname]);

  const name = me.data?.name ?? me.data?.email;

  return (
    <div className="app">
      <SkipLink />
      <header className="site-header">
        <div className="site-header__bar">
          <Link to={paths.dashboard} className="brand">
            {t("app.name")}
          </Link>
          <div className="site-header__tools">
            {name ? (
              <p className="site-header__user">
                <span className="visually-hidden">{t("header.signedInAs")} </span>
                {name}
              </p>
            ) : null}
            <LanguageSwitch />
            <button
              type="button"
              className="button button--on-dark"
              disabled={loggingOut}
              onClick={() => {
                setLoggingOut(true);
                void session.logout();
              }}
            >
              {loggingOut ? t("header.loggingOut") : t("header.logout")}
            </button>
          </div>
        </div>
        <nav className="site-nav" aria-label={t("nav.label")}>
          <ul>
            {navItemsFor(me.data).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="site-main">
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<LoadingState />}>{children ?? <Outlet />}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
