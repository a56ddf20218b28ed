import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { MachineClient } from "../api/types";
import { seriousViolations } from "../test/axe";
import { freezeClock } from "../test/clock";
import { FakeApi, anne } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

freezeClock("2026-11-23T13:00:00Z");
vi.setConfig({ testTimeout: 20_000 });

const PLO = { id: "o-plo", code: "plo", name: "PLO", kind: "plo", region_code: null, created_at: "2026-01-05T09:00:00Z", updated_at: "2026-01-05T09:00:00Z" } as const;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

const economy: MachineClient = {
  id: "k0000000-0000-4000-8000-000000000001",
  client_id: "plo-economy",
  name: "PLO's økonomimodul",
  organisation: PLO,
  scopes: ["attendance:read", "economy:read"],
  is_active: true,
  last_used_at: "2026-11-22T08:00:00Z",
  use_count: 12,
  created_at: "2026-01-05T09:00:00Z",
  updated_at: "2026-01-05T09:00:00Z",
};

function fakeWith(clients: MachineClient[]): FakeApi {
  let list = clients;
  const fake = new FakeApi([anne])
    .withSessionOf(anne)
    .on("GET /api/v1/clients", () => json({ items: list, next_cursor: null }))
    .on("GET /api/v1/organisations", () => json({ items: [PLO], next_cursor: null }))
    .on("POST /api/v1/clients", () => {
      const body = fake.callsTo("POST /api/v1/clients").at(-1)?.body as { client_id: string; name: string; scopes: MachineClient["scopes"] };
      const created = { ...economy, id: "k2", client_id: body.client_id, name: body.name, scopes: body.scopes, last_used_at: null };
      list = [...list, created];
      return json({ ...created, client_secret: "s3cret-shown-once" }, 201);
    })
    .on(`POST /api/v1/clients/${economy.id}/secret`, () => json({ ...economy, client_secret: "new-s3cret" }))
    .on(`GET /api/v1/clients/${economy.id}`, () => json(economy, 200, { ETag: '"v1"' }))
    .on(`PATCH /api/v1/clients/${economy.id}`, (request) => {
      if (request.headers.get("If-Match") !== '"v1"') return json({}, 428);
      list = list.map((item) => (item.id === economy.id ? { ...item, is_active: false } : item));
      return json({ ...economy, is_active: false });
    });
  return fake;
}

describe("machine clients (/administration/klienter)", () => {
  it("lists the clients with their unit, scopes and status", async () => {
    renderApp({ route: "/administration/klienter", fake: fakeWith([economy]) });

    expect(await screen.findByRole("heading", { level: 1, name: "Maskinklienter" })).toBeInTheDocument();
    const row = (await screen.findByRole("rowheader", { name: /PLO's økonomimodul/ })).closest("tr");
    if (!row) throw new Error("no row");
    expect(row).toHaveTextContent("plo-economy");
    expect(row).toHaveTextContent("PLO");
    expect(row).toHaveTextContent("attendance:read");
    expect(row).toHaveTextContent("Aktiv");
    expect(row).toHaveTextContent("22. november 2026");
    expect(await seriousViolations()).toEqual([]);
  });

  it("creates a client and shows its secret once, with a copy button and a warning", async () => {
    const fake = fakeWith([economy]);
    const { user } = renderApp({ route: "/administration/klienter", fake });

    await user.click(await screen.findByRole("button", { name: "Opret klient" }));
    const dialog = await screen.findByRole("dialog", { name: "Opret maskinklient" });
    await user.type(within(dialog).getByLabelText(/Klient-id/), "midtkraft-sync");
    await user.type(within(dialog).getByLabelText(/Navn/), "MidtKrafts system");
    await user.click(within(dialog).getByLabelText("clusters:read"));
    await user.click(within(dialog).getByRole("button", { name: "Opret" }));

    const secret = await screen.findByRole("dialog", { name: "Hemmeligheden til MidtKrafts system" });
    expect(within(secret).getByText("s3cret-shown-once")).toBeInTheDocument();
    expect(secret).toHaveTextContent("den vises kun denne ene gang");
    expect(within(secret).getByRole("button", { name: "Kopiér" })).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/clients").map((call) => call.body)).toEqual([
      { client_id: "midtkraft-sync", name: "MidtKrafts system", organisation_id: PLO.id, scopes: ["clusters:read"] },
    ]);
    await user.click(within(secret).getByRole("button", { name: "Jeg har gemt den" }));
    await waitFor(() => {
      expect(screen.queryByText("s3cret-shown-once")).not.toBeInTheDocument();
    });
    expect(await screen.findByRole("rowheader", { name: /MidtKrafts system/ })).toBeInTheDocument();
  });

  it("rotates the secret behind the menu and a confirmation, and shows the new one once", async () => {
    const fake = fakeWith([economy]);
    const { user } = renderApp({ route: "/administration/klienter", fake });

    await user.click(await screen.findByRole("button", { name: "Handlinger for PLO's økonomimodul" }));
    await user.click(await screen.findByRole("menuitem", { name: "Lav ny hemmelighed" }));
    const rotate = await screen.findByRole("dialog", { name: "Ny hemmelighed til PLO's økonomimodul?" });
    expect(rotate).toHaveTextContent("Den gamle hemmelighed holder op med at virke med det samme.");
    await user.click(within(rotate).getByRole("button", { name: "Lav ny hemmelighed" }));
    const secret = await screen.findByRole("dialog", { name: "Hemmeligheden til PLO's økonomimodul" });
    expect(within(secret).getByText("new-s3cret")).toBeInTheDocument();
    await user.click(within(secret).getByRole("button", { name: "Jeg har gemt den" }));
    expect(fake.count(`PATCH /api/v1/clients/${economy.id}`)).toBe(0);
  });

  it("revokes behind the menu and a confirmation that says what happens", async () => {
    const fake = fakeWith([economy]);
    const { user } = renderApp({ route: "/administration/klienter", fake });

    await user.click(await screen.findByRole("button", { name: "Handlinger for PLO's økonomimodul" }));
    await user.click(await screen.findByRole("menuitem", { name: "Tilbagekald" }));
    const revoke = await screen.findByRole("dialog", { name: "Tilbagekald PLO's økonomimodul?" });
    expect(revoke).toHaveTextContent("mister adgangen til API'et med det samme");
    expect(fake.count(`PATCH /api/v1/clients/${economy.id}`)).toBe(0);
    await user.click(within(revoke).getByRole("button", { name: "Tilbagekald" }));
    await waitFor(() => {
      expect(fake.callsTo(`PATCH /api/v1/clients/${economy.id}`).map((call) => call.body)).toEqual([{ is_active: false }]);
    });
    expect(await screen.findByText("Tilbagekaldt")).toBeInTheDocument();
  });
});
