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
  it("lists users page by page with 'Vis flere'", async () => {
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
