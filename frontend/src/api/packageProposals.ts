/**
 * Package proposals (pakkeforslag): a cluster's coordinator shares a held meeting as a package,
 * the cluster's regional unit publishes it in the catalogue under the cluster's name or returns
 * it with a comment; and the catalogue's national templates and guides with their materials.
 */
import { useQueries, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload } from "./download";
import { unwrap } from "./errors";
import { allPages, readVersion } from "./registry";
import type { components } from "./schema";
import type { Me } from "./types";

type Schemas = components["schemas"];
export type PackageProposal = Schemas["PackageProposal"];
export type PackageProposalDetail = Schemas["PackageProposalDetail"];
export type PackageProposalState = PackageProposal["state"];
export type PackageProposalWrite = Schemas["PackageProposalWrite"];
export type PackageProposalUpdate = Schemas["PackageProposalUpdate"];
export type CataloguePackage = Schemas["Package"];
export type CataloguePackageDetail = Schemas["PackageDetail"];
export type PackageKind = CataloguePackage["kind"];
export type PackageMaterial = Schemas["PackageMaterial"];

export const proposalKeys = {
  all: ["package-proposals"] as const,
  cluster: (clusterId: string) => ["package-proposals", "cluster", clusterId] as const,
  queue: (state: PackageProposalState | null) => ["package-proposals", "queue", state] as const,
  one: (proposalId: string) => ["package-proposals", "one", proposalId] as const,
};

export const catalogueKeys = {
  kind: (kind: PackageKind) => ["packages", "kind", kind] as const,
  one: (packageId: string) => ["packages", "one", packageId] as const,
};

/** Whether the person proposes packages for the cluster: its coordinators, and the platform admin (the API decides again). */
export function proposesPackages(me: Me | undefined, clusterId: string): boolean {
  if (!me) return false;
  if (me.is_platform_admin) return true;
  const roles = me.clusters.find((cluster) => cluster.id === clusterId)?.roles ?? [];
  return roles.includes("coordinator") || roles.includes("co_coordinator");
}

/** Whether the person reviews proposals: the staff of a regional unit, and the platform admin. */
export function reviewsProposals(me: Me | undefined): boolean {
  if (!me) return false;
  return me.is_platform_admin || me.organisations.some((organisation) => organisation.kind === "regional_unit");
}

/** A cluster's proposals, newest first. */
export function useClusterProposals(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: proposalKeys.cluster(clusterId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/package-proposals", {
            params: { path: { cluster_id: clusterId }, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ),
  });
}

/** The proposals sent to the person's unit, in a state (all when null). */
export function useProposalQueue(state: PackageProposalState | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: proposalKeys.queue(state),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/package-proposals", {
            params: { query: { limit: 200, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ),
  });
}

export function readProposal(api: Api, proposalId: string) {
  return api.client.GET("/api/v1/package-proposals/{proposal_id}", { params: { path: { proposal_id: proposalId } } });
}

/** One proposal in full: its agenda, notes and materials, and what the person may do with it. */
export function useProposal(proposalId: string, enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: proposalKeys.one(proposalId), enabled, queryFn: () => unwrap(readProposal(api, proposalId)) });
}

export function proposePackage(api: Api, clusterId: string, body: PackageProposalWrite, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/clusters/{cluster_id}/package-proposals", {
      params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

/** Revise a proposal: read it with its ETag first, so a change made meanwhile is refused (412). */
export async function reviseProposal(api: Api, proposalId: string, body: PackageProposalUpdate, etag?: string) {
  const ifMatch = etag ?? (await readVersion(() => readProposal(api, proposalId))).etag;
  return unwrap(
    api.client.PUT("/api/v1/package-proposals/{proposal_id}", {
      params: { path: { proposal_id: proposalId }, header: { "If-Match": ifMatch } },
      body,
    }),
  );
}

export async function withdrawProposal(api: Api, proposalId: string) {
  const current = await readVersion(() => readProposal(api, proposalId));
  await unwrap(
    api.client.DELETE("/api/v1/package-proposals/{proposal_id}", {
      params: { path: { proposal_id: proposalId }, header: { "If-Match": current.etag } },
    }),
  );
}

export type ProposalStep = { action: "publish" } | { action: "resubmit" } | { action: "return"; comment: string };

/** One step of a proposal's review, with its own Idempotency-Key. */
export function stepProposal(api: Api, proposalId: string, step: ProposalStep, idempotencyKey: string) {
  const params = { path: { proposal_id: proposalId }, header: { "Idempotency-Key": idempotencyKey } };
  switch (step.action) {
    case "publish":
      return unwrap(api.client.POST("/api/v1/package-proposals/{proposal_id}/publish", { params }));
    case "resubmit":
      return unwrap(api.client.POST("/api/v1/package-proposals/{proposal_id}/resubmit", { params }));
    case "return":
      return unwrap(api.client.POST("/api/v1/package-proposals/{proposal_id}/return", { params, body: { comment: step.comment } }));
  }
}

/** The catalogue's published entries of one kind (national templates, guides), by title. */
export function useCatalogueOfKind(kind: PackageKind) {
  const { client } = useApi();
  return useQuery({
    queryKey: catalogueKeys.kind(kind),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/packages", {
            params: { query: { limit: 200, kind, state: "published", ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ),
  });
}

/** Several entries of the catalogue in full (their published version's materials). */
export function useCatalogueDetails(packageIds: readonly string[]) {
  const { client } = useApi();
  return useQueries({
    queries: packageIds.map((packageId) => ({
      queryKey: catalogueKeys.one(packageId),
      queryFn: () => unwrap(client.GET("/api/v1/packages/{package_id}", { params: { path: { package_id: packageId } } })),
    })),
  });
}

/** Save a material of a package's version under its own name. */
export function downloadPackageMaterial(api: Api, packageId: string, material: PackageMaterial): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/packages/{package_id}/versions/{version_id}/materials/{material_id}", {
      params: { path: { package_id: packageId, version_id: material.package_version_id, material_id: material.id } },
      parseAs: "blob",
    }),
    material.name,
  );
}
