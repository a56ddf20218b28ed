import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Attachment, Cluster, ClusterRole, Post } from "../../api/types";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../../test/fakeApi";
import { FakeUploadServer } from "../../test/fakeXhr";
import { renderApp } from "../../test/renderApp";
import { seriousViolations } from "../../test/axe";
import { captureDownloads } from "../../test/downloads";
import { freezeClock } from "../../test/clock";
import { COORDINATOR_PERMISSIONS, MEMBER_PERMISSIONS, NO_CLUSTER_PERMISSIONS } from "../../test/clusters";

// The fixtures are dated around 23 November 2026; the tests see that day, whatever today is.
freezeClock("2026-11-23T13:00:00Z");

// Whole pages with axe-core runs: slower than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const MEETING_ID = "e0000000-0000-4000-8000-000000000001";
const CLUSTER = `/api/v1/clusters/${CLUSTER_ID}`;
const BOARD_ROUTE = `/klynger/${CLUSTER_ID}/opslag`;
const LAST_VISIT = "2026-11-20T10:00:00Z";

const mads: FakeAccount = {
  id: "5b0c6e6e-8c1a-4d43-9d7e-000000000003",
  email: "medlem@demo.dk",
  password: "demo-password",
  name: "Mads Medlem",
};
const LISE = { id: "u-lise", name: "Lise Læge" };
const KAREN = { id: karen.id, name: karen.name };

function inCluster(account: FakeAccount, roles: ClusterRole["role"][]): FakeAccount {
  return { ...account, organisations: [], clusters: [{ id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles }] };
}

