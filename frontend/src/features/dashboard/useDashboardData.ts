import { useComingMeetings, useNow } from "../../api/meetings";
import { useMe } from "../../api/queries";
import type { Me, Meeting } from "../../api/types";
import type { ClusterSummary, ListState, MeetingSummary } from "./model";

/** How many coming meetings the dashboard shows. */
export const COMING_MEETINGS_SHOWN = 5;

/** The person's current clusters, with their roles there (GET /api/v1/me). */
export function clustersFromMe(me: Me): ClusterSummary[] {
  return me.clusters.map((cluster) => ({
    id: cluster.id,
    name: cluster.name,
    regionCode: cluster.region_code,
    roles: cluster.roles,
  }));
}

/**
 * The person's coming meetings: the planned ones of their clusters from now on, soonest first.
 * Drafts (seen by planners only) and cancelled meetings are left out.
 */
export function comingMeetings(me: Me, lists: readonly (readonly Meeting[])[]): MeetingSummary[] {
  const names = new Map(me.clusters.map((cluster) => [cluster.id, cluster.name]));
  return lists
    .flat()
    .filter((meeting) => meeting.status === "planned")
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
    .slice(0, COMING_MEETINGS_SHOWN)
    .map((meeting) => {
      const location = meeting.place_name ?? (meeting.video_url ? meeting.video_url : undefined);
      return {
        id: meeting.id,
        title: meeting.title,
        clusterId: meeting.cluster_id,
        clusterName: names.get(meeting.cluster_id) ?? "",
        startsAt: meeting.starts_at,
        ...(location ? { location } : {}),
      };
    });
}

export interface DashboardData {
  clusters: ListState<ClusterSummary>;
  meetings: ListState<MeetingSummary>;
}

export function useDashboardData(): DashboardData {
  const me = useMe();
  const now = useNow();
  const lists = useComingMeetings(me.data?.clusters.map((cluster) => cluster.id) ?? [], now);
  if (me.isPending) return { clusters: { status: "pending" }, meetings: { status: "pending" } };
  if (me.isError) {
    const failed: ListState<never> = {
      status: "error",
      error: me.error,
      retry: () => {
        void me.refetch();
      },
    };
    return { clusters: failed, meetings: failed };
  }
  const clusters: ListState<ClusterSummary> = { status: "success", items: clustersFromMe(me.data) };
  const failedList = lists.find((list) => list.isError);
  let meetings: ListState<MeetingSummary>;
  if (failedList) {
    meetings = {
      status: "error",
      error: failedList.error,
      retry: () => {
        for (const list of lists) if (list.isError) void list.refetch();
      },
    };
  } else if (lists.some((list) => list.isPending)) {
    meetings = { status: "pending" };
  } else {
    meetings = { status: "success", items: comingMeetings(me.data, lists.map((list) => list.data ?? [])) };
  }
  return { clusters, meetings };
}
