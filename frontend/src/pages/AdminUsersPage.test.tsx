import { screen, within, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { anne, FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

function users(count: number): User[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    email: `laege${String(index)}@demo.dk`,
    name: `Læge ${String(index)}`,
    is_platform_admin: false,
    is_active: index % 10 !== 0,
    activated: index % 3 !== 0,
    organisations: [],
    last_login_at: null,
    created_at: "2026-01-05T09:00:00Z",
    updated_at: "2026-01-05T09:00:00Z",
  }));
}

describe("administration", () => {
  it("lists users page by page with 'Vis flere'", { timeout: 30_000 }, async () => {
    const fake = new FakeApi().withSessionOf(anne);
    fake.extraUsers = users(60);
    const { user } = renderApp({ route: "/administration", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Administration" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Brugere på platformen" });
    // Two accounts and 48 extra users fill the first page of 50 (+ the header row).
    expect(within(table).getAllByRole("row")).toHaveLength(51);
    expect(within(table).getByRole("rowheader", { name: "Anne Admin" })).toBeInTheDocument();
    expect(screen.getByText("Viste brugere: 50")).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/users")[0]?.search).toBe("?limit=50");

    await user.click(screen.getByRole("button", { name: "Vis flere" }));

    expect(await screen.findByText("Viste brugere: 62")).toBeInTheDocument();
    expect(within(table).getAllByRole("row")).toHaveLength(63);
    expect(fake.callsTo("GET /api/v1/users")[1]?.search).toBe("?limit=50&cursor=50");
    expect(screen.queryByRole("button", { name: "Vis flere" })).not.toBeInTheDocument();
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Administration – Klyngeplatformen");
    });
  });

  it("is closed to people who are not platform admins", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    renderApp({ route: "/administration", fake });
    expect(
      await screen.findByText("Kun platformadministratorer har adgang til administrationen."),
    ).toBeInTheDocument();
    expect(fake.count("GET /api/v1/users")).toBe(0);
  });

  it("shows the API's refusal in Danish", async () => {
    const fake = new FakeApi().withSessionOf(anne);
    fake.on("GET /api/v1/users", () =>
      new Response(
        JSON.stringify({
          type: "urn:cluster-platform:problem:forbidden",
          title: "Forbidden",
          status: 403,
          detail: "You are not allowed to do this.",
          request_id: "abc123",
        }),
        { status: 403, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    renderApp({ route: "/administration", fake });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Du har ikke adgang til dette.");
    expect(alert).toHaveTextContent("Fejl-id: abc123");
  });
});

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

describe("managing users", () => {
  const waiting: User = {
    ...users(2)[1]!,
    id: "00000000-0000-4000-8000-0000000000aa",
    name: "Ny Læge",
    email: "ny.laege@demo.dk",
    is_active: true,
    activated: false,
  };

  it("searches by name or e-mail", { timeout: 30_000 }, async () => {
    const fake = new FakeApi().withSessionOf(anne);
    fake.extraUsers = users(30);
    const { user } = renderApp({ route: "/administration", fake });
    const table = await screen.findByRole("table", { name: "Brugere på platformen" });
    await user.type(screen.getByLabelText("Søg efter navn eller e-mail"), "Læge 2");
    await waitFor(() => {
      expect(fake.callsTo("GET /api/v1/users").at(-1)?.search).toBe("?limit=50&q=L%C3%A6ge%202");
    });
    await waitFor(() => {
      // Læge 2 and Læge 20–29.
      expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(12);
    });
    expect(table).toBeDefined();
    await user.clear(screen.getByLabelText("Søg efter navn eller e-mail"));
    await user.type(screen.getByLabelText("Søg efter navn eller e-mail"), "ingen sådan");
    expect(await screen.findByText("Ingen brugere matcher søgningen.")).toBeInTheDocument();
  });

  it("creates a user, who is sent an activation e-mail", async () => {
    const fake = new FakeApi().withSessionOf(anne);
    fake.on("POST /api/v1/users", () => jsonResponse(waiting, 201));
    const { user } = renderApp({ route: "/administration", fake });
    await user.click(await screen.findByRole("button", { name: "Opret bruger" }));
    const dialog = await screen.findByRole("dialog", { name: "Opret bruger" });
    expect(within(dialog).getByText(/får en e-mail med et link/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Opret bruger" }));
    expect(await within(dialog).findByText("Skriv et navn.")).toBeInTheDocument();
    expect(fake.count("POST /api/v1/users")).toBe(0);
    await user.type(within(dialog).getByLabelText(/^Navn/), "Ny Læge");
    await user.type(within(dialog).getByLabelText(/^E-mail/), "ny.laege@demo.dk");
    await user.click(within(dialog).getByRole("button", { name: "Opret bruger" }));
    expect(await screen.findByText("Ny Læge er oprettet, og aktiveringsmailen er sendt.")).toBeInTheDocument();
    const [call] = fake.callsTo("POST /api/v1/users");
    expect(call?.body).toEqual({ name: "Ny Læge", email: "ny.laege@demo.dk", is_platform_admin: false });
  });

  it("sends the activation again from the row's menu", async () => {
    const fake = new FakeApi().withSessionOf(anne);
    fake.extraUsers = [waiting];
    fake.on(`POST /api/v1/users/${waiting.id}/activation`, () => new Response(null, { status: 204 }));
    const { user } = renderApp({ route: "/administration", fake });
    const row = (await screen.findByRole("rowheader", { name: "Ny Læge" })).closest("tr")!;
    expect(within(row).getByText("Afventer aktivering")).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: "Handlinger for Ny Læge" }));
    await user.click(await screen.findByRole("menuitem", { name: "Send aktivering igen" }));
    expect(await screen.findByText("Aktiveringsmailen er sendt igen til ny.laege@demo.dk.")).toBeInTheDocument();
    expect(fake.count(`POST /api/v1/users/${waiting.id}/activation`)).toBe(1);
  });

  it("deactivates after a confirmation that says what happens, with If-Match", async () => {
    const fake = new FakeApi().withSessionOf(anne);
    fake.extraUsers = [waiting];
    const path = `/api/v1/users/${waiting.id}`;
    fake.on(`GET ${path}`, () => jsonResponse(waiting, 200, { ETag: '"v1"' }));
    let ifMatch: string | null = null;
    fake.on(`PATCH ${path}`, (request) => {
      ifMatch = request.headers.get("If-Match");
      return jsonResponse({ ...waiting, is_active: false });
    });
    const { user } = renderApp({ route: "/administration", fake });
    const row = (await screen.findByRole("rowheader", { name: "Ny Læge" })).closest("tr")!;
    await user.click(within(row).getByRole("button", { name: "Handlinger for Ny Læge" }));
    await user.click(await screen.findByRole("menuitem", { name: "Deaktivér" }));
    const dialog = await screen.findByRole("dialog", { name: "Deaktivér Ny Læge" });
    expect(within(dialog).getByText(/kan ikke længere logge ind, og alle Ny Læges sessioner afsluttes/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Deaktivér" }));
    expect(await screen.findByText("Ny Læge er deaktiveret.")).toBeInTheDocument();
    expect(ifMatch).toBe('"v1"');
    expect(fake.callsTo(`PATCH ${path}`)[0]?.body).toEqual({ is_active: false });
  });
});
