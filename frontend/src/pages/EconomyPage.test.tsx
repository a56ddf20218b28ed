import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AllocationRate, AllocationReport } from "../api/types";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

freezeClock("2027-03-10T10:00:00Z");
vi.setConfig({ testTimeout: 40_000 });

const VIBORG = "c0000000-0000-4000-8000-000000000001";
const SKIVE = "c0000000-0000-4000-8000-000000000002";

const plo: FakeAccount = {
  ...karen,
  name: "Peter PLO",
  clusters: [],
  organisations: [
    { id: "o-plo", code: "plo", name: "PLO", kind: "plo", region_code: null, created_at: "2026-01-05T09:00:00Z", updated_at: "2026-01-05T09:00:00Z" },
  ],
};

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function rate(year: number, ore: number, inUse: boolean): AllocationRate {
  return { id: `rate-${String(year)}`, year, ore_per_patient: ore, in_use: inUse, created_at: "2026-01-05T09:00:00Z", updated_at: "2026-01-05T09:00:00Z" };
}

const rates = [rate(2025, 365, true), rate(2026, 380, true), rate(2027, 400, false)];

function report(dryRun: boolean, status: "created" | "unchanged"): AllocationReport {
  const booked = status === "unchanged";
  return {
    year: 2027,
    dry_run: dryRun,
    applied: !dryRun,
    run_id: dryRun ? null : "run-1",
    ore_per_patient: 400,
    total_ore: 2_728_400,
    summary: { created: booked ? 0 : 2, corrected: 0, unchanged: booked ? 2 : 0 },
    clusters: [
      { cluster_id: VIBORG, cluster_name: "Demoklyngen Viborg", clinics: 2, patients: 4321, amount_ore: 1_728_400, booked_before_ore: booked ? 1_728_400 : 0, difference_ore: booked ? 0 : 1_728_400, entry_id: null, status },
      { cluster_id: SKIVE, cluster_name: "Skive-Klyngen", clinics: 1, patients: 2500, amount_ore: 1_000_000, booked_before_ore: booked ? 1_000_000 : 0, difference_ore: booked ? 0 : 1_000_000, entry_id: null, status },
    ],
    warnings: [
      { cluster_id: SKIVE, cluster_name: "Skive-Klyngen", clinic_name: "Skive Lægehus", provider_number: "123456", code: "patient_count_missing", message: "No patient count on 1 February." },
    ],
  };
}

function economyApi(): FakeApi {
  return new FakeApi([plo])
    .withSessionOf(plo)
    .on("GET /api/v1/economy/rates", () => json({ items: rates, next_cursor: null, has_more: false }))
    .on("GET /api/v1/clusters", () =>
      json({
        items: [
          { id: SKIVE, name: "Skive-Klyngen" },
          { id: VIBORG, name: "Demoklyngen Viborg" },
        ],
        next_cursor: null,
        has_more: false,
      }),
    );
}

