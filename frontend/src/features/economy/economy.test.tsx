import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { parseKroner } from "../../api/economy";
import type { LedgerSummary } from "../../api/types";
import { seriousViolations } from "../../test/axe";
import { freezeClock } from "../../test/clock";
import { FakeApi, karen, type FakeAccount } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { kronerText } from "./RateDialog";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 20_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";

function page(items: unknown[]): Response {
  return new Response(JSON.stringify({ items, next_cursor: null, has_more: false }), { status: 200, headers: { "Content-Type": "application/json" } });
}

describe("kroner as typed and shown", () => {
  it.each([
    ["3,65", 365],
    ["365", 36500],
    ["0,1", 10],
    ["1.234,50", 123450],
    ["1234,5 kr.", 123450],
    ["1.234.567", 123456700],
    [" 7 ", 700],
  ])("reads %s as %i øre", (text, ore) => {
    expect(parseKroner(text)).toBe(ore);
  });

  it.each(["", "3,655", "-1", "3.65", "12.34,50", "3.65.1,2", "abc", "3,6x", "99999999999999999"])("refuses %j", (text) => {
    expect(parseKroner(text)).toBeNull();
  });

  it("writes øre as kroner to type in: no 'kr.', no float", () => {
    expect(kronerText(365)).toBe("3,65");
    expect(kronerText(5)).toBe("0,05");
    expect(kronerText(123450)).toBe("1234,50");
    expect(parseKroner(kronerText(9007199254740991))).toBe(9007199254740991);
  });
});

describe("the treasurer's home", () => {
  it("shows the cluster's balance this year and leads to the ledger", async () => {
    const summary: LedgerSummary = {
      cluster_id: VIBORG,
      year: 2027,
      opening_balance_ore: 500000,
      income_ore: 1577500,
      spending_ore: -99,
      closing_balance_ore: 2077401,
      entry_count: 2,
      budget_net_ore: null,
      categories: [],
    };
    const treasurer: FakeAccount = {
      ...karen,
      email: "kasserer@demo.dk",
      name: "Kim Kasserer",
      organisations: [],
      clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: ["treasurer"] }],
    };
    const fake = new FakeApi([treasurer])
      .withSessionOf(treasurer)
      .on("GET /api/v1/me/meetings", () => page([]))
      .on(`GET /api/v1/clusters/${VIBORG}/posts`, () => page([]))
      .on(`GET /api/v1/clusters/${VIBORG}/files`, () => page([]))
      .on(`GET /api/v1/clusters/${VIBORG}/fees`, () => page([]))
      .on(`GET /api/v1/clusters/${VIBORG}/ledger`, () =>
        new Response(JSON.stringify(summary), { status: 200, headers: { "Content-Type": "application/json" } }),
      );
    renderApp({ route: "/", fake });

    const card = await screen.findByRole("region", { name: "Kasserer: Demoklyngen Viborg" });
    expect(await within(card).findByText("20.774,01 kr.")).toBeInTheDocument();
    expect(within(card).getByText("Saldo i 2027 indtil nu")).toBeInTheDocument();
    expect(within(card).getByText("-0,99 kr.")).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Se klyngens regnskab" })).toHaveAttribute("href", `/klynger/${VIBORG}/oekonomi`);
    expect(new URLSearchParams(fake.callsTo(`GET /api/v1/clusters/${VIBORG}/ledger`)[0]?.search).get("year")).toBe("2027");
    expect(await seriousViolations()).toEqual([]);
  });

  it("is not shown to a member without the role", async () => {
    const member: FakeAccount = {
      ...karen,
      organisations: [],
      clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: [] }],
    };
    const fake = new FakeApi([member])
      .withSessionOf(member)
      .on("GET /api/v1/me/meetings", () => page([]))
      .on(`GET /api/v1/clusters/${VIBORG}/posts`, () => page([]))
      .on(`GET /api/v1/clusters/${VIBORG}/files`, () => page([]));
    renderApp({ route: "/", fake });
    await screen.findByRole("region", { name: "Nyt i Demoklyngen Viborg" });
    expect(screen.queryByText(/Kasserer:/)).not.toBeInTheDocument();
    expect(fake.count(`GET /api/v1/clusters/${VIBORG}/ledger`)).toBe(0);
  });
});
