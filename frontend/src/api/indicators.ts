/**
 * Indicators and data views: the quality units' indicator sets, a cluster's data view of one
 * (as the cluster's decisions allow: the API names other clinics only for an open period), and
 * the cluster's decisions on open or closed data, recorded and changed with their ETag.
 */
import { useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { unwrap } from "./errors";
import { allPages, pageQuery } from "./registry";
import type { DataDecision } from "./types";

export const indicatorKeys = {
  sets: ["indicator-sets"] as const,
  /** Under the cluster's key: a change in the cluster reads its data view again. */
  view: (clusterId: string, setId: string) => ["cluster", clusterId, "data", setId] as const,
  decisions: (clusterId: string) => ["cluster", clusterId, "data-decisions"] as const,
};

/** The fields of a decision a person writes; the others are the server's. */
export type DecisionValues = Pick<DataDecision, "policy" | "decided_on" | "valid_from" | "valid_to">;

/** Every indicator set, by name (a handful: read whole). */
export function useIndicatorSets(enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: indicatorKeys.sets,
    enabled,
    queryFn: () => allPages((cursor) => unwrap(client.GET("/api/v1/indicator-sets", { params: { query: pageQuery(cursor) } }))),
  });
}

/** The cluster's data view of a set, per period and indicator. */
export function useDataView(clusterId: string, setId: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: indicatorKeys.view(clusterId, setId ?? ""),
    enabled: setId !== null,
    queryFn: () =>
      unwrap(
        client.GET("/api/v1/clusters/{cluster_id}/data/{indicator_set_id}", {
          params: { path: { cluster_id: clusterId, indicator_set_id: setId ?? "" } },
        }),
      ),
  });
}

/** The cluster's decisions on open or closed data, by the date each begins. */
export function useDataDecisions(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: indicatorKeys.decisions(clusterId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/data-decisions", {
            params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/** The body as the API takes it: an open-ended decision has no last day. */
function decisionBody(values: DecisionValues) {
  // The generated type lists the read-only fields as required; only the writable ones are sent.
  return {
    policy: values.policy,
    decided_on: values.decided_on,
    valid_from: values.valid_from,
    valid_to: values.valid_to || null,
  } as DataDecision;
}

export function createDecision(api: Api, clusterId: string, values: DecisionValues, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/clusters/{cluster_id}/data-decisions", {
      params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": idempotencyKey } },
      body: decisionBody(values),
    }),
  );
}

/** Read a decision with its ETag, for a change of it. */
export function readDecision(api: Api, clusterId: string, decisionId: string) {
  return api.client.GET("/api/v1/clusters/{cluster_id}/data-decisions/{decision_id}", {
    params: { path: { cluster_id: clusterId, decision_id: decisionId } },
  });
}

/** Replace a decision with the ETag it was read with (a stale one is refused with 412). */
export function replaceDecision(api: Api, clusterId: string, decisionId: string, values: DecisionValues, etag: string) {
  return unwrap(
    api.client.PUT("/api/v1/clusters/{cluster_id}/data-decisions/{decision_id}", {
      params: { path: { cluster_id: clusterId, decision_id: decisionId }, header: { "If-Match": etag } },
      body: decisionBody(values),
    }),
  );
}
