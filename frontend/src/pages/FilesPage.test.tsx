import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { Folder, StoredFile } from "../api/types";
import { clusterDetail, COORDINATOR_PERMISSIONS } from "../test/clusters";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../test/fakeApi";
import { FakeUploadServer } from "../test/fakeXhr";
import { renderApp } from "../test/renderApp";
import { seriousViolations } from "../test/axe";

// Whole pages with axe-core runs: slower than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const BASE = `/api/v1/clusters/${CLUSTER_ID}`;
const MB = 1024 * 1024;

const cluster = clusterDetail(CLUSTER_ID, COORDINATOR_PERMISSIONS);

function folder(id: string, name: string, parentId: string | null, canChange = true): Folder {
  return { id, name, parent_id: parentId, cluster_id: CLUSTER_ID, my_permissions: { change: canChange }, created_by_id: karen.id, created_at: "2026-10-02T08:00:00Z", updated_at: "2026-10-02T08:00:00Z" };
}

// Alle filer › Referater › 2026 › Efterår, and Data (someone else's) beside Referater.
const folders: Folder[] = [folder("f1", "Referater", null), folder("f2", "2026", "f1"), folder("f3", "Efterår", "f2"), folder("f4", "Data", null, false)];

function stored(id: string, name: string, mediaType: string, size: number, folderId: string | null, canChange = true, uploader: string | null = "Karen Koordinator"): StoredFile {
  return {
    id,
    name,
    media_type: mediaType,
    size,
    folder_id: folderId,
    my_permissions: { change: canChange },
    attached_to: "library",
    cluster_id: CLUSTER_ID,
    meeting_id: null,
    post_id: null,
    sha256: "0".repeat(64),
    uploaded_by: uploader ? { id: karen.id, name: uploader } : null,
    created_at: "2026-11-23T13:05:00Z",
    updated_at: "2026-11-23T13:05:00Z",
  };
}

