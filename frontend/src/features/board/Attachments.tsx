/**
 * A post's files: each downloads with the token under its own name; the post's author (or a
 * moderator) attaches more with a plain file input, one file at a time.
 */
import { useId, type ChangeEvent } from "react";
import { useApi } from "../../api/context";
import { attachFile, downloadAttachment, type BoardRef } from "../../api/posts";
import type { Attachment, Post } from "../../api/types";
import { DownloadButton } from "../../components/DownloadButton";
import { ErrorState } from "../../components/ErrorState";
import { useI18n } from "../../i18n/context";
import { useBoardChange } from "./dialogs";
import { formatFileSize } from "./fileSize";

export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const headingId = useId();
  if (attachments.length === 0) return null;
  return (
    <div className="board-attachments">
      <p id={headingId} className="board-attachments__title">
        {t("board.attachments")}
      </p>
      <ul aria-labelledby={headingId}>
        {attachments.map((attachment) => (
          <li key={attachment.id}>
            <DownloadButton
              label={attachment.name}
              busyLabel={t("board.attachment.busy")}
              className="button button--secondary button--small"
              download={() => downloadAttachment(api, attachment)}
            />{" "}
            <span className="muted">{formatFileSize(attachment.size, locale)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Attach a file to one's own post (or, as a moderator, anyone's). */
export function AttachFile({ board, post, onMessage }: { board: BoardRef; post: Post; onMessage: (message: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const inputId = useId();
  const hintId = useId();
  const upload = useBoardChange(
    board,
    (file: File) => attachFile(api, post.id, file, crypto.randomUUID()),
    (attached) => { onMessage(t("board.attach.done", { name: attached.name })); },
  );
  function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Cleared at once, so the same file can be chosen again after an error.
    event.target.value = "";
    if (!file) return;
    onMessage("");
    upload.mutate(file);
  }
  return (
    <div className="field board-attach">
      <label htmlFor={inputId}>{t("board.attach.label")}</label>
      <p id={hintId} className="field__hint">
        {t("board.attach.hint")}
      </p>
      <input id={inputId} type="file" aria-describedby={hintId} disabled={upload.isPending} onChange={choose} />
      {upload.isPending ? (
        <p className="muted" role="status">
          {t("board.attach.busy", { name: upload.variables.name })}
        </p>
      ) : null}
      {upload.error ? <ErrorState error={upload.error} /> : null}
    </div>
  );
}
