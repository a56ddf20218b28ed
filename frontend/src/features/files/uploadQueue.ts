/**
 * The uploads a person has started in one place: each file checked, then sent (a few at a time)
 * with its progress, until it is stored, refused or failed. Kept outside React, so the page
 * reads it as an external store and the rules can be tested without one.
 */
import type { UploadTarget } from "../../api/upload";
import type { StoredFile } from "../../api/types";
import { checkUpload, uploadProblemOf, type UploadProblem } from "./uploadRules";

export type UploadStatus = "queued" | "uploading" | "done" | "refused" | "failed" | "cancelled";

export interface UploadItem {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly status: UploadStatus;
  /** Bytes of the request sent so far, of `total`. */
  readonly loaded: number;
  readonly total: number;
  /** Why it was refused (before sending, or by the API), in terms the person can act on. */
  readonly problem: UploadProblem | null;
  /** Why it failed otherwise (no connection, an ended session, …). */
  readonly error: unknown;
  /** What the API stored (its name may have been numbered: "Referat (2).pdf"). */
  readonly stored: StoredFile | null;
}

/** Sends one file; rejects with an AbortError when `signal` aborts. */
export type SendUpload = (
  request: { target: UploadTarget; file: File; idempotencyKey: string },
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
) => Promise<StoredFile>;

export interface UploadQueueOptions {
  send: SendUpload;
  maxBytes: number;
  /** A file was stored (read the lists that show it again). */
  onUploaded?: (file: StoredFile, target: UploadTarget) => void;
  /** At most this many at once (default 3): the others wait their turn. */
  parallel?: number;
  newKey?: () => string;
}

interface Job {
  file: File;
  target: UploadTarget;
  /** Kept for a retry: the API replays a stored upload rather than storing it twice. */
  idempotencyKey: string;
  controller: AbortController | null;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export class UploadQueue {
  readonly #options: Required<Omit<UploadQueueOptions, "onUploaded">>;
  readonly #uploadedListeners = new Set<(file: StoredFile, target: UploadTarget) => void>();
  readonly #jobs = new Map<string, Job>();
  readonly #waiting: string[] = [];
  readonly #listeners = new Set<() => void>();
  #items: readonly UploadItem[] = [];
  #running = 0;
  #counter = 0;

  constructor(options: UploadQueueOptions) {
    const { onUploaded, ...rest } = options;
    this.#options = { parallel: 3, newKey: () => crypto.randomUUID(), ...rest };
    if (onUploaded) this.#uploadedListeners.add(onUploaded);
  }

  /** The largest file sent; a bigger one is refused before sending. */
  get maxBytes(): number {
    return this.#options.maxBytes;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): readonly UploadItem[] => this.#items;

  /** Be told of each stored file (to read the lists that show it again); returns the unsubscribe. */
  subscribeUploaded(listener: (file: StoredFile, target: UploadTarget) => void): () => void {
    this.#uploadedListeners.add(listener);
    return () => {
      this.#uploadedListeners.delete(listener);
    };
  }

  /** Check each file and send those that pass to `target`. */
  add(files: Iterable<File>, target: UploadTarget): void {
    const added: UploadItem[] = [];
    for (const file of files) {
      this.#counter += 1;
      const id = `upload-${String(this.#counter)}`;
      const problem = checkUpload(file, this.#options.maxBytes);
      added.push({
        id,
        name: file.name,
        size: file.size,
        status: problem ? "refused" : "queued",
        loaded: 0,
        total: file.size,
        problem,
        error: null,
        stored: null,
      });
      if (!problem) {
        this.#jobs.set(id, { file, target, idempotencyKey: this.#options.newKey(), controller: null });
        this.#waiting.push(id);
      }
    }
    if (added.length === 0) return;
    this.#set([...this.#items, ...added]);
    this.#pump();
  }

  /** Stop an upload that waits or is under way. */
  cancel(id: string): void {
    const job = this.#jobs.get(id);
    if (!job) return;
    const waiting = this.#waiting.indexOf(id);
    if (waiting >= 0) {
      this.#waiting.splice(waiting, 1);
      this.#jobs.delete(id);
      this.#update(id, { status: "cancelled" });
      return;
    }
    job.controller?.abort();
  }

  /** Send a failed upload again (same Idempotency-Key). */
  retry(id: string): void {
    const item = this.#items.find((candidate) => candidate.id === id);
    if (!item || item.status !== "failed" || !this.#jobs.has(id)) return;
    this.#update(id, { status: "queued", loaded: 0, error: null });
    this.#waiting.push(id);
    this.#pump();
  }

  /** Forget the finished uploads (stored, refused, failed, cancelled); those under way stay. */
  clearFinished(): void {
    const finished = new Set<UploadStatus>(["done", "refused", "failed", "cancelled"]);
    for (const item of this.#items) if (finished.has(item.status)) this.#jobs.delete(item.id);
    this.#set(this.#items.filter((item) => !finished.has(item.status)));
  }

  /** Stop everything under way or waiting (the page is left). */
  abortAll(): void {
    for (const id of [...this.#waiting]) this.cancel(id);
    for (const job of this.#jobs.values()) job.controller?.abort();
  }

  #pump(): void {
    while (this.#running < this.#options.parallel && this.#waiting.length > 0) {
      const id = this.#waiting.shift();
      const job = id === undefined ? undefined : this.#jobs.get(id);
      if (id === undefined || !job) continue;
      this.#running += 1;
      void this.#run(id, job).finally(() => {
        this.#running -= 1;
        this.#pump();
      });
    }
  }

  async #run(id: string, job: Job): Promise<void> {
    const controller = new AbortController();
    job.controller = controller;
    this.#update(id, { status: "uploading", loaded: 0 });
    try {
      const stored = await this.#options.send(
        { target: job.target, file: job.file, idempotencyKey: job.idempotencyKey },
        (loaded, total) => {
          this.#update(id, { loaded, total });
        },
        controller.signal,
      );
      this.#jobs.delete(id);
      this.#update(id, { status: "done", stored, loaded: this.#item(id)?.total ?? 0 });
      for (const listener of this.#uploadedListeners) listener(stored, job.target);
    } catch (error) {
      job.controller = null;
      if (isAbort(error)) {
        this.#jobs.delete(id);
        this.#update(id, { status: "cancelled" });
        return;
      }
      const problem = uploadProblemOf(error, job.file.size);
      if (problem) {
        this.#jobs.delete(id);
        this.#update(id, { status: "refused", problem });
      } else {
        this.#update(id, { status: "failed", error });
      }
    }
  }

  #item(id: string): UploadItem | undefined {
    return this.#items.find((item) => item.id === id);
  }

  #update(id: string, patch: Partial<UploadItem>): void {
    this.#set(this.#items.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }

  #set(items: readonly UploadItem[]): void {
    this.#items = items;
    for (const listener of this.#listeners) listener();
  }
}
