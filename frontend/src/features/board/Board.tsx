/**
 * A notice board, the cluster's or a meeting's: its threads (pinned first, then by latest
 * activity) with what is new to the reader, each opened in place to read its text, files and
 * replies and to answer. Showing the board records the reader's visit once; the marks of this
 * view are kept (see `marks.ts`) and are gone the next time.
 */
import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Textarea, Title, Typography } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMessagePlus, IconPencil, IconPin, IconPinnedOff, IconSend } from "@tabler/icons-react";
import { useEffect, useId, useRef, useState } from "react";
import { useApi } from "../../api/context";
import { createReply, setPinned, useRecordVisit, useReplies, useThreads, type BoardRef } from "../../api/posts";
import { useMe } from "../../api/queries";
import { useCluster } from "../../api/registry";
import type { Post } from "../../api/types";
import { fieldErrorsOf } from "../../components/dialogs";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { RowMenu } from "../../components/RowMenu";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import { StatusNotice } from "../files/StatusNotice";
import { AttachFile, AttachmentList } from "./Attachments";
import { BODY_LENGTH, DeletePostDialog, EditPostDialog, NewThreadDialog, useBoardChange } from "./dialogs";
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
      <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: "none" }}>
        {items.map((thread) => (
          <ThreadItem
            key={thread.id}
            thread={thread}
            context={context}
            expanded={expanded.has(thread.id)}
            onToggle={() => { toggle(thread.id); }}
          />
        ))}
      </Stack>
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
          <Button type="button" leftSection={<IconMessagePlus size={18} aria-hidden />} onClick={() => { open({ kind: "new" }); }}>
            {t("board.write")}
          </Button>
        ) : null
      }
    >
      <StatusNotice message={message} />
      {pin.error ? <ErrorState error={pin.error} context="post" /> : null}
      {me.data && !rights.write ? (
        <Text c="dimmed" mb="md">
          {t("board.readOnly")}
        </Text>
      ) : null}
      {body}
      {threads.isFetchNextPageError ? (
        <ErrorState error={threads.error} onRetry={() => void threads.fetchNextPage()} />
      ) : null}
      {threads.hasNextPage && !threads.isFetchNextPageError ? (
        <Button type="button" variant="default" mt="md" disabled={threads.isFetchingNextPage} onClick={() => void threads.fetchNextPage()}>
          {threads.isFetchingNextPage ? t("common.loadingMore") : t("common.more")}
        </Button>
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
    <Group gap="xs" mb={4}>
      {pinned ? (
        <Badge color="yellow" tt="none" leftSection={<IconPin size={12} aria-hidden />}>
          {t("board.pinned")}
        </Badge>
      ) : null}
      {isNew ? (
        <Badge color="green" tt="none">
          {t("board.new")}
        </Badge>
      ) : null}
      {newReplies > 0 ? (
        <Badge color="green" tt="none">
          {newReplies === 1 ? t("board.newReplies.one") : t("board.newReplies", { count: formatNumber(newReplies) })}
        </Badge>
      ) : null}
    </Group>
  );
}

/** "Mads Medlem · 23. november 2026 kl. 14.05 · redigeret …" */
function Byline({ post }: { post: Post }) {
  const { t, formatDateTime } = useI18n();
  return (
    <>
      <Text span fw={600} c="var(--mantine-color-text)" inherit>
        {post.author?.name ?? t("board.unknownAuthor")}
      </Text>
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
    <Paper
      component="li"
      withBorder
      p="md"
      radius="md"
      miw={0}
      style={thread.pinned ? { borderLeft: "4px solid var(--mantine-color-yellow-6)" } : undefined}
    >
      <Title order={3} size="h4" mb={4}>
        <Anchor
          component="button"
          type="button"
          inherit
          underline="always"
          ta="left"
          style={{ overflowWrap: "anywhere" }}
          aria-expanded={expanded}
          {...(expanded ? { "aria-controls": detailId } : {})}
          onClick={onToggle}
        >
          {thread.title}
        </Anchor>
      </Title>
      <Marks
        pinned={thread.pinned}
        isNew={isNewPost(thread, context.meId, context.marks)}
        newReplies={newReplyCount(thread, context.marks)}
      />
      <Text size="sm" c="dimmed">
        <Byline post={thread} />
        {` · ${replies}`}
      </Text>
      {expanded ? <ThreadDetail id={detailId} thread={thread} context={context} /> : null}
    </Paper>
  );
}

function PostBody({ post }: { post: Post }) {
  // The API renders the Markdown and sanitises it with an allow-list: it is meant to be shown as is.
  return <Typography style={{ overflowWrap: "anywhere" }} dangerouslySetInnerHTML={{ __html: post.body_html }} />;
}

