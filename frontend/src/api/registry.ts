/** The cluster registry, national figures and regions: queries, and what writes need (ETags). */
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload, XLSX } from "./download";
import { unwrap } from "./errors";
import type { Clinic, ClusterDetail, ClusterRole, Member, RegionCode } from "./types";

export const registryKeys = {
  clusters: (region: string | null) => ["clusters", { region }] as const,
  /** Everything of one cluster starts with this key, so one invalidation refreshes the page. */
  cluster: (clusterId: string) => ["cluster", clusterId] as const,
  clinics: (clusterId: string) => ["cluster", clusterId, "clinics"] as const,
  members: (clusterId: string) => ["cluster", clusterId, "members"] as const,
  roles: (clusterId: string) => ["cluster", clusterId, "roles"] as const,
  subClusters: (clusterId: string) => ["cluster", clusterId, "sub-clusters"] as const,
  regions: ["regions"] as const,
  landscape: (region: string | null) => ["landscape", { region }] as const,
};

/** The API's largest page: a cluster's lists are read whole (the largest has 72 doctors). */
const FULL_PAGE = 200;
/** A guard against a server that never stops handing out cursors. */
const MAX_PAGES = 100;

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Every item of a collection, following `next_cursor` page by page. */
export async function allPages<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Page<T> = await fetchPage(cursor);
    items.push(...result.items);
    cursor = result.next_cursor ?? null;
    if (!cursor) return items;
  }
  throw new Error("The list did not end after the maximum number of pages.");
}

/**
 * The current rows of a registry list. The lists that integrators sync may carry tombstones
 * (`deleted: true`, with only id and time), so their entries are typed with optional fields;
 * tombstones come only in a changes walk (`updated_since`), which the web app does not ask for,
 * so every entry here is a whole, current row.
 */
function currentRows<T>(entries: readonly { deleted?: boolean }[]): T[] {
  return entries.filter((entry) => entry.deleted !== true) as T[];
}

/** The query of one whole page (the API's largest), continuing at `cursor`. */
export function pageQuery(cursor: string | null): { limit: number; cursor?: string } {
  return cursor ? { limit: FULL_PAGE, cursor } : { limit: FULL_PAGE };
}

/** One cluster, with what the person may do there (`my_permissions`); idle without an id. */
export function useCluster(clusterId: string | undefined) {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.cluster(clusterId ?? ""),
    queryFn: () =>
      unwrap(client.GET("/api/v1/clusters/{cluster_id}", { params: { path: { cluster_id: clusterId ?? "" } } })),
    enabled: Boolean(clusterId),
  });
}

export function useClinics(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.clinics(clusterId),
    queryFn: async () =>
      currentRows<Clinic>(
        await allPages((cursor) =>
          unwrap(
            client.GET("/api/v1/clusters/{cluster_id}/clinics", {
              params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
            }),
          ),
        ),
      ),
  });
}

export function useMembers(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.members(clusterId),
    queryFn: async () =>
      currentRows<Member>(
        await allPages((cursor) =>
          unwrap(
            client.GET("/api/v1/clusters/{cluster_id}/members", {
              params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
            }),
          ),
        ),
      ),
  });
}

export function useRoles(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.roles(clusterId),
    queryFn: async () =>
      currentRows<ClusterRole>(
        await allPages((cursor) =>
          unwrap(
            client.GET("/api/v1/clusters/{cluster_id}/roles", {
              params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
            }),
          ),
        ),
      ),
  });
}

export function useSubClusters(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.subClusters(clusterId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/sub-clusters", {
            params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

export const CLUSTERS_PAGE_SIZE = 50;

/** The clusters the person reaches (all of a region with `region`), page by page. */
export function useClusters(region: string | null) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: registryKeys.clusters(region),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query: { limit: number; cursor?: string; region?: RegionCode } = { limit: CLUSTERS_PAGE_SIZE };
      if (pageParam) query.cursor = pageParam;
      if (region) query.region = asRegionCode(region);
      return unwrap(client.GET("/api/v1/clusters", { params: { query } }));
    },
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

export function useRegions() {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.regions,
    staleTime: Infinity,
    queryFn: () =>
      allPages((cursor) => unwrap(client.GET("/api/v1/regions", { params: { query: pageQuery(cursor) } }))),
  });
}

/** A region's code as the app has it (from the API's list of regions, or a link's path). A code
 * that is not one the API answers 422, shown as any other error. */
function asRegionCode(code: string): RegionCode {
  return code as RegionCode;
}

/** The national figures, or one region's with `region` (its code). */
export function useLandscape(region: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: registryKeys.landscape(region),
    queryFn: () =>
      unwrap(
        client.GET("/api/v1/stats/landscape", { params: { query: region ? { region: asRegionCode(region) } : {} } }),
      ),
  });
}

/** Each region's figures, side by side (one request per region: there are five). */
export function useRegionalLandscapes(regions: readonly string[]) {
  const { client } = useApi();
  return useQueries({
    queries: regions.map((region) => ({
      queryKey: registryKeys.landscape(region),
      queryFn: () =>
        unwrap(client.GET("/api/v1/stats/landscape", { params: { query: { region: asRegionCode(region) } } })),
    })),
  });
}

interface Fetched<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** One resource as it is now, with the ETag that a change of it must send as If-Match. */
export interface Versioned<T> {
  data: T;
  etag: string;
}

/** One resource as it is now, with its ETag (a GET of a single resource). */
export async function readVersion<T>(load: () => Promise<Fetched<T>>): Promise<Versioned<NonNullable<T>>> {
  const result = await load();
  const data = await unwrap(Promise.resolve(result));
  const etag = result.response.headers.get("ETag");
  if (!etag) throw new Error("The API sent no ETag for a resource that needs If-Match.");
  return { data, etag };
}

/**
 * Read one resource with its ETag when a change of it begins (a dialog opens). The ETag is
 * kept until the change is sent, so a change someone else made in between is refused (412)
 * rather than overwritten. It is never refreshed in the background for the same reason.
 */
export function useCurrentVersion<T>(queryKey: readonly unknown[], load: () => Promise<Fetched<T>>) {
  return useQuery({
    queryKey: ["current-version", ...queryKey],
    queryFn: () => readVersion(load),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

/** What the person may change in a cluster: the cluster's `my_permissions` (the API decides again). */
export interface RegistryRights {
  /** Clinics in and out, roles, sub-clusters. */
  manageRegistry: boolean;
  /** Members and their e-mails. */
  manageMembers: boolean;
}

export function registryRights(cluster: ClusterDetail | undefined): RegistryRights {
  return {
    manageRegistry: cluster?.my_permissions.manage_registry ?? false,
    manageMembers: cluster?.my_permissions.manage_members ?? false,
  };
}

/**
 * Save the cluster's member list as an Excel workbook under the API's file name (`fileName`
 * if it gives none); the token goes in the header.
 */
export function downloadMembersSheet(api: Api, clusterId: string, fileName: string): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/clusters/{cluster_id}/members", {
      params: { path: { cluster_id: clusterId } },
      headers: { Accept: XLSX },
      parseAs: "blob",
    }),
    fileName,
    { serverName: true },
  );
}
