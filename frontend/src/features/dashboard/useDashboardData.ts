import { useMe } from "../../api/queries";
import type { Me } from "../../api/types";
import type { ClusterSummary, ListState, MeetingSummary } from "./model";

/** The person's current clusters, with their roles there (GET /api/v1/me). */
export function clustersFromMe(me: Me): ClusterSummary[] {
  return me.clusters.map((cluster) => ({
    id: cluster.id,
    name: cluster.name,
    regionCode: cluster.region_code,
    roles: cluster.roles,
  }));
}

/** The person's upcoming meetings. The API has no meetings yet. */
export function meetingsFromMe(_me: Me): MeetingSummary[] {
  return [];
}

export interface DashboardData {
  clusters: ListState<ClusterSummary>;
  meetings: ListState<MeetingSummary>;
}

export function useDashboardData(): DashboardData {
  const me = useMe();
  function stateOf<T>(select: (me: Me) => T[]): ListState<T> {
    if (me.isPending) return { status: "pending" };
    if (me.isError) {
      return {
        status: "error",
        error: me.error,
        retry: () => {
          void me.refetch();
        },
      };
    }
    return { status: "success", items: select(me.data) };
  }
  return { clusters: stateOf(clustersFromMe), meetings: stateOf(meetingsFromMe) };
}
