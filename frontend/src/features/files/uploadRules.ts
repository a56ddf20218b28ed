/**
 * What may be uploaded, checked before sending, and why the API refused an upload: the reasons
 * a person can act on (too big, empty, a type not taken), each told in their language.
 */
import { ApiError } from "../../api/errors";
import type { Translate } from "../../i18n/translate";

/** Why a file is not uploaded, when it is something the person can see to. */
export type UploadProblem =
  | { kind: "too-big"; /** The limit in bytes, when known. */ limit: number | null }
  | { kind: "empty" }
  | { kind: "type" };

/** The types the API takes, as the browser names them (the API reads the type from the content). */
const ALLOWED_TYPES = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.presentation",
  "text/plain",
  "text/csv",
]);

/** The same types by their usual file name endings. */
const ALLOWED_EXTENSIONS = new Set([
  "pdf",
  "png",
  "jpg",
  "jpeg",
  "gif",
  "webp",
  "doc",
  "dot",
  "docx",
  "odt",
  "xls",
  "xlsx",
  "ods",
  "ppt",
  "pptx",
  "odp",
  "txt",
  "csv",
]);

/** The file name's ending in lower case ("pdf"), or "" without one. */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * Whether a file is obviously not a type the API takes. The API reads the type from the
 * content and decides; this only catches files the browser already knows to be something else
 * (a video, an archive, a program) and whose name does not say otherwise, so nobody waits for
 * an upload that is refused at the end. Text the browser names otherwise (`text/markdown`)
 * and files it cannot name are left to the API.
 */
export function isObviouslyRefused(file: { name: string; type: string }): boolean {
  const type = file.type.toLowerCase();
  if (!type || ALLOWED_TYPES.has(type) || type.startsWith("text/")) return false;
  return !ALLOWED_EXTENSIONS.has(extensionOf(file.name));
}

/** The check before sending: too big (over `maxBytes`), empty, or obviously a type not taken. */
export function checkUpload(file: { name: string; size: number; type: string }, maxBytes: number): UploadProblem | null {
  if (file.size > maxBytes) return { kind: "too-big", limit: maxBytes };
  if (file.size === 0) return { kind: "empty" };
  if (isObviouslyRefused(file)) return { kind: "type" };
  return null;
}

/**
 * Why the API refused an upload, when the person can act on it: 413 is too big; a 422 about the
 * `file` part is an empty file or a type it does not take. Anything else (an ended session, no
 * connection, a folder gone meanwhile) is null: it is described as every other error is.
 */
export function uploadProblemOf(error: unknown, size: number): UploadProblem | null {
  if (!(error instanceof ApiError)) return null;
  const codes = error.fieldCodes.file ?? [];
  if (error.status === 413) {
    const limit = codes.find((code) => code.code === "file_too_large")?.max;
    return { kind: "too-big", limit: limit ?? null };
  }
  if (error.status === 422 && codes.length > 0) {
    if (codes.some((code) => code.code === "file_empty")) return { kind: "empty" };
    if (codes.some((code) => code.code === "file_type_not_allowed")) return { kind: "type" };
    return size === 0 ? { kind: "empty" } : { kind: "type" };
  }
  return null;
}

/** The problem in words, naming the file: "Referat.pdf er for stor: højst 25 MB." */
export function describeUploadProblem(
  problem: UploadProblem,
  name: string,
  t: Translate,
  formatFileSize: (bytes: number) => string,
): string {
  switch (problem.kind) {
    case "too-big":
      return problem.limit === null
        ? t("files.upload.tooBigUnknown", { name })
        : t("files.upload.tooBig", { name, max: formatFileSize(problem.limit) });
    case "empty":
      return t("files.upload.empty", { name });
    case "type":
      return t("files.upload.notAllowed", { name });
  }
}
