import type { ClusterRoleKind } from "../api/types";
import type { Translate } from "../i18n/translate";

const ROLE_KEYS = {
  coordinator: "clusterRole.coordinator",
  co_coordinator: "clusterRole.co_coordinator",
  board_member: "clusterRole.board_member",
  treasurer: "clusterRole.treasurer",
  secretary: "clusterRole.secretary",
} as const satisfies Record<ClusterRoleKind, string>;

/** "Klyngekoordinator, Kasserer", or "Medlem" for a member without a role. */
export function rolesLabel(roles: readonly ClusterRoleKind[], t: Translate): string {
  if (roles.length === 0) return t("clusterRole.member");
  return roles.map((role) => t(ROLE_KEYS[role])).join(", ");
}
