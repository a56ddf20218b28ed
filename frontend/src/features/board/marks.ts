/**
 * What the board marks as new, and what the reader may do there.
 *
 * The API marks a post new when someone else wrote it after the reader's last recorded visit.
 * Showing the board records a visit (PUT board-visit), which would take those marks away at the
 * next read of the list (after the reader's own reply, say). So the view keeps what it learnt
 * when it recorded the visit: the visit before it (`since`) and each thread's new replies as
 * first read, and keeps marking them until the board is left.
 */
import type { ClusterDetail, Post } from "../../api/types";

export interface ViewMarks {
  /** The visit before this view's (null: the reader had never seen the board). */
  since: string | null;
  /** Each thread's new replies as read when the board was shown. */
  newReplies: ReadonlyMap<string, number>;
}

/** The marks kept for this view, from the first page it showed and the visit it recorded. */
export function viewMarks(firstPage: readonly Post[], since: string | null): ViewMarks {
  return { since, newReplies: new Map(firstPage.map((thread) => [thread.id, thread.new_replies])) };
}

/** New to the reader: as the API says, or written by someone else after the visit before this view. */
export function isNewPost(post: Post, meId: string | undefined, marks: ViewMarks | null): boolean {
  if (post.new) return true;
  if (!marks || meId === undefined) return false;
  if (post.author?.id === meId) return false;
  return marks.since === null || Date.parse(post.created_at) > Date.parse(marks.since);
}

/**
 * A thread's new replies: those read when the board was shown, or the API's count when it is
 * larger (more came since).
 */
export function newReplyCount(thread: Post, marks: ViewMarks | null): number {
  return Math.max(thread.new_replies, marks?.newReplies.get(thread.id) ?? 0);
}

/** What the reader may do on a cluster's boards: the cluster's `my_permissions` (the API decides again, post by post). */
export interface BoardRights {
  /** Start threads and reply. */
  write: boolean;
  /** Pin threads, and change or delete anyone's posts. */
  moderate: boolean;
}

export function boardRights(cluster: ClusterDetail | undefined): BoardRights {
  return {
    write: cluster?.my_permissions.post ?? false,
    moderate: cluster?.my_permissions.moderate_posts ?? false,
  };
}
