/**
 * The catalogue of cluster packages: the packages the quality units publish, a package with its
 * published version (agenda template and materials), its versions, a cluster's orders of them,
 * and a meeting's agenda built from chosen parts of a version.
 */
import { useQueries, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload } from "./download";
import { unwrap } from "./errors";
import { allPages, pageQuery } from "./registry";
import type { paths } from "./types";

export type ListPackagesQuery = NonNullable<paths["/api/v1/packages"]["get"]["parameters"]["query"]>;

export const packageKeys = {
  /** Everything of the catalogue starts with this key. */
  all: ["packages"] as const,
  list: (query: CatalogueFilters) => ["packages", "list", query] as const,
  facets: ["packages", "facets"] as const,
  detail: (packageId: string) => ["packages", "detail", packageId] as const,
  versions: (packageId: string) => ["packages", "detail", packageId, "versions"] as const,
  /** Every list of a cluster's orders starts with this key. */
  orders: ["package-orders"] as const,
  clusterOrders: (clusterId: string) => ["package-orders", clusterId] as const,
  meetingMaterials: (meetingId: string) => ["meeting", meetingId, "package-materials"] as const,
};

/** What the catalogue is narrowed to: words searched, one unit and one theme. */
export interface CatalogueFilters {
  q: string;
  unit: string | null;
  theme: string | null;
}

export const NO_FILTERS: CatalogueFilters = { q: "", unit: null, theme: null };

/**
 * The API's query for the filters: the published packages only (the catalogue a cluster
 * chooses from), words trimmed and left out when there are none.
 */
export function catalogueQuery(filters: CatalogueFilters, cursor: string | null = null): ListPackagesQuery {
  // Meeting kits only: the national templates and guides have a page of their own.
  const query: ListPackagesQuery = { ...pageQuery(cursor), state: "published", kind: "package" };
  const words = filters.q.trim();
  if (words) query.q = words;
  if (filters.unit) query.unit = filters.unit;
  if (filters.theme) query.theme = filters.theme;
  return query;
}

interface Faceted {
  unit_id: string;
  unit_name: string;
  themes: readonly string[];
}

export interface Option {
  value: string;
  label: string;
}

/** The units and themes one may filter by, each once, in Danish alphabetical order. */
export function catalogueFacets(packages: readonly Faceted[]): { units: Option[]; themes: Option[] } {
  const units = new Map<string, string>();
  const themes = new Map<string, string>();
  for (const item of packages) {
    units.set(item.unit_id, item.unit_name);
    for (const theme of item.themes) {
      const key = theme.toLocaleLowerCase("da");
      if (!themes.has(key)) themes.set(key, theme);
    }
  }
  const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label, "da");
  return {
    units: [...units].map(([value, label]) => ({ value, label })).sort(byLabel),
    themes: [...themes.values()].map((theme) => ({ value: theme, label: theme })).sort(byLabel),
  };
}

/** The published packages that match the filters, every page of them. */
export function usePackages(filters: CatalogueFilters) {
  const { client } = useApi();
  return useQuery({
    queryKey: packageKeys.list(filters),
    queryFn: () =>
      allPages((cursor) => unwrap(client.GET("/api/v1/packages", { params: { query: catalogueQuery(filters, cursor) } }))),
    placeholderData: (previous) => previous,
  });
}

/** The units and themes of the whole published catalogue, for the filters' choices. */
export function useCatalogueFacets() {
  const { client } = useApi();
  return useQuery({
    queryKey: packageKeys.facets,
    queryFn: async () =>
      catalogueFacets(
        await allPages((cursor) => unwrap(client.GET("/api/v1/packages", { params: { query: catalogueQuery(NO_FILTERS, cursor) } }))),
      ),
  });
}

/** A package with its latest published version in full. */
export function usePackage(packageId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: packageKeys.detail(packageId),
    queryFn: () => unwrap(client.GET("/api/v1/packages/{package_id}", { params: { path: { package_id: packageId } } })),
  });
}

