import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ExpenseDetail } from "../api/types";
import { freezeClock } from "../test/clock";
import { FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 40_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const EXPENSE = "e0000000-0000-4000-8000-000000000001";

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
      { action: "create", from_state: null, to_state: "draft", at: "2027-03-08T08:00:00Z", actor_user_id: "u-mads", actor_client_id: null, comment: null },
      { action: "submit", from_state: "draft", to_state: "submitted", at: "2027-03-09T09:00:00Z", actor_user_id: "u-mads", actor_client_id: null, comment: null },
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
    expect(within(history).getByText("Oprettet")).toBeInTheDocument();
    expect(within(history).getByText("8. marts 2027 kl. 09.00")).toBeInTheDocument();
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
});
