/**
 * The economy, in whole øre: a cluster's ledger (its summary for a year and its entries page by
 * page, or every entry as CSV), the yearly rates per patient and the allocation run.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload, XLSX } from "./download";
import { unwrap } from "./errors";
import { allPages, readVersion } from "./registry";
import type { AllocationRate, Budget, BudgetLine, FeeRules, FeeState } from "./types";

/**
 * The body of a new rate: the contract's `AllocationRate` serves both ways, and its read-only
 * fields (id, in_use, times) are answered, never sent.
 */
type NewRate = Pick<AllocationRate, "year" | "ore_per_patient">;

export const LEDGER_PAGE_SIZE = 25;

export const economyKeys = {
  all: ["economy"] as const,
  ledger: (clusterId: string, year: number) => ["economy", "ledger", clusterId, year] as const,
  entries: (clusterId: string, year: number) => ["economy", "entries", clusterId, year] as const,
  rates: ["economy", "rates"] as const,
};

/** The year's opening and closing balance, income, spending and totals per category. */
export function useLedger(clusterId: string, year: number, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: economyKeys.ledger(clusterId, year),
    enabled,
    queryFn: () =>
      unwrap(client.GET("/api/v1/clusters/{cluster_id}/ledger", { params: { path: { cluster_id: clusterId }, query: { year } } })),
  });
}

/** The year's entries, by date booked, page by page with the API's cursor. */
export function useLedgerEntries(clusterId: string, year: number, limit = LEDGER_PAGE_SIZE) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: economyKeys.entries(clusterId, year),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/v1/clusters/{cluster_id}/ledger/entries", {
          params: { path: { cluster_id: clusterId }, query: pageParam ? { year, limit, cursor: pageParam } : { year, limit } },
        }),
      ),
    getNextPageParam: (lastPage) => (lastPage.has_more ? (lastPage.next_cursor ?? undefined) : undefined),
  });
}

/** Save every entry of the year as CSV (amounts in whole øre). */
export function downloadLedgerCsv(api: Api, clusterId: string, year: number, fileName: string): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/clusters/{cluster_id}/ledger/entries", {
      params: { path: { cluster_id: clusterId }, query: { year } },
      headers: { Accept: "text/csv" },
      parseAs: "blob",
    }),
    fileName,
    { serverName: true },
  );
}

/** The rates per patient, by year (a handful: one page of the largest size holds them). */
export function useRates() {
  const { client } = useApi();
  return useQuery({
    queryKey: economyKeys.rates,
    queryFn: async () => (await unwrap(client.GET("/api/v1/economy/rates", { params: { query: { limit: 200 } } }))).items,
  });
}

/** Set a year's rate (a year with one already is a 409 `rate_exists`). */
export function createRate(api: Api, year: number, orePerPatient: number, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/economy/rates", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      // The generated type lists the read-only fields as required; only the writable two are sent.
      body: { year, ore_per_patient: orePerPatient } satisfies NewRate as AllocationRate,
    }),
  );
}

/** Read a year's rate with its ETag, for a change of it. */
export function readRate(api: Api, year: number) {
  return api.client.GET("/api/v1/economy/rates/{year}", { params: { path: { year } } });
}

/** Change a year's rate with the ETag it was read with (one in use is a 409 `rate_in_use`). */
export function updateRate(api: Api, year: number, orePerPatient: number, etag: string) {
  return unwrap(
    api.client.PUT("/api/v1/economy/rates/{year}", {
      params: { path: { year }, header: { "If-Match": etag } },
      body: { ore_per_patient: orePerPatient },
    }),
  );
}

/** Re-read a rate and change it: used where no dialog holds an ETag already. */
export async function changeRate(api: Api, year: number, orePerPatient: number) {
  const current = await readVersion(() => readRate(api, year));
  return updateRate(api, year, orePerPatient, current.etag);
}

/** Run (or, with `dryRun`, report) a year's allocation, for every cluster or one. */
export function runAllocation(
  api: Api,
  { year, clusterId, dryRun, idempotencyKey }: { year: number; clusterId: string | null; dryRun: boolean; idempotencyKey: string },
) {
  return unwrap(
    api.client.POST("/api/v1/economy/allocations", {
      params: { query: { dry_run: dryRun }, header: { "Idempotency-Key": idempotencyKey } },
      body: clusterId ? { year, cluster_id: clusterId } : { year },
    }),
  );
}

/**
 * Kroner as typed by a person ("1.234,50", "365", "3,65") as whole øre, or null when it is not
 * an amount. Parsed as text, never through a float: "0,1" is 10 øre exactly.
 */
