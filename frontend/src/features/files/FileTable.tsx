/**
 * Files (and, in the library, folders) in a table: name, type, size, who uploaded it and when.
 * An image's or a PDF's name opens its preview, any other file's name downloads it; renaming,
 * moving and deleting are offered where the API says the person may (`my_permissions.change`).
 */
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { downloadFile, previewKind } from "../../api/files";
import type { Folder, StoredFile } from "../../api/types";
import { ActionButton } from "../../components/ActionButton";
import { DownloadButton } from "../../components/DownloadButton";
import { useI18n } from "../../i18n/context";
import { fileTypeKey } from "./labels";

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

export function FileTable({ caption, files, folders = [], folderPath, movable = false, onAction }: Props) {
  const { t, formatDate, formatFileSize } = useI18n();
  const api = useApi();
  return (
    // Scrolls sideways on a phone, so it takes the focus for the keyboard.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table--files">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("files.column.name")}</th>
            <th scope="col">{t("files.column.type")}</th>
            <th scope="col" className="numeric">
              {t("files.column.size")}
            </th>
            <th scope="col">{t("files.column.uploadedBy")}</th>
            <th scope="col">{t("files.column.date")}</th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {folders.map((folder) => (
            <tr key={folder.id} className="files__folder">
              <th scope="row">
                {folderPath ? (
                  <Link className="files__folder-link" to={folderPath(folder)}>
                    {folder.name}
                  </Link>
                ) : (
                  folder.name
                )}
              </th>
              <td>{t("files.type.folder")}</td>
              <td className="numeric" />
              <td />
              <td>
                <time dateTime={folder.created_at}>{formatDate(folder.created_at)}</time>
              </td>
              <td>
                {folder.my_permissions.change ? (
                  <div className="row-actions">
                    <ActionButton label={t("files.rename")} about={folder.name} onClick={() => { onAction({ kind: "renameFolder", folder }); }} />
                    {movable ? <ActionButton label={t("files.move")} about={folder.name} onClick={() => { onAction({ kind: "moveFolder", folder }); }} /> : null}
                    <ActionButton label={t("files.delete")} about={folder.name} danger onClick={() => { onAction({ kind: "deleteFolder", folder }); }} />
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
          {files.map((file) => (
            <tr key={file.id}>
              <th scope="row">
                {previewKind(file.media_type) ? (
                  <button type="button" className="link-button" aria-haspopup="dialog" onClick={() => { onAction({ kind: "preview", file }); }}>
                    {file.name}
                  </button>
                ) : (
                  <DownloadButton className="link-button" label={file.name} busyLabel={t("files.downloadBusy")} download={() => downloadFile(api, file)} />
                )}
              </th>
              <td>{t(fileTypeKey(file.media_type))}</td>
              <td className="numeric">{formatFileSize(file.size)}</td>
              <td>{file.uploaded_by?.name ?? t("files.uploaderGone")}</td>
              <td>
                <time dateTime={file.created_at}>{formatDate(file.created_at)}</time>
              </td>
              <td>
                <div className="row-actions">
                  <DownloadButton
                    className="button button--small button--secondary"
                    label={t("files.download")}
                    busyLabel={t("files.downloadBusy")}
                    about={file.name}
                    download={() => downloadFile(api, file)}
                  />
                  {file.my_permissions.change ? (
                    <>
                      <ActionButton label={t("files.rename")} about={file.name} onClick={() => { onAction({ kind: "renameFile", file }); }} />
                      {movable ? <ActionButton label={t("files.move")} about={file.name} onClick={() => { onAction({ kind: "moveFile", file }); }} /> : null}
                      <ActionButton label={t("files.delete")} about={file.name} danger onClick={() => { onAction({ kind: "deleteFile", file }); }} />
                    </>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