describe("PLO's economy page (/oekonomi)", () => {
  it("is in the menu for PLO and lists the rates in kroner", async () => {
    renderApp({ route: "/oekonomi", fake: economyApi() });
    expect(await screen.findByRole("heading", { level: 1, name: "Økonomi" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Økonomi" })).toHaveAttribute("href", "/oekonomi");
    const table = await screen.findByRole("region", { name: "Takster pr. patient" });
    const row2025 = within(table).getByRole("row", { name: /2025/ });
    expect(row2025).toHaveTextContent("3,65 kr.");
    expect(row2025).toHaveTextContent("Brugt");
    expect(within(row2025).queryByRole("button")).not.toBeInTheDocument();
    expect(within(table).getByRole("button", { name: "Redigér taksten for 2027" })).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it("sets a new year's rate from kroner as whole øre", async () => {
    const fake = economyApi().on("POST /api/v1/economy/rates", () => json(rate(2028, 410, false), 201, { ETag: '"r1"' }));
    const { user } = renderApp({ route: "/oekonomi", fake });
    const year = await screen.findByLabelText(/^År/, { selector: "input" });
    expect(year).toHaveValue("2028");
    await user.type(screen.getByRole("textbox", { name: /Kroner pr. patient/ }), "4,1");
    await user.click(screen.getByRole("button", { name: "Gem takst" }));
    expect(await screen.findByText("Taksten for 2028 er gemt.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/economy/rates")[0]?.body).toEqual({ year: 2028, ore_per_patient: 410 });
  });

  it("changes a rate with If-Match and says in Danish that a rate in use cannot change", async () => {
    let ifMatch: string | null = null;
    const fake = economyApi()
      .on("GET /api/v1/economy/rates/2027", () => json(rate(2027, 400, false), 200, { ETag: '"rate-2027-v1"' }))
      .on("PUT /api/v1/economy/rates/2027", (request) => {
        ifMatch = request.headers.get("If-Match");
        return new Response(
          JSON.stringify({
            type: "urn:cluster-platform:problem:conflict",
            title: "Conflict",
            status: 409,
            detail: "The rate has been used by an allocation and cannot change.",
            code: "rate_in_use",
          }),
          { status: 409, headers: { "Content-Type": "application/problem+json" } },
        );
      });
    const { user } = renderApp({ route: "/oekonomi", fake });
    await user.click(await screen.findByRole("button", { name: "Redigér taksten for 2027" }));
    const dialog = await screen.findByRole("dialog", { name: "Taksten for 2027" });
    const amount = within(dialog).getByRole("textbox", { name: /Kroner pr. patient/ });
    expect(amount).toHaveValue("4,00");
    await user.clear(amount);
    await user.type(amount, "4,25");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    expect(await within(dialog).findByText("Taksten er brugt i en fordeling og kan ikke ændres.")).toBeInTheDocument();
    expect(ifMatch).toBe('"rate-2027-v1"');
    expect(dialog).not.toHaveTextContent("cannot change");

    // Closing the dialog reads the rates again: the list shows the rate as used.
    const before = fake.count("GET /api/v1/economy/rates");
    await user.click(within(dialog).getByRole("button", { name: "Annullér" }));
    await waitFor(() => {
      expect(fake.count("GET /api/v1/economy/rates")).toBeGreaterThan(before);
    });
  });

  it("runs a dry run, books it, and reports a second run as unchanged", async () => {
    let booked = false;
    const runs: string[] = [];
    const fake = economyApi().on("POST /api/v1/economy/allocations", (request) => {
      const dryRun = new URL(request.url).searchParams.get("dry_run") === "true";
      runs.push(dryRun ? "dry" : "book");
      const answer = report(dryRun, booked ? "unchanged" : "created");
      if (!dryRun) booked = true;
      return json(answer);
    });
    const { user } = renderApp({ route: "/oekonomi", fake });
    const run = await screen.findByRole("region", { name: "Årets fordeling" });
    await within(run).findByRole("option", { name: "Demoklyngen Viborg" });
    expect(within(run).getByLabelText("År")).toHaveValue("2027");
    expect(within(run).getByRole("button", { name: "Bogfør" })).toBeDisabled();

    await user.click(within(run).getByRole("button", { name: "Prøvekørsel" }));
    expect(await within(run).findByText("Prøvekørsel for 2027: intet er bogført endnu")).toBeInTheDocument();
    const perCluster = within(run).getByRole("region", { name: "Pr. klynge" });
    const viborg = within(perCluster).getByRole("row", { name: /Demoklyngen Viborg/ });
    expect(viborg).toHaveTextContent("4.321");
    expect(viborg).toHaveTextContent("17.284,00 kr.");
    expect(viborg).toHaveTextContent("Ny");
    expect(within(run).getByText("Skive Lægehus")).toBeInTheDocument();
    expect(within(run).getByText("Ydernummer 123456 · Skive-Klyngen")).toBeInTheDocument();
    expect(within(run).getByRole("group", { name: "Bliver bogført" })).toHaveTextContent("27.284,00 kr.");
    expect(within(run).getByRole("group", { name: "Årets fordeling i alt" })).toHaveTextContent("27.284,00 kr.");
    expect(await seriousViolations()).toEqual([]);

    await user.click(within(run).getByRole("button", { name: "Bogfør" }));
    expect(await within(run).findByText("Fordelingen for 2027 er bogført")).toBeInTheDocument();
    expect(within(run).getByRole("button", { name: "Bogfør" })).toBeDisabled();

    await user.click(within(run).getByRole("button", { name: "Prøvekørsel" }));
    await waitFor(() => {
      expect(within(within(run).getByRole("region", { name: "Pr. klynge" })).getAllByText("Uændret")).toHaveLength(2);
    });
    expect(within(run).getByRole("group", { name: "Bliver bogført" })).toHaveTextContent("0,00 kr.");
    expect(within(run).getByRole("button", { name: "Bogfør" })).toBeDisabled();
    expect(within(run).getByText("Intet at bogføre: fordelingen er uændret.")).toBeInTheDocument();
    expect(within(run).getByRole("group", { name: "Årets fordeling i alt" })).toHaveTextContent("27.284,00 kr.");
    expect(runs).toEqual(["dry", "book", "dry"]);
  });

  it("runs for one cluster and says in Danish when the year has no rate", async () => {
    const fake = economyApi().on("POST /api/v1/economy/allocations", () =>
      new Response(
        JSON.stringify({
          type: "urn:cluster-platform:problem:validation-error",
          title: "Unprocessable Entity",
          status: 422,
          detail: "The request could not be processed.",
          errors: { year: ["No rate is set for this year."] },
          codes: { year: [{ code: "no_rate_for_year" }] },
        }),
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const { user } = renderApp({ route: "/oekonomi", fake });
    const run = await screen.findByRole("region", { name: "Årets fordeling" });
    await within(run).findByRole("option", { name: "Skive-Klyngen" });
    await user.selectOptions(within(run).getByLabelText("Klynge"), SKIVE);
    await user.click(within(run).getByRole("button", { name: "Prøvekørsel" }));
    expect(await within(run).findByText("Året har ingen takst endnu. Sæt taksten først.")).toBeInTheDocument();
    expect(run).not.toHaveTextContent("No rate");
    expect(fake.callsTo("POST /api/v1/economy/allocations")[0]?.body).toEqual({ year: 2027, cluster_id: SKIVE });
  });
});
