/**
 * A post's files: each downloads with the token under its own name; the post's author (or a
 * moderator) attaches more with the same uploader as the file library.
 */
import { useId } from "react";
import { useApi } from "../../api/context";
import { boardKeys, downloadAttachment, type BoardRef } from "../../api/posts";
import type { Attachment, Post } from "../../api/types";
import { postUploadTarget } from "../../api/upload";
import { DownloadButton } from "../../components/DownloadButton";
import { useI18n } from "../../i18n/context";
import { FileUploader } from "../files/FileUploader";

export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  const { t, formatFileSize } = useI18n();
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
            <span className="muted">{formatFileSize(attachment.size)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Attach files to one's own post (or, as a moderator, anyone's): the file library's uploader,
 * aimed at the post; the board is read again as each file is stored, so it shows in the list.
 */
export function AttachFile({ board, post }: { board: BoardRef; post: Post }) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <div role="group" className="board-attach" aria-labelledby={headingId}>
      <p id={headingId} className="board-attachments__title">
        {t("board.attach.label")}
      </p>
      <FileUploader target={postUploadTarget(post.id)} invalidate={[boardKeys.board(board)]} />
    </div>
  );
}
