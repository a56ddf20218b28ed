import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { anne, FakeApi, karen } from "./test/fakeApi";
import { renderApp } from "./test/renderApp";
import { seriousViolations } from "./test/axe";

// Whole pages with axe-core runs: slower than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

describe("accessibility (axe-core)", () => {
  it("login page, also with an error", async () => {
    const { user } = renderApp({ route: "/login" });
    await screen.findByRole("heading", { level: 1, name: "Log ind" });
    expect(await seriousViolations()).toEqual([]);

    await user.type(screen.getByLabelText("E-mail"), karen.email);
    await user.type(screen.getByLabelText("Adgangskode"), "wrong");
    await user.click(screen.getByRole("button", { name: "Log ind" }));
    await screen.findAllByText("Forkert e-mail eller adgangskode.");
    expect(await seriousViolations()).toEqual([]);
  });

  it.each([
    ["/", "Oversigt", karen],
    ["/profil", "Profil", karen],
    ["/administration", "Administration", anne],
    ["/findes-ikke", "Siden findes ikke", karen],
  ] as const)("%s", async (route, heading, account) => {
    renderApp({ route, fake: new FakeApi().withSessionOf(account) });
    await screen.findByRole("heading", { level: 1, name: heading });
    await screen.findAllByText(account.name);
    if (route === "/administration") await screen.findByRole("table");
    expect(await seriousViolations()).toEqual([]);
  });

  it.each([
    ["/glemt-adgangskode", "Glemt adgangskode"],
    ["/adgangskode/token-fra-mailen", "Vælg adgangskode"],
  ] as const)("%s (public)", async (route, heading) => {
    renderApp({ route });
    await screen.findByRole("heading", { level: 1, name: heading });
    expect(await seriousViolations()).toEqual([]);
  });
});
