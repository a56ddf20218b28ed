import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Budget, FeeProposal, LedgerSummary, MyCluster } from "../../api/types";
import { seriousViolations } from "../../test/axe";
import { freezeClock } from "../../test/clock";
import { clusterDetail } from "../../test/clusters";
import { captureDownloads } from "../../test/downloads";
import { FakeApi, karen, problemResponse, type FakeAccount } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { budgetLines, budgetTexts } from "./Budget";
import { wholeKroner } from "./BudgetChart";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 40_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const BASE = `/api/v1/clusters/${VIBORG}`;
const COORDINATOR_USER = "u0000000-0000-4000-8000-00000000000c";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function page(items: unknown[]): Response {
  return json({ items, next_cursor: null, has_more: false });
}

function account(email: string, name: string, roles: MyCluster["roles"], plo = false): FakeAccount {
  return {
    ...karen,
    email,
    name,
    organisations: plo
      ? [{ id: "o-plo", code: "plo", name: "PLO", kind: "plo", region_code: null, created_at: "2026-01-05T09:00:00Z", updated_at: "2026-01-05T09:00:00Z" }]
      : [],
    clusters: plo ? [] : [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles }],
  };
}

const treasurer = account("kasserer@demo.dk", "Kim Kasserer", ["treasurer"]);
const member = account("medlem@demo.dk", "Mette Medlem", []);
const plo = account("plo@demo.dk", "Peter PLO", [], true);

const summary: LedgerSummary = {
  cluster_id: VIBORG,
  year: 2027,
  opening_balance_ore: 0,
  income_ore: 1577500,
  spending_ore: -255099,
  closing_balance_ore: 1322401,
  entry_count: 2,
  budget_net_ore: 1000000,
  categories: [
    { category: "allocation", income_ore: 1577500, spending_ore: 0, net_ore: 1577500, budget_ore: 1500000, budget_difference_ore: 77500 },
    { category: "catering", income_ore: 0, spending_ore: -245099, net_ore: -245099, budget_ore: -500000, budget_difference_ore: 254901 },
    { category: "room", income_ore: 0, spending_ore: -10000, net_ore: -10000, budget_ore: null, budget_difference_ore: null },
    { category: "coaching", income_ore: 0, spending_ore: 0, net_ore: 0, budget_ore: null, budget_difference_ore: null },
  ],
};

function fee(id: string, state: FeeProposal["state"], basis: FeeProposal["basis"], amount: number): FeeProposal {
  return {
    id,
    cluster_id: VIBORG,
    meeting_id: "m0000000-0000-4000-8000-000000000001",
    basis,
    state,
    amount_ore: amount,
    minutes: basis === "speaker" ? 90 : null,
    rate_ore: basis === "speaker" ? 107202 : amount,
    recipient_user_id: basis === "coordinator" ? COORDINATOR_USER : null,
    speaker_name: basis === "speaker" ? "Sofie Speaker" : null,
    confirmed_at: null,
    confirmed_by_user_id: null,
    ledger_entry_id: null,
    created_at: "2027-03-01T10:00:00Z",
    updated_at: "2027-03-01T10:00:00Z",
  };
}

const RULES = { cluster_id: VIBORG, coordinator_fee_ore: 150000, speaker_rate_ore_per_hour: 107202, updated_at: null, version: 0 };

function economyApi(who: FakeAccount, fees: FeeProposal[] = []): FakeApi {
  return new FakeApi([who])
    .withSessionOf(who)
    .on(`GET ${BASE}`, () => json(clusterDetail(VIBORG)))
    .on(`GET ${BASE}/members`, () =>
      page([{ id: "mb1", kind: "doctor", name: "Karen Koordinator", user_id: COORDINATOR_USER, clinic_id: null, clinic_name: null, personal_email: null, work_email: null, valid_from: "2026-01-01" }]),
    )
    .on(`GET ${BASE}/ledger`, () => json(summary))
    .on(`GET ${BASE}/ledger/entries`, () => page([]))
    .on(`GET ${BASE}/fees`, () => page(fees))
    .on(`GET ${BASE}/fee-rules`, () => json(RULES, 200, { ETag: '"rules-v0"' }))
    .on("GET /api/v1/me/meetings", () => page([]))
    .on(`GET ${BASE}/posts`, () => page([]))
    .on(`GET ${BASE}/files`, () => page([]));
}

