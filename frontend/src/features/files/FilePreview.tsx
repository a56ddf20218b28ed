/**
 * A preview of an image or a PDF in a dialog. The content is fetched with the token (there are
 * no public links) and shown through an object URL, which is revoked when the dialog closes.
 */
import { Button, Center, Group, Image } from "@mantine/core";
import { useEffect, useState } from "react";
import { useApi } from "../../api/context";
import { downloadFile, fetchInlineContent, previewKind } from "../../api/files";
import type { StoredFile } from "../../api/types";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n/context";
import { DownloadButton } from "../../components/DownloadButton";

type Content = { status: "loading" } | { status: "shown"; url: string } | { status: "failed"; error: unknown };

/** The file's content as an object URL while the component is shown; `attempt` reads it again. */
function useContentUrl(fileId: string, attempt: number): Content {
  const api = useApi();
  const [content, setContent] = useState<{ key: string; content: Content } | null>(null);
  const key = `${fileId}:${String(attempt)}`;
  useEffect(() => {
    let active = true;
    let url: string | null = null;
    fetchInlineContent(api, fileId).then(
      (blob) => {
        if (!active) return;
        url = URL.createObjectURL(blob);
        setContent({ key, content: { status: "shown", url } });
      },
      (error: unknown) => {
        if (active) setContent({ key, content: { status: "failed", error } });
      },
    );
    return () => {
      active = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, fileId, key]);
  // A result for an earlier file or attempt is not this one's.
  return content?.key === key ? content.content : { status: "loading" };
}

export function FilePreview({ file, onClose }: { file: StoredFile; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const content = useContentUrl(file.id, attempt);
  const kind = previewKind(file.media_type);
  return (
    <Modal title={file.name} onClose={onClose} wide>
      <Center mih="8rem" mb="md">
        {content.status === "loading" ? <LoadingState label={t("files.preview.loading")} /> : null}
        {content.status === "failed" ? (
          <ErrorState
            error={content.error}
            onRetry={() => {
              setAttempt((value) => value + 1);
            }}
          />
        ) : null}
        {content.status === "shown" && kind === "image" ? <Image src={content.url} alt={file.name} maw="100%" mah="70vh" fit="contain" /> : null}
        {content.status === "shown" && kind === "pdf" ? (
          <iframe src={content.url} title={file.name} style={{ width: "100%", height: "70vh", border: "1px solid var(--mantine-color-default-border)" }} />
        ) : null}
      </Center>
      <Group gap="sm">
        <DownloadButton appearance="small" label={t("files.download")} busyLabel={t("files.downloadBusy")} about={file.name} download={() => downloadFile(api, file)} />
        <Button type="button" variant="default" onClick={onClose}>
          {t("files.preview.close")}
        </Button>
      </Group>
    </Modal>
  );
}
