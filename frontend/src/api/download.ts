/**
 * Files the API sends only with the bearer token (CSV lists, calendar files): a plain link
 * cannot carry the token, so the file is fetched as a blob and saved through an object URL.
 */
import { unwrap } from "./errors";

interface BlobResult {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/** Await a call made with `parseAs: "blob"` and save its body as `fileName`. */
export async function saveDownload(call: Promise<BlobResult>, fileName: string): Promise<void> {
  const blob = await unwrap(call);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
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
