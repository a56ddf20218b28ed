import type { Me, MyCluster } from "../../api/types";
import { ownRegion } from "../../app/navigation";

/** The cluster roles that plan and follow up: their holders get the coordinator's home. */
const COORDINATING = new Set<string>(["coordinator", "co_coordinator"]);

/** What a person is, as their home is chosen from it (GET /api/v1/me). */
export interface Standing {
  /** Clusters where they coordinate. */
  coordinates: MyCluster[];
  /** Clusters whose treasurer (kasserer) they are. */
  treasures: MyCluster[];
  /** They belong to at least one cluster. */
  member: boolean;
  /** The region of the quality unit they work at. */
  region: string | null;
  plo: boolean;
  admin: boolean;
}

export function standingOf(me: Me | undefined): Standing {
  const clusters = me?.clusters ?? [];
  return {
    coordinates: clusters.filter((cluster) => cluster.roles.some((role) => COORDINATING.has(role))),
    treasures: clusters.filter((cluster) => cluster.roles.includes("treasurer")),
    member: clusters.length > 0,
    region: ownRegion(me),
    plo: me?.organisations.some((organisation) => organisation.kind === "plo") ?? false,
    admin: me?.is_platform_admin ?? false,
  };
}

/** Someone with work of their own elsewhere than in a cluster (a unit, PLO, the platform). */
export function hasOfficeStanding(standing: Standing): boolean {
  return standing.region !== null || standing.plo || standing.admin;
}

/** The first and last instant of the quarter `now` is in, as ISO strings (local calendar). */
export function quarterOf(now: Date): { from: string; to: string; quarter: number; year: number } {
  const quarter = Math.floor(now.getMonth() / 3);
  const start = new Date(now.getFullYear(), quarter * 3, 1);
  const end = new Date(now.getFullYear(), quarter * 3 + 3, 1);
  return { from: start.toISOString(), to: end.toISOString(), quarter: quarter + 1, year: now.getFullYear() };
}

/**
 * The yearly provider-number deadline: the clinics and their patient counts must be current by
 * the end of January (the allocation is paid from the count of 1 February). It applies from 1
 * December until 31 January; a clinic counts as updated if its patients were counted in the
 * twelve months before the deadline.
 */
export function providerDeadline(now: Date): { deadline: string; updatedSince: string } | null {
  const month = now.getMonth();
  if (month !== 11 && month !== 0) return null;
  const year = month === 11 ? now.getFullYear() + 1 : now.getFullYear();
  return { deadline: `${String(year)}-01-31`, updatedSince: `${String(year - 1)}-02-01` };
}
