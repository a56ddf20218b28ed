/**
 * Files (and, in the library, folders) in a table: name, type, size, who uploaded it and when.
 * An image's or a PDF's name opens its preview, any other file's name downloads it; renaming,
 * moving and deleting are offered in the row's menu where the API says the person may
 * (`my_permissions.change`).
 *
 * On a phone the table scrolls sideways inside its frame, never the page: the name stays at
 * the left edge and "Hent" with the row's menu at the right, so both can always be reached.
 */
import { Anchor, Group, Table, Text, type TableTdProps } from "@mantine/core";
import { IconFolder } from "@tabler/icons-react";
import type { CSSProperties } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { downloadFile, previewKind } from "../../api/files";
import type { Folder, StoredFile } from "../../api/types";
import { RowMenu, type RowAction } from "../../components/RowMenu";
import { useI18n } from "../../i18n/context";
import { DownloadButton } from "../../components/DownloadButton";
import { fileTypeIcon, fileTypeKey } from "./labels";

/** What a row asks the page to open. */
export type FileAction =
  | { kind: "preview" | "renameFile" | "moveFile" | "deleteFile"; file: StoredFile }
  | { kind: "renameFolder" | "moveFolder" | "deleteFolder"; folder: Folder };

interface Props {
  caption: string;
  files: readonly StoredFile[];
  /** The folders shown before the files, each a link to its own contents. */
  folders?: readonly Folder[];
  folderPath?: (folder: Folder) => string;
  /** Files and folders can be moved (in the library; a meeting's files stay with it). */
  movable?: boolean;
  onAction: (action: FileAction) => void;
}

// The cells that stay in place while the others scroll under them: they need the page's
// background, or the scrolled text would show through.
const stuck: CSSProperties = { position: "sticky", zIndex: 1, background: "var(--mantine-color-body)" };
const nameCell: CSSProperties = { ...stuck, left: 0, minWidth: "8rem", maxWidth: "14rem", overflowWrap: "anywhere" };
const actionsCell: CSSProperties = { ...stuck, right: 0, width: "1%" };
const nowrap: TableTdProps = { style: { whiteSpace: "nowrap" } };

/** The row's changes, in its menu; deleting is last and in red. */
function changeActions(t: ReturnType<typeof useI18n>["t"], movable: boolean, rename: () => void, move: () => void, remove: () => void): RowAction[] {
  return [
    { label: t("files.rename"), onClick: rename },
    ...(movable ? [{ label: t("files.move"), onClick: move }] : []),
    { label: t("files.delete"), danger: true, onClick: remove },
  ];
}

export function FileTable({ caption, files, folders = [], folderPath, movable = false, onAction }: Props) {
  const { t, formatDate, formatFileSize } = useI18n();
  const api = useApi();
  return (
    // Scrolls sideways on a phone, so it takes the focus for the keyboard.
    <Table.ScrollContainer type="native" minWidth={720} tabIndex={0} role="region" aria-label={caption}>
      <Table verticalSpacing="xs" highlightOnHover={false}>
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={nameCell}>
              {t("files.column.name")}
            </Table.Th>
            <Table.Th scope="col">{t("files.column.type")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("files.column.size")}
            </Table.Th>
            <Table.Th scope="col">{t("files.column.uploadedBy")}</Table.Th>
            <Table.Th scope="col">{t("files.column.date")}</Table.Th>
            <Table.Th scope="col" style={actionsCell}>
              <span className="visually-hidden">{t("common.actions")}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {folders.map((folder) => (
            <Table.Tr key={folder.id}>
              <Table.Th scope="row" style={nameCell}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <IconFolder size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                  {folderPath ? (
                    <Anchor component={Link} to={folderPath(folder)} fw={600}>
                      {folder.name}
                    </Anchor>
                  ) : (
                    <Text span fw={600}>
                      {folder.name}
                    </Text>
                  )}
                </Group>
              </Table.Th>
              <Table.Td>{t("files.type.folder")}</Table.Td>
              <Table.Td />
              <Table.Td />
              <Table.Td {...nowrap}>
                <time dateTime={folder.created_at}>{formatDate(folder.created_at)}</time>
              </Table.Td>
              <Table.Td style={actionsCell}>
                <Group gap="xs" wrap="nowrap" justify="flex-end">
                  {folder.my_permissions.change ? (
                    <RowMenu
                      about={folder.name}
                      actions={changeActions(
                        t,
                        movable,
                        () => { onAction({ kind: "renameFolder", folder }); },
                        () => { onAction({ kind: "moveFolder", folder }); },
                        () => { onAction({ kind: "deleteFolder", folder }); },
                      )}
                    />
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {files.map((file) => {
            const TypeIcon = fileTypeIcon(file.media_type);
            return (
              <Table.Tr key={file.id}>
                <Table.Th scope="row" style={nameCell}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <TypeIcon size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                    {previewKind(file.media_type) ? (
                      <Anchor
                        component="button"
                        type="button"
                        fw={600}
                        ta="left"
                        style={{ overflowWrap: "anywhere" }}
                        aria-haspopup="dialog"
                        onClick={() => { onAction({ kind: "preview", file }); }}
                      >
                        {file.name}
                      </Anchor>
                    ) : (
                      <DownloadButton appearance="link" label={file.name} busyLabel={t("files.downloadBusy")} download={() => downloadFile(api, file)} />
                    )}
                  </Group>
                </Table.Th>
                <Table.Td>{t(fileTypeKey(file.media_type))}</Table.Td>
                <Table.Td ta="right" {...nowrap}>
                  {formatFileSize(file.size)}
                </Table.Td>
                <Table.Td>{file.uploaded_by?.name ?? t("files.uploaderGone")}</Table.Td>
                <Table.Td {...nowrap}>
                  <time dateTime={file.created_at}>{formatDate(file.created_at)}</time>
                </Table.Td>
                <Table.Td style={actionsCell}>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    <DownloadButton appearance="small" label={t("files.download")} busyLabel={t("files.downloadBusy")} about={file.name} download={() => downloadFile(api, file)} />
                    {file.my_permissions.change ? (
                      <RowMenu
                        about={file.name}
                        actions={changeActions(
                          t,
                          movable,
                          () => { onAction({ kind: "renameFile", file }); },
                          () => { onAction({ kind: "moveFile", file }); },
                          () => { onAction({ kind: "deleteFile", file }); },
                        )}
                      />
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
