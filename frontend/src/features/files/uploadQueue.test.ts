import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../../api/errors";
import type { StoredFile } from "../../api/types";
import { meetingUploadTarget } from "../../api/upload";
import { gate } from "../../test/fakeApi";
import { UploadQueue, type SendUpload } from "./uploadQueue";

const target = meetingUploadTarget("m1");
const MB = 1024 * 1024;

function file(name: string, size = 10, type = "application/pdf"): File {
  const content = new File(["x"], name, { type });
  Object.defineProperty(content, "size", { value: size });
  return content;
}

interface Sent {
  name: string;
  key: string;
  progress: (loaded: number, total: number) => void;
  succeed: () => void;
  fail: (error: unknown) => void;
  signal: AbortSignal;
}

/** A send whose uploads the test ends one by one. */
function controlledSend() {
  const sent: Sent[] = [];
  const send: SendUpload = ({ file: upload, idempotencyKey }, onProgress, signal) =>
    new Promise<StoredFile>((resolve, reject) => {
      signal.addEventListener("abort", () => {
        reject(new DOMException("cancelled", "AbortError"));
      });
      sent.push({
        name: upload.name,
        key: idempotencyKey,
        progress: onProgress,
        succeed: () => {
          resolve({ id: `id-${upload.name}`, name: upload.name } as StoredFile);
        },
        fail: reject,
        signal,
      });
    });
  return { sent, send };
}

async function settled() {
  const { promise, open } = gate();
  setTimeout(open, 0);
  await promise;
}

describe("UploadQueue", () => {
  it("refuses what fails the check without sending it, and sends the rest three at a time", async () => {
    const { sent, send } = controlledSend();
    let key = 0;
    const queue = new UploadQueue({ send, maxBytes: 25 * MB, newKey: () => `key-${String((key += 1))}` });
    queue.add([file("a.pdf"), file("stor.pdf", 26 * MB), file("b.pdf"), file("film.mp4", 10, "video/mp4"), file("c.pdf"), file("d.pdf")], target);
    expect(queue.getSnapshot().map((item) => [item.name, item.status])).toEqual([
      ["a.pdf", "uploading"],
      ["stor.pdf", "refused"],
      ["b.pdf", "uploading"],
      ["film.mp4", "refused"],
      ["c.pdf", "uploading"],
      ["d.pdf", "queued"],
    ]);
    expect(queue.getSnapshot()[1]?.problem).toEqual({ kind: "too-big", limit: 25 * MB });
    expect(queue.getSnapshot()[3]?.problem).toEqual({ kind: "type" });
    expect(sent.map((upload) => upload.name)).toEqual(["a.pdf", "b.pdf", "c.pdf"]);

    sent[0]?.progress(5, 10);
    expect(queue.getSnapshot()[0]).toMatchObject({ loaded: 5, total: 10 });
    sent[0]?.succeed();
    await settled();
    expect(queue.getSnapshot()[0]).toMatchObject({ status: "done", stored: { name: "a.pdf" } });
    expect(sent.map((upload) => upload.name)).toEqual(["a.pdf", "b.pdf", "c.pdf", "d.pdf"]);
    expect(new Set(sent.map((upload) => upload.key)).size).toBe(4);
  });

  it("tells the listeners of each stored file", async () => {
    const { sent, send } = controlledSend();
    const stored: string[] = [];
    const queue = new UploadQueue({ send, maxBytes: MB, onUploaded: (done) => stored.push(done.name) });
    const unsubscribe = queue.subscribeUploaded((done) => stored.push(`also ${done.name}`));
    queue.add([file("a.pdf")], target);
    sent[0]?.succeed();
    await settled();
    expect(stored).toEqual(["a.pdf", "also a.pdf"]);
    unsubscribe();
  });

  it("turns the API's 413 into a refusal and other errors into a failure that can be retried with the same key", async () => {
    const { sent, send } = controlledSend();
    const queue = new UploadQueue({ send, maxBytes: 25 * MB });
    queue.add([file("bilag.pdf"), file("noter.pdf")], target);
    sent[0]?.fail(new ApiError(413, { type: "urn:cluster-platform:problem:content-too-large", title: "Content Too Large", status: 413, detail: "…", errors: { file: ["At most 2097152 bytes."] }, codes: { file: [{ code: "file_too_large", max: 2097152 }] } }));
    sent[1]?.fail(new NetworkError());
    await settled();
    expect(queue.getSnapshot().map((item) => item.status)).toEqual(["refused", "failed"]);
    expect(queue.getSnapshot()[0]?.problem).toEqual({ kind: "too-big", limit: 2 * MB });
    expect(queue.getSnapshot()[1]?.error).toBeInstanceOf(NetworkError);

    queue.retry("upload-1");
    expect(sent).toHaveLength(2);
    queue.retry("upload-2");
    expect(queue.getSnapshot()[1]?.status).toBe("uploading");
    expect(sent[2]?.key).toBe(sent[1]?.key);
  });

  it("cancels uploads waiting or under way, and clears the finished ones", async () => {
    const { sent, send } = controlledSend();
    const queue = new UploadQueue({ send, maxBytes: MB, parallel: 1 });
    queue.add([file("a.pdf"), file("b.pdf"), file("c.pdf")], target);
    queue.cancel("upload-2");
    queue.cancel("upload-1");
    await settled();
    expect(sent[0]?.signal.aborted).toBe(true);
    expect(queue.getSnapshot().map((item) => item.status)).toEqual(["cancelled", "cancelled", "uploading"]);
    expect(sent.map((upload) => upload.name)).toEqual(["a.pdf", "c.pdf"]);

    queue.clearFinished();
    expect(queue.getSnapshot().map((item) => item.name)).toEqual(["c.pdf"]);
    queue.abortAll();
    await settled();
    expect(queue.getSnapshot().map((item) => item.status)).toEqual(["cancelled"]);
  });
});
