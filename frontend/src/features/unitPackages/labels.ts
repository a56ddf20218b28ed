/** The words and colours of the kinds and states of packages, versions and orders. */
import type { PackageKind, PackageOrderState, PackageState, PackageVersion } from "../../api/unitPackages";
import type { PlainKey } from "../../i18n/translate";

/** A meeting kit (its agenda) first; a template and a guide are their materials. */
export const PACKAGE_KINDS: readonly PackageKind[] = ["package", "template", "guide"];

export const PACKAGE_KIND_KEYS: Record<PackageKind, PlainKey> = {
  package: "unitPackages.kind.package",
  template: "unitPackages.kind.template",
  guide: "unitPackages.kind.guide",
};

/** A template or a guide: published with its materials, without an agenda. */
export function isDocument(kind: PackageKind): boolean {
  return kind !== "package";
}

export const PACKAGE_STATE_KEYS: Record<PackageState, PlainKey> = {
  draft: "unitPackages.state.draft",
  published: "unitPackages.state.published",
  retired: "unitPackages.state.retired",
};

// Shade 8 and 9 carry white text at 4.5:1.
export const PACKAGE_STATE_COLORS: Record<PackageState, string> = {
  draft: "yellow.9",
  published: "green.9",
  retired: "gray.7",
};

export const VERSION_STATE_KEYS: Record<PackageVersion["state"], PlainKey> = {
  draft: "unitPackages.versionState.draft",
  published: "unitPackages.versionState.published",
};

export const ORDER_STATE_KEYS: Record<PackageOrderState, PlainKey> = {
  requested: "unitOrders.state.requested",
  accepted: "unitOrders.state.accepted",
  declined: "unitOrders.state.declined",
  cancelled: "unitOrders.state.cancelled",
};

export const ORDER_STATE_COLORS: Record<PackageOrderState, string> = {
  requested: "klynge.8",
  accepted: "green.9",
  declined: "red.9",
  cancelled: "gray.7",
};
