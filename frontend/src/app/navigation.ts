import type { Me } from "../api/types";
import type { PlainKey } from "../i18n/translate";

/** What each menu item is about; the layout draws an icon for each. */
export type NavKind =
  | "overview"
  | "clusters"
  | "packages"
  | "region"
  | "proposals"
  | "attendance"
  | "economy"
  | "templates"
  | "landscape"
  | "profile"
  | "admin"
  | "unitPackages"
  | "unitOrders"
  | "unitSurveys";

export interface NavItem {
  to: string;
  label: PlainKey;
  kind: NavKind;
  /** Active only on this exact path (the front page). */
  end?: boolean;
}

export const paths = {
  dashboard: "/",
  clusters: "/klynger",
  packages: "/pakker",
  landscape: "/landskab",
  regions: "/regioner",
  meetings: "/moeder",
  profile: "/profil",
  admin: "/administration",
  adminClients: "/administration/klienter",
  attendance: "/fremmoede",
  economy: "/oekonomi",
  login: "/login",
  forgotPassword: "/glemt-adgangskode",
  setPassword: "/adgangskode",
  unitPackages: "/enhed/pakker",
  unitOrders: "/enhed/bestillinger",
  templates: "/skabeloner",
  proposals: "/pakkeforslag",
  surveys: "/undersoegelser",
  unitSurveys: "/enhed/undersoegelser",
} as const;

/** A cluster's package proposals: meetings it shared as packages, and the unit's answers. */
export function clusterProposalsPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/pakkeforslag`;
}

export function clusterPath(clusterId: string): string {
  return `${paths.clusters}/${encodeURIComponent(clusterId)}`;
}

export function meetingPath(meetingId: string): string {
  return `${paths.meetings}/${encodeURIComponent(meetingId)}`;
}

export function meetingEditPath(meetingId: string): string {
  return `${meetingPath(meetingId)}/rediger`;
}

export function attendancePath(meetingId: string): string {
  return `${meetingPath(meetingId)}/fremmoede`;
}

/** The tabs of a cluster's page, each a path under the cluster: links and the back button keep them. */
export const CLUSTER_TABS = ["klinikker", "roller", "underklynger", "moeder", "filer", "opslag", "oekonomi", "pakker", "data", "undersoegelser"] as const;
export type ClusterTab = (typeof CLUSTER_TABS)[number];

const CLUSTER_TAB_PATH = new RegExp(`^(${paths.clusters}/[^/]+)/(?:${CLUSTER_TABS.join("|")})/?$`);

/** The page a path shows: a cluster's tabs are one page, every other path a page of its own. */
export function pageOf(pathname: string): string {
  return CLUSTER_TAB_PATH.exec(pathname)?.[1] ?? pathname;
}

export function clusterTabPath(clusterId: string, tab: ClusterTab): string {
  return `${clusterPath(clusterId)}/${tab}`;
}

export function clusterMeetingsPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/moeder`;
}

/** The query parameter naming the library's folder shown. */
export const FOLDER_PARAM = "mappe";

/**
 * The cluster's library: its root, or one folder in it. The folder is a query parameter, so
 * moving between folders stays on one page and uploads under way carry on.
 */
export function clusterFilesPath(clusterId: string, folderId: string | null = null): string {
  const root = `${clusterPath(clusterId)}/filer`;
  return folderId ? `${root}?${FOLDER_PARAM}=${encodeURIComponent(folderId)}` : root;
}

/** The cluster's ledger, a tab every member of the cluster reads. */
export function clusterEconomyPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/oekonomi`;
}

/** The cluster's data view and its decisions on open or closed data. */
export function clusterDataPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/data`;
}

/** The cluster's data view of one indicator set. */
export function clusterDataSetPath(clusterId: string, setId: string): string {
  return `${clusterDataPath(clusterId)}?saet=${encodeURIComponent(setId)}`;
}

/**
 * Whether the person sees a cluster's data view: its own doctors and role holders, and the
 * platform admin (the API decides again; a regional unit reads the decisions, not the data).
 */
export function seesClusterData(me: Me | undefined, clusterId: string): boolean {
  if (!me) return false;
  return me.is_platform_admin || me.clusters.some((cluster) => cluster.id === clusterId);
}