function PostButtons({ post, handlers }: { post: Post; handlers: PostHandlers }) {
  const { t } = useI18n();
  if (!post.my_permissions.change && !post.my_permissions.pin) return null;
  const reply = post.parent_id !== null;
  const title = post.title ?? "";
  const name = post.author?.name ?? t("board.unknownAuthor");
  return (
    <Group gap="xs">
      {post.my_permissions.pin ? (
        <Button
          type="button"
          variant="default"
          size="compact-sm"
          leftSection={post.pinned ? <IconPinnedOff size={16} aria-hidden /> : <IconPin size={16} aria-hidden />}
          disabled={handlers.pinning === post.id}
          aria-label={post.pinned ? t("board.unpin.label", { title }) : t("board.pin.label", { title })}
          onClick={() => { handlers.onPin(post); }}
        >
          {post.pinned ? t("board.unpin") : t("board.pin")}
        </Button>
      ) : null}
      {post.my_permissions.change ? (
        <>
          <Button
            type="button"
            variant="default"
            size="compact-sm"
            leftSection={<IconPencil size={16} aria-hidden />}
            aria-label={reply ? t("board.edit.replyLabel", { name }) : t("board.edit.threadLabel", { title })}
            onClick={() => { handlers.onEdit(post); }}
          >
            {t("common.edit")}
          </Button>
          {/* Deleting takes the post away for everyone: it sits in the menu, behind a confirmation. */}
          <RowMenu
            about={reply ? t("board.reply.about", { name }) : title}
            actions={[{ label: t("common.delete"), danger: true, onClick: () => { handlers.onDelete(post); } }]}
          />
        </>
      ) : null}
    </Group>
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
      <Stack
        component="ol"
        gap="md"
        m={0}
        p={0}
        pl="md"
        style={{ listStyle: "none", borderLeft: "2px solid var(--mantine-color-default-border)" }}
        aria-label={t("board.repliesLabel", { title: thread.title ?? "" })}
      >
        {replies.data.map((reply) => (
          <ReplyItem key={reply.id} reply={reply} context={context} />
        ))}
      </Stack>
    );
  }
  return (
    <Stack id={id} gap="sm" mt="sm" pt="sm" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
      <PostBody post={thread} />
      <AttachmentList attachments={thread.attachments} />
      <PostButtons post={thread} handlers={context.handlers} />
      {ownPost(thread, context.meId) ? <AttachFile board={context.board} post={thread} /> : null}
      {list}
      <StatusNotice message={message} />
      {context.canWrite ? <ReplyForm board={context.board} thread={thread} onMessage={setMessage} /> : null}
    </Stack>
  );
}

function ReplyItem({ reply, context }: { reply: Post; context: ViewContext }) {
  const { t } = useI18n();
  const isNew = isNewPost(reply, context.meId, context.marks);
  return (
    // A new reply is marked by a green bar over the thread's grey line, as well as by its badge.
    <Box
      component="li"
      style={isNew ? { borderLeft: "4px solid var(--mantine-color-green-8)", marginLeft: "calc(-1 * var(--mantine-spacing-md) - 3px)", paddingLeft: "calc(var(--mantine-spacing-md) - 1px)" } : undefined}
    >
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          <Byline post={reply} />
          {isNew ? (
            <>
              {" "}
              <Badge component="span" color="green" tt="none" size="sm">
                {t("board.newReply")}
              </Badge>
            </>
          ) : null}
        </Text>
        <PostBody post={reply} />
        <AttachmentList attachments={reply.attachments} />
        <PostButtons post={reply} handlers={context.handlers} />
        {ownPost(reply, context.meId) ? <AttachFile board={context.board} post={reply} /> : null}
      </Stack>
    </Box>
  );
}

function ReplyForm({ board, thread, onMessage }: { board: BoardRef; thread: Post; onMessage: (message: string) => void }) {
  const { t, locale } = useI18n();
  const api = useApi();
  // Controlled: the send button follows what is typed (nothing to send without a text).
  const form = useForm({ initialValues: { body: "" } });
  const body = form.values.body;
  // One key per reply: a second click or a retry sends it once; the next reply gets a new one.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const send = useBoardChange(
    board,
    () => createReply(api, thread.id, body, key),
    () => {
      form.reset();
      setKey(crypto.randomUUID());
      onMessage(t("board.reply.sent"));
    },
  );
  return (
    <form
      onSubmit={form.onSubmit(() => {
        if (send.isPending || !body.trim()) return;
        onMessage("");
        send.mutate(undefined);
      })}
      noValidate
    >
      <Stack gap="xs" align="stretch">
        <Textarea
          label={t("board.reply.label")}
          description={t("board.field.bodyHint")}
          required
          rows={4}
          maxLength={BODY_LENGTH}
          {...form.getInputProps("body")}
          error={fieldErrorsOf(send.error, t, locale).body?.join(" ")}
        />
        {send.error ? <ErrorState error={send.error} context="post" showFieldErrors={false} /> : null}
        <Group>
          <Button type="submit" leftSection={<IconSend size={16} aria-hidden />} disabled={send.isPending || !body.trim()}>
            {send.isPending ? t("board.reply.sending") : t("board.reply.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
