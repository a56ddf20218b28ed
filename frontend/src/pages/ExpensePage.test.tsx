import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ExpenseDetail } from "../api/types";
import { freezeClock } from "../test/clock";
import { captureDownloads } from "../test/downloads";
import { FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 40_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const EXPENSE = "e0000000-0000-4000-8000-000000000001";
const RECEIPT = "f0000000-0000-4000-8000-000000000001";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function expense(change: Partial<ExpenseDetail> = {}): ExpenseDetail {
  return {
    id: EXPENSE,
    cluster_id: VIBORG,
    claimant_id: "u-mads",
    claimant_name: "Mads Medlem",
    category: "catering",
    title: "Frokost til temamødet",
    description: "",
    meeting_id: null,
    lines: [
      { text: "Sandwich", amount_ore: 123450 },
      { text: "Frugt", amount_ore: 99 },
    ],
    total_ore: 123549,
    state: "submitted",
    submitted_at: "2027-03-09T09:00:00Z",
    paid_on: null,
    ledger_entry_id: null,
    rejection_reason: null,
    receipt_count: 0,
    bank_account: { reg_no: "1234", account_no: "0012345678" },
    history: [
      { action: "create", from_state: null, to_state: "draft", at: "2027-03-08T08:00:00Z", actor_user_id: "u-mads", actor_client_id: null, actor_name: "Mads Medlem", comment: null },
      { action: "submit", from_state: "draft", to_state: "submitted", at: "2027-03-09T09:00:00Z", actor_user_id: "u-mads", actor_client_id: null, actor_name: "Mads Medlem", comment: null },
    ],
    my_permissions: { change: false, approve: true, book: false, read_private: true },
    created_at: "2027-03-08T08:00:00Z",
    updated_at: "2027-03-09T09:00:00Z",
    ...change,
  };
}

function expenseApi(detail: ExpenseDetail): FakeApi {
  return new FakeApi([karen])
    .withSessionOf(karen)
    .on(`GET /api/v1/expenses/${EXPENSE}`, () => json(detail, 200, { ETag: '"e1"' }))
    .on(`GET /api/v1/expenses/${EXPENSE}/receipts`, () => json({ items: [], next_cursor: null, has_more: false }));
}

describe("an expense's page (/udlaeg/:id)", () => {
  it("shows the approver its lines in kroner, the bank details, the history in Danish, and the approver's steps only", async () => {
    renderApp({ route: `/udlaeg/${EXPENSE}`, fake: expenseApi(expense()) });
    expect(await screen.findByRole("heading", { level: 1, name: "Frokost til temamødet" })).toBeInTheDocument();
    expect(screen.getByText("Indsendt", { selector: ".mantine-Badge-label" })).toBeInTheDocument();
    expect(screen.getByText("1.234,50 kr.")).toBeInTheDocument();
    expect(screen.getByText("1.235,49 kr.")).toBeInTheDocument();
    expect(screen.getByText("Udbetales til reg.nr. 1234, kontonr. 0012345678")).toBeInTheDocument();
    const history = screen.getByRole("region", { name: "Historik" });
    expect(within(history).getByText("Oprettet af Mads Medlem")).toBeInTheDocument();
    expect(within(history).getByText("8. marts 2027 kl. 09.00")).toBeInTheDocument();
    expect(within(history).getByText("Indsendt af Mads Medlem")).toBeInTheDocument();
    expect(within(history).getByText("9. marts 2027 kl. 10.00")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Godkend" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send retur" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Indsend" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Bogfør" })).not.toBeInTheDocument();
  });

  it("asks for a reason before rejecting, sends it, and says a refusal in Danish", async () => {
    let key: string | null = null;
    const fake = expenseApi(expense()).on(`POST /api/v1/expenses/${EXPENSE}/reject`, (request) => {
      key = request.headers.get("Idempotency-Key");
      return new Response(
        JSON.stringify({ type: "about:blank", title: "Conflict", status: 409, detail: "The expense is not submitted.", code: "expense_not_submitted" }),
        { status: 409, headers: { "Content-Type": "application/problem+json" } },
      );
    });
    const { user } = renderApp({ route: `/udlaeg/${EXPENSE}`, fake });
    await user.click(await screen.findByRole("button", { name: "Afvis" }));
    const dialog = await screen.findByRole("dialog", { name: "Afvis udlægget?" });
    expect(dialog).toHaveTextContent("1.235,49 kr.");
    await user.click(within(dialog).getByRole("button", { name: "Afvis" }));
    expect(await within(dialog).findByText("Skriv en begrundelse.")).toBeInTheDocument();
    expect(fake.count(`POST /api/v1/expenses/${EXPENSE}/reject`)).toBe(0);
    await user.type(within(dialog).getByRole("textbox", { name: /Begrundelse/ }), "Ikke klyngens udgift");
    await user.click(within(dialog).getByRole("button", { name: "Afvis" }));
    expect(await within(dialog).findByText("Kun et indsendt udlæg kan godkendes, afvises eller sendes retur.", { exact: false })).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent("not submitted");
    const [call] = fake.callsTo(`POST /api/v1/expenses/${EXPENSE}/reject`);
    expect(call?.body).toEqual({ reason: "Ikke klyngens udgift" });
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("offers the claimant's draft its own steps", async () => {
    renderApp({
      route: `/udlaeg/${EXPENSE}`,
      fake: expenseApi(expense({ state: "draft", submitted_at: null, my_permissions: { change: true, approve: false, book: false, read_private: true } })),
    });
    expect(await screen.findByRole("button", { name: "Indsend" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Ret" })).toHaveAttribute("href", `/udlaeg/${EXPENSE}/rediger`);
    expect(screen.getByRole("button", { name: "Slet udlæg" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Godkend" })).not.toBeInTheDocument();
  });

  it("names a step whose actor is gone as a former user's, and PLO's module by its name", async () => {
    const [created, submitted] = expense().history;
    const history = [
      { ...created!, actor_user_id: null, actor_name: null },
      submitted!,
      { action: "approve" as const, from_state: "submitted" as const, to_state: "approved" as const, at: "2027-03-09T12:30:00Z", actor_user_id: "u-kasper", actor_client_id: null, actor_name: "Kasper Kasserer", comment: null },
      { action: "book" as const, from_state: "approved" as const, to_state: "booked" as const, at: "2027-03-10T08:00:00Z", actor_user_id: null, actor_client_id: "c-plo", actor_name: "PLO's økonomimodul", comment: null },
    ];
    renderApp({ route: `/udlaeg/${EXPENSE}`, fake: expenseApi(expense({ state: "booked", history })) });
    const region = await screen.findByRole("region", { name: "Historik" });
    expect(within(region).getByText("Oprettet af en tidligere bruger")).toBeInTheDocument();
    expect(within(region).getByText("Godkendt af Kasper Kasserer")).toBeInTheDocument();
    expect(within(region).getByText("9. marts 2027 kl. 13.30")).toBeInTheDocument();
    expect(within(region).getByText("Bogført af PLO's økonomimodul")).toBeInTheDocument();
  });

  it("removes a receipt from the claimant's draft behind a confirmation that names it, with the expense's ETag", async () => {
    captureDownloads();
    const receipt = {
      id: RECEIPT,
      expense_id: EXPENSE,
      name: "Bon fra bageren.pdf",
      media_type: "application/pdf",
      size: 2048,
      sha256: "ab".repeat(32),
      uploaded_by_id: "u-mads",
      created_at: "2027-03-08T08:05:00Z",
    };
    let receipts = [receipt];
    let ifMatch: string | null = null;
    const draft = expense({ state: "draft", submitted_at: null, receipt_count: 1, my_permissions: { change: true, approve: false, book: false, read_private: true } });
    const fake = expenseApi(draft)
      .on(`GET /api/v1/expenses/${EXPENSE}/receipts`, () => json({ items: receipts, next_cursor: null, has_more: false }))
      .on(`GET /api/v1/expenses/${EXPENSE}/receipts/${RECEIPT}`, () => new Response(new Blob(["%PDF-1.4"]), { status: 200, headers: { "Content-Type": "application/pdf" } }))
      .on(`DELETE /api/v1/expenses/${EXPENSE}/receipts/${RECEIPT}`, (request) => {
        ifMatch = request.headers.get("If-Match");
        receipts = [];
        return new Response(null, { status: 204 });
      });
    const { user } = renderApp({ route: `/udlaeg/${EXPENSE}`, fake });
    await user.click(await screen.findByRole("button", { name: "Handlinger for Bon fra bageren.pdf" }));
    await user.click(await screen.findByRole("menuitem", { name: "Fjern kvittering" }));
    const dialog = await screen.findByRole("dialog", { name: "Fjern »Bon fra bageren.pdf«" });
    expect(await within(dialog).findByText("Vil du fjerne kvitteringen »Bon fra bageren.pdf« fra udlægget? Den kan ikke gendannes.")).toBeInTheDocument();
    expect(fake.count(`DELETE /api/v1/expenses/${EXPENSE}/receipts/${RECEIPT}`)).toBe(0);
    await user.click(within(dialog).getByRole("button", { name: "Fjern kvitteringen" }));
    expect(await screen.findByText("Ingen kvitteringer endnu.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(ifMatch).toBe('"e1"');
  });

  it("offers no removal of a receipt once the expense is submitted", async () => {
    captureDownloads();
    const receipt = { id: RECEIPT, expense_id: EXPENSE, name: "Bon.pdf", media_type: "application/pdf", size: 10, sha256: "ab".repeat(32), uploaded_by_id: "u-mads", created_at: "2027-03-08T08:05:00Z" };
    const fake = expenseApi(expense({ my_permissions: { change: true, approve: false, book: false, read_private: true } }))
      .on(`GET /api/v1/expenses/${EXPENSE}/receipts`, () => json({ items: [receipt], next_cursor: null, has_more: false }))
      .on(`GET /api/v1/expenses/${EXPENSE}/receipts/${RECEIPT}`, () => new Response(new Blob(["%PDF-1.4"]), { status: 200, headers: { "Content-Type": "application/pdf" } }));
    renderApp({ route: `/udlaeg/${EXPENSE}`, fake });
    expect(await screen.findByText("Bon.pdf")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Handlinger for Bon.pdf" })).not.toBeInTheDocument();
  });
});
