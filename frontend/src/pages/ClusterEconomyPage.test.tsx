import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { LedgerEntry, LedgerSummary } from "../api/types";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { clusterDetail } from "../test/clusters";
import { captureDownloads } from "../test/downloads";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { ledgerYears } from "./ClusterEconomyPage";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 40_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const BASE = `/api/v1/clusters/${CLUSTER_ID}`;
const CURSOR = "Y3Vyc29yLWZvci10aGUtc2Vjb25kLXBhZ2Utb2YtZW50cmllcy0xMjM0NTY";

const member: FakeAccount = {
  ...karen,
  email: "medlem@demo.dk",
  name: "Mette Medlem",
  organisations: [],
  clusters: [{ id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: [] }],
};

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
}

function entry(id: string, bookedOn: string, amount: number, text: string, kind: LedgerEntry["kind"], category: LedgerEntry["category"]): LedgerEntry {
  return {
    id,
    cluster_id: CLUSTER_ID,
    booked_on: bookedOn,
    amount_ore: amount,
    text,
    kind,
    category,
    allocation_run_id: null,
    booked_by_client_id: null,
    booked_by_user_id: null,
    corrects: null,
    created_at: `${bookedOn}T10:00:00Z`,
    meeting_id: null,
    reason: null,
    source_id: null,
    source_kind: null,
  };
}

const summary2027: LedgerSummary = {
  cluster_id: CLUSTER_ID,
  year: 2027,
  opening_balance_ore: 123450,
  income_ore: 1577530,
  spending_ore: -245099,
  closing_balance_ore: 1455881,
  entry_count: 3,
  budget_net_ore: null,
  categories: [
    { category: "allocation", income_ore: 1577530, spending_ore: 0, net_ore: 1577530, budget_ore: null, budget_difference_ore: null },
    { category: "speaker", income_ore: 0, spending_ore: 0, net_ore: 0, budget_ore: null, budget_difference_ore: null },
    { category: "catering", income_ore: 0, spending_ore: -245099, net_ore: -245099, budget_ore: null, budget_difference_ore: null },
  ],
};

const empty2026: LedgerSummary = {
  cluster_id: CLUSTER_ID,
  year: 2026,
  opening_balance_ore: 123450,
  income_ore: 0,
  spending_ore: 0,
  closing_balance_ore: 123450,
  entry_count: 0,
  budget_net_ore: null,
  categories: [],
};

function ledgerApi(account: FakeAccount = member): FakeApi {
  return new FakeApi([account])
    .withSessionOf(account)
    .on(`GET ${BASE}`, () => json(clusterDetail(CLUSTER_ID)))
    .on(`GET ${BASE}/clinics`, () => json({ items: [], next_cursor: null, has_more: false }))
    .on(`GET ${BASE}/members`, () => json({ items: [], next_cursor: null, has_more: false }))
    .on(`GET ${BASE}/posts`, () => json({ items: [], next_cursor: null, has_more: false }))
    .on(`GET ${BASE}/ledger`, (request) => {
      const year = new URL(request.url).searchParams.get("year");
      return json(year === "2027" ? summary2027 : empty2026);
    })
    .on(`GET ${BASE}/ledger/entries`, (request) => {
      const params = new URL(request.url).searchParams;
      if (request.headers.get("Accept") === "text/csv") {
        return new Response("id,booked_on,amount_ore\n", { status: 200, headers: { "Content-Type": "text/csv" } });
      }
      if (params.get("cursor") === CURSOR) {
        return json({ items: [entry("e3", "2027-03-01", -245099, "Frokost til mødet", "expense", "catering")], next_cursor: null, has_more: false });
      }
      return json({
        items: [
          entry("e1", "2027-02-01", 1577500, "Fordeling 2027", "allocation", "allocation"),
          entry("e2", "2027-02-15", 30, "Rettelse af fordelingen", "correction", "allocation"),
        ],
        next_cursor: CURSOR,
        has_more: true,
      });
    });
}

function card(name: string): string {
  return screen.getByRole("group", { name }).textContent;
}

