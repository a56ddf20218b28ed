import type { Me } from "../api/types";
import type { PlainKey } from "../i18n/translate";

export interface NavItem {
  to: string;
  label: PlainKey;
  /** Active only on this exact path (the front page). */
  end?: boolean;
}

export const paths = {
  dashboard: "/",
  profile: "/profil",
  admin: "/administration",
  login: "/login",
} as const;

/** The menu depends on who you are; cluster roles will add items here. */
export function navItemsFor(me: Me | undefined): NavItem[] {
  const items: NavItem[] = [
    { to: paths.dashboard, label: "nav.overview", end: true },
    { to: paths.profile, label: "nav.profile" },
  ];
  if (me?.is_platform_admin) items.push({ to: paths.admin, label: "nav.admin" });
  return items;
}

/** Where to go after login: only a path inside the app (no other site, not /login). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string") return paths.dashboard;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return paths.dashboard;
  }
  if (value === paths.login || value.startsWith(`${paths.login}?`)) return paths.dashboard;
  return value;
}
