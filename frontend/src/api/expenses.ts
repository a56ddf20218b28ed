/**
 * Expenses (udlæg): a cluster's list, one expense with its history and what the person may do
 * with it, its receipts (uploaded as multipart, read with the token as a blob), the steps
 * draft → submitted → approved → booked → paid, and PLO's queue with its batches.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { unwrap } from "./errors";
import { readVersion } from "./registry";
import type { ExpenseState, ExpenseWrite, Receipt } from "./types";
import { uploadFile } from "./upload";

export const EXPENSE_PAGE_SIZE = 25;

export const expenseKeys = {
  all: ["expenses"] as const,
  cluster: (clusterId: string, state: ExpenseState | null) => ["expenses", "cluster", clusterId, state] as const,
  one: (expenseId: string) => ["expenses", "one", expenseId] as const,
  receipts: (expenseId: string) => ["expenses", "receipts", expenseId] as const,
  queue: (state: ExpenseState) => ["expenses", "queue", state] as const,
};

/** A cluster's expenses, newest first, page by page (every member reads them). */
export function useClusterExpenses(clusterId: string, state: ExpenseState | null, limit = EXPENSE_PAGE_SIZE) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: expenseKeys.cluster(clusterId, state),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/v1/clusters/{cluster_id}/expenses", {
          params: {
            path: { cluster_id: clusterId },
            query: { limit, ...(state ? { state } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (lastPage) => (lastPage.has_more ? (lastPage.next_cursor ?? undefined) : undefined),
  });
}

/** The expenses of every cluster in a state (PLO's queue), page by page. */
export function useExpenseQueue(state: ExpenseState, enabled = true) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: expenseKeys.queue(state),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/v1/economy/expenses", {
          params: { query: { limit: 100, state, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (lastPage) => (lastPage.has_more ? (lastPage.next_cursor ?? undefined) : undefined),
  });
}

/** One expense as the API answers it, with its ETag in the response (see `readVersion`). */
export function readExpense(api: Api, expenseId: string) {
  return api.client.GET("/api/v1/expenses/{expense_id}", { params: { path: { expense_id: expenseId } } });
}

/** One expense with its lines, history, bank details (when allowed) and `my_permissions`. */
export function useExpense(expenseId: string) {
  const api = useApi();
  return useQuery({ queryKey: expenseKeys.one(expenseId), queryFn: () => unwrap(readExpense(api, expenseId)) });
}

/** The receipts of an expense (only for those who may see them). */
export function useReceipts(expenseId: string, enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: expenseKeys.receipts(expenseId),
    enabled,
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/expenses/{expense_id}/receipts", { params: { path: { expense_id: expenseId }, query: { limit: 200 } } }),
        )
      ).items,
  });
}

/** A receipt's content, for showing it inline through an object URL. */
export function fetchReceiptContent(api: Api, expenseId: string, receiptId: string): Promise<Blob> {
  return unwrap(
    api.client.GET("/api/v1/expenses/{expense_id}/receipts/{receipt_id}", {
      params: { path: { expense_id: expenseId, receipt_id: receiptId } },
      parseAs: "blob",
    }),
  );
}

export function createExpense(api: Api, clusterId: string, body: ExpenseWrite, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/clusters/{cluster_id}/expenses", {
      params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

/** Change a draft: read it with its ETag first, so a change made meanwhile is refused (412). */
export async function updateExpense(api: Api, expenseId: string, body: ExpenseWrite, etag?: string) {
  const ifMatch = etag ?? (await readVersion(() => readExpense(api, expenseId))).etag;
  return unwrap(
    api.client.PUT("/api/v1/expenses/{expense_id}", {
      params: { path: { expense_id: expenseId }, header: { "If-Match": ifMatch } },
      body,
    }),
  );
}

export async function deleteExpense(api: Api, expenseId: string) {
  const current = await readVersion(() => readExpense(api, expenseId));
  await unwrap(
    api.client.DELETE("/api/v1/expenses/{expense_id}", { params: { path: { expense_id: expenseId }, header: { "If-Match": current.etag } } }),
  );
}

export function uploadReceipt(api: Api, expenseId: string, file: File, idempotencyKey: string): Promise<Receipt> {
  return uploadFile(api, {
    target: { path: "/api/v1/expenses/{expense_id}/receipts", params: { expense_id: expenseId } },
    file,
    idempotencyKey,
  }) as unknown as Promise<Receipt>;
}

/**
 * Remove a receipt from a draft. A receipt is a part of its expense: the removal sends the
 * expense's ETag, read as the confirmation opened, so an expense changed meanwhile is refused.
 */
export async function removeReceipt(api: Api, receipt: Pick<Receipt, "id" | "expense_id">, expenseEtag: string): Promise<void> {
  await unwrap(
    api.client.DELETE("/api/v1/expenses/{expense_id}/receipts/{receipt_id}", {
      params: { path: { expense_id: receipt.expense_id, receipt_id: receipt.id }, header: { "If-Match": expenseEtag } },
    }),
  );
}

export type ExpenseStep =
  | { action: "submit" }
  | { action: "approve" }
  | { action: "reject"; reason: string }
  | { action: "return"; comment: string }
  | { action: "book" }
  | { action: "pay" };

/** One step of the expense's flow, with its own Idempotency-Key. */
export function stepExpense(api: Api, expenseId: string, step: ExpenseStep, idempotencyKey: string) {
  const params = { path: { expense_id: expenseId }, header: { "Idempotency-Key": idempotencyKey } };
  switch (step.action) {
    case "submit":
      return unwrap(api.client.POST("/api/v1/expenses/{expense_id}/submit", { params }));
    case "approve":
      return unwrap(api.client.POST("/api/v1/expenses/{expense_id}/approve", { params, body: {} }));
    case "reject":
      return unwrap(api.client.POST("/api/v1/expenses/{expense_id}/reject", { params, body: { reason: step.reason } }));
    case "return":
      return unwrap(api.client.POST("/api/v1/expenses/{expense_id}/return", { params, body: { comment: step.comment } }));
    case "book":
      return unwrap(api.client.POST("/api/v1/expenses/{expense_id}/book", { params, body: {} }));
    case "pay":
      return unwrap(api.client.POST("/api/v1/expenses/{expense_id}/pay", { params, body: {} }));
  }
}

/** Book (approved) or pay (booked) several expenses of any cluster at once, all or nothing. */
export function batchExpenses(api: Api, action: "book" | "pay", expenseIds: string[], idempotencyKey: string) {
  const params = { header: { "Idempotency-Key": idempotencyKey } };
  return action === "book"
    ? unwrap(api.client.POST("/api/v1/economy/expenses/book", { params, body: { expense_ids: expenseIds } }))
    : unwrap(api.client.POST("/api/v1/economy/expenses/pay", { params, body: { expense_ids: expenseIds } }));
}
