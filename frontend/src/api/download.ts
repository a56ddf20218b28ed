/**
 * Files the API sends only with the bearer token (spreadsheets, calendar files): a plain link
 * cannot carry the token, so the file is fetched as a blob and saved through an object URL.
 */
import { unwrap } from "./errors";

interface BlobResult {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/** The media type of the API's spreadsheets for people (Excel workbooks). */
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The file name the server gives in `Content-Disposition` (`filename*=UTF-8''…` before the
 * plain `filename=`), or null when it gives none.
 */
export function serverFileName(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // A malformed encoding: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1] ?? "").trim();
  return name || null;
}

/**
 * Await a call made with `parseAs: "blob"` and save its body as `fileName`, or, with
 * `serverName`, under the name the server gives (`fileName` when it gives none).
 */
export async function saveDownload(call: Promise<BlobResult>, fileName: string, { serverName = false } = {}): Promise<void> {
  let headers: Headers | undefined;
  const blob = await unwrap(
    call.then((result) => {
      headers = result.response.headers;
      return result;
    }),
  );
  const name = (serverName ? serverFileName(headers?.get("Content-Disposition") ?? null) : null) ?? fileName;
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes away.
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  }
}
