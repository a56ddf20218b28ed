import type { MyCluster, PackageOrderState } from "../../api/types";
import type { PlainKey } from "../../i18n/translate";

export const ORDER_STATE_KEYS: Record<PackageOrderState, PlainKey> = {
  requested: "packages.order.state.requested",
  accepted: "packages.order.state.accepted",
  declined: "packages.order.state.declined",
  cancelled: "packages.order.state.cancelled",
};

/** The colour of an order's state; each is said in words too. */
export const ORDER_STATE_COLORS: Record<PackageOrderState, string> = {
  requested: "yellow.9",
  accepted: "green.9",
  declined: "red.9",
  cancelled: "gray.7",
};

/** Who may order a package for a cluster and cancel its orders (the API decides again). */
export const ORDERING_ROLES = ["coordinator", "co_coordinator", "board_member"] as const;

/** Who plans a cluster's meetings (the API decides again). */
export const PLANNING_ROLES = ["coordinator", "co_coordinator", "board_member", "secretary"] as const;

/** The person's clusters where they hold one of `roles`. */
export function clustersWithRole(clusters: readonly MyCluster[], roles: readonly string[]): MyCluster[] {
  return clusters.filter((cluster) => cluster.roles.some((role) => roles.includes(role)));
}
