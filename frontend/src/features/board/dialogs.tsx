/**
 * Writing on the board: a new thread, and the change or deletion of a post. A change reads the
 * post with its ETag as its dialog opens and sends it as If-Match, so a change someone else made
 * meanwhile is refused (412) rather than lost.
 */
import { Checkbox, Text, Textarea, TextInput } from "@mantine/core";
import { useForm, type UseFormReturnType } from "@mantine/form";
import { useApi } from "../../api/context";
import { boardKeys, createThread, deletePost, loadPost, updatePost, type BoardRef } from "../../api/posts";
import { useMe } from "../../api/queries";
import type { Post } from "../../api/types";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";
import type { Translate } from "../../i18n/translate";

/** The longest title and text the API keeps. */
const TITLE_LENGTH = 200;
export const BODY_LENGTH = 20000;

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
  const { t, locale } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  // Controlled: the submit button follows what is typed.
  const form = useForm({ initialValues: { title: "", body: "", pinned: false } });
  const { title, body, pinned } = form.values;
  const save = useBoardChange(board, () => createThread(api, board, { title: title.trim(), body, pinned }, key), onDone);
  const errors = fieldErrorsOf(save.error, t, locale);
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
      <TextInput label={t("board.field.title")} required maxLength={TITLE_LENGTH} {...form.getInputProps("title")} error={errors.title?.join(" ")} />
      <BodyField form={form} errors={errors} />
      {canPin ? <Checkbox label={t("board.field.pin")} {...form.getInputProps("pinned", { type: "checkbox" })} /> : null}
    </FormDialog>
  );
}

/** The Markdown text of a post, with a short hint of what it can do. */
function BodyField<T extends { body: string }>({ form, errors }: { form: UseFormReturnType<T>; errors: Record<string, string[]> }) {
  const { t } = useI18n();
  return (
    <Textarea
      label={t("board.field.body")}
      description={t("board.field.bodyHint")}
      required
      rows={8}
      maxLength={BODY_LENGTH}
      {...form.getInputProps("body")}
      error={errors.body?.join(" ")}
    />
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
  const { t, locale } = useI18n();
  const api = useApi();
  const reply = post.parent_id !== null;
  const form = useForm({ initialValues: { title: post.title ?? "", body: post.body } });
  const { title, body } = form.values;
  const save = useBoardChange(
    board,
    () => updatePost(api, post.id, etag, reply ? { body } : { title: title.trim(), body }),
    () => { onDone(reply ? t("board.saved.reply") : t("board.saved.thread")); },
  );
  const errors = fieldErrorsOf(save.error, t, locale);
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
        <TextInput label={t("board.field.title")} required maxLength={TITLE_LENGTH} {...form.getInputProps("title")} error={errors.title?.join(" ")} />
      )}
      <BodyField form={form} errors={errors} />
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
      <Text>{deleteQuestion(t, { reply, own, name, title: post.title ?? "" })}</Text>
      <Text>{t("board.delete.final")}</Text>
    </FormDialog>
  );
}
