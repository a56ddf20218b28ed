/**
 * The library's and a meeting's changes, each in a dialog: make a folder; rename, move or delete
 * a file or a folder; and a file's preview. A change of a file or folder reads it, with its
 * ETag, as the dialog opens and sends that ETag as If-Match, so a change someone else made
 * meanwhile is refused (412) rather than lost; a new folder carries an Idempotency-Key.
 */
import { Alert, NativeSelect, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { QueryKey } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import { ApiError, unwrap } from "../../api/errors";
import { childFolders, folderChoices, useFolders, useLibraryFiles, type FolderChoice } from "../../api/files";
import type { Folder, StoredFile } from "../../api/types";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { FilePreview } from "./FilePreview";
import type { FileAction } from "./FileTable";

/** The longest names the API keeps. */
const FILE_NAME_LENGTH = 200;
const FOLDER_NAME_LENGTH = 100;

interface ChangeProps {
  /** Read again after a change: the lists that show the file or folder. */
  invalidate: readonly QueryKey[];
  /** Closed without a change. */
  onClose: () => void;
  /** The change was made; the message says what happened. */
  onDone: (message: string) => void;
}

/** A 409: a name taken where the file or folder is, or a folder that is not empty. */
function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

/** An error of our own words in the dialog; anything else is shown by the dialog as usual. */
function ConflictNotice({ message }: { message: string }) {
  return (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  );
}

interface NameFormProps extends ChangeProps {
  title: string;
  submitLabel: string;
  initial: string;
  maxLength: number;
  save: (name: string) => Promise<unknown>;
  doneMessage: (name: string) => string;
}

function NameForm({ title, submitLabel, initial, maxLength, save, doneMessage, invalidate, onClose, onDone }: NameFormProps) {
  const { t, locale } = useI18n();
  // Controlled: the submit button follows what is typed (nothing to send without a name).
  const form = useForm({ initialValues: { name: initial } });
  const name = form.values.name.trim();
  const change = useChange(invalidate, (value: string) => save(value), () => {
    onDone(doneMessage(name));
  });
  const conflict = isConflict(change.error);
  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      pending={change.isPending}
      error={conflict ? null : change.error}
      disabled={name === ""}
      onSubmit={() => {
        change.mutate(name);
      }}
      onClose={onClose}
    >
      <TextInput
        label={t("files.name")}
        required
        maxLength={maxLength}
        autoComplete="off"
        {...form.getInputProps("name")}
        error={fieldErrorsOf(change.error, t, locale).name?.join(" ")}
      />
      {conflict ? <ConflictNotice message={t("files.nameTaken")} /> : null}
    </FormDialog>
  );
}

