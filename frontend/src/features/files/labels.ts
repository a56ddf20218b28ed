import {
  IconFile,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypeDoc,
  IconFileTypePdf,
  IconPhoto,
  IconPresentation,
  type Icon,
} from "@tabler/icons-react";
import type { PlainKey } from "../../i18n/translate";

/** A file's type in words, by the media type the API read from its content. */
const TYPE_KEYS: Readonly<Record<string, PlainKey>> = {
  "application/pdf": "files.type.pdf",
  "image/png": "files.type.png",
  "image/jpeg": "files.type.jpeg",
  "image/gif": "files.type.gif",
  "image/webp": "files.type.webp",
  "application/msword": "files.type.word",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "files.type.word",
  "application/vnd.ms-excel": "files.type.excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "files.type.excel",
  "application/vnd.ms-powerpoint": "files.type.powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "files.type.powerpoint",
  "application/vnd.oasis.opendocument.text": "files.type.odt",
  "application/vnd.oasis.opendocument.spreadsheet": "files.type.ods",
  "application/vnd.oasis.opendocument.presentation": "files.type.odp",
  "text/plain": "files.type.text",
  "text/csv": "files.type.csv",
};

export function fileTypeKey(mediaType: string): PlainKey {
  return TYPE_KEYS[mediaType] ?? "files.type.other";
}

/** A file's icon beside its name, by the same media type as its type in words. */
export function fileTypeIcon(mediaType: string): Icon {
  if (mediaType === "application/pdf") return IconFileTypePdf;
  if (mediaType.startsWith("image/")) return IconPhoto;
  switch (TYPE_KEYS[mediaType]) {
    case "files.type.word":
    case "files.type.odt":
      return IconFileTypeDoc;
    case "files.type.excel":
    case "files.type.ods":
    case "files.type.csv":
      return IconFileSpreadsheet;
    case "files.type.powerpoint":
    case "files.type.odp":
      return IconPresentation;
    case "files.type.text":
      return IconFileText;
    default:
      return IconFile;
  }
}
