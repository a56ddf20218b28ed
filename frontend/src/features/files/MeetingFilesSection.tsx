/** A meeting's files on its page: slides, minutes and papers, previewed, downloaded and uploaded. */
import { Stack, Text } from "@mantine/core";
import { useState } from "react";
import { fileKeys, uploadsFiles, useMeetingFiles } from "../../api/files";
import { useMe } from "../../api/queries";
import type { MeetingDetail } from "../../api/types";
import { meetingUploadTarget } from "../../api/upload";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import { FileActionDialog } from "./dialogs";
import { FileTable, type FileAction } from "./FileTable";
import { FileUploader } from "./FileUploader";
import { StatusNotice } from "./StatusNotice";

export function MeetingFilesSection({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useI18n();
  const files = useMeetingFiles(meeting.id);
  const me = useMe();
  const [dialog, setDialog] = useState<FileAction | null>(null);
  const [message, setMessage] = useState("");
  const invalidate = [fileKeys.meetingFiles(meeting.id)];
  return (
    <Section title={t("meeting.files.title")}>
      <StatusNotice message={message} />
      <Stack gap="md">
      {files.isPending ? <LoadingState /> : null}
      {files.isError ? <ErrorState error={files.error} onRetry={() => void files.refetch()} /> : null}
      {files.isSuccess && files.data.length === 0 ? <Text c="dimmed">{t("meeting.files.empty")}</Text> : null}
      {files.isSuccess && files.data.length > 0 ? (
        <FileTable
          caption={t("meeting.files.caption")}
          files={files.data}
          onAction={(action) => {
            setMessage("");
            setDialog(action);
          }}
        />
      ) : null}
      {uploadsFiles(me.data, meeting.cluster_id) ? <FileUploader target={meetingUploadTarget(meeting.id)} invalidate={invalidate} /> : null}
      </Stack>
      {dialog ? (
        <FileActionDialog
          action={dialog}
          clusterId={meeting.cluster_id}
          invalidate={invalidate}
          onClose={() => { setDialog(null); }}
          onDone={(text) => {
            setDialog(null);
            setMessage(text);
          }}
        />
      ) : null}
    </Section>
  );
}
