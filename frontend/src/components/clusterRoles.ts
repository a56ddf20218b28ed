import type { ClusterRoleKind } from "../api/types";
import type { Translate } from "../i18n/translate";

const ROLE_KEYS = {
  coordinator: "clusterRole.coordinator",
  co_coordinator: "clusterRole.co_coordinator",
  board_member: "clusterRole.board_member",
  treasurer: "clusterRole.treasurer",
  secretary: "clusterRole.secretary",
} as const satisfies Record<ClusterRoleKind, string>;

/** The roles in the order the registry and the national figures list them. */
export const ROLE_KINDS = Object.keys(ROLE_KEYS) as ClusterRoleKind[];

/** "Klyngekoordinator". */
export function roleLabel(role: ClusterRoleKind, t: Translate): string {
  return t(ROLE_KEYS[role]);
}

/** "Klyngekoordinator, Kasserer", or "Medlem" for a member without a role. */
export function rolesLabel(roles: readonly ClusterRoleKind[], t: Translate): string {
  if (roles.length === 0) return t("clusterRole.member");
  return roles.map((role) => roleLabel(role, t)).join(", ");
}
