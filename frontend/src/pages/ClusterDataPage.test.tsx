import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DataDecision, DataView } from "../api/types";
import { FakeApi, karen, type FakeAccount } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { clusterDetail } from "../test/clusters";

// A page with tabs and dialogs takes its time on a busy machine.
vi.setConfig({ testTimeout: 40_000 });

const CLUSTER_ID = "c0000000-0000-4000-8000-000000000001";
const SET_ID = "5e700000-0000-4000-8000-000000000001";
const BASE = `/api/v1/clusters/${CLUSTER_ID}`;

const closedView: DataView = {
  cluster_id: CLUSTER_ID,
  indicator_set_id: SET_ID,
  name: "Antibiotika til UVI",
  periods: ["2023", "2024"].map((label, index) => ({
    period_id: `p-${label}`,
    label,
    starts_on: `${label}-01-01`,
    ends_on: `${label}-12-31`,
    policy: "closed",
    decision_id: "d-1",
    decision_expired: index === 1,
    indicators: [
      {
        indicator_id: "i-uvi",
        code: "uvi",
        name: "Antibiotika til urinvejsinfektion",
        unit: "%",
        direction: "lower",
        own_value: 41.2,
        cluster_average: 40.25,
        cluster_clinic_count: 2,
        national_average: 47.5,
        national_clinic_count: 1700,
        clinics: [
          { label: "Klinik A", own: false, clinic_id: null, name: null, provider_number: null, value: 39.3 },
          { label: "Klinik B", own: true, clinic_id: "k1", name: "Lægerne i Viborg", provider_number: "565627", value: 41.2 },
        ],
      },
    ],
  })),
};

// The API says whether a decision has expired: the page shows its word, whatever today is.
const decisions: DataDecision[] = [
  {
    id: "d-1",
    cluster_id: CLUSTER_ID,
    policy: "open",
    decided_on: "2023-03-01",
    valid_from: "2023-01-01",
    valid_to: "2023-12-31",
    expired: true,
    created_at: "2023-03-01T10:00:00Z",
    updated_at: "2023-03-01T10:00:00Z",
  },
];

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function asRole(roles: NonNullable<FakeAccount["clusters"]>[number]["roles"]): FakeAccount {
  return { ...karen, organisations: [], clusters: [{ id: CLUSTER_ID, name: "Demoklyngen Viborg", region_code: "midtjylland", roles }] };
}

function dataApi(account: FakeAccount): FakeApi {
  return new FakeApi([account])
    .withSessionOf(account)
    .on(`GET ${BASE}`, () => json(clusterDetail(CLUSTER_ID), 200, { ETag: '"cluster-1"' }))
    .on("GET /api/v1/indicator-sets", () =>
      json({
        items: [{ id: SET_ID, organisation_id: "o", name: "Antibiotika til UVI", description: "", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }],
        next_cursor: null,
        has_more: false,
      }),
    )
    .on(`GET ${BASE}/data/${SET_ID}`, () => json(closedView))
    .on(`GET ${BASE}/data-decisions`, () => json({ items: decisions, next_cursor: null, has_more: false }));
}

describe("the cluster's data page", () => {
  it("shows a closed period's clinics as the API labels them, the own clinic by name, and no form to a member", async () => {
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/data`, fake: dataApi(asRole([])) });
    expect(await screen.findByText("2023: lukkede data – de andre klinikker vises som Klinik A, B, …")).toBeInTheDocument();
    expect(screen.getByText("Beslutningen er udløbet – tæller som lukket")).toBeInTheDocument();
    const panel = screen.getByRole("region", { name: "Antibiotika til urinvejsinfektion" });
    expect(within(panel).getByText("Lavere er bedre")).toBeInTheDocument();
    expect(within(panel).getByText("Klyngens gennemsnit 2023: 40,3 %")).toBeInTheDocument();

    await user.click(screen.getByText("Tabel"));
    const table = within(panel).getByRole("table", { name: "Antibiotika til urinvejsinfektion pr. klinik og periode" });
    const rows = within(table).getAllByRole("rowheader").map((cell) => cell.textContent);
    expect(rows).toEqual([
      "Lægerne i ViborgDin klinik",
      "Klinik A (2023)",
      "Klinik A (2024)",
      "Klyngens gennemsnit",
      "Landsgennemsnit",
    ]);
    expect(within(table).getByRole("row", { name: /Lægerne i Viborg/ })).toHaveTextContent("41,2 %41,2 %");
    expect(within(table).getByRole("row", { name: /Landsgennemsnit/ })).toHaveTextContent("47,5 %47,5 %");

    const section = screen.getByRole("region", { name: "Beslutninger om åbne eller lukkede data" });
    const item = await within(section).findByText("1. januar 2023 – 31. december 2023");
    expect(item.closest("li")).toHaveTextContent("Udløbet – tæller som lukket");
    expect(within(section).queryByRole("button", { name: "Registrér beslutning" })).not.toBeInTheDocument();
    expect(within(section).queryByRole("button", { name: /^Ret beslutningen/ })).not.toBeInTheDocument();
  });

  it("lets a coordinator record the general assembly's decision", async () => {
    const fake = dataApi(asRole(["coordinator"])).on(`POST ${BASE}/data-decisions`, () =>
      json({ ...decisions[0], id: "d-2", valid_from: "2025-01-01", valid_to: null, expired: false, policy: "closed" }, 201, { ETag: '"d-2"' }),
    );
    const { user } = renderApp({ route: `/klynger/${CLUSTER_ID}/data`, fake });
    const section = await screen.findByRole("region", { name: "Beslutninger om åbne eller lukkede data" });
    await user.click(await within(section).findByRole("button", { name: "Registrér beslutning" }));
    const dialog = await screen.findByRole("dialog", { name: "Registrér generalforsamlingens beslutning" });
    await user.click(within(dialog).getByLabelText("Åbne data"));
    const decided = within(dialog).getByLabelText(/^Besluttet på generalforsamlingen/);
    await user.clear(decided);
    await user.type(decided, "2024-11-20");
    const from = within(dialog).getByLabelText(/^Gælder fra/);
    await user.clear(from);
    await user.type(from, "2025-01-01");
    await user.click(within(dialog).getByRole("button", { name: "Gem" }));
    expect(await within(section).findByText("Beslutningen er gemt.")).toBeInTheDocument();
    const [call] = fake.callsTo(`POST ${BASE}/data-decisions`);
    expect(call?.body).toEqual({ policy: "open", decided_on: "2024-11-20", valid_from: "2025-01-01", valid_to: null });
  });
});
