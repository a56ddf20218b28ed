import type { ClusterRoleKind, InvitationAnswer } from "../../api/types";

/**
 * What the dashboard shows. These are view models, not API shapes: today they are built from
 * GET /api/v1/me and GET /api/v1/me/meetings; when the API changes, only the adapters in
 * useDashboardData change, not the sections.
 */

export interface ClusterSummary {
  id: string;
  name: string;
  regionCode: string;
  /** The person's roles in the cluster; none means an ordinary member. */
  roles: readonly ClusterRoleKind[];
}

export interface MeetingSummary {
  id: string;
  title: string;
  clusterId: string;
  clusterName: string;
  /** ISO 8601 date-time. */
  startsAt: string;
  location?: string;
  /** The person's answer to their invitation (`invited` until they answer). */
  myAnswer: InvitationAnswer;
}

/** A list that is loading, failed (with a retry) or loaded (possibly empty). */
export type ListState<T> =
  | { status: "pending" }
  | { status: "error"; error: unknown; retry: () => void }
  | { status: "success"; items: readonly T[] };