export function parseKroner(text: string): number | null {
  const cleaned = text.replace(/\s|kr\.?/gi, "");
  // Dots only between groups of thousands: "3.65" is not read as 365 kroner.
  const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const kroner = (match[1] ?? "0").replace(/\./g, "");
  const oere = (match[2] ?? "").padEnd(2, "0");
  const value = BigInt(kroner) * 100n + BigInt(oere);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

/** Every cluster by name, for choosing one (PLO reaches all: 116, one request of the largest page). */
export function useAllClusters(enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: ["economy", "clusters"],
    enabled,
    queryFn: async () => {
      const clusters: { id: string; name: string }[] = [];
      let cursor: string | null = null;
      do {
        const query: { limit: number; cursor?: string } = cursor ? { limit: 200, cursor } : { limit: 200 };
        const page = await unwrap(client.GET("/api/v1/clusters", { params: { query } }));
        clusters.push(...page.items.map((cluster) => ({ id: cluster.id, name: cluster.name })));
        cursor = page.has_more ? (page.next_cursor ?? null) : null;
      } while (cursor);
      return clusters.sort((a, b) => a.name.localeCompare(b.name, "da"));
    },
  });
}

// --- budgets, fees and the annual accounts ----------------------------------------------------

/** The fees' keys: under the economy's, so a change of a fee refreshes every view of money. */
export const feeKeys = {
  cluster: (clusterId: string, state?: string) => ["economy", "fees", clusterId, state ?? "all"] as const,
  rules: (clusterId: string) => ["economy", "fee-rules", clusterId] as const,
};

/** Read a year's budget with its ETag, for a change of it (no lines when none is set). */
export function readBudget(api: Api, clusterId: string, year: number) {
  return api.client.GET("/api/v1/clusters/{cluster_id}/budgets/{year}", { params: { path: { cluster_id: clusterId, year } } });
}

/** Replace a year's budget with the ETag it was read with: one line per category, ledger signs. */
export function replaceBudget(api: Api, clusterId: string, year: number, lines: readonly BudgetLine[], etag: string) {
  return unwrap(
    api.client.PUT("/api/v1/clusters/{cluster_id}/budgets/{year}", {
      params: { path: { cluster_id: clusterId, year }, header: { "If-Match": etag } },
      // The generated type lists the read-only fields as required; only the lines are sent.
      body: { lines: [...lines] } as unknown as Budget,
    }),
  );
}

/** Read a cluster's fee rules with their ETag, for a change of them. */
export function readFeeRules(api: Api, clusterId: string) {
  return api.client.GET("/api/v1/clusters/{cluster_id}/fee-rules", { params: { path: { cluster_id: clusterId } } });
}

/** The cluster's fee rules (the defaults while none are set). */
export function useFeeRules(clusterId: string) {
  const api = useApi();
  return useQuery({ queryKey: feeKeys.rules(clusterId), queryFn: () => unwrap(readFeeRules(api, clusterId)) });
}

/** Change a cluster's fee rules with the ETag they were read with. */
export function updateFeeRules(
  api: Api,
  clusterId: string,
  rules: { coordinator_fee_ore: number; speaker_rate_ore_per_hour: number },
  etag: string,
) {
  return unwrap(
    api.client.PUT("/api/v1/clusters/{cluster_id}/fee-rules", {
      params: { path: { cluster_id: clusterId }, header: { "If-Match": etag } },
      body: rules as FeeRules,
    }),
  );
}

/** The cluster's fee proposals, every page of them (a cluster closes a dozen meetings a year). */
export function useFees(clusterId: string, state?: FeeState, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: feeKeys.cluster(clusterId, state),
    enabled,
    queryFn: () =>
      allPages((cursor) => {
        const query = { ...(state ? { state } : {}), ...(cursor ? { limit: 200, cursor } : { limit: 200 }) };
        return unwrap(client.GET("/api/v1/clusters/{cluster_id}/fees", { params: { path: { cluster_id: clusterId }, query } }));
      }),
  });
}

/** Confirm a proposed fee (the treasurer or coordinator). */
export function confirmFee(api: Api, feeId: string, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/fees/{fee_id}/confirm", {
      params: { path: { fee_id: feeId }, header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

/** Book a confirmed fee in the ledger (PLO). */
export function bookFee(api: Api, feeId: string, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/fees/{fee_id}/book", {
      params: { path: { fee_id: feeId }, header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

/** The media types of the annual accounts for people. */
export const ACCOUNTS_TYPES = { pdf: "application/pdf", xlsx: XLSX } as const;

/** Save the year's annual accounts as a PDF or an Excel workbook, under the server's file name. */
export function downloadAccounts(api: Api, clusterId: string, year: number, format: keyof typeof ACCOUNTS_TYPES, fileName: string): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/clusters/{cluster_id}/accounts/{year}", {
      params: { path: { cluster_id: clusterId, year } },
      headers: { Accept: ACCOUNTS_TYPES[format] },
      parseAs: "blob",
    }),
    fileName,
    { serverName: true },
  );
}
