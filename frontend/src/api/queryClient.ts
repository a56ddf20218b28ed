import { QueryClient } from "@tanstack/react-query";
import { ApiError, NetworkError } from "./errors";

/** Retry once when the outcome is unknown (no answer, 5xx); never for 4xx. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 1) return false;
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Refetching stale data on focus also notices a session that ended while away.
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