const minutes = stored("file-1", "Referat.pdf", "application/pdf", Math.round(1.2 * MB), "f2");
const budget = stored("file-2", "Budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 340 * 1024, "f2", false, null);

function json(body: unknown, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function inCluster(account: FakeAccount): FakeAccount {
  return { ...account, organisations: [], clusters: [{ id: CLUSTER_ID, name: cluster.name, region_code: "midtjylland", roles: ["coordinator"] }] };
}

/** The library as the API keeps it: the files per folder can be changed by a test. */
function libraryApi(account: FakeAccount = inCluster(karen), filesIn: Record<string, StoredFile[]> = { f2: [minutes, budget] }) {
  return new FakeApi([account])
    .withSessionOf(account)
    .on(`GET ${BASE}`, () => json(cluster))
    .on(`GET ${BASE}/folders`, () => json({ items: folders, next_cursor: null }))
    .on(`GET ${BASE}/files`, (request) => {
      const folderId = new URL(request.url).searchParams.get("folder_id") ?? "root";
      return json({ items: filesIn[folderId] ?? [], next_cursor: null });
    });
}

/** jsdom has no object URLs: count what is made and revoked. */
function objectUrls() {
  const made: Blob[] = [];
  const revoked: string[] = [];
  Object.defineProperty(URL, "createObjectURL", {
    configurable: true,
    value: (blob: Blob) => {
      made.push(blob);
      return `blob:test/${String(made.length)}`;
    },
  });
  Object.defineProperty(URL, "revokeObjectURL", { configurable: true, value: (url: string) => revoked.push(url) });
  onTestFinished(() => {
    Reflect.deleteProperty(URL, "createObjectURL");
    Reflect.deleteProperty(URL, "revokeObjectURL");
  });
  return { made, revoked };
}

function pick(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("No file input.");
  return input;
}

// The menu opens with a short transition: on a busy machine it can take longer than a second.
const MENU_WAIT = { timeout: 5000 };

/** A row's change, from its menu ("Handlinger for Referat.pdf" › "Slet"). */
async function fromMenu(user: { click: (element: Element) => Promise<void> }, about: string, action: string) {
  await user.click(await screen.findByRole("button", { name: `Handlinger for ${about}` }));
  await user.click(await screen.findByRole("menuitem", { name: action }, MENU_WAIT));
}

function sized(name: string, size: number, type = "application/pdf"): File {
  const file = new File(["%PDF-1.4"], name, { type });
  Object.defineProperty(file, "size", { value: size });
  return file;
}

describe("files page", () => {
  it("shows the folder path, then the folder's folders and files with type, Danish size, uploader and date", async () => {
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f2`, fake: libraryApi() });
    expect(await screen.findByRole("tab", { name: "Filer", selected: true })).toBeInTheDocument();
    const path = await screen.findByRole("navigation", { name: "Mappesti" });
    expect(within(path).getByRole("link", { name: "Alle filer" })).toHaveAttribute("href", `/klynger/${CLUSTER_ID}/filer`);
    expect(within(path).getByRole("link", { name: "Referater" })).toHaveAttribute("href", `/klynger/${CLUSTER_ID}/filer?mappe=f1`);
    expect(within(path).getByText("2026")).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 2, name: "2026" })).toBeInTheDocument();

    const table = await screen.findByRole("table", { name: "Mapper og filer i 2026" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual(["Efterår", "Referat.pdf", "Budget.xlsx"]);
    expect(within(table).getByRole("link", { name: "Efterår" })).toHaveAttribute("href", `/klynger/${CLUSTER_ID}/filer?mappe=f3`);
    expect(rows[1]).toHaveTextContent("PDF1,2 MBKaren Koordinator23. november 2026");
    expect(rows[2]).toHaveTextContent("Excel-regneark340 kBTidligere bruger23. november 2026");
    // What is one's own (my_permissions.change) is offered for change, in the row's menu;
    // someone else's only for download. "Hent" is a button of its own in every file's row.
    expect(within(rows[0] as HTMLElement).getByRole("button", { name: "Handlinger for Efterår" })).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByRole("button", { name: "Hent Referat.pdf" })).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByRole("button", { name: "Hent Budget.xlsx" })).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).queryByRole("button", { name: "Handlinger for Budget.xlsx" })).not.toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).queryByRole("button", { name: "Slet Referat.pdf" })).not.toBeInTheDocument();
    await user.click(within(rows[1] as HTMLElement).getByRole("button", { name: "Handlinger for Referat.pdf" }));
    expect((await screen.findAllByRole("menuitem", {}, MENU_WAIT)).map((item) => item.textContent)).toEqual(["Omdøb", "Flyt", "Slet"]);
    // The table scrolls in its own frame on a phone; the name and the row's buttons stay put.
    expect(screen.getByRole("region", { name: "Mapper og filer i 2026" })).toContainElement(table);
    expect(within(rows[1] as HTMLElement).getByRole("rowheader")).toHaveStyle({ position: "sticky", left: "0px" });
    expect(within(rows[1] as HTMLElement).getByRole("button", { name: "Hent Referat.pdf" }).closest("td")).toHaveStyle({ position: "sticky", right: "0px" });
    expect(screen.getByRole("button", { name: "Vælg filer" })).toBeInTheDocument();
    expect(screen.getByText("Højst 25 MB pr. fil.", { exact: false })).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("says so when the folder is not there, with the way back to all files", async () => {
    renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=gone`, fake: libraryApi() });
    expect(await screen.findByText("Mappen findes ikke. Den kan være slettet eller flyttet.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Gå til alle filer" })).toHaveAttribute("href", `/klynger/${CLUSTER_ID}/filer`);
  });

  it("offers no folders and no uploads to someone outside the cluster (a quality unit)", async () => {
    const consultant: FakeAccount = { ...karen, clusters: [] };
    renderApp({ route: `/klynger/${CLUSTER_ID}/filer`, fake: libraryApi(consultant, { root: [budget] }) });
    expect(await screen.findByRole("row", { name: /Budget\.xlsx/ })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ny mappe" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Vælg filer" })).not.toBeInTheDocument();
    // Data is someone else's folder: it opens, but is not changed from here.
    expect(screen.getByRole("link", { name: "Data" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Handlinger for Data" })).not.toBeInTheDocument();
  });

  it("makes a folder with an Idempotency-Key and says in Danish when the name is taken", async () => {
    let answer = 409;
    const keys: (string | null)[] = [];
    const fake = libraryApi().on(`POST ${BASE}/folders`, (request) => {
      keys.push(request.headers.get("Idempotency-Key"));
      return answer === 409 ? problemResponse(409, "conflict", "Conflict", "The name is taken here.") : json(folder("f9", "Vejledninger", null), { ETag: '"v1"' }, 201);
    });
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer`, fake });
    await user.click(await screen.findByRole("button", { name: "Ny mappe" }));
    const dialog = await screen.findByRole("dialog", { name: "Ny mappe i Alle filer" });
    expect(within(dialog).getByRole("button", { name: "Opret mappen" })).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/^Navn/), "Referater");
    await user.click(within(dialog).getByRole("button", { name: "Opret mappen" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Der er allerede en fil eller mappe med det navn her. Vælg et andet navn.");
    expect(await seriousViolations()).toEqual([]);

    answer = 201;
    await user.clear(within(dialog).getByLabelText(/^Navn/));
    await user.type(within(dialog).getByLabelText(/^Navn/), "Vejledninger");
    await user.click(within(dialog).getByRole("button", { name: "Opret mappen" }));
    expect(await screen.findByText("Mappen »Vejledninger« er oprettet.")).toBeInTheDocument();
    const calls = fake.callsTo(`POST ${BASE}/folders`);
    expect(calls.map((call) => call.body)).toEqual([
      { name: "Referater", parent_id: null },
      { name: "Vejledninger", parent_id: null },
    ]);
    // One key for the dialog: the API releases a key whose request failed.
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it("uploads several files at once with their progress, and says which were refused and why", async () => {
    const server = new FakeUploadServer().install();
    const fake = libraryApi();
    const { user, container } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f2`, fake });
    await screen.findByRole("table", { name: "Mapper og filer i 2026" });
    const readsBefore = fake.count(`GET ${BASE}/files`);
    const opened = vi.spyOn(HTMLInputElement.prototype, "click");
    await user.click(screen.getByRole("button", { name: "Vælg filer" }));
    expect(opened).toHaveBeenCalled();

    await user.upload(pick(container), [
      sized("Dagsorden.pdf", 200 * 1024),
      sized("Scanning.pdf", 25 * MB + 1),
      sized("Optagelse.mp4", 3 * MB, "video/mp4"),
      sized("Bilag.pdf", 3 * MB),
    ]);
    const uploads = screen.getByRole("list", { name: "Uploads" });
    const item = (name: string) => within(uploads).getByText(name).closest("li") as HTMLElement;
    expect(item("Scanning.pdf")).toHaveTextContent("Scanning.pdf er for stor: højst 25 MB.");
    expect(item("Optagelse.mp4")).toHaveTextContent("Optagelse.mp4 kan ikke uploades, fordi filtypen ikke er tilladt.");
    // Only the two that passed the check are sent, each with the token, a key and the folder.
    expect(server.requests.map((request) => request.file.name)).toEqual(["Dagsorden.pdf", "Bilag.pdf"]);
    const [first, second] = server.requests;
    expect(first?.path).toBe(`${BASE}/files`);
    expect(first?.form?.get("folder_id")).toBe("f2");
    expect(first?.headers.Authorization).toMatch(/^Bearer /);
    expect(first?.headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers["Idempotency-Key"]).not.toBe(first?.headers["Idempotency-Key"]);

    first?.progress(50, 100);
    const bar = await within(uploads).findByRole("progressbar", { name: "Upload af Dagsorden.pdf" });
    expect(bar).toHaveAttribute("aria-valuenow", "50");
    expect(item("Dagsorden.pdf")).toHaveTextContent("Uploader … 50 %");
    expect(screen.getByText("Uploader 2 …")).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    first?.respond({ status: 201, body: stored("file-9", "Dagsorden (2).pdf", "application/pdf", 200 * 1024, "f2") });
    second?.respond({
      status: 413,
      body: { type: "urn:cluster-platform:problem:content-too-large", title: "Content Too Large", status: 413, detail: "The file is larger than 2 MB.", request_id: "r", errors: { file: ["At most 2097152 bytes."] }, codes: { file: [{ code: "file_too_large", max: 2097152 }] } },
    });
    expect(await within(item("Dagsorden.pdf")).findByText("Uploadet som »Dagsorden (2).pdf«")).toBeInTheDocument();
    expect(await within(item("Bilag.pdf")).findByText("Bilag.pdf er for stor: højst 2 MB.")).toBeInTheDocument();
    expect(screen.getByText("Uploadet: 1 af 4. Ikke uploadet: 3.")).toBeInTheDocument();
    await vi.waitFor(() => {
      expect(fake.count(`GET ${BASE}/files`)).toBeGreaterThan(readsBefore);
    });
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Ryd listen" }));
    expect(screen.queryByRole("list", { name: "Uploads" })).not.toBeInTheDocument();
  });

  it("takes files dropped anywhere on the page into the folder shown", async () => {
    const server = new FakeUploadServer().install();
    server.answer((request) => ({ status: 201, body: stored("file-8", request.file.name, "text/plain", 12, "f1") }));
    renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f1`, fake: libraryApi() });
    await screen.findByRole("table", { name: "Mapper og filer i Referater" });
    const dropped = new File(["Husk skemaet"], "Noter.txt", { type: "text/plain" });
    const dataTransfer = { types: ["Files"], files: [dropped], dropEffect: "none" };
    fireEvent.dragEnter(document.body, { dataTransfer });
    fireEvent.dragOver(document.body, { dataTransfer });
    expect(screen.getByText("Slip filerne for at uploade dem til Referater")).toBeInTheDocument();
    fireEvent.drop(document.body, { dataTransfer });
    expect(screen.queryByText("Slip filerne for at uploade dem til Referater")).not.toBeInTheDocument();
    expect(await screen.findByText("Uploadet")).toBeInTheDocument();
    expect(server.requests[0]?.form?.get("folder_id")).toBe("f1");
    expect(server.requests[0]?.file.name).toBe("Noter.txt");
  });

  it("previews a PDF from an object URL of its inline content, and revokes the URL on closing", async () => {
    const urls = objectUrls();
    const fake = libraryApi().on("GET /api/v1/files/file-1/content", () => new Response("%PDF-1.4", { headers: { "Content-Type": "application/pdf" } }));
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f2`, fake });
    await user.click(await screen.findByRole("button", { name: "Referat.pdf" }));
    const dialog = await screen.findByRole("dialog", { name: "Referat.pdf" });
    const frame = await within(dialog).findByTitle("Referat.pdf");
    expect(frame.tagName).toBe("IFRAME");
    expect(frame).toHaveAttribute("src", "blob:test/1");
    const [call] = fake.callsTo("GET /api/v1/files/file-1/content");
    expect(call?.search).toBe("?inline=true");
    expect(call?.authorization).toMatch(/^Bearer /);
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Luk" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(urls.revoked).toEqual(["blob:test/1"]);
  });

  it("deletes a file after a confirmation, with the ETag read when the dialog opened", async () => {
    const filesIn = { f2: [minutes, budget] };
    let ifMatch: string | null = null;
    const fake = libraryApi(inCluster(karen), filesIn)
      .on("GET /api/v1/files/file-1", () => json(minutes, { ETag: '"file-v3"' }))
      .on("DELETE /api/v1/files/file-1", (request) => {
        ifMatch = request.headers.get("If-Match");
        filesIn.f2 = [budget];
        return new Response(null, { status: 204 });
      });
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f2`, fake });
    await fromMenu(user, "Referat.pdf", "Slet");
    const dialog = await screen.findByRole("dialog", { name: "Slet »Referat.pdf«" });
    expect(await within(dialog).findByText("Vil du slette »Referat.pdf«? Filen kan ikke gendannes.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Slet filen" }));
    expect(await screen.findByText("»Referat.pdf« er slettet.")).toBeInTheDocument();
    expect(ifMatch).toBe('"file-v3"');
    await vi.waitFor(() => {
      expect(screen.queryByRole("row", { name: /Referat\.pdf/ })).not.toBeInTheDocument();
    });
  });

  it("moves a file to another folder, offering every folder by its path but the one it is in", async () => {
    let ifMatch: string | null = null;
    const fake = libraryApi()
      .on("GET /api/v1/files/file-1", () => json(minutes, { ETag: '"file-v1"' }))
      .on("PATCH /api/v1/files/file-1", (request) => {
        ifMatch = request.headers.get("If-Match");
        return json({ ...minutes, folder_id: "f4" }, { ETag: '"file-v2"' });
      });
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f2`, fake });
    await fromMenu(user, "Referat.pdf", "Flyt");
    const dialog = await screen.findByRole("dialog", { name: "Flyt »Referat.pdf«" });
    const select = await within(dialog).findByLabelText("Flyt til");
    expect(within(select).getAllByRole("option").map((option) => option.textContent)).toEqual([
      "Alle filer",
      "Data",
      "Referater",
      "Referater / 2026 / Efterår",
    ]);
    await user.selectOptions(select, "Data");
    await user.click(within(dialog).getByRole("button", { name: "Flyt" }));
    expect(await screen.findByText("»Referat.pdf« er flyttet til Data.")).toBeInTheDocument();
    expect(fake.callsTo("PATCH /api/v1/files/file-1").map((call) => call.body)).toEqual([{ folder_id: "f4" }]);
    expect(ifMatch).toBe('"file-v1"');
  });

  it("does not delete a folder that is not empty, and says why; the API's 409 says the same", async () => {
    const fake = libraryApi()
      .on("GET /api/v1/folders/f1", () => json(folders[0], { ETag: '"folder-v1"' }))
      .on("GET /api/v1/folders/f3", () => json(folders[2], { ETag: '"folder-v1"' }))
      .on("DELETE /api/v1/folders/f3", () => problemResponse(409, "conflict", "Conflict", "The folder is not empty."));
    const view = renderApp({ route: `/klynger/${CLUSTER_ID}/filer`, fake });
    await fromMenu(view.user, "Referater", "Slet");
    let dialog = await screen.findByRole("dialog", { name: "Slet mappen »Referater«" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Mappen »Referater« er ikke tom, så den kan ikke slettes. Flyt eller slet først filerne og mapperne i den.",
    );
    expect(within(dialog).getByRole("button", { name: "Slet mappen" })).toBeDisabled();
    expect(await seriousViolations()).toEqual([]);
    view.unmount();

    // Efterår looks empty, but something was put in it meanwhile.
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/filer?mappe=f2`, fake });
    await fromMenu(user, "Efterår", "Slet");
    dialog = await screen.findByRole("dialog", { name: "Slet mappen »Efterår«" });
    expect(await within(dialog).findByText("Vil du slette mappen »Efterår«? Den er tom.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Slet mappen" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Mappen »Efterår« er ikke tom, så den kan ikke slettes.");
  });
});
