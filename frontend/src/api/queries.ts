import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useApi } from "./context";
import { unwrap } from "./errors";
import type { ListUsersQuery } from "./types";

export const queryKeys = {
  me: ["me"] as const,
  users: (limit: number, q = "") => ["users", { limit, q }] as const,
};

/**
 * The signed-in person (GET /api/v1/me). Pages that show the person's own data ask for
 * `staleTime: 0`, so they are current and an ended session is noticed on arrival.
 */
export function useMe({ staleTime }: { staleTime?: number } = {}) {
  const { client } = useApi();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: () => unwrap(client.GET("/api/v1/me")),
    ...(staleTime === undefined ? {} : { staleTime }),
  });
}

export const USERS_PAGE_SIZE = 50;

/** Every user account, page by page with the API's cursor (platform admins only). */
export function useUsers({ enabled = true, limit = USERS_PAGE_SIZE, q = "" } = {}) {
  const { client } = useApi();
  const search = q.trim();
  return useInfiniteQuery({
    queryKey: queryKeys.users(limit, search),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query: ListUsersQuery = pageParam ? { limit, cursor: pageParam } : { limit };
      if (search) query.q = search;
      return unwrap(client.GET("/api/v1/users", { params: { query } }));
    },
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}