/** Make a folder in `parentId` (the library's root with null). */
export function NewFolderDialog({ clusterId, parentId, parentName, ...props }: ChangeProps & { clusterId: string; parentId: string | null; parentName: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  return (
    <NameForm
      {...props}
      title={t("files.folder.newIn", { folder: parentName })}
      submitLabel={t("files.folder.create")}
      initial=""
      maxLength={FOLDER_NAME_LENGTH}
      save={(name) =>
        unwrap(
          client.POST("/api/v1/clusters/{cluster_id}/folders", {
            params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
            body: { name, parent_id: parentId },
          }),
        )
      }
      doneMessage={(name) => t("files.folder.created", { name })}
    />
  );
}

interface RenameProps<T extends { name: string }> extends ChangeProps {
  title: string;
  queryKey: readonly unknown[];
  load: () => Promise<{ data?: T; error?: unknown; response: Response }>;
  maxLength: number;
  /** Send the new name with the ETag read when the dialog opened. */
  rename: (name: string, etag: string) => Promise<unknown>;
}

/** Rename a file or a folder: read as it is now, then the name sent with its ETag. */
function RenameDialog<T extends { name: string }>({ title, queryKey, load, maxLength, rename, ...props }: RenameProps<T>) {
  const { t } = useI18n();
  return (
    <WithCurrentVersion title={title} queryKey={queryKey} load={load} onClose={props.onClose}>
      {(current) => (
        <NameForm
          {...props}
          title={title}
          submitLabel={t("common.save")}
          initial={current.data.name}
          maxLength={maxLength}
          save={(name) => rename(name, current.etag)}
          doneMessage={() => t("files.saved")}
        />
      )}
    </WithCurrentVersion>
  );
}

function RenameFileDialog({ file, ...props }: ChangeProps & { file: StoredFile }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { file_id: file.id };
  return (
    <RenameDialog
      {...props}
      title={t("files.file.renameTitle", { name: file.name })}
      queryKey={["file", file.id]}
      load={() => client.GET("/api/v1/files/{file_id}", { params: { path } })}
      maxLength={FILE_NAME_LENGTH}
      rename={(name, etag) => unwrap(client.PATCH("/api/v1/files/{file_id}", { params: { path, header: { "If-Match": etag } }, body: { name } }))}
    />
  );
}

function RenameFolderDialog({ folder, ...props }: ChangeProps & { folder: Folder }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { folder_id: folder.id };
  return (
    <RenameDialog
      {...props}
      title={t("files.folder.renameTitle", { name: folder.name })}
      queryKey={["folder", folder.id]}
      load={() => client.GET("/api/v1/folders/{folder_id}", { params: { path } })}
      maxLength={FOLDER_NAME_LENGTH}
      rename={(name, etag) => unwrap(client.PATCH("/api/v1/folders/{folder_id}", { params: { path, header: { "If-Match": etag } }, body: { name } }))}
    />
  );
}

interface MoveFormProps extends ChangeProps {
  title: string;
  hint?: string;
  clusterId: string;
  /** Where it is now (not offered). */
  current: string | null;
  /** A folder that is moved cannot go into itself or anything in it. */
  without?: string;
  save: (folderId: string | null) => Promise<unknown>;
  doneMessage: (place: string) => string;
}

function MoveForm({ title, hint, clusterId, current, without, save, doneMessage, invalidate, onClose, onDone }: MoveFormProps) {
  const { t, locale } = useI18n();
  const folders = useFolders(clusterId);
  const choices = folderChoices(folders.data ?? [], without ?? null).filter((choice) => choice.id !== current);
  const label = (choice: FolderChoice) => (choice.id === null ? t("files.root") : choice.path.join(" / "));
  // The root's id is null; the select's value for it is "". Nothing picked: the first choice.
  const form = useForm<{ folderId: string | null }>({ initialValues: { folderId: null } });
  const picked = form.values.folderId;
  const chosen = choices.find((choice) => (choice.id ?? "") === picked) ?? choices[0];
  const change = useChange(invalidate, (folderId: string | null) => save(folderId), () => {
    onDone(doneMessage(chosen ? label(chosen) : ""));
  });
  const conflict = isConflict(change.error);
  return (
    <FormDialog
      title={title}
      submitLabel={t("files.move")}
      pending={change.isPending}
      error={conflict ? null : (change.error ?? folders.error)}
      disabled={!chosen}
      onSubmit={() => {
        if (chosen) change.mutate(chosen.id);
      }}
      onClose={onClose}
    >
      {hint ? <Text>{hint}</Text> : null}
      {folders.isPending ? <LoadingState /> : null}
      {folders.isSuccess && choices.length === 0 ? <Alert color="blue">{t("files.moveNowhere")}</Alert> : null}
      {choices.length > 0 ? (
        <NativeSelect
          label={t("files.moveTo")}
          value={chosen?.id ?? ""}
          onChange={(event) => {
            form.setFieldValue("folderId", event.currentTarget.value);
          }}
          data={choices.map((choice) => ({ value: choice.id ?? "", label: label(choice) }))}
          error={fieldErrorsOf(change.error, t, locale).folder_id?.join(" ")}
        />
      ) : null}
      {conflict ? <ConflictNotice message={t("files.nameTaken")} /> : null}
    </FormDialog>
  );
}

function MoveFileDialog({ file, clusterId, ...props }: ChangeProps & { file: StoredFile; clusterId: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const title = t("files.file.moveTitle", { name: file.name });
  const path = { file_id: file.id };
  return (
    <WithCurrentVersion title={title} queryKey={["file", file.id]} load={() => client.GET("/api/v1/files/{file_id}", { params: { path } })} onClose={props.onClose}>
      {(current) => (
        <MoveForm
          {...props}
          title={title}
          clusterId={clusterId}
          current={current.data.folder_id}
          save={(folderId) =>
            unwrap(client.PATCH("/api/v1/files/{file_id}", { params: { path, header: { "If-Match": current.etag } }, body: { folder_id: folderId } }))
          }
          doneMessage={(place) => t("files.file.moved", { name: current.data.name, folder: place })}
        />
      )}
    </WithCurrentVersion>
  );
}

function MoveFolderDialog({ folder, clusterId, ...props }: ChangeProps & { folder: Folder; clusterId: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const title = t("files.folder.moveTitle", { name: folder.name });
  const path = { folder_id: folder.id };
  return (
    <WithCurrentVersion title={title} queryKey={["folder", folder.id]} load={() => client.GET("/api/v1/folders/{folder_id}", { params: { path } })} onClose={props.onClose}>
      {(current) => (
        <MoveForm
          {...props}
          title={title}
          hint={t("files.folder.moveHint")}
          clusterId={clusterId}
          current={current.data.parent_id}
          without={folder.id}
          save={(parentId) =>
            unwrap(client.PATCH("/api/v1/folders/{folder_id}", { params: { path, header: { "If-Match": current.etag } }, body: { parent_id: parentId } }))
          }
          doneMessage={(place) => t("files.file.moved", { name: current.data.name, folder: place })}
        />
      )}
    </WithCurrentVersion>
  );
}

function DeleteFileDialog({ file, invalidate, onClose, onDone }: ChangeProps & { file: StoredFile }) {
  const { t } = useI18n();
  const { client } = useApi();
  const title = t("files.file.deleteTitle", { name: file.name });
  const path = { file_id: file.id };
  return (
    <WithCurrentVersion title={title} queryKey={["file", file.id]} load={() => client.GET("/api/v1/files/{file_id}", { params: { path } })} onClose={onClose}>
      {(current) => (
        <DeleteForm
          title={title}
          question={t("files.file.deleteQuestion", { name: current.data.name })}
          submitLabel={t("files.file.deleteSubmit")}
          invalidate={invalidate}
          remove={() => unwrap(client.DELETE("/api/v1/files/{file_id}", { params: { path, header: { "If-Match": current.etag } } }))}
          onClose={onClose}
          onDone={() => {
            onDone(t("files.file.deleted", { name: current.data.name }));
          }}
        />
      )}
    </WithCurrentVersion>
  );
}

function DeleteFolderDialog({ folder, clusterId, invalidate, onClose, onDone }: ChangeProps & { folder: Folder; clusterId: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const title = t("files.folder.deleteTitle", { name: folder.name });
  const path = { folder_id: folder.id };
  return (
    <WithCurrentVersion title={title} queryKey={["folder", folder.id]} load={() => client.GET("/api/v1/folders/{folder_id}", { params: { path } })} onClose={onClose}>
      {(current) => (
        <DeleteFolderForm
          clusterId={clusterId}
          folder={current.data}
          title={title}
          invalidate={invalidate}
          remove={() => unwrap(client.DELETE("/api/v1/folders/{folder_id}", { params: { path, header: { "If-Match": current.etag } } }))}
          onClose={onClose}
          onDone={() => {
            onDone(t("files.folder.deleted", { name: current.data.name }));
          }}
        />
      )}
    </WithCurrentVersion>
  );
}

/**
 * Only an empty folder is deleted: what is in it is looked at first (its folders, and whether
 * it holds a file), and the API's 409 says the same if something was put in meanwhile.
 */
function DeleteFolderForm({
  clusterId,
  folder,
  title,
  invalidate,
  remove,
  onClose,
  onDone,
}: Pick<DeleteFormProps, "title" | "invalidate" | "remove" | "onClose" | "onDone"> & { clusterId: string; folder: Folder }) {
  const { t } = useI18n();
  const folders = useFolders(clusterId);
  const files = useLibraryFiles(clusterId, folder.id, { limit: 1 });
  const checked = folders.isSuccess && files.isSuccess;
  const holdsSomething =
    childFolders(folders.data ?? [], folder.id).length > 0 || (files.data?.pages[0]?.items.length ?? 0) > 0;
  return (
    <DeleteForm
      title={title}
      question={t("files.folder.deleteQuestion", { name: folder.name })}
      submitLabel={t("files.folder.deleteSubmit")}
      invalidate={invalidate}
      remove={remove}
      onClose={onClose}
      onDone={onDone}
      checking={!checked}
      refusal={holdsSomething ? t("files.folder.notEmpty", { name: folder.name }) : null}
      conflictMessage={t("files.folder.notEmpty", { name: folder.name })}
      checkError={folders.error ?? files.error}
    />
  );
}

interface DeleteFormProps {
  title: string;
  question: string;
  submitLabel: string;
  invalidate: readonly QueryKey[];
  remove: () => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
  /** Still finding out whether it may be deleted. */
  checking?: boolean;
  /** Why it cannot be deleted, as found before asking. */
  refusal?: string | null;
  /** The words for the API's 409, when it has one. */
  conflictMessage?: string;
  checkError?: unknown;
}

function DeleteForm({
  title,
  question,
  submitLabel,
  invalidate,
  remove,
  onClose,
  onDone,
  checking = false,
  refusal = null,
  conflictMessage,
  checkError = null,
}: DeleteFormProps) {
  const { t } = useI18n();
  const change = useChange(invalidate, () => remove(), onDone);
  // A folder's 409: something was put in it since it was looked at.
  const conflict = conflictMessage !== undefined && isConflict(change.error);
  const shownRefusal = refusal ?? (conflict ? conflictMessage : null);
  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      pendingLabel={t("files.deleting")}
      pending={change.isPending}
      error={conflict ? null : (change.error ?? checkError)}
      disabled={checking || shownRefusal !== null}
      onSubmit={() => {
        change.mutate(undefined);
      }}
      onClose={onClose}
      danger
    >
      {checking ? <LoadingState /> : null}
      {!checking && shownRefusal ? <ConflictNotice message={shownRefusal} /> : null}
      {!checking && !shownRefusal ? <Text>{question}</Text> : null}
    </FormDialog>
  );
}

interface ActionDialogProps extends ChangeProps {
  action: FileAction;
  /** The library the file or folder is in (for moves and folder checks). */
  clusterId: string;
}

/** The dialog a row of a file table asked for. */
export function FileActionDialog({ action, clusterId, ...props }: ActionDialogProps) {
  switch (action.kind) {
    case "preview":
      return <FilePreview file={action.file} onClose={props.onClose} />;
    case "renameFile":
      return <RenameFileDialog {...props} file={action.file} />;
    case "moveFile":
      return <MoveFileDialog {...props} file={action.file} clusterId={clusterId} />;
    case "deleteFile":
      return <DeleteFileDialog {...props} file={action.file} />;
    case "renameFolder":
      return <RenameFolderDialog {...props} folder={action.folder} />;
    case "moveFolder":
      return <MoveFolderDialog {...props} folder={action.folder} clusterId={clusterId} />;
    case "deleteFolder":
      return <DeleteFolderDialog {...props} folder={action.folder} clusterId={clusterId} />;
  }
}
