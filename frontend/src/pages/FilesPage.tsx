import "../theme/pageStyles";
import { Alert, Anchor, Breadcrumbs, Button, Group, Stack, Text } from "@mantine/core";
import { IconFolderPlus } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../api/errors";
import { childFolders, fileKeys, folderTrail, uploadsFiles, useFolders, useLibraryFiles } from "../api/files";
import { useMe } from "../api/queries";
import { useCluster } from "../api/registry";
import { libraryUploadTarget } from "../api/upload";
import { clusterFilesPath, FOLDER_PARAM, paths } from "../app/navigation";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { MAIN_ID } from "../components/SkipLink";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { FileActionDialog, NewFolderDialog } from "../features/files/dialogs";
import { FileTable, type FileAction } from "../features/files/FileTable";
import { FileUploader } from "../features/files/FileUploader";
import { StatusNotice } from "../features/files/StatusNotice";
import { useI18n } from "../i18n/context";

type Dialog = FileAction | { kind: "newFolder" };

/** "Alle filer › Referater › 2026": each folder above the current one is a link. */
function FolderPath({ clusterId, trail }: { clusterId: string; trail: readonly { id: string; name: string }[] }) {
  const { t } = useI18n();
  const crumbs = [{ id: null as string | null, name: t("files.root") }, ...trail];
  return (
    <nav aria-label={t("files.path")}>
      <Breadcrumbs separator="›" separatorMargin={6} mb="md">
        {crumbs.map((crumb, index) =>
          index === crumbs.length - 1 ? (
            <Text key={crumb.id ?? "root"} span fw={600} aria-current="page" style={{ overflowWrap: "anywhere", whiteSpace: "normal" }}>
              {crumb.name}
            </Text>
          ) : (
            <Anchor key={crumb.id ?? "root"} component={Link} to={clusterFilesPath(clusterId, crumb.id)} style={{ overflowWrap: "anywhere", whiteSpace: "normal" }}>
              {crumb.name}
            </Anchor>
          ),
        )}
      </Breadcrumbs>
    </nav>
  );
}

/** Another folder is another page to the person: focus goes to the new content, as on navigating. */
function useFocusOnFolderChange(folderId: string | null): void {
  const previous = useRef(folderId);
  useEffect(() => {
    if (previous.current !== folderId) document.getElementById(MAIN_ID)?.focus();
    previous.current = folderId;
  }, [folderId]);
}

/** /klynger/:clusterId/filer[?mappe=…]: the cluster's library, one folder at a time. */
export default function FilesPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const [search] = useSearchParams();
  const currentId = search.get(FOLDER_PARAM) || null;
  const cluster = useCluster(clusterId);
  const folders = useFolders(clusterId);
  const files = useLibraryFiles(clusterId, currentId);
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // What the last change did, said in the folder where it was made.
  const [said, setSaid] = useState<{ text: string; folderId: string | null }>({ text: "", folderId: null });
  const message = said.folderId === currentId ? said.text : "";
  const setMessage = (text: string) => {
    setSaid({ text, folderId: currentId });
  };
  useDocumentTitle("files.title");
  useFocusOnFolderChange(currentId);

  if (cluster.isError) {
    const missing = cluster.error instanceof ApiError && cluster.error.status === 404;
    return (
      <>
        {missing ? (
          <Alert color="blue">{t("cluster.notFound")}</Alert>
        ) : (
          <ErrorState error={cluster.error} onRetry={() => void cluster.refetch()} />
        )}
      </>
    );
  }
  if (folders.isPending) {
    return (
      <>
        <LoadingState />
      </>
    );
  }
  if (folders.isError) {
    return (
      <>
        <ErrorState error={folders.error} onRetry={() => void folders.refetch()} />
      </>
    );
  }

  const trail = currentId ? folderTrail(folders.data, currentId) : [];
  if (trail === null) {
    return (
      <>
        <Stack gap="md" align="flex-start">
          <Alert color="blue" w="100%">
            {t("files.folderMissing")}
          </Alert>
          <Anchor component={Link} to={clusterFilesPath(clusterId)}>
            {t("files.toRoot")}
          </Anchor>
        </Stack>
      </>
    );
  }

  const here = trail.at(-1)?.name ?? t("files.root");
  const subfolders = childFolders(folders.data, currentId);
  const shownFiles = files.data?.pages.flatMap((page) => page.items) ?? [];
  const writes = uploadsFiles(me.data, clusterId);
  const invalidate = [fileKeys.library(clusterId)];
  const open = (next: Dialog) => {
    setMessage("");
    setDialog(next);
  };

  let contents;
  if (files.isPending) contents = <LoadingState />;
  else if (files.isError) contents = <ErrorState error={files.error} onRetry={() => void files.refetch()} />;
  else if (subfolders.length === 0 && shownFiles.length === 0) {
    contents = <EmptyState title={t("files.empty")}>{writes ? <Text>{t("files.emptyUpload")}</Text> : null}</EmptyState>;
  } else {
    contents = (
      <Stack gap="md">
        <FileTable
          caption={t("files.caption", { folder: here })}
          folders={subfolders}
          files={shownFiles}
          folderPath={(folder) => clusterFilesPath(clusterId, folder.id)}
          movable
          onAction={open}
        />
        {files.hasNextPage ? (
          <Group>
            <Button type="button" variant="default" disabled={files.isFetchingNextPage} onClick={() => void files.fetchNextPage()}>
              {files.isFetchingNextPage ? t("common.loadingMore") : t("common.more")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }

  return (
    <>
      <Text size="lg" mb="md">
        {t("files.lead")}
      </Text>
      <Text mb="md">
        {t("templates.fromLibraryHint")}{" "}
        <Anchor component={Link} to={paths.templates} underline="always">
          {t("templates.fromLibrary")}
        </Anchor>
      </Text>
      <FolderPath clusterId={clusterId} trail={trail} />
      <StatusNotice message={message} />
      <Section
        title={here}
        actions={
          writes ? (
            <Button type="button" variant="default" leftSection={<IconFolderPlus size={18} aria-hidden />} onClick={() => { open({ kind: "newFolder" }); }}>
              {t("files.folder.new")}
            </Button>
          ) : null
        }
      >
        {contents}
      </Section>
      {writes ? (
        <Section title={t("files.upload.title")}>
          <FileUploader target={libraryUploadTarget(clusterId, currentId)} invalidate={invalidate} destination={here} wholePage />
        </Section>
      ) : null}
      {dialog?.kind === "newFolder" ? (
        <NewFolderDialog
          clusterId={clusterId}
          parentId={currentId}
          parentName={here}
          invalidate={invalidate}
          onClose={() => { setDialog(null); }}
          onDone={(text) => {
            setDialog(null);
            setMessage(text);
          }}
        />
      ) : null}
      {dialog && dialog.kind !== "newFolder" ? (
        <FileActionDialog
          action={dialog}
          clusterId={clusterId}
          invalidate={invalidate}
          onClose={() => { setDialog(null); }}
          onDone={(text) => {
            setDialog(null);
            setMessage(text);
          }}
        />
      ) : null}
    </>
  );
}