function json(body: unknown, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function attachment(id: string, name: string, size: number): Attachment {
  return {
    id,
    name,
    size,
    media_type: "application/pdf",
    sha256: "0".repeat(64),
    attached_to: "post",
    cluster_id: CLUSTER_ID,
    meeting_id: null,
    folder_id: null,
    post_id: "t1",
    uploaded_by: KAREN,
    my_permissions: { change: false },
    created_at: "2026-11-01T09:00:00Z",
    updated_at: "2026-11-01T09:00:00Z",
  };
}

const cluster: Cluster = {
  id: CLUSTER_ID,
  name: "Demoklyngen Viborg",
  region: { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
  description: "",
  data_policy: null,
  data_policy_decided_on: null,
  data_policy_valid_from: null,
  data_policy_valid_to: null,
  clinic_count: 2,
  doctor_count: 3,
  created_at: "2026-01-05T09:00:00Z",
  updated_at: "2026-01-05T09:00:00Z",
};

type Row = Pick<Post, "id" | "parent_id" | "title" | "body" | "author" | "created_at"> & Partial<Post>;

function row(fields: Row): Post {
  return {
    cluster_id: CLUSTER_ID,
    meeting_id: null,
    body_html: `<p>${fields.body}</p>`,
    pinned: false,
    updated_at: fields.created_at,
    edited_at: null,
    last_activity_at: fields.created_at,
    reply_count: 0,
    new: false,
    new_replies: 0,
    attachments: [],
    my_permissions: { change: false, pin: false },
    ...fields,
  };
}

/** The demo board: a pinned notice, a colleague's new question, and the reader's own thread with replies. */
function demoRows(): Post[] {
  return [
    row({ id: "t1", parent_id: null, title: "Husk tilmelding til temadagen", body: "Senest **fredag**.", author: KAREN, created_at: "2026-11-01T09:00:00Z", pinned: true, attachments: [attachment("f1", "Program temadag.pdf", 245_000)] }),
    row({ id: "t2", parent_id: null, title: "Erfaringer med det nye journalsystem?", body: "Hvordan går det hos jer?", author: LISE, created_at: "2026-11-22T08:00:00Z" }),
    row({ id: "t3", parent_id: null, title: "Vagtplan for december", body: "Her er mit forslag.", author: { id: mads.id, name: mads.name }, created_at: "2026-11-10T12:00:00Z" }),
    row({ id: "r1", parent_id: "t3", title: null, body: "Fint for mig.", author: LISE, created_at: "2026-11-15T12:00:00Z" }),
    row({ id: "r2", parent_id: "t3", title: null, body: "Jeg bytter gerne den 12.", author: LISE, created_at: "2026-11-21T12:00:00Z" }),
    row({ id: "r3", parent_id: "t3", title: null, body: "Godkendt.", author: KAREN, created_at: "2026-11-22T12:00:00Z" }),
  ];
}

/** A post as the fake keeps it: changed in place. */
type Stored = { -readonly [K in keyof Post]: Post[K] };

/**
 * The board as the API keeps it for one reader: what is new to them follows their last visit,
 * what they may do follows authorship and moderation, and every change needs the post's ETag.
 */
class FakeBoard {
  readonly ifMatch: string[] = [];
  readonly idempotency: string[] = [];
  seenAt: string | null = LAST_VISIT;
  rows: Stored[];
  readonly fake: FakeApi;
  readonly reader: FakeAccount;
  readonly moderator: boolean;
  readonly #versions = new Map<string, number>();

  constructor(fake: FakeApi, reader: FakeAccount, moderator: boolean, rows: Post[], base = CLUSTER) {
    this.fake = fake;
    this.reader = reader;
    this.moderator = moderator;
    this.rows = rows.map((post) => ({ ...post }));
    for (const post of rows) this.#routes(post.id);
    fake
      .on(`GET ${base}/posts`, () => json({ items: this.threads().map((post) => this.shown(post)), next_cursor: null }))
      .on(`POST ${base}/posts`, (request) => this.#create(request, null))
      .on(`GET ${base}/board-visit`, () => json({ seen_at: this.seenAt, previous_seen_at: this.seenAt, unread_threads: this.unread() }))
      .on(`PUT ${base}/board-visit`, () => {
        const previous = this.seenAt;
        this.seenAt = new Date().toISOString();
        return json({ seen_at: this.seenAt, previous_seen_at: previous, unread_threads: 0 });
      });
  }

  etag(id: string): string {
    return `"post-${id}-${String(this.#versions.get(id) ?? 1)}"`;
  }

  threads(): Post[] {
    return this.rows
      .filter((post) => post.parent_id === null)
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.last_activity_at.localeCompare(a.last_activity_at));
  }

  #isNew(post: Post): boolean {
    return post.author?.id !== this.reader.id && (this.seenAt === null || post.created_at > this.seenAt);
  }

  unread(): number {
    return this.threads().filter((thread) => this.#isNew(thread) || this.#replies(thread.id).some((reply) => this.#isNew(reply))).length;
  }

  #replies(threadId: string): Post[] {
    return this.rows.filter((post) => post.parent_id === threadId).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  shown(post: Post): Post {
    const replies = this.#replies(post.id);
    const own = post.author?.id === this.reader.id;
    return {
      ...post,
      reply_count: replies.length,
      new: this.#isNew(post),
      new_replies: replies.filter((reply) => this.#isNew(reply)).length,
      my_permissions: { change: own || this.moderator, pin: this.moderator && post.parent_id === null },
    };
  }

  #find(id: string): Stored | undefined {
    return this.rows.find((post) => post.id === id);
  }

  #checkEtag(request: Request, id: string): Response | null {
    const ifMatch = request.headers.get("If-Match");
    if (ifMatch) this.ifMatch.push(ifMatch);
    if (ifMatch !== this.etag(id)) return problemResponse(412, "precondition-failed", "Precondition Failed", "The post has changed.");
    return null;
  }

  /** The JSON body of the request being answered (the fake has read it already). */
  #body(): unknown {
    return this.fake.calls[this.fake.calls.length - 1]?.body;
  }

  #create(request: Request, parentId: string | null): Response {
    this.idempotency.push(request.headers.get("Idempotency-Key") ?? "");
    const body = this.#body() as { title?: string; body: string; pinned?: boolean };
    const now = new Date().toISOString();
    const post = row({
      id: `new-${String(this.rows.length + 1)}`,
      parent_id: parentId,
      title: body.title ?? null,
      body: body.body,
      author: { id: this.reader.id, name: this.reader.name },
      created_at: now,
      pinned: body.pinned ?? false,
    });
    this.rows.push(post);
    const parent = parentId ? this.#find(parentId) : undefined;
    if (parent) parent.last_activity_at = now;
    this.#routes(post.id);
    return json(this.shown(post), { ETag: this.etag(post.id) }, 201);
  }

  #routes(id: string): void {
    const path = `/api/v1/posts/${id}`;
    this.fake
      .on(`GET ${path}`, () => {
        const post = this.#find(id);
        return post ? json(this.shown(post), { ETag: this.etag(id) }) : problemResponse(404, "not-found", "Not Found", "No such post.");
      })
      .on(`PATCH ${path}`, (request) => {
        const refused = this.#checkEtag(request, id);
        if (refused) return refused;
        const post = this.#find(id);
        if (!post) return problemResponse(404, "not-found", "Not Found", "No such post.");
        const change = this.#body() as Partial<Post>;
        Object.assign(post, change);
        if (change.body !== undefined) post.body_html = `<p>${change.body}</p>`;
        if (change.title !== undefined || change.body !== undefined) post.edited_at = new Date().toISOString();
        this.#versions.set(id, (this.#versions.get(id) ?? 1) + 1);
        return json(this.shown(post), { ETag: this.etag(id) });
      })
      .on(`DELETE ${path}`, (request) => {
        const refused = this.#checkEtag(request, id);
        if (refused) return refused;
        this.rows = this.rows.filter((post) => post.id !== id && post.parent_id !== id);
        return new Response(null, { status: 204 });
      })
      .on(`GET ${path}/replies`, () => json({ items: this.#replies(id).map((reply) => this.shown(reply)), next_cursor: null }))
      .on(`POST ${path}/replies`, (request) => this.#create(request, id));
  }
}

function boardApi(account: FakeAccount, { moderator = false, rows = demoRows() } = {}) {
  // What the API answers for the person: the cluster's own people post, its coordinators moderate.
  const own = account.clusters?.some((mine) => mine.id === CLUSTER_ID) ?? false;
  const myPermissions = moderator ? COORDINATOR_PERMISSIONS : own ? MEMBER_PERMISSIONS : NO_CLUSTER_PERMISSIONS;
  const fake = new FakeApi([account])
    .withSessionOf(account)
    .on(`GET ${CLUSTER}`, () => json({ ...cluster, my_permissions: myPermissions }, { ETag: '"cluster-1"' }));
  const board = new FakeBoard(fake, account, moderator, rows);
  return { fake, board };
}

/** The thread's card on the board, found by its title. */
async function threadCard(title: string): Promise<HTMLElement> {
  const toggle = await screen.findByRole("button", { name: title });
  const card = toggle.closest("li");
  if (!card) throw new Error(`No card for ${title}`);
  return card;
}

async function openThread(user: ReturnType<typeof renderApp>["user"], title: string): Promise<HTMLElement> {
  await user.click(await screen.findByRole("button", { name: title }));
  return threadCard(title);
}

describe("the cluster's notice board", () => {
  it("marks pinned and new threads and new replies, records the visit once, and keeps the marks in this view", async () => {
    const { fake, board } = boardApi(inCluster(mads, []));
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    expect(await screen.findByRole("tab", { name: /^Opslag/, selected: true })).toBeInTheDocument();
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Opslag – Klyngeplatformen");
    });
    const section = await screen.findByRole("region", { name: "Alle opslag" });

    const titles = (await within(section).findAllByRole("heading", { level: 3 })).map((heading) => heading.textContent);
    expect(titles).toEqual(["Husk tilmelding til temadagen", "Erfaringer med det nye journalsystem?", "Vagtplan for december"]);
    const pinned = await threadCard("Husk tilmelding til temadagen");
    expect(within(pinned).getByText("Fastgjort")).toBeInTheDocument();
    expect(within(pinned).queryByText("Ny")).not.toBeInTheDocument();
    expect(pinned).toHaveTextContent("Karen Koordinator · 1. november 2026 kl. 10.00 · Ingen svar");
    expect(within(await threadCard("Erfaringer med det nye journalsystem?")).getByText("Ny")).toBeInTheDocument();
    const own = await threadCard("Vagtplan for december");
    expect(within(own).getByText("2 nye svar")).toBeInTheDocument();
    expect(within(own).getByText(/3 svar$/)).toBeInTheDocument();
    await waitFor(() => {
      expect(fake.count(`PUT ${CLUSTER}/board-visit`)).toBe(1);
    });
    expect(await seriousViolations()).toEqual([]);

    // Opened: the text, and the replies others wrote since the last visit marked, though the
    // API counts from the visit just recorded.
    await openThread(user, "Vagtplan for december");
    expect(within(own).getByRole("button", { name: "Vagtplan for december" })).toHaveAttribute("aria-expanded", "true");
    expect(within(own).getByText("Her er mit forslag.")).toBeInTheDocument();
    const replies = await within(own).findByRole("list", { name: "Svar på »Vagtplan for december«" });
    const marked = () => within(replies).getAllByRole("listitem").map((item) => within(item).queryByText("Nyt") !== null);
    await waitFor(() => {
      expect(marked()).toEqual([false, true, true]);
    });
    expect(await seriousViolations()).toEqual([]);

    // A reply of one's own reads the board again: the marks of this view stay, the visit is not recorded twice.
    await user.type(within(own).getByLabelText(/^Dit svar/), "Tak, så er den på plads.");
    await user.click(within(own).getByRole("button", { name: "Send svar" }));
    expect(await within(own).findByText("Dit svar er sendt.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/posts/t3/replies")[0]?.body).toEqual({ body: "Tak, så er den på plads." });
    expect(board.idempotency[0]).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => {
      expect(within(replies).getAllByRole("listitem")).toHaveLength(4);
    });
    expect(marked()).toEqual([false, true, true, false]);
    expect(within(own).getByLabelText(/^Dit svar/)).toHaveValue("");
    expect(within(await threadCard("Vagtplan for december")).getByText("2 nye svar")).toBeInTheDocument();
    expect(within(await threadCard("Erfaringer med det nye journalsystem?")).getByText("Ny")).toBeInTheDocument();
    expect(fake.count(`PUT ${CLUSTER}/board-visit`)).toBe(1);
  });

  it("offers a member the edit and delete of their own posts only, and no pin", async () => {
    const { fake } = boardApi(inCluster(mads, []));
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const own = await openThread(user, "Vagtplan for december");
    expect(within(own).getByRole("button", { name: "Redigér: Vagtplan for december" })).toBeInTheDocument();
    expect(within(own).getByRole("button", { name: "Handlinger for Vagtplan for december" })).toBeInTheDocument();
    expect(within(own).getByRole("group", { name: "Vedhæft filer" })).toBeInTheDocument();
    await within(own).findByRole("list", { name: "Svar på »Vagtplan for december«" });
    expect(within(own).queryByRole("button", { name: "Redigér svar fra Lise Læge" })).not.toBeInTheDocument();
    expect(within(own).queryByRole("button", { name: /^Fastgør/ })).not.toBeInTheDocument();

    const others = await openThread(user, "Erfaringer med det nye journalsystem?");
    expect(within(others).queryByRole("button", { name: /^Redigér/ })).not.toBeInTheDocument();
    expect(within(others).queryByRole("button", { name: /^Handlinger for/ })).not.toBeInTheDocument();
    expect(within(others).queryByRole("group", { name: "Vedhæft filer" })).not.toBeInTheDocument();
    expect(within(others).getByLabelText(/^Dit svar/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Nyt opslag" }));
    const dialog = await screen.findByRole("dialog", { name: "Nyt opslag" });
    expect(within(dialog).queryByRole("checkbox")).not.toBeInTheDocument();
  });

  it("offers a coordinator pins and the moderation of anyone's posts", async () => {
    const { fake } = boardApi(inCluster(karen, ["coordinator"]), { moderator: true });
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const thread = await openThread(user, "Erfaringer med det nye journalsystem?");
    expect(within(thread).getByRole("button", { name: "Fastgør: Erfaringer med det nye journalsystem?" })).toBeInTheDocument();
    expect(within(thread).getByRole("button", { name: "Redigér: Erfaringer med det nye journalsystem?" })).toBeInTheDocument();
    expect(within(thread).getByRole("button", { name: "Handlinger for Erfaringer med det nye journalsystem?" })).toBeInTheDocument();
    // Files go on one's own posts.
    expect(within(thread).queryByRole("group", { name: "Vedhæft filer" })).not.toBeInTheDocument();
    const pinned = await openThread(user, "Husk tilmelding til temadagen");
    expect(within(pinned).getByRole("button", { name: "Fjern fastgørelse: Husk tilmelding til temadagen" })).toBeInTheDocument();
    const withReplies = await openThread(user, "Vagtplan for december");
    const replies = await within(withReplies).findByRole("list", { name: "Svar på »Vagtplan for december«" });
    expect(within(replies).getAllByRole("button", { name: "Handlinger for svar fra Lise Læge" })).toHaveLength(2);
    expect(await seriousViolations()).toEqual([]);
  });

  it("lets someone outside the cluster read, without forms", async () => {
    const consultant: FakeAccount = { ...mads, name: "Mette Konsulent", clusters: [] };
    const { fake } = boardApi(consultant);
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    expect(await screen.findByText("Du kan læse opslagene. Kun klyngens egne læger og rolleindehavere skriver her.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Nyt opslag" })).not.toBeInTheDocument();
    const thread = await openThread(user, "Erfaringer med det nye journalsystem?");
    expect(within(thread).getByText("Hvordan går det hos jer?")).toBeInTheDocument();
    expect(within(thread).queryByLabelText(/^Dit svar/)).not.toBeInTheDocument();
  });

  it("writes a thread, pinned at once by a coordinator, with an Idempotency-Key, and opens it", async () => {
    const { fake, board } = boardApi(inCluster(karen, ["co_coordinator"]), { moderator: true, rows: [] });
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    expect(await screen.findByText("Der er ingen opslag endnu.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Nyt opslag" }));
    const dialog = await screen.findByRole("dialog", { name: "Nyt opslag" });
    const submit = within(dialog).getByRole("button", { name: "Slå op" });
    expect(submit).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/^Overskrift/), "Julefrokost");
    const text = within(dialog).getByLabelText(/^Tekst/);
    expect(text).toHaveAccessibleDescription(/Du kan bruge Markdown/);
    await user.type(text, "Vi mødes *kl. 18*.");
    await user.click(within(dialog).getByLabelText("Fastgør opslaget øverst på tavlen"));
    expect(await seriousViolations()).toEqual([]);
    await user.click(submit);

    expect(await screen.findByText("Dit opslag er slået op.")).toBeInTheDocument();
    expect(fake.callsTo(`POST ${CLUSTER}/posts`)[0]?.body).toEqual({ title: "Julefrokost", body: "Vi mødes *kl. 18*.", pinned: true });
    expect(board.idempotency[0]).toMatch(/^[0-9a-f-]{36}$/);
    const card = await threadCard("Julefrokost");
    expect(within(card).getByRole("button", { name: "Julefrokost" })).toHaveAttribute("aria-expanded", "true");
    expect(within(card).getByText("Fastgjort")).toBeInTheDocument();
    expect(within(card).queryByText("Ny")).not.toBeInTheDocument();
  });

  it("edits one's own post with the ETag read when the dialog opened", async () => {
    const { fake, board } = boardApi(inCluster(mads, []));
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const own = await openThread(user, "Vagtplan for december");
    await user.click(within(own).getByRole("button", { name: "Redigér: Vagtplan for december" }));
    const dialog = await screen.findByRole("dialog", { name: "Redigér opslag" });
    const title = await within(dialog).findByLabelText(/^Overskrift/);
    expect(title).toHaveValue("Vagtplan for december");
    await user.clear(title);
    await user.type(title, "Vagtplan for december (rettet)");
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));

    expect(await screen.findByText("Opslaget er gemt.")).toBeInTheDocument();
    expect(board.ifMatch).toEqual(['"post-t3-1"']);
    expect(fake.callsTo("PATCH /api/v1/posts/t3")[0]?.body).toEqual({ title: "Vagtplan for december (rettet)", body: "Her er mit forslag." });
    const card = await threadCard("Vagtplan for december (rettet)");
    expect(within(card).getByText(/redigeret/)).toBeInTheDocument();
  });

  it("explains that someone else changed the post meanwhile (412)", async () => {
    const { fake, board } = boardApi(inCluster(mads, []));
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const own = await openThread(user, "Vagtplan for december");
    await user.click(within(own).getByRole("button", { name: "Redigér: Vagtplan for december" }));
    const dialog = await screen.findByRole("dialog", { name: "Redigér opslag" });
    const body = await within(dialog).findByLabelText(/^Tekst/);
    // Someone else saves first: the version read on opening is no longer the post's.
    board.ifMatch.length = 0;
    fake.on("PATCH /api/v1/posts/t3", () => problemResponse(412, "precondition-failed", "Precondition Failed", "The post has changed."));
    await user.type(body, " Ny version.");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Opslaget er ændret af en anden, mens du arbejdede.");
    expect(screen.getByRole("dialog", { name: "Redigér opslag" })).toBeInTheDocument();
  });

  it("deletes another's reply as moderator after a confirmation, with If-Match", async () => {
    const { fake, board } = boardApi(inCluster(karen, ["coordinator"]), { moderator: true });
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const thread = await openThread(user, "Vagtplan for december");
    const replies = await within(thread).findByRole("list", { name: "Svar på »Vagtplan for december«" });
    const [first] = within(replies).getAllByRole("button", { name: "Handlinger for svar fra Lise Læge" });
    await user.click(first!);
    // The menu opens with a short transition: on a busy machine it can take longer than a second.
    await user.click(await screen.findByRole("menuitem", { name: "Slet" }, { timeout: 5000 }));
    const dialog = await screen.findByRole("dialog", { name: "Slet svar" });
    expect(await within(dialog).findByText("Vil du slette svaret fra Lise Læge? Vedhæftede filer bliver slettet sammen med det.")).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Slet svaret" }));

    expect(await screen.findByText("Svaret er slettet.")).toBeInTheDocument();
    expect(board.ifMatch).toEqual(['"post-r1-1"']);
    await waitFor(() => {
      expect(within(replies).getAllByRole("listitem")).toHaveLength(2);
    });
    expect(within(replies).queryByText("Fint for mig.")).not.toBeInTheDocument();
  });

  it("deletes one's own thread with its replies after a confirmation", async () => {
    const { fake, board } = boardApi(inCluster(mads, []));
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const own = await openThread(user, "Vagtplan for december");
    await user.click(within(own).getByRole("button", { name: "Handlinger for Vagtplan for december" }));
    // The menu opens with a short transition: on a busy machine it can take longer than a second.
    await user.click(await screen.findByRole("menuitem", { name: "Slet" }, { timeout: 5000 }));
    const dialog = await screen.findByRole("dialog", { name: "Slet opslag" });
    expect(
      await within(dialog).findByText("Vil du slette dit opslag »Vagtplan for december«? Svarene og de vedhæftede filer bliver slettet sammen med det."),
    ).toBeInTheDocument();
    expect(within(dialog).getByText("Det kan ikke fortrydes.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Slet opslaget" }));
    expect(await screen.findByText("Opslaget er slettet.")).toBeInTheDocument();
    expect(board.ifMatch).toEqual(['"post-t3-1"']);
    await waitFor(() => {
      expect(screen.queryByRole("button", { name: "Vagtplan for december" })).not.toBeInTheDocument();
    });
  });

  it("pins a thread in one click, sending only the pin with a fresh ETag", async () => {
    const { fake, board } = boardApi(inCluster(karen, ["coordinator"]), { moderator: true });
    const { user } = renderApp({ route: BOARD_ROUTE, fake });
    const thread = await openThread(user, "Erfaringer med det nye journalsystem?");
    await user.click(within(thread).getByRole("button", { name: "Fastgør: Erfaringer med det nye journalsystem?" }));
    expect(await screen.findByText("»Erfaringer med det nye journalsystem?« er fastgjort øverst på tavlen.")).toBeInTheDocument();
    expect(fake.callsTo("PATCH /api/v1/posts/t2")[0]?.body).toEqual({ pinned: true });
    expect(board.ifMatch).toEqual(['"post-t2-1"']);
    await waitFor(() => {
      expect(within(thread).getByText("Fastgjort")).toBeInTheDocument();
    });
    expect(within(thread).getByRole("button", { name: "Fjern fastgørelse: Erfaringer med det nye journalsystem?" })).toBeInTheDocument();
  });

  it("downloads an attachment with the token under its name, and attaches a file to one's own post", async () => {
    const { fake, board } = boardApi(inCluster(mads, []));
    const pdf = "%PDF-1.7 program";
    fake.on("GET /api/v1/files/f1/content", () => new Response(pdf, { headers: { "Content-Type": "application/pdf" } }));
    const downloads = captureDownloads();
    // Uploads go by XMLHttpRequest (for their progress) and are answered at the network boundary.
    const server = new FakeUploadServer().install().answer((request) => {
      const stored = { ...attachment("f2", request.file.name, request.file.size), post_id: "t3" };
      const thread = board.rows.find((post) => post.id === "t3");
      if (thread) thread.attachments = [...thread.attachments, stored];
      return { status: 201, body: stored };
    });
    const { user } = renderApp({ route: BOARD_ROUTE, fake });

    const pinned = await openThread(user, "Husk tilmelding til temadagen");
    expect(within(pinned).getByText("Vedhæftede filer")).toBeInTheDocument();
    expect(within(pinned).getByText("239,3 kB")).toBeInTheDocument();
    await user.click(within(pinned).getByRole("button", { name: "Program temadag.pdf" }));
    await vi.waitFor(() => {
      expect(downloads).toEqual([{ fileName: "Program temadag.pdf", body: pdf }]);
    });
    expect(fake.callsTo("GET /api/v1/files/f1/content")[0]?.authorization).toMatch(/^Bearer /);

    const own = await openThread(user, "Vagtplan for december");
    const attach = within(own).getByRole("group", { name: "Vedhæft filer" });
    expect(within(attach).getByRole("button", { name: "Vælg filer" })).toBeInTheDocument();
    const input = attach.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("No file input.");
    await user.upload(input, new File(["uge 49: Lise"], "vagtplan.txt", { type: "text/plain" }));
    expect(await within(attach).findByText("Uploadet")).toBeInTheDocument();
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/v1/posts/t3/files");
    expect(request?.file.name).toBe("vagtplan.txt");
    expect(request?.headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.headers.Authorization).toMatch(/^Bearer /);
    expect(await within(own).findByRole("button", { name: "vagtplan.txt" })).toBeInTheDocument();
    const attached = within(own).getByRole("list", { name: "Vedhæftede filer" });
    expect(within(attached).getByText("12 byte")).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows on the cluster page's board tab the count of threads new to the reader", async () => {
    const { fake } = boardApi(inCluster(mads, []));
    renderApp({ route: `/klynger/${CLUSTER_ID}`, fake });
    const tab = await screen.findByRole("tab", { name: "Opslag 2 nye" });
    expect(tab).toHaveAttribute("aria-selected", "false");
  });
});

