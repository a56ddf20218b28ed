/**
 * XMLHttpRequest at the network boundary, for uploads (fetch reports no upload progress, so
 * the app sends files with XHR). A test sees each request (method, URL, headers, form) and
 * decides when it progresses and how it is answered; or it answers them all with a handler.
 */
import { vi } from "vitest";

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Listener = (event: Event) => void;

class FakeEventTarget {
  readonly #listeners = new Map<string, Listener[]>();

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.set(
      type,
      (this.#listeners.get(type) ?? []).filter((candidate) => candidate !== listener),
    );
  }

  emit(type: string, event: Event = new Event(type)): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}

export class FakeUploadRequest extends FakeEventTarget {
  readonly upload = new FakeEventTarget();
  method = "";
  url = "";
  readonly headers: Record<string, string> = {};
  form: FormData | null = null;
  status = 0;
  responseText = "";
  done = false;
  #responseHeaders: Record<string, string> = {};
  readonly #server: FakeUploadServer;

  constructor(server: FakeUploadServer) {
    super();
    this.#server = server;
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  getAllResponseHeaders(): string {
    return Object.entries(this.#responseHeaders)
      .map(([name, value]) => `${name.toLowerCase()}: ${value}\r\n`)
      .join("");
  }

  send(body: FormData): void {
    this.form = body;
    this.#server.received(this);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.emit("abort");
  }

  /** The path of the URL ("/api/v1/meetings/…/files"). */
  get path(): string {
    return new URL(this.url).pathname;
  }

  /** The uploaded file (the form's `file` part). */
  get file(): File {
    const file = this.form?.get("file");
    if (!(file instanceof File)) throw new Error("The upload has no file part.");
    return file;
  }

  /** Report bytes sent so far. */
  progress(loaded: number, total: number): void {
    const event = new Event("progress") as Event & { lengthComputable: boolean; loaded: number; total: number };
    Object.assign(event, { lengthComputable: true, loaded, total });
    this.upload.emit("progress", event);
  }

  respond({ status, body, headers = {} }: FakeAnswer): void {
    if (this.done) return;
    this.done = true;
    this.status = status;
    this.responseText = body === undefined ? "" : JSON.stringify(body);
    this.#responseHeaders = {
      ...(body === undefined ? {} : { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" }),
      ...headers,
    };
    this.emit("load");
  }

  /** No answer at all (offline, refused connection). */
  fail(): void {
    if (this.done) return;
    this.done = true;
    this.emit("error");
  }
}

/** Every upload the app sends, answered by the test (or by `answer` at once). */
export class FakeUploadServer {
  readonly requests: FakeUploadRequest[] = [];
  #answer: ((request: FakeUploadRequest) => FakeAnswer | null) | null = null;

  /** Put this fake in place of the browser's XMLHttpRequest for the test. */
  install(): this {
    const open = () => new FakeUploadRequest(this);
    // `new XMLHttpRequest()` gets the object this constructor function returns.
    vi.stubGlobal("XMLHttpRequest", function XMLHttpRequest() {
      return open();
    });
    return this;
  }

  /** Answer each request as it comes (null: leave it to the test). */
  answer(handler: (request: FakeUploadRequest) => FakeAnswer | null): this {
    this.#answer = handler;
    return this;
  }

  received(request: FakeUploadRequest): void {
    this.requests.push(request);
    const answer = this.#answer?.(request);
    if (answer) {
      queueMicrotask(() => {
        request.progress(request.file.size, request.file.size);
        request.respond(answer);
      });
    }
  }

  /** The requests not answered yet. */
  get pending(): FakeUploadRequest[] {
    return this.requests.filter((request) => !request.done);
  }
}