export function clusterBoardPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/opslag`;
}

export function newMeetingPath(clusterId: string): string {
  return `${clusterMeetingsPath(clusterId)}/nyt`;
}

/** A year's meetings planned in one go, handed in turn to sub-clusters or clinics. */
export function meetingRotationPath(clusterId: string): string {
  return `${clusterMeetingsPath(clusterId)}/planlaeg-aaret`;
}

export function regionPath(regionCode: string): string {
  return `${paths.regions}/${encodeURIComponent(regionCode)}`;
}

/** The region whose quality unit the person works at, if any. */
export function ownRegion(me: Me | undefined): string | null {
  const unit = me?.organisations.find((organisation) => organisation.kind === "regional_unit");
  return unit?.region_code ?? null;
}

/** The quality units (KiAP and the regional units) the person works at: they write their packages. */
export function qualityUnitsOf(me: Me | undefined): Me["organisations"] {
  return (me?.organisations ?? []).filter((organisation) => organisation.kind === "regional_unit" || organisation.kind === "national_unit");
}

/** A unit's own package, in its editor. */
export function unitPackagePath(packageId: string): string {
  return `${paths.unitPackages}/${encodeURIComponent(packageId)}`;
}

/** The menu depends on who you are. */
export function navItemsFor(me: Me | undefined): NavItem[] {
  const items: NavItem[] = [
    { to: paths.dashboard, label: "nav.overview", kind: "overview", end: true },
    { to: paths.clusters, label: "nav.clusters", kind: "clusters" },
    { to: paths.packages, label: "nav.packages", kind: "packages" },
  ];
  const region = ownRegion(me);
  if (region) items.push({ to: regionPath(region), label: "nav.region", kind: "region" });
  if (qualityUnitsOf(me).length > 0) {
    items.push(
      { to: paths.unitPackages, label: "nav.unitPackages", kind: "unitPackages" },
      { to: paths.unitOrders, label: "nav.unitOrders", kind: "unitOrders" },
      { to: paths.unitSurveys, label: "nav.unitSurveys", kind: "unitSurveys" },
    );
  }
  if (region || me?.is_platform_admin) items.push({ to: paths.proposals, label: "nav.proposals", kind: "proposals" });
  const plo = me?.organisations.some((organisation) => organisation.kind === "plo") ?? false;
  if (plo || me?.is_platform_admin) {
    items.push(
      { to: paths.attendance, label: "nav.attendanceOverview", kind: "attendance" },
      { to: paths.economy, label: "nav.economy", kind: "economy" },
    );
  }
  items.push(
    { to: paths.templates, label: "nav.templates", kind: "templates" },
    { to: paths.landscape, label: "nav.landscape", kind: "landscape" },
    { to: paths.profile, label: "nav.profile", kind: "profile" },
  );
  if (me?.is_platform_admin) items.push({ to: paths.admin, label: "nav.admin", kind: "admin" });
  return items;
}

/**
 * Whether the person reads a cluster's ledger: its members and role holders, PLO and the
 * platform admin (the API decides again; a regional unit sees no money).
 */
export function readsLedger(me: Me | undefined, clusterId: string): boolean {
  if (!me) return false;
  if (me.is_platform_admin) return true;
  if (me.organisations.some((organisation) => organisation.kind === "plo")) return true;
  return me.clusters.some((cluster) => cluster.id === clusterId);
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

export function expensePath(expenseId: string): string {
  return `/udlaeg/${encodeURIComponent(expenseId)}`;
}

export function expenseEditPath(expenseId: string): string {
  return `${expensePath(expenseId)}/rediger`;
}

export function newExpensePath(clusterId: string): string {
  return `${clusterPath(clusterId)}/udlaeg/nyt`;
}

/** A package of the catalogue. */
export function packagePath(packageId: string): string {
  return `${paths.packages}/${encodeURIComponent(packageId)}`;
}

/** Plan a meeting from a package, perhaps with the meeting chosen already. */
export function packagePlanPath(packageId: string, meetingId: string | null = null): string {
  const path = `${packagePath(packageId)}/planlaeg`;
  return meetingId ? `${path}?moede=${encodeURIComponent(meetingId)}` : path;
}

/** A cluster's orders of packages, a tab its own people read. */
export function clusterPackagesPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/pakker`;
}

/** A survey's page: its state, sending, reminders, closing and results. */
export function surveyPath(surveyId: string): string {
  return `${paths.surveys}/${encodeURIComponent(surveyId)}`;
}

/** A cluster's surveys, a tab of the cluster's page. */
export function clusterSurveysPath(clusterId: string): string {
  return `${clusterPath(clusterId)}/undersoegelser`;
}

/** The query parameters of the cluster's "Ny undersøgelse" form: open, and prefilled. */
export const NEW_SURVEY_PARAM = "ny";
export const NEW_SURVEY_TEMPLATE_PARAM = "skabelon";
export const NEW_SURVEY_MEETING_PARAM = "moede";

/** The cluster's new-survey form, perhaps prefilled with a template and a meeting as its audience. */
export function newSurveyPath(clusterId: string, templateId: string | null = null, meetingId: string | null = null): string {
  const query = new URLSearchParams({ [NEW_SURVEY_PARAM]: "1" });
  if (templateId) query.set(NEW_SURVEY_TEMPLATE_PARAM, templateId);
  if (meetingId) query.set(NEW_SURVEY_MEETING_PARAM, meetingId);
  return `${clusterSurveysPath(clusterId)}?${query.toString()}`;
}
