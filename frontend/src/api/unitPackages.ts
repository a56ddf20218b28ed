/**
 * A quality unit's own packages and the orders it receives: its packages (drafts included),
 * one package with its versions, a draft version's agenda and materials, publishing and
 * retiring, and the orders inbox with its answers (accept with a facilitator, decline with a
 * reason). Every change of a package or a version is sent with the ETag it was read with.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { unwrap } from "./errors";
import { readVersion } from "./registry";
import type { components } from "./schema";
import { uploadFile } from "./upload";

type Schemas = components["schemas"];

export type UnitPackage = Schemas["Package"];
export type UnitPackageDetail = Schemas["PackageDetail"];
export type PackageState = UnitPackage["state"];
export type PackageKind = UnitPackage["kind"];
export type PackageVersion = Schemas["PackageVersion"];
export type PackageVersionDetail = Schemas["PackageVersionDetail"];
export type PackageAgendaItem = Schemas["PackageAgendaItem"];
export type PackageMaterial = Schemas["PackageMaterial"];
export type PackageDescription = Schemas["PackageUpdate"];
export type PackageOrder = Schemas["PackageOrder"];
export type PackageOrderState = PackageOrder["state"];

export const UNIT_PACKAGE_PAGE_SIZE = 50;

export const unitPackageKeys = {
  all: ["unit-packages"] as const,
  list: (unitId: string, state: PackageState | null) => ["unit-packages", "list", unitId, state] as const,
  one: (packageId: string) => ["unit-packages", "one", packageId] as const,
  versions: (packageId: string) => ["unit-packages", "versions", packageId] as const,
  version: (packageId: string, versionId: string) => ["unit-packages", "version", packageId, versionId] as const,
  materials: (versionId: string) => ["unit-packages", "materials", versionId] as const,
  orders: (state: PackageOrderState | null) => ["unit-packages", "orders", state] as const,
};

/** A unit's packages by title, drafts included, page by page. */
export function useUnitPackages(unitId: string, state: PackageState | null) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: unitPackageKeys.list(unitId, state),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/v1/packages", {
          params: {
            query: {
              unit: unitId,
              limit: UNIT_PACKAGE_PAGE_SIZE,
              ...(state ? { state } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (lastPage) => (lastPage.has_more ? (lastPage.next_cursor ?? undefined) : undefined),
  });
}

export function readPackage(api: Api, packageId: string) {
  return api.client.GET("/api/v1/packages/{package_id}", { params: { path: { package_id: packageId } } });
}

export function usePackage(packageId: string) {
  const api = useApi();
  return useQuery({ queryKey: unitPackageKeys.one(packageId), queryFn: () => unwrap(readPackage(api, packageId)) });
}

/** Every version of a package, by number (a unit's own drafts included). */
export function usePackageVersions(packageId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: unitPackageKeys.versions(packageId),
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/packages/{package_id}/versions", {
            params: { path: { package_id: packageId }, query: { limit: 200 } },
          }),
        )
      ).items,
  });
}

export function readPackageVersion(api: Api, packageId: string, versionId: string) {
  return api.client.GET("/api/v1/packages/{package_id}/versions/{version_id}", {
    params: { path: { package_id: packageId, version_id: versionId } },
  });
}

/**
 * A version with its materials and its ETag. It is read once and kept while it is edited: a
 * background read would take someone else's change for ours, and the save would not be refused.
 */
export function usePackageVersion(packageId: string, versionId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: unitPackageKeys.version(packageId, versionId ?? ""),
    enabled: versionId !== null,
    queryFn: () => readVersion(() => readPackageVersion(api, packageId, versionId ?? "")),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/**
 * A version's materials, by name. Read apart from the version: an upload changes them and not
 * the agenda being edited beside them.
 */
export function usePackageMaterials(packageId: string, versionId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: unitPackageKeys.materials(versionId),
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/packages/{package_id}/versions/{version_id}/materials", {
            params: { path: { package_id: packageId, version_id: versionId }, query: { limit: 200 } },
          }),
        )
      ).items,
  });
}

export function createPackage(api: Api, body: Schemas["PackageWrite"], idempotencyKey: string) {
  return unwrap(api.client.POST("/api/v1/packages", { params: { header: { "Idempotency-Key": idempotencyKey } }, body }));
}

export function updatePackage(api: Api, packageId: string, body: PackageDescription, etag: string) {
  return unwrap(
    api.client.PUT("/api/v1/packages/{package_id}", {
      params: { path: { package_id: packageId }, header: { "If-Match": etag } },
      body,
    }),
  );
}

export async function deletePackage(api: Api, packageId: string, etag: string) {
  await unwrap(
    api.client.DELETE("/api/v1/packages/{package_id}", {
      params: { path: { package_id: packageId }, header: { "If-Match": etag } },
    }),
  );
}

export function retirePackage(api: Api, packageId: string, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/packages/{package_id}/retire", {
      params: { path: { package_id: packageId }, header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

export function createPackageVersion(
  api: Api,
  packageId: string,
  body: Schemas["PackageVersionWrite"],
  idempotencyKey: string,
) {
  return unwrap(
    api.client.POST("/api/v1/packages/{package_id}/versions", {
      params: { path: { package_id: packageId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

export function updatePackageVersion(
  api: Api,
  packageId: string,
  versionId: string,
  body: Schemas["PackageVersionUpdate"],
  etag: string,
) {
  return unwrap(
    api.client.PUT("/api/v1/packages/{package_id}/versions/{version_id}", {
      params: { path: { package_id: packageId, version_id: versionId }, header: { "If-Match": etag } },
      body,
    }),
  );
}

export function publishPackageVersion(api: Api, packageId: string, versionId: string, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/packages/{package_id}/versions/{version_id}/publish", {
      params: { path: { package_id: packageId, version_id: versionId }, header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

export async function uploadPackageMaterial(
  api: Api,
  packageId: string,
  versionId: string,
  file: File,
  idempotencyKey: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<void> {
  await uploadFile(api, {
    target: {
      path: "/api/v1/packages/{package_id}/versions/{version_id}/materials",
      params: { package_id: packageId, version_id: versionId },
    },
    file,
    idempotencyKey,
    ...(onProgress ? { onProgress } : {}),
  });
}

/** The orders of the person's units' packages, newest first, page by page. */
export function useUnitOrders(state: PackageOrderState | null) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: unitPackageKeys.orders(state),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/v1/package-orders", {
          params: { query: { limit: 25, ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (lastPage) => (lastPage.has_more ? (lastPage.next_cursor ?? undefined) : undefined),
  });
}

export type OrderAnswer =
  | { action: "accept"; facilitator: string | null; facilitatorUserId: string | null }
  | { action: "decline"; reason: string };

/** Accept (with a facilitator perhaps) or decline (with a reason) a requested order. */
export function answerOrder(api: Api, orderId: string, answer: OrderAnswer, idempotencyKey: string) {
  const params = { path: { order_id: orderId }, header: { "Idempotency-Key": idempotencyKey } };
  if (answer.action === "accept") {
    return unwrap(
      api.client.POST("/api/v1/package-orders/{order_id}/accept", {
        params,
        body: { facilitator: answer.facilitator, facilitator_user_id: answer.facilitatorUserId },
      }),
    );
  }
  return unwrap(api.client.POST("/api/v1/package-orders/{order_id}/decline", { params, body: { reason: answer.reason } }));
}
