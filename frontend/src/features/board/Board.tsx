/**
 * A notice board, the cluster's or a meeting's: its threads (pinned first, then by latest
 * activity) with what is new to the reader, each opened in place to read its text, files and
 * replies and to answer. Showing the board records the reader's visit once; the marks of this
 * view are kept (see `marks.ts`) and are gone the next time.
 */
import { useEffect, useId, useRef, useState, type SubmitEvent } from "react";
import { useApi } from "../../api/context";
import { createReply, setPinned, useRecordVisit, useReplies, useThreads, type BoardRef } from "../../api/posts";
import { useMe } from "../../api/queries";
import { useCluster } from "../../api/registry";
import type { Post } from "../../api/types";
import { fieldErrorsOf } from "../../components/dialogs";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import { AttachFile, AttachmentList } from "./Attachments";
import { BodyField, DeletePostDialog, EditPostDialog, NewThreadDialog, useBoardChange } from "./dialogs";
import { boardRights, isNewPost, newReplyCount, viewMarks, type ViewMarks } from "./marks";

/**
 * Record the visit once the board's first page has been read, and keep what this view marks
 * as new from then on.
 */
function useViewMarks(board: BoardRef, firstPage: readonly Post[] | undefined): ViewMarks | null {
  const { mutate: recordVisit } = useRecordVisit(board);
  const recorded = useRef(false);
  const [marks, setMarks] = useState<ViewMarks | null>(null);
  useEffect(() => {
    if (!firstPage || recorded.current) return;
    recorded.current = true;
    recordVisit(undefined, {
      onSuccess: (visit) => {
        setMarks(viewMarks(firstPage, visit.previous_seen_at));
      },
    });
  }, [firstPage, recordVisit]);
  return marks;
}

/** What a post's buttons do; the dialogs and the pin live with the board. */
interface PostHandlers {
  onEdit: (post: Post) => void;
  onDelete: (post: Post) => void;
  onPin: (thread: Post) => void;
  /** The thread being pinned or unpinned now. */
  pinning: string | null;
}

interface ViewContext {
  board: BoardRef;
  marks: ViewMarks | null;
  meId: string | undefined;
  canWrite: boolean;
  handlers: PostHandlers;
}

type Dialog = { kind: "new" } | { kind: "edit"; post: Post } | { kind: "delete"; post: Post };

interface BoardProps {
  board: BoardRef;
  /** The cluster the board belongs to (who may write there); undefined while it is read. */
  clusterId: string | undefined;
  title: string;
}

export function Board({ board, clusterId, title }: BoardProps) {
  const { t } = useI18n();
  const api = useApi();
  const me = useMe();
  const cluster = useCluster(clusterId);
  const rights = boardRights(cluster.data);
  const threads = useThreads(board);
  const marks = useViewMarks(board, threads.data?.pages[0]?.items);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState("");
  const pin = useBoardChange(
    board,
    (thread: Post) => setPinned(api, thread.id, !thread.pinned),
    (changed) => {
      const name = changed.title ?? "";
      setMessage(changed.pinned ? t("board.pin.done", { title: name }) : t("board.unpin.done", { title: name }));
    },
  );
  const open = (next: Dialog) => {
    setMessage("");
    setDialog(next);
  };
  const toggle = (threadId: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(threadId)) next.add(threadId);
      return next;
    });
  };
  const context: ViewContext = {
    board,
    marks,
    meId: me.data?.id,
    canWrite: rights.write,
    handlers: {
      onEdit: (post) => { open({ kind: "edit", post }); },
      onDelete: (post) => { open({ kind: "delete", post }); },
      onPin: (thread) => {
        setMessage("");
        pin.mutate(thread);
      },
      pinning: pin.isPending ? pin.variables.id : null,
    },
  };
  const items = threads.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (threads.isPending) body = <LoadingState />;
  else if (threads.isError && !threads.isFetchNextPageError) {
    body = <ErrorState error={threads.error} onRetry={() => void threads.refetch()} />;
  } else if (items.length === 0) {
    body = <EmptyState title={t("board.empty")}>{rights.write ? <p>{t("board.emptyWrite")}</p> : null}</EmptyState>;
  } else {
    body = (
      <ul className="card-list board">
        {items.map((thread) => (
          <ThreadItem
            key={thread.id}
            thread={thread}
            context={context}
            expanded={expanded.has(thread.id)}
            onToggle={() => { toggle(thread.id); }}
          />
        ))}
      </ul>
    );
  }

  const closeDialog = () => { setDialog(null); };
  const done = (text: string) => {
    setDialog(null);
    setMessage(text);
  };
  return (
    <Section
      title={title}
      actions={
        rights.write ? (
          <button type="button" className="button" onClick={() => { open({ kind: "new" }); }}>
            {t("board.write")}
          </button>
        ) : null
      }
    >
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      {pin.error ? <ErrorState error={pin.error} context="post" /> : null}
      {me.data && !rights.write ? <p className="muted">{t("board.readOnly")}</p> : null}
      {body}
      {threads.isFetchNextPageError ? (
        <ErrorState error={threads.error} onRetry={() => void threads.fetchNextPage()} />
      ) : null}
      {threads.hasNextPage && !threads.isFetchNextPageError ? (
        <button
          type="button"
          className="button button--secondary board__more"
          disabled={threads.isFetchingNextPage}
          onClick={() => void threads.fetchNextPage()}
        >
          {threads.isFetchingNextPage ? t("common.loadingMore") : t("common.more")}
        </button>
      ) : null}
      {dialog?.kind === "new" ? (
        <NewThreadDialog
          board={board}
          canPin={rights.moderate}
          onClose={closeDialog}
          onDone={(thread) => {
            done(t("board.written"));
            setExpanded((current) => new Set(current).add(thread.id));
          }}
        />
      ) : null}
      {dialog?.kind === "edit" ? <EditPostDialog board={board} post={dialog.post} onClose={closeDialog} onDone={done} /> : null}
      {dialog?.kind === "delete" ? <DeletePostDialog board={board} post={dialog.post} onClose={closeDialog} onDone={done} /> : null}
    </Section>
  );
}

