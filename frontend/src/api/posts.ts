/**
 * The notice board ("opslag"): a cluster's board and each meeting's, their threads and
 * replies, the reader's visits, and what a change of a post needs (its ETag).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload } from "./download";
import { unwrap } from "./errors";
import { allPages, readVersion } from "./registry";
import type { Attachment, BoardVisit, Post, PostPage, PostUpdate, ThreadCreate } from "./types";

/** A cluster's own board, or a meeting's. */
export type BoardRef = { kind: "cluster"; clusterId: string } | { kind: "meeting"; meetingId: string };

export const boardKeys = {
  /** Everything of one board starts with this key, so one invalidation refreshes it. */
  board: (board: BoardRef) =>
    board.kind === "cluster" ? (["board", "cluster", board.clusterId] as const) : (["board", "meeting", board.meetingId] as const),
  threads: (board: BoardRef) => [...boardKeys.board(board), "threads"] as const,
  replies: (board: BoardRef, threadId: string) => [...boardKeys.board(board), "replies", threadId] as const,
  visit: (board: BoardRef) => [...boardKeys.board(board), "visit"] as const,
};

export const THREADS_PAGE_SIZE = 25;
const FULL_PAGE = 200;

function pageQuery(limit: number, cursor: string | null): { limit: number; cursor?: string } {
  return cursor ? { limit, cursor } : { limit };
}

function listThreads(api: Api, board: BoardRef, cursor: string | null): Promise<PostPage> {
  const query = pageQuery(THREADS_PAGE_SIZE, cursor);
  if (board.kind === "cluster") {
    return unwrap(api.client.GET("/api/v1/clusters/{cluster_id}/posts", { params: { path: { cluster_id: board.clusterId }, query } }));
  }
  return unwrap(api.client.GET("/api/v1/meetings/{meeting_id}/posts", { params: { path: { meeting_id: board.meetingId }, query } }));
}

/**
 * The board's threads, pinned first, then by latest activity, page by page. What is new in
 * them is decided by the reader's last visit, which showing the board moves; so the list is
 * not kept once the board is left (`gcTime: 0`), and coming back reads it afresh.
 */
export function useThreads(board: BoardRef) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: boardKeys.threads(board),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => listThreads(api, board, pageParam),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    gcTime: 0,
  });
}

/** A thread's replies, in the order they were written (read whole). */
export function useReplies(board: BoardRef, threadId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: boardKeys.replies(board, threadId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/posts/{post_id}/replies", {
            params: { path: { post_id: threadId }, query: pageQuery(FULL_PAGE, cursor) },
          }),
        ),
      ),
    gcTime: 0,
  });
}

/** The reader's last visit to the board and how many threads are new to them since. */
export function useBoardVisit(board: BoardRef) {
  const { client } = useApi();
  return useQuery({
    queryKey: boardKeys.visit(board),
    queryFn: () =>
      board.kind === "cluster"
        ? unwrap(client.GET("/api/v1/clusters/{cluster_id}/board-visit", { params: { path: { cluster_id: board.clusterId } } }))
        : unwrap(client.GET("/api/v1/meetings/{meeting_id}/board-visit", { params: { path: { meeting_id: board.meetingId } } })),
  });
}

/**
 * Record that the reader sees the board now. The answer carries the visit before it
 * (`previous_seen_at`), and the count of unread threads is kept as the answer gives it.
 */
export function useRecordVisit(board: BoardRef) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<BoardVisit> =>
      board.kind === "cluster"
        ? unwrap(client.PUT("/api/v1/clusters/{cluster_id}/board-visit", { params: { path: { cluster_id: board.clusterId } } }))
        : unwrap(client.PUT("/api/v1/meetings/{meeting_id}/board-visit", { params: { path: { meeting_id: board.meetingId } } })),
    onSuccess: (visit) => {
      queryClient.setQueryData(boardKeys.visit(board), visit);
    },
  });
}

/** Start a thread on the board; the key makes a second click or a retry send nothing twice. */
export function createThread(api: Api, board: BoardRef, body: ThreadCreate, idempotencyKey: string): Promise<Post> {
  const header = { "Idempotency-Key": idempotencyKey };
  if (board.kind === "cluster") {
    return unwrap(
      api.client.POST("/api/v1/clusters/{cluster_id}/posts", { params: { path: { cluster_id: board.clusterId }, header }, body }),
    );
  }
  return unwrap(
    api.client.POST("/api/v1/meetings/{meeting_id}/posts", { params: { path: { meeting_id: board.meetingId }, header }, body }),
  );
}

export function createReply(api: Api, threadId: string, body: string, idempotencyKey: string): Promise<Post> {
  return unwrap(
    api.client.POST("/api/v1/posts/{post_id}/replies", {
      params: { path: { post_id: threadId }, header: { "Idempotency-Key": idempotencyKey } },
      body: { body },
    }),
  );
}

/** A post as it is now, with the ETag that a change of it must send as If-Match. */
export function loadPost(api: Api, postId: string) {
  return api.client.GET("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } } });
}

export function updatePost(api: Api, postId: string, etag: string, body: PostUpdate): Promise<Post> {
  return unwrap(
    api.client.PATCH("/api/v1/posts/{post_id}", { params: { path: { post_id: postId }, header: { "If-Match": etag } }, body }),
  );
}

export async function deletePost(api: Api, postId: string, etag: string): Promise<void> {
  await unwrap(api.client.DELETE("/api/v1/posts/{post_id}", { params: { path: { post_id: postId }, header: { "If-Match": etag } } }));
}

/**
 * Pin or unpin a thread in one click. Only `pinned` is sent, so nothing someone else wrote
 * meanwhile is overwritten; the ETag is read just before.
 */
export async function setPinned(api: Api, postId: string, pinned: boolean): Promise<Post> {
  const current = await readVersion(() => loadPost(api, postId));
  if (current.data.pinned === pinned) return current.data;
  return updatePost(api, postId, current.etag, { pinned });
}

/** Save an attachment under its own name (the token goes in the header). */
export function downloadAttachment(api: Api, attachment: Attachment): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/files/{file_id}/content", { params: { path: { file_id: attachment.id } }, parseAs: "blob" }),
    attachment.name,
  );
}
