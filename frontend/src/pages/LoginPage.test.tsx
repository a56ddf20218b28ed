import { act, screen, within, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { FakeApi, karen, problemResponse } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

async function fillIn(user: ReturnType<typeof renderApp>["user"], email: string, password: string) {
  await user.type(await screen.findByLabelText("E-mail"), email);
  await user.type(screen.getByLabelText("Adgangskode"), password);
  await user.click(screen.getByRole("button", { name: "Log ind" }));
}

describe("login page", () => {
  it("has labelled fields, a title and an empty alert region", async () => {
    renderApp({ route: "/login" });
    expect(await screen.findByRole("heading", { level: 1, name: "Log ind" })).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("type", "email");
    expect(screen.getByLabelText("Adgangskode")).toHaveAttribute("type", "password");
    expect(screen.getByRole("alert")).toBeEmptyDOMElement();
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Log ind – Klyngeplatformen");
    });
  });

  it("announces wrong credentials in Danish (401)", async () => {
    const { user } = renderApp({ route: "/login" });
    await fillIn(user, karen.email, "wrong-password");
    await waitFor(() => {
      expect(screen.getByRole("alert")).toHaveTextContent("Forkert e-mail eller adgangskode.");
    });
    expect(screen.getByRole("button", { name: "Log ind" })).toBeEnabled();
    expect(screen.getByLabelText("Adgangskode")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Adgangskode")).toHaveAccessibleDescription("Forkert e-mail eller adgangskode.");
  });

  it("asks the person to wait after too many attempts (429)", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/login", () =>
      problemResponse(429, "rate-limited", "Too Many Requests", "Too many requests.", { "Retry-After": "60" }),
    );
    const { user } = renderApp({ route: "/login", fake });
    await fillIn(user, karen.email, karen.password);
    expect(await screen.findByRole("alert")).toHaveTextContent("For mange forsøg. Vent lidt, og prøv igen.");
  });

  it("says that the server cannot be reached when fetch fails", async () => {
    const { user } = renderApp({ route: "/login" });
    await screen.findByRole("heading", { name: "Log ind" });
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    await fillIn(user, karen.email, karen.password);
    expect(await screen.findByRole("alert")).toHaveTextContent("Serveren kan ikke nås.");
  });

  it("shows the request id of an unexpected server error", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/login", () =>
      problemResponse(500, "internal-error", "Internal Server Error", "Boom."),
    );
    const { user } = renderApp({ route: "/login", fake });
    await fillIn(user, karen.email, karen.password);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Der opstod en fejl på serveren.");
    expect(within(alert).getByText("Fejl-id: req-500-internal-error")).toBeInTheDocument();
  });

  it("disables the button while logging in, then goes to the front page", async () => {
    const fake = new FakeApi();
    const release = fake.hold("POST /api/v1/auth/login");
    const { user, location } = renderApp({ route: "/login", fake });
    await fillIn(user, karen.email, karen.password);

    expect(screen.getByRole("button", { name: "Logger ind …" })).toBeDisabled();
    release();

    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
    expect(location()).toBe("/");
  });

  it("returns to the page the person wanted", async () => {
    const { user, location } = renderApp({ route: "/profil?tab=1" });
    expect(await screen.findByRole("heading", { level: 1, name: "Log ind" })).toBeInTheDocument();
    expect(location()).toBe("/login");
    await fillIn(user, karen.email, karen.password);
    expect(await screen.findByRole("heading", { level: 1, name: "Profil" })).toBeInTheDocument();
    expect(location()).toBe("/profil?tab=1");
  });

  it("says 'Du er nu logget ud.' after logging out", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const { user, location } = renderApp({ route: "/profil", fake });
    await user.click(await screen.findByRole("button", { name: "Log ud" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Du er nu logget ud.");
    expect(location()).toBe("/login");
    expect(fake.count("POST /api/v1/auth/logout")).toBe(1);

    // Logging in again starts at the front page, not where the last person was.
    await fillIn(user, karen.email, karen.password);
    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
  });

  it("says 'Din session er udløbet. Log ind igen.' when the session ends", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const { user, location, queryClient } = renderApp({ route: "/profil", fake });
    expect(await screen.findByText("Karen Koordinator", { selector: "dd" })).toBeInTheDocument();

    // The session ends at the server; the next call gets 401 and the refresh is refused.
    fake.revokeSessions();
    await act(() => queryClient.invalidateQueries());

    expect(await screen.findByText("Din session er udløbet. Log ind igen.")).toBeInTheDocument();
    expect(location()).toBe("/login");
    await fillIn(user, karen.email, karen.password);
    expect(await screen.findByRole("heading", { level: 1, name: "Profil" })).toBeInTheDocument();
  });
});
