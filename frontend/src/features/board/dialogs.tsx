/**
 * Writing on the board: a new thread, and the change or deletion of a post. A change reads the
 * post with its ETag as its dialog opens and sends it as If-Match, so a change someone else made
 * meanwhile is refused (412) rather than lost.
 */
import { useState } from "react";
import { useApi } from "../../api/context";
import { boardKeys, createThread, deletePost, loadPost, updatePost, type BoardRef } from "../../api/posts";
import { useMe } from "../../api/queries";
import type { Post } from "../../api/types";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { Field } from "../../components/fields";
import { useI18n } from "../../i18n/context";
import type { Translate } from "../../i18n/translate";

/** A change on the board; on success the board (its threads, replies and visit) is read again. */
export function useBoardChange<T, R = unknown>(board: BoardRef, change: (value: T) => Promise<R>, onDone: (result: R) => void) {
  return useChange([boardKeys.board(board)], change, onDone);
}

interface NewThreadProps {
  board: BoardRef;
  /** Offer to pin it at once (the coordinator and co-coordinators). */
  canPin: boolean;
  onClose: () => void;
  onDone: (thread: Post) => void;
}

/** Start a thread: a title, the Markdown text, and (for moderators) a pin. */
export function NewThreadDialog({ board, canPin, onClose, onDone }: NewThreadProps) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [pinned, setPinned] = useState(false);
  const save = useBoardChange(board, () => createThread(api, board, { title: title.trim(), body, pinned }, key), onDone);
  const errors = fieldErrorsOf(save.error, t);
  return (
    <FormDialog
      title={t("board.write")}
      submitLabel={t("board.write.submit")}
      pendingLabel={t("board.write.sending")}
      pending={save.isPending}
      error={save.error}
      disabled={!title.trim() || !body.trim()}
      onSubmit={() => { save.mutate(undefined); }}
      onClose={onClose}
    >
      <Field label={t("board.field.title")} name="title" errors={errors}>
        {(props) => <input {...props} required maxLength={200} value={title} onChange={(e) => { setTitle(e.target.value); }} />}
      </Field>
      <BodyField value={body} onChange={setBody} errors={errors} />
      {canPin ? (
        <label className="checkbox">
          <input type="checkbox" checked={pinned} onChange={(e) => { setPinned(e.target.checked); }} />
          {t("board.field.pin")}
        </label>
      ) : null}
    </FormDialog>
  );
}

/** The Markdown text of a post, with a short hint of what it can do. */
export function BodyField({
  value,
  onChange,
  errors,
  label,
  rows = 8,
}: {
  value: string;
  onChange: (value: string) => void;
  errors: Record<string, string[]>;
  label?: string;
  rows?: number;
}) {
  const { t } = useI18n();
  return (
    <Field label={label ?? t("board.field.body")} name="body" errors={errors} hint={t("board.field.bodyHint")}>
      {(props) => <textarea {...props} required rows={rows} maxLength={20000} value={value} onChange={(e) => { onChange(e.target.value); }} />}
    </Field>
  );
}

interface PostDialogProps {
  board: BoardRef;
  post: Post;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Edit a thread's title and text, or a reply's text. */
export function EditPostDialog({ board, post, onClose, onDone }: PostDialogProps) {
  const { t } = useI18n();
  const api = useApi();
  const reply = post.parent_id !== null;
  return (
    <WithCurrentVersion
      title={reply ? t("board.edit.replyTitle") : t("board.edit.threadTitle")}
      queryKey={["post", post.id]}
      load={() => loadPost(api, post.id)}
      onClose={onClose}
    >
      {(current) => <EditPostForm board={board} post={current.data} etag={current.etag} onClose={onClose} onDone={onDone} />}
    </WithCurrentVersion>
  );
}

function EditPostForm({ board, post, etag, onClose, onDone }: PostDialogProps & { etag: string }) {
  const { t } = useI18n();
  const api = useApi();
  const reply = post.parent_id !== null;
  const [title, setTitle] = useState(post.title ?? "");
  const [body, setBody] = useState(post.body);
  const save = useBoardChange(
    board,
    () => updatePost(api, post.id, etag, reply ? { body } : { title: title.trim(), body }),
    () => { onDone(reply ? t("board.saved.reply") : t("board.saved.thread")); },
  );
  const errors = fieldErrorsOf(save.error, t);
  return (
    <FormDialog
      title={reply ? t("board.edit.replyTitle") : t("board.edit.threadTitle")}
      submitLabel={t("common.save")}
      pending={save.isPending}
      error={save.error}
      errorContext="post"
      disabled={(!reply && !title.trim()) || !body.trim()}
      onSubmit={() => { save.mutate(undefined); }}
      onClose={onClose}
    >
      {reply ? null : (
        <Field label={t("board.field.title")} name="title" errors={errors}>
          {(props) => <input {...props} required maxLength={200} value={title} onChange={(e) => { setTitle(e.target.value); }} />}
        </Field>
      )}
      <BodyField value={body} onChange={setBody} errors={errors} />
    </FormDialog>
  );
}

/** "Vil du slette dit svar?" for one's own post; a moderator is told whose post it is. */
function deleteQuestion(t: Translate, { reply, own, name, title }: { reply: boolean; own: boolean; name: string; title: string }): string {
  if (reply) return own ? t("board.delete.ownReplyQuestion") : t("board.delete.replyQuestion", { name });
  return own ? t("board.delete.ownThreadQuestion", { title }) : t("board.delete.threadQuestion", { title, name });
}

/** Delete a post after a confirmation (a thread with its replies, a post with its files). */
export function DeletePostDialog({ board, post, onClose, onDone }: PostDialogProps) {
  const { t } = useI18n();
  const api = useApi();
  const reply = post.parent_id !== null;
  return (
    <WithCurrentVersion
      title={reply ? t("board.delete.replyTitle") : t("board.delete.threadTitle")}
      queryKey={["post", post.id]}
      load={() => loadPost(api, post.id)}
      onClose={onClose}
    >
      {(current) => <DeletePostForm board={board} post={current.data} etag={current.etag} onClose={onClose} onDone={onDone} />}
    </WithCurrentVersion>
  );
}

function DeletePostForm({ board, post, etag, onClose, onDone }: PostDialogProps & { etag: string }) {
  const { t } = useI18n();
  const api = useApi();
  const me = useMe();
  const reply = post.parent_id !== null;
  const own = me.data !== undefined && post.author?.id === me.data.id;
  const name = post.author?.name ?? t("board.unknownAuthor");
  const remove = useBoardChange(
    board,
    () => deletePost(api, post.id, etag),
    () => { onDone(reply ? t("board.deleted.reply") : t("board.deleted.thread")); },
  );
  return (
    <FormDialog
      title={reply ? t("board.delete.replyTitle") : t("board.delete.threadTitle")}
      submitLabel={reply ? t("board.delete.replySubmit") : t("board.delete.threadSubmit")}
      pending={remove.isPending}
      error={remove.error}
      errorContext="post"
      danger
      onSubmit={() => { remove.mutate(undefined); }}
      onClose={onClose}
    >
      <p>{deleteQuestion(t, { reply, own, name, title: post.title ?? "" })}</p>
      <p>{t("board.delete.final")}</p>
    </FormDialog>
  );
}
