import type { UseQueryResult } from "@tanstack/react-query";
import { useMyMeetings, useNow } from "../../api/meetings";
import { useMe } from "../../api/queries";
import type { Me, MyMeeting } from "../../api/types";
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

/** The person's coming meetings as the API lists them (soonest first), with their answers. */
export function comingMeetings(meetings: readonly MyMeeting[]): MeetingSummary[] {
  return meetings.map((meeting) => {
    const location = meeting.place_name ?? (meeting.video_url ? meeting.video_url : undefined);
    return {
      id: meeting.id,
      title: meeting.title,
      clusterId: meeting.cluster_id,
      clusterName: meeting.cluster_name,
      startsAt: meeting.starts_at,
      myAnswer: meeting.my_answer,
      ...(location ? { location } : {}),
    };
  });
}

function listState<T, Item>(query: UseQueryResult<T>, items: (data: T) => Item[]): ListState<Item> {
  if (query.isPending) return { status: "pending" };
  if (query.isError) {
    return {
      status: "error",
      error: query.error,
      retry: () => {
        void query.refetch();
      },
    };
  }
  return { status: "success", items: items(query.data) };
}

export interface DashboardData {
  clusters: ListState<ClusterSummary>;
  meetings: ListState<MeetingSummary>;
}

/**
 * The clusters from GET /api/v1/me, and the coming meetings in one request beside it: the
 * planned ones the person is invited to from now on (drafts and cancelled meetings left out).
 */
export function useDashboardData(): DashboardData {
  const me = useMe();
  const now = useNow();
  const meetings = useMyMeetings({ status: "planned", from: now, limit: COMING_MEETINGS_SHOWN });
  return { clusters: listState(me, clustersFromMe), meetings: listState(meetings, comingMeetings) };
}