function Marks({ pinned, isNew, newReplies }: { pinned: boolean; isNew: boolean; newReplies: number }) {
  const { t, formatNumber } = useI18n();
  if (!pinned && !isNew && newReplies === 0) return null;
  return (
    <p className="board-marks">
      {pinned ? <span className="badge badge--pinned">{t("board.pinned")}</span> : null}
      {isNew ? <span className="badge badge--new">{t("board.new")}</span> : null}
      {newReplies > 0 ? (
        <span className="badge badge--new">
          {newReplies === 1 ? t("board.newReplies.one") : t("board.newReplies", { count: formatNumber(newReplies) })}
        </span>
      ) : null}
    </p>
  );
}

/** "Mads Medlem · 23. november 2026 kl. 14.05 · redigeret …" */
function Byline({ post }: { post: Post }) {
  const { t, formatDateTime } = useI18n();
  return (
    <>
      <span className="board-post__author">{post.author?.name ?? t("board.unknownAuthor")}</span>
      {" · "}
      <time dateTime={post.created_at}>{formatDateTime(post.created_at)}</time>
      {post.edited_at ? ` · ${t("board.edited", { date: formatDateTime(post.edited_at) })}` : null}
    </>
  );
}

function ThreadItem({ thread, context, expanded, onToggle }: { thread: Post; context: ViewContext; expanded: boolean; onToggle: () => void }) {
  const { t, formatNumber } = useI18n();
  const detailId = useId();
  let replies = t("board.replies.none");
  if (thread.reply_count === 1) replies = t("board.replies.one");
  else if (thread.reply_count > 1) replies = t("board.replies", { count: formatNumber(thread.reply_count) });
  return (
    <li className={thread.pinned ? "card board-thread board-thread--pinned" : "card board-thread"}>
      <h3 className="board-thread__title">
        <button
          type="button"
          className="board-thread__toggle"
          aria-expanded={expanded}
          {...(expanded ? { "aria-controls": detailId } : {})}
          onClick={onToggle}
        >
          {thread.title}
        </button>
      </h3>
      <Marks
        pinned={thread.pinned}
        isNew={isNewPost(thread, context.meId, context.marks)}
        newReplies={newReplyCount(thread, context.marks)}
      />
      <p className="card__meta">
        <Byline post={thread} />
        {` · ${replies}`}
      </p>
      {expanded ? <ThreadDetail id={detailId} thread={thread} context={context} /> : null}
    </li>
  );
}

function PostBody({ post }: { post: Post }) {
  // The API renders the Markdown and sanitises it with an allow-list: it is meant to be shown as is.
  return <div className="board-post__body" dangerouslySetInnerHTML={{ __html: post.body_html }} />;
}