describe("a budget's kroner fields", () => {
  it("reads the fields as lines with the ledger's signs, leaving out empty ones", () => {
    expect(budgetLines({ allocation: "15.000", catering: "5.000,50", room: " ", other: "0" })).toEqual({
      lines: [
        { category: "allocation", amount_ore: 1500000 },
        { category: "catering", amount_ore: -500050 },
        { category: "other", amount_ore: -0 },
      ],
      invalid: [],
    });
    expect(budgetLines({ speaker: "12,345", coaching: "-5" }).invalid).toEqual(["speaker", "coaching"]);
  });

  it("writes the lines without their signs", () => {
    expect(budgetTexts([{ category: "catering", amount_ore: -500050 }, { category: "allocation", amount_ore: 1500000 }])).toEqual({
      catering: "5000,50",
      allocation: "15000,00",
    });
  });

  it("draws whole kroner by integer division", () => {
    expect(wholeKroner(-245099)).toBe(-2450);
    expect(wholeKroner(9007199254740991)).toBe(90071992547409);
  });
});

describe("budget against actual on the ledger", () => {
  it("shows budget, actual and difference per category with the chart's numbers in text", async () => {
    renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake: economyApi(member) });
    const table = await screen.findByRole("region", { name: "Budget mod regnskab pr. kategori" });
    const catering = within(table).getByRole("row", { name: /Forplejning/ });
    expect(within(catering).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["-5.000,00 kr.", "-2.450,99 kr.", "2.549,01 kr."]);
    const room = within(table).getByRole("row", { name: /Lokaleleje/ });
    expect(within(room).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["–", "-100,00 kr.", "–"]);
    // A category without a budget or money is left out.
    expect(within(table).queryByRole("row", { name: /Coaching/ })).not.toBeInTheDocument();
    const result = within(table).getByRole("row", { name: /Resultat/ });
    expect(within(result).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["10.000,00 kr.", "13.224,01 kr.", "3.224,01 kr."]);
    const chartText = screen.getByRole("list", { name: "Budget og regnskab pr. kategori i 2027" });
    expect(within(chartText).getByText("Fordeling: budget 15.000,00 kr., regnskab 15.775,00 kr.")).toBeInTheDocument();
    // A member reads the budget but does not set it, nor confirm fees.
    expect(screen.queryByRole("button", { name: "Redigér budget" })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("lets the treasurer set the year's budget in kroner, sent with If-Match", async () => {
    const current: Budget = { cluster_id: VIBORG, year: 2027, lines: [{ category: "catering", amount_ore: -500000 }], income_ore: 0, spending_ore: -500000, net_ore: -500000 };
    const sent: { ifMatch: string | null; body: unknown }[] = [];
    const fake: FakeApi = economyApi(treasurer)
      .on(`GET ${BASE}/budgets/2027`, () => json(current, 200, { ETag: '"budget-v1"' }))
      .on(`PUT ${BASE}/budgets/2027`, (request) => {
        sent.push({ ifMatch: request.headers.get("If-Match"), body: fake.callsTo(`PUT ${BASE}/budgets/2027`).at(-1)?.body });
        return json(current, 200, { ETag: '"budget-v2"' });
      });
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    await user.click(await screen.findByRole("button", { name: "Redigér budget" }));
    const dialog = await screen.findByRole("dialog", { name: "Budget for 2027" });
    const catering = await within(dialog).findByLabelText("Forplejning");
    expect(catering).toHaveValue("5000,00");
    await user.type(within(dialog).getByLabelText("Fordeling"), "15.000");
    await user.clear(catering);
    await user.type(catering, "6.000,50");
    await user.type(within(dialog).getByLabelText("Lokaleleje"), "12,345");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    expect(await within(dialog).findByText("Skriv et beløb i kroner, fx 1.500 eller 1.500,50.")).toBeInTheDocument();
    expect(sent).toEqual([]);
    await user.clear(within(dialog).getByLabelText("Lokaleleje"));
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(sent).toEqual([
      { ifMatch: '"budget-v1"', body: { lines: [{ category: "allocation", amount_ore: 1500000 }, { category: "catering", amount_ore: -600050 }] } },
    ]);
    // The ledger is read again to show the new budget.
    expect(fake.count(`GET ${BASE}/ledger`)).toBeGreaterThan(1);
  });

  it("says in Danish when someone else changed the budget, and reloads it", async () => {
    let version = 1;
    const fake = economyApi(treasurer)
      .on(`GET ${BASE}/budgets/2027`, () =>
        json(
          { cluster_id: VIBORG, year: 2027, lines: version === 1 ? [] : [{ category: "room", amount_ore: -300000 }], income_ore: 0, spending_ore: 0, net_ore: 0 },
          200,
          { ETag: `"budget-v${String(version)}"` },
        ),
      )
      .on(`PUT ${BASE}/budgets/2027`, () => {
        version = 2;
        return problemResponse(412, "precondition-failed", "Precondition Failed", "The budget has changed.");
      });
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    await user.click(await screen.findByRole("button", { name: "Redigér budget" }));
    const dialog = await screen.findByRole("dialog", { name: "Budget for 2027" });
    await user.type(await within(dialog).findByLabelText("Coaching"), "2.000");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("En anden har ændret budgettet, mens du arbejdede.");
    expect(alert).not.toHaveTextContent("The budget has changed.");
    await user.click(within(alert).getByRole("button", { name: "Hent den nye udgave" }));
    await waitFor(() => { expect(fake.count(`GET ${BASE}/budgets/2027`)).toBe(2); });
    // The form shows the new version, without the change that was refused.
    const reloaded = await screen.findByRole("dialog", { name: "Budget for 2027" });
    await waitFor(() => { expect(within(screen.getByRole("dialog")).getByLabelText("Lokaleleje")).toHaveValue("3000,00"); });
    expect(within(screen.getByRole("dialog")).getByLabelText("Coaching")).toHaveValue("");
    expect(within(reloaded).queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("fees on the ledger", () => {
  const fees = [fee("f1", "proposed", "coordinator", 150000), fee("f2", "confirmed", "speaker", 160803), fee("f3", "booked", "coordinator", 150000)];

  it("lets the treasurer confirm a proposed fee, but not book one", async () => {
    let confirmedWith: string | null = null;
    const fake = economyApi(treasurer, fees).on("POST /api/v1/fees/f1/confirm", (request) => {
      confirmedWith = request.headers.get("Idempotency-Key");
      return json({ ...fees[0], state: "confirmed" });
    });
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    const list = await screen.findByRole("list", { name: "Honorarer" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(3);
    expect(within(list).getByText("Sofie Speaker")).toBeInTheDocument();
    expect(within(list).getByText("90 min. · Sats 1.072,02 kr./t")).toBeInTheDocument();
    expect(within(list).getByText("1.608,03 kr.")).toBeInTheDocument();
    expect(within(list).getAllByText("Karen Koordinator")).toHaveLength(2);
    expect(within(list).getByText("Foreslået")).toBeInTheDocument();
    expect(within(list).getByText("Godkendt")).toBeInTheDocument();
    expect(within(list).getByText("Bogført")).toBeInTheDocument();
    expect(within(list).queryByRole("button", { name: /Bogfør/ })).not.toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Honorarsatser" })).toHaveTextContent("1.500,00 kr.");
    expect(await seriousViolations()).toEqual([]);

    await user.click(within(list).getByRole("button", { name: "Godkend honoraret til Karen Koordinator på 1.500,00 kr." }));
    expect(await screen.findByText("Honoraret til Karen Koordinator er godkendt.")).toBeInTheDocument();
    expect(confirmedWith).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.count(`GET ${BASE}/fees`)).toBeGreaterThan(1);
  });

  it("lets PLO book a confirmed fee", async () => {
    const fake = economyApi(plo, fees).on("POST /api/v1/fees/f2/book", () => json({ ...fees[1], state: "booked" }));
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    const list = await screen.findByRole("list", { name: "Honorarer" });
    await user.click(within(list).getByRole("button", { name: "Bogfør honoraret til Sofie Speaker på 1.608,03 kr." }));
    expect(await screen.findByText("Honoraret til Sofie Speaker er bogført.")).toBeInTheDocument();
    expect(fake.count("POST /api/v1/fees/f2/book")).toBe(1);
  });

  it("says in Danish why a fee cannot be confirmed", async () => {
    const fake = economyApi(treasurer, fees).on("POST /api/v1/fees/f1/confirm", () =>
      json({ type: "urn:cluster-platform:problem:conflict", title: "Conflict", status: 409, detail: "Only a proposed fee can be confirmed.", code: "fee_not_proposed" }, 409),
    );
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    const list = await screen.findByRole("list", { name: "Honorarer" });
    await user.click(within(list).getByRole("button", { name: /^Godkend honoraret/ }));
    expect(await within(list).findByText("Kun et foreslået honorar kan godkendes.")).toBeInTheDocument();
    expect(within(list).queryByText("Only a proposed fee can be confirmed.")).not.toBeInTheDocument();
  });

  it("lets the treasurer change the fee rules in kroner, sent with If-Match", async () => {
    const sent: { ifMatch: string | null; body: unknown }[] = [];
    const fake: FakeApi = economyApi(treasurer).on(`PUT ${BASE}/fee-rules`, (request) => {
      sent.push({ ifMatch: request.headers.get("If-Match"), body: fake.callsTo(`PUT ${BASE}/fee-rules`).at(-1)?.body });
      return json({ ...RULES, coordinator_fee_ore: 200000, version: 1 }, 200, { ETag: '"rules-v1"' });
    });
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    await user.click(await screen.findByRole("button", { name: "Redigér satser" }));
    const dialog = await screen.findByRole("dialog", { name: "Honorarsatser" });
    const coordinator = await within(dialog).findByLabelText(/Koordinatorhonorar pr. afholdt møde/);
    expect(coordinator).toHaveValue("1500,00");
    await user.clear(coordinator);
    await user.type(coordinator, "2.000");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    await waitFor(() => {
      expect(sent).toEqual([{ ifMatch: '"rules-v0"', body: { coordinator_fee_ore: 200000, speaker_rate_ore_per_hour: 107202 } }]);
    });
  });
});

describe("the annual accounts", () => {
  it("downloads the PDF and the Excel workbook under the server's names", async () => {
    const downloads = captureDownloads();
    const fake = economyApi(member).on(`GET ${BASE}/accounts/2027`, (request) => {
      const pdf = request.headers.get("Accept") === "application/pdf";
      return new Response(pdf ? "%PDF-1.4" : "PK", {
        status: 200,
        headers: { "Content-Disposition": `attachment; filename="aarsregnskab-demoklyngen-viborg-2027.${pdf ? "pdf" : "xlsx"}"` },
      });
    });
    const { user } = renderApp({ route: `/klynger/${VIBORG}/oekonomi`, fake });
    const section = await screen.findByRole("region", { name: "Årsregnskab" });
    await user.click(within(section).getByRole("button", { name: "Hent PDF" }));
    await user.click(within(section).getByRole("button", { name: "Hent Excel" }));
    await waitFor(() => {
      expect(downloads).toEqual([
        { fileName: "aarsregnskab-demoklyngen-viborg-2027.pdf", body: "%PDF-1.4" },
        { fileName: "aarsregnskab-demoklyngen-viborg-2027.xlsx", body: "PK" },
      ]);
    });
    expect(fake.callsTo(`GET ${BASE}/accounts/2027`).map((call) => call.accept)).toEqual([
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]);
  });
});

describe("the treasurer's home", () => {
  it("shows budget against actual and the fees waiting for confirmation", async () => {
    const fake = economyApi(treasurer, [fee("f1", "proposed", "coordinator", 150000), fee("f4", "proposed", "speaker", 5000)]);
    renderApp({ route: "/", fake });
    const card = await screen.findByRole("region", { name: "Kasserer: Demoklyngen Viborg" });
    expect(await within(card).findByRole("list", { name: "Budget og regnskab pr. kategori i 2027" })).toBeInTheDocument();
    expect(within(card).getByText("Forplejning: budget -5.000,00 kr., regnskab -2.450,99 kr.")).toBeInTheDocument();
    expect(await within(card).findByText("Honorarer, der venter på godkendelse: 2")).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Godkend honorarer" })).toHaveAttribute("href", `/klynger/${VIBORG}/oekonomi#honorarer`);
    expect(new URLSearchParams(fake.callsTo(`GET ${BASE}/fees`)[0]?.search).get("state")).toBe("proposed");
    expect(await seriousViolations()).toEqual([]);
  });
});