describe("a meeting's notice board", () => {
  it("reads and writes the meeting's own board on its page", async () => {
    const M = `/api/v1/meetings/${MEETING_ID}`;
    const account = inCluster(mads, []);
    const fake = new FakeApi([account]).withSessionOf(account).on(`GET ${M}`, () =>
      json(
        {
          id: MEETING_ID,
          cluster_id: CLUSTER_ID,
          title: "Klyngemøde om UVI",
          kind: "after_work",
          starts_at: "2026-12-03T15:30:00Z",
          ends_at: "2026-12-03T19:00:00Z",
          time_zone: "Europe/Copenhagen",
          place_name: null,
          place_address: null,
          video_url: null,
          rsvp_by: null,
          status: "planned",
          responsible: { id: karen.id, kind: "user", name: karen.name },
          description: "",
          ical_uid: "uid-1",
          sequence: 0,
          cancelled_at: null,
          package_version_id: null,
          closed_at: null,
          created_at: "2026-10-01T09:00:00Z",
          updated_at: "2026-10-01T09:00:00Z",
          agenda_minutes: 0,
          agenda_items: [],
          answers: { accepted: 0, tentative: 0, declined: 0, invited: 0 },
          attended: 0,
          minutes: "",
          decisions: "",
          open_actions: [],
          my_permissions: { plan: false, read_answers: true, read_attendance: true, register_attendance: false, correct_attendance: false },
        },
        { ETag: '"meeting-1"' },
      ),
    );
    fake.on(`GET ${CLUSTER}`, () => json({ ...cluster, my_permissions: MEMBER_PERMISSIONS }, { ETag: '"cluster-1"' }));
    const question = row({ id: "m1", parent_id: null, title: "Samkørsel fra Skive?", body: "Jeg har to ledige pladser.", author: LISE, created_at: "2026-11-22T08:00:00Z", meeting_id: MEETING_ID });
    new FakeBoard(fake, account, false, [question], M);
    const { user } = renderApp({ route: `/moeder/${MEETING_ID}`, fake });
    const section = await screen.findByRole("region", { name: "Opslag" });
    const card = await threadCard("Samkørsel fra Skive?");
    expect(within(card).getByText("Ny")).toBeInTheDocument();
    await waitFor(() => {
      expect(fake.count(`PUT ${M}/board-visit`)).toBe(1);
    });

    await user.click(within(section).getByRole("button", { name: "Nyt opslag" }));
    const dialog = await screen.findByRole("dialog", { name: "Nyt opslag" });
    await user.type(within(dialog).getByLabelText(/^Overskrift/), "Slides til mødet");
    await user.type(within(dialog).getByLabelText(/^Tekst/), "Jeg lægger dem her.");
    await user.click(within(dialog).getByRole("button", { name: "Slå op" }));
    expect(await within(section).findByText("Dit opslag er slået op.")).toBeInTheDocument();
    expect(fake.callsTo(`POST ${M}/posts`)[0]?.body).toEqual({ title: "Slides til mødet", body: "Jeg lægger dem her.", pinned: false });
    expect(await within(section).findByRole("button", { name: "Slides til mødet" })).toBeInTheDocument();
    expect(fake.count(`GET ${CLUSTER}/posts`)).toBe(0);
  });
});