/** A package's versions the person reads, by number. */
export function usePackageVersions(packageId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: packageKeys.versions(packageId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/packages/{package_id}/versions", {
            params: { path: { package_id: packageId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/** Save a material of a version under its own name. */
export function downloadPackageMaterial(api: Api, packageId: string, versionId: string, materialId: string, fileName: string) {
  return saveDownload(
    api.client.GET("/api/v1/packages/{package_id}/versions/{version_id}/materials/{material_id}", {
      params: { path: { package_id: packageId, version_id: versionId, material_id: materialId } },
      parseAs: "blob",
    }),
    fileName,
  );
}

async function clusterOrders(api: Api, clusterId: string) {
  return allPages((cursor) =>
    unwrap(
      api.client.GET("/api/v1/clusters/{cluster_id}/package-orders", {
        params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
      }),
    ),
  );
}

/** A cluster's orders of packages, newest first. */
export function useClusterOrders(clusterId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: packageKeys.clusterOrders(clusterId),
    enabled,
    queryFn: () => clusterOrders(api, clusterId),
  });
}

/** The orders of several clusters (the person's own), one query each. */
export function useOrdersOfClusters(clusterIds: readonly string[]) {
  const api = useApi();
  return useQueries({
    queries: clusterIds.map((clusterId) => ({
      queryKey: packageKeys.clusterOrders(clusterId),
      queryFn: () => clusterOrders(api, clusterId),
    })),
  });
}

export interface OrderBody {
  package_id: string;
  meeting_id?: string;
  wished_from?: string;
  wished_to?: string;
  message: string;
}

/** Order a package for a cluster; the key makes a retried click replay the first answer. */
export function orderPackage(api: Api, clusterId: string, body: OrderBody, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/clusters/{cluster_id}/package-orders", {
      params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

/** Cancel a requested order. */
export function cancelOrder(api: Api, orderId: string, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/package-orders/{order_id}/cancel", {
      params: { path: { order_id: orderId }, header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

/** The materials of the package a meeting's agenda was built from. */
export function useMeetingPackageMaterials(meetingId: string, enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: packageKeys.meetingMaterials(meetingId),
    enabled,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/meetings/{meeting_id}/package-materials", {
            params: { path: { meeting_id: meetingId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/** Save a package material through the meeting it is linked to. */
export function downloadMeetingPackageMaterial(api: Api, meetingId: string, materialId: string, fileName: string) {
  return saveDownload(
    api.client.GET("/api/v1/meetings/{meeting_id}/package-materials/{package_material_id}", {
      params: { path: { meeting_id: meetingId, package_material_id: materialId } },
      parseAs: "blob",
    }),
    fileName,
  );
}

export type AgendaMode = "append" | "replace";

/** Build the meeting's agenda from the chosen parts, with the meeting's ETag. */
export function buildAgendaFromPackage(
  api: Api,
  meetingId: string,
  etag: string,
  body: { package_id: string; version_id: string; item_ids: string[]; mode: AgendaMode },
) {
  return unwrap(
    api.client.POST("/api/v1/meetings/{meeting_id}/agenda-from-package", {
      params: { path: { meeting_id: meetingId }, header: { "If-Match": etag } },
      body,
    }),
  );
}

interface Timed {
  id: string;
  minutes: number;
}

/** The chosen parts' minutes against the meeting's length (as the API's time budget counts). */
export interface PlannedTime {
  chosen: number;
  planned: number;
  meeting: number;
  over: number;
}

/**
 * The running total of the plan: the chosen parts' minutes, plus the minutes already on the
 * agenda when the parts are added after it, against the meeting's length.
 */
export function plannedTime(
  items: readonly Timed[],
  chosen: ReadonlySet<string>,
  { meetingMinutes, agendaMinutes, mode }: { meetingMinutes: number; agendaMinutes: number; mode: AgendaMode },
): PlannedTime {
  const chosenMinutes = items.reduce((sum, item) => (chosen.has(item.id) ? sum + item.minutes : sum), 0);
  const planned = chosenMinutes + (mode === "append" ? agendaMinutes : 0);
  return { chosen: chosenMinutes, planned, meeting: meetingMinutes, over: Math.max(0, planned - meetingMinutes) };
}
