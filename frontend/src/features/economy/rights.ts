import type { Me } from "../../api/types";

/** What a person may do with a cluster's money (the API decides again). */
export interface EconomyRights {
  /**
   * Set the budget and fee rules, confirm fees: the treasurer, the coordinator, PLO, the admin.
   * The same two cluster roles approve expenses (an expense's own `my_permissions` says so).
   */
  keep: boolean;
  /** Book fees in the ledger: PLO and the platform admin. */
  book: boolean;
}

/** The cluster roles that keep the money. */
const KEEPERS = new Set<string>(["treasurer", "coordinator"]);

export function economyRights(me: Me | undefined, clusterId: string): EconomyRights {
  const book = (me?.is_platform_admin ?? false) || (me?.organisations.some((organisation) => organisation.kind === "plo") ?? false);
  const roles = me?.clusters.find((cluster) => cluster.id === clusterId)?.roles ?? [];
  return { keep: book || roles.some((role) => KEEPERS.has(role)), book };
}