describe("the cluster's ledger (/klynger/:id/oekonomi)", () => {
  it("shows the year's balances, totals per category and entries in Danish, and loads more entries", async () => {
    const fake = ledgerApi();
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/oekonomi`, fake });

    expect(await screen.findByRole("heading", { level: 2, name: "Regnskab 2027" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Økonomi", selected: true })).toBeInTheDocument();
    await screen.findByRole("group", { name: "Primosaldo" });
    expect(card("Primosaldo")).toContain("1.234,50 kr.");
    expect(card("Indtægter")).toContain("15.775,30 kr.");
    expect(card("Udgifter")).toContain("-2.450,99 kr.");
    expect(card("Ultimosaldo")).toContain("14.558,81 kr.");

    const categories = screen.getByRole("region", { name: "Pr. kategori" });
    expect(within(categories).getByRole("rowheader", { name: "Fordeling" })).toBeInTheDocument();
    expect(within(categories).getByRole("rowheader", { name: "Forplejning" })).toBeInTheDocument();
    // A category without money this year is left out.
    expect(within(categories).queryByRole("rowheader", { name: "Oplægsholder" })).not.toBeInTheDocument();

    const entries = await screen.findByRole("region", { name: "Posteringer" });
    await within(entries).findByText("Fordeling 2027");
    expect(within(entries).getByText("01.02.2027")).toBeInTheDocument();
    expect(within(entries).getByText("15.775,00 kr.")).toBeInTheDocument();
    expect(within(entries).getByText("0,30 kr.")).toBeInTheDocument();
    expect(within(entries).getByText("Rettelse")).toBeInTheDocument();
    expect(within(entries).getByText("Viser 2 af 3 posteringer.")).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);

    await user.click(within(entries).getByRole("button", { name: "Vis flere posteringer" }));
    expect(await within(entries).findByText("Frokost til mødet")).toBeInTheDocument();
    expect(within(entries).getByText("-2.450,99 kr.")).toBeInTheDocument();
    expect(within(entries).getByText("Viser 3 af 3 posteringer.")).toBeInTheDocument();
    expect(within(entries).queryByRole("button", { name: "Vis flere posteringer" })).not.toBeInTheDocument();
    const pages = fake.callsTo(`GET ${BASE}/ledger/entries`).map((call) => new URLSearchParams(call.search));
    expect(pages.map((params) => params.get("cursor"))).toEqual([null, CURSOR]);
    expect(pages.every((params) => params.get("year") === "2027")).toBe(true);
  });

  it("says in Danish when a year has no entries", async () => {
    const fake = ledgerApi();
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/oekonomi`, fake });
    await screen.findByRole("group", { name: "Primosaldo" });

    await user.selectOptions(screen.getByLabelText("År"), "2026");
    expect(await screen.findByText("Ingen posteringer i 2026.")).toBeInTheDocument();
    expect(card("Ultimosaldo")).toContain("1.234,50 kr.");
    expect(screen.queryByRole("region", { name: "Posteringer" })).not.toBeInTheDocument();
    expect(new URLSearchParams(fake.callsTo(`GET ${BASE}/ledger`).at(-1)?.search).get("year")).toBe("2026");
  });

  it("downloads the year's entries as CSV", async () => {
    const downloads = captureDownloads();
    const fake = ledgerApi();
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/oekonomi`, fake });

    await user.click(await screen.findByRole("button", { name: "Hent posteringer (CSV)" }));
    await waitFor(() => {
      expect(downloads).toEqual([{ fileName: "posteringer-2027.csv", body: "id,booked_on,amount_ore\n" }]);
    });
    const csv = fake.callsTo(`GET ${BASE}/ledger/entries`).find((call) => call.accept === "text/csv");
    expect(new URLSearchParams(csv?.search).get("year")).toBe("2027");
  });

  it("offers the tab to the cluster's members but not to a regional unit", async () => {
    const outsider: FakeAccount = { ...karen, clusters: [] };
    renderApp({ route: `/klynger/${CLUSTER_ID}/roller`, fake: ledgerApi(outsider).on(`GET ${BASE}/roles`, () => json({ items: [], next_cursor: null, has_more: false })) });
    await screen.findByRole("tab", { name: "Roller", selected: true });
    expect(screen.queryByRole("tab", { name: "Økonomi" })).not.toBeInTheDocument();
  });

  it("offers the years from the economy's first to the next", () => {
    expect(ledgerYears(2027)).toEqual([2028, 2027, 2026, 2025, 2024, 2023, 2022]);
    expect(ledgerYears(2020)).toEqual([2022]);
  });
});
