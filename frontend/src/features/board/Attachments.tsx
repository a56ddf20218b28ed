/**
 * A post's files: each downloads with the token under its own name; the post's author (or a
 * moderator) attaches more with the same uploader as the file library.
 */
import { Group, Stack, Text } from "@mantine/core";
import { IconPaperclip } from "@tabler/icons-react";
import { useId } from "react";
import { useApi } from "../../api/context";
import { boardKeys, downloadAttachment, type BoardRef } from "../../api/posts";
import type { Attachment, Post } from "../../api/types";
import { postUploadTarget } from "../../api/upload";
import { useI18n } from "../../i18n/context";
import { DownloadButton } from "../../components/DownloadButton";
import { FileUploader } from "../files/FileUploader";

export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  const { t, formatFileSize } = useI18n();
  const api = useApi();
  const headingId = useId();
  if (attachments.length === 0) return null;
  return (
    <div>
      <Text id={headingId} fw={600} mb={4}>
        {t("board.attachments")}
      </Text>
      <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: "none" }} aria-labelledby={headingId}>
        {attachments.map((attachment) => (
          <Group component="li" key={attachment.id} gap="xs">
            <DownloadButton
              appearance="small"
              label={attachment.name}
              busyLabel={t("board.attachment.busy")}
              icon={<IconPaperclip size={16} aria-hidden />}
              download={() => downloadAttachment(api, attachment)}
            />
            <Text span size="sm" c="dimmed">
              {formatFileSize(attachment.size)}
            </Text>
          </Group>
        ))}
      </Stack>
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
    <div role="group" aria-labelledby={headingId}>
      <Text id={headingId} fw={600} mb={4}>
        {t("board.attach.label")}
      </Text>
      <FileUploader target={postUploadTarget(post.id)} invalidate={[boardKeys.board(board)]} />
    </div>
  );
}
