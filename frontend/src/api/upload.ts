/**
 * Uploads: a file sent as multipart/form-data to one of the contract's upload operations, with
 * its progress. fetch reports no upload progress, so this one call goes through XMLHttpRequest;
 * it behaves as the typed client does otherwise: the bearer token in the header, one refresh
 * and one retry on a 401, problem+json answers as ApiError and no answer as NetworkError.
 */
import type { Api } from "./client";
import { ApiError, NetworkError } from "./errors";
import type { paths, StoredFile } from "./types";

/** The contract's operations that take a file as multipart/form-data (a library, a meeting, …). */
export type UploadPath = {
  [P in keyof paths]: paths[P] extends { post: { requestBody: { content: { "multipart/form-data": unknown } } } } ? P : never;
}[keyof paths];

/** Where an upload goes: the operation, its path parameters and the form's other parts. */
export interface UploadTarget {
  path: UploadPath;
  params: Readonly<Record<string, string>>;
  /** Parts sent before the file (a library upload's `folder_id`). */
  fields?: Readonly<Record<string, string>>;
}

/** Into a folder of the cluster's library, or its root (null). */
export function libraryUploadTarget(clusterId: string, folderId: string | null): UploadTarget {
  return {
    path: "/api/v1/clusters/{cluster_id}/files",
    params: { cluster_id: clusterId },
    ...(folderId ? { fields: { folder_id: folderId } } : {}),
  };
}

export function meetingUploadTarget(meetingId: string): UploadTarget {
  return { path: "/api/v1/meetings/{meeting_id}/files", params: { meeting_id: meetingId } };
}

/** Attached to a post on a notice board. */
export function postUploadTarget(postId: string): UploadTarget {
  return { path: "/api/v1/posts/{post_id}/files", params: { post_id: postId } };
}

/** The operation's URL with its path parameters filled in. */
export function uploadUrl(baseUrl: string, target: UploadTarget): string {
  const path = target.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = target.params[name];
    if (value === undefined) throw new Error(`The upload target has no value for {${name}}.`);
    return encodeURIComponent(value);
  });
  return `${baseUrl}${path}`;
}

export interface UploadOptions {
  target: UploadTarget;
  file: Blob & { readonly name: string };
  /** One per file: a retry of the same upload replays the first answer rather than storing it twice. */
  idempotencyKey: string;
  /** Bytes sent so far of the whole request body. */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborting rejects with a DOMException named "AbortError". */
  signal?: AbortSignal;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

function responseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      // A header the Headers class refuses is not one we read.
    }
  }
  return headers;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function abortError(): DOMException {
  return new DOMException("The upload was cancelled.", "AbortError");
}

function send(url: string, token: string | null, options: UploadOptions): Promise<Answer> {
  const { target, file, idempotencyKey, onProgress, signal } = options;
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields ?? {})) form.append(name, value);
    form.append("file", file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Idempotency-Key", idempotencyKey);
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    const onAbort = () => {
      xhr.abort();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
    };
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    });
    xhr.addEventListener("load", () => {
      done();
      resolve({ status: xhr.status, body: parseBody(xhr.responseText), headers: responseHeaders(xhr.getAllResponseHeaders()) });
    });
    xhr.addEventListener("error", () => {
      done();
      reject(new NetworkError());
    });
    xhr.addEventListener("timeout", () => {
      done();
      reject(new NetworkError());
    });
    xhr.addEventListener("abort", () => {
      done();
      reject(abortError());
    });
    xhr.send(form);
  });
}

/**
 * Upload one file; resolves with the stored file's metadata (201). Throws ApiError for an error
 * answer (413 too big, 422 empty or a type not taken, …), NetworkError when no answer came.
 */
export async function uploadFile(api: Api, options: UploadOptions): Promise<StoredFile> {
  const url = uploadUrl(api.baseUrl, options.target);
  const token = api.session.accessToken;
  let answer = await send(url, token, options);
  if (answer.status === 401 && token && (await api.session.recoverFromUnauthorized(token))) {
    // The same Idempotency-Key: the API has kept nothing of the refused attempt.
    answer = await send(url, api.session.accessToken, options);
  }
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, answer.body, answer.headers);
  return answer.body as StoredFile;
}