function PostButtons({ post, handlers }: { post: Post; handlers: PostHandlers }) {
  const { t } = useI18n();
  if (!post.my_permissions.change && !post.my_permissions.pin) return null;
  const reply = post.parent_id !== null;
  const title = post.title ?? "";
  const name = post.author?.name ?? t("board.unknownAuthor");
  return (
    <div className="card__actions">
      {post.my_permissions.pin ? (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={handlers.pinning === post.id}
          aria-label={post.pinned ? t("board.unpin.label", { title }) : t("board.pin.label", { title })}
          onClick={() => { handlers.onPin(post); }}
        >
          {post.pinned ? t("board.unpin") : t("board.pin")}
        </button>
      ) : null}
      {post.my_permissions.change ? (
        <>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={reply ? t("board.edit.replyLabel", { name }) : t("board.edit.threadLabel", { title })}
            onClick={() => { handlers.onEdit(post); }}
          >
            {t("common.edit")}
          </button>
          <button
            type="button"
            className="button button--danger-outline button--small"
            aria-label={reply ? t("board.delete.replyLabel", { name }) : t("board.delete.threadLabel", { title })}
            onClick={() => { handlers.onDelete(post); }}
          >
            {t("common.delete")}
          </button>
        </>
      ) : null}
    </div>
  );
}

/** Files are attached to one's own post, after writing it. */
function ownPost(post: Post, meId: string | undefined): boolean {
  return post.my_permissions.change && meId !== undefined && post.author?.id === meId;
}

function ThreadDetail({ id, thread, context }: { id: string; thread: Post; context: ViewContext }) {
  const { t } = useI18n();
  const replies = useReplies(context.board, thread.id);
  const [message, setMessage] = useState("");
  let list;
  if (replies.isPending) list = <LoadingState />;
  else if (replies.isError) list = <ErrorState error={replies.error} context="post" onRetry={() => void replies.refetch()} />;
  else if (replies.data.length > 0) {
    list = (
      <ol className="board-replies" aria-label={t("board.repliesLabel", { title: thread.title ?? "" })}>
        {replies.data.map((reply) => (
          <ReplyItem key={reply.id} reply={reply} context={context} />
        ))}
      </ol>
    );
  }
  return (
    <div id={id} className="board-thread__detail">
      <PostBody post={thread} />
      <AttachmentList attachments={thread.attachments} />
      <PostButtons post={thread} handlers={context.handlers} />
      {ownPost(thread, context.meId) ? <AttachFile board={context.board} post={thread} /> : null}
      {list}
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
      {context.canWrite ? <ReplyForm board={context.board} thread={thread} onMessage={setMessage} /> : null}
    </div>
  );
}

function ReplyItem({ reply, context }: { reply: Post; context: ViewContext }) {
  const { t } = useI18n();
  const isNew = isNewPost(reply, context.meId, context.marks);
  return (
    <li className={isNew ? "board-reply board-reply--new" : "board-reply"}>
      <p className="card__meta">
        <Byline post={reply} />
        {isNew ? (
          <>
            {" "}
            <span className="badge badge--new">{t("board.newReply")}</span>
          </>
        ) : null}
      </p>
      <PostBody post={reply} />
      <AttachmentList attachments={reply.attachments} />
      <PostButtons post={reply} handlers={context.handlers} />
      {ownPost(reply, context.meId) ? <AttachFile board={context.board} post={reply} /> : null}
    </li>
  );
}

function ReplyForm({ board, thread, onMessage }: { board: BoardRef; thread: Post; onMessage: (message: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [body, setBody] = useState("");
  // One key per reply: a second click or a retry sends it once; the next reply gets a new one.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const send = useBoardChange(
    board,
    () => createReply(api, thread.id, body, key),
    () => {
      setBody("");
      setKey(crypto.randomUUID());
      onMessage(t("board.reply.sent"));
    },
  );
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (send.isPending || !body.trim()) return;
    onMessage("");
    send.mutate(undefined);
  }
  return (
    <form className="board-reply-form" onSubmit={submit} noValidate>
      <BodyField label={t("board.reply.label")} value={body} onChange={setBody} errors={fieldErrorsOf(send.error, t)} rows={4} />
      {send.error ? <ErrorState error={send.error} context="post" showFieldErrors={false} /> : null}
      <div>
        <button type="submit" className="button" disabled={send.isPending || !body.trim()}>
          {send.isPending ? t("board.reply.sending") : t("board.reply.submit")}
        </button>
      </div>
    </form>
  );
}
