import { describe, expect, it, vi } from "vitest";
import { FakeApi, karen } from "../test/fakeApi";
import { FakeUploadServer } from "../test/fakeXhr";
import { createTestApi } from "../test/renderApp";
import { ApiError, NetworkError } from "./errors";
import { libraryUploadTarget, meetingUploadTarget, postUploadTarget, uploadFile, uploadUrl } from "./upload";

const KEY = "9f1c2d3e-0000-4000-8000-000000000001";
const stored = { id: "file-1", name: "Referat.pdf", size: 7 };

async function signedIn() {
  const fake = new FakeApi().withSessionOf(karen);
  const api = createTestApi(fake);
  await api.session.start();
  return { fake, api };
}

describe("uploadUrl", () => {
  it("fills in the operation's path parameters", () => {
    expect(uploadUrl("http://api.test", meetingUploadTarget("m 1"))).toBe("http://api.test/api/v1/meetings/m%201/files");
    expect(uploadUrl("http://api.test", libraryUploadTarget("c1", null))).toBe("http://api.test/api/v1/clusters/c1/files");
    expect(uploadUrl("http://api.test", postUploadTarget("p1"))).toBe("http://api.test/api/v1/posts/p1/files");
  });
});

describe("uploadFile", () => {
  it("sends the file as multipart with the token and the Idempotency-Key, and reports progress", async () => {
    const { api } = await signedIn();
    const server = new FakeUploadServer().install();
    const progress: number[] = [];
    const file = new File(["%PDF-1."], "Referat.pdf", { type: "application/pdf" });
    const done = uploadFile(api, {
      target: libraryUploadTarget("c1", "folder-1"),
      file,
      idempotencyKey: KEY,
      onProgress: (loaded) => progress.push(loaded),
    });
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("http://api.test/api/v1/clusters/c1/files");
    expect(request?.headers.Authorization).toBe(`Bearer ${api.session.accessToken ?? ""}`);
    expect(request?.headers["Idempotency-Key"]).toBe(KEY);
    expect(request?.form?.get("folder_id")).toBe("folder-1");
    expect(request?.file.name).toBe("Referat.pdf");
    request?.progress(3, 7);
    request?.progress(7, 7);
    request?.respond({ status: 201, body: stored });
    await expect(done).resolves.toEqual(stored);
    expect(progress).toEqual([3, 7]);
  });

  it("turns a problem+json answer into an ApiError", async () => {
    const { api } = await signedIn();
    const server = new FakeUploadServer().install();
    const done = uploadFile(api, { target: meetingUploadTarget("m1"), file: new File(["x"], "x.pdf"), idempotencyKey: KEY });
    server.requests[0]?.respond({
      status: 413,
      body: { type: "urn:cluster-platform:problem:content-too-large", title: "Content Too Large", status: 413, detail: "The file is larger than 25 MB.", request_id: "req-413", errors: { file: ["At most 26214400 bytes."] }, codes: { file: [{ code: "file_too_large", max: 26214400 }] } },
    });
    const error: unknown = await done.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(413);
    expect((error as ApiError).requestId).toBe("req-413");
    expect((error as ApiError).fieldCodes).toEqual({ file: [{ code: "file_too_large", max: 26214400 }] });
  });

  it("is a NetworkError when no answer comes, and an AbortError when cancelled", async () => {
    const { api } = await signedIn();
    const server = new FakeUploadServer().install();
    const lost = uploadFile(api, { target: meetingUploadTarget("m1"), file: new File(["x"], "x.pdf"), idempotencyKey: KEY });
    server.requests[0]?.fail();
    await expect(lost).rejects.toBeInstanceOf(NetworkError);

    const controller = new AbortController();
    const cancelled = uploadFile(api, { target: meetingUploadTarget("m1"), file: new File(["x"], "x.pdf"), idempotencyKey: KEY, signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refreshes once on a 401 and sends the same upload again with the new token", async () => {
    const { fake, api } = await signedIn();
    const server = new FakeUploadServer().install();
    const oldToken = api.session.accessToken;
    const done = uploadFile(api, { target: meetingUploadTarget("m1"), file: new File(["x"], "x.pdf"), idempotencyKey: KEY });
    server.requests[0]?.respond({ status: 401, body: { type: "urn:cluster-platform:problem:unauthenticated", title: "Unauthorized", status: 401, detail: "Expired." } });
    await vi.waitFor(() => {
      expect(server.requests).toHaveLength(2);
    });
    const retry = server.requests[1];
    expect(retry?.headers.Authorization).not.toBe(`Bearer ${oldToken ?? ""}`);
    expect(retry?.headers["Idempotency-Key"]).toBe(KEY);
    retry?.respond({ status: 201, body: stored });
    await expect(done).resolves.toEqual(stored);
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(2);
  });
});
