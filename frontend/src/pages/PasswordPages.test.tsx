import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeApi, problemResponse } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

const ACCEPTED = () =>
  new Response(JSON.stringify({ detail: "If the address has an account with us, we have sent it an e-mail." }), {
    status: 202,
    headers: { "Content-Type": "application/json" },
  });

describe("forgot password", () => {
  it("is linked from the login page", async () => {
    const { user } = renderApp({ route: "/login" });
    await user.click(await screen.findByRole("link", { name: "Glemt adgangskode?" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Glemt adgangskode" })).toBeInTheDocument();
    await waitFor(() => {
      expect(document.title).toBe("Glemt adgangskode – Klyngeplatformen");
    });
  });

  it("sends the address and answers the same whatever it is", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/password-reset", ACCEPTED);
    const { user } = renderApp({ route: "/glemt-adgangskode", fake });
    await user.type(await screen.findByLabelText(/E-mail/), " ukendt@example.dk ");
    await user.click(screen.getByRole("button", { name: "Send link" }));
    expect(
      await screen.findByText("Hvis adressen findes hos os, har vi sendt en e-mail med et link."),
    ).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/auth/password-reset")[0]?.body).toEqual({ email: "ukendt@example.dk" });
  });

  it("checks the address before sending", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/password-reset", ACCEPTED);
    const { user } = renderApp({ route: "/glemt-adgangskode", fake });
    await user.click(await screen.findByRole("button", { name: "Send link" }));
    expect(await screen.findByText("Skriv din e-mail.")).toBeInTheDocument();
    await user.type(screen.getByLabelText(/E-mail/), "ikke-en-adresse");
    await user.click(screen.getByRole("button", { name: "Send link" }));
    expect(await screen.findByText("Skriv en gyldig e-mail.")).toBeInTheDocument();
    expect(fake.count("POST /api/v1/auth/password-reset")).toBe(0);
  });

  it("asks the person to wait after too many requests (429)", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/password-reset", () =>
      problemResponse(429, "rate-limited", "Too Many Requests", "Too many requests.", { "Retry-After": "60" }),
    );
    const { user } = renderApp({ route: "/glemt-adgangskode", fake });
    await user.type(await screen.findByLabelText(/E-mail/), "karen@example.dk");
    await user.click(screen.getByRole("button", { name: "Send link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("For mange forsøg. Vent lidt, og prøv igen.");
  });
});

describe("choose a password", () => {
  const route = "/adgangskode/token-fra-mailen";

  async function choose(user: ReturnType<typeof renderApp>["user"], password: string, repeat = password) {
    await user.type(await screen.findByLabelText(/^Ny adgangskode/), password);
    await user.type(screen.getByLabelText(/^Gentag adgangskoden/), repeat);
    await user.click(screen.getByRole("button", { name: "Gem adgangskode" }));
  }

  it("shows the rules, sets the password and sends the person to log in", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/password", () => new Response(null, { status: 204 }));
    const { user } = renderApp({ route, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Vælg adgangskode" })).toBeInTheDocument();
    expect(screen.getByText(/Mindst 12 tegn/)).toBeInTheDocument();
    await choose(user, "lanterne-spurv-havregryn");
    expect(await screen.findByRole("heading", { level: 1, name: "Log ind" })).toBeInTheDocument();
    expect(screen.getByText("Din adgangskode er gemt. Log ind med den nye adgangskode.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/auth/password")[0]?.body).toEqual({
      token: "token-fra-mailen",
      password: "lanterne-spurv-havregryn",
    });
  });

  it("checks length and repetition before sending", async () => {
    const fake = new FakeApi();
    const { user } = renderApp({ route, fake });
    await choose(user, "kort", "andet");
    expect(await screen.findByText("Adgangskoden skal være mindst 12 tegn.")).toBeInTheDocument();
    expect(screen.getByText("De to adgangskoder er ikke ens.")).toBeInTheDocument();
    expect(fake.count("POST /api/v1/auth/password")).toBe(0);
  });

  it("says in Danish that a password is too easy to guess (422)", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/password", () =>
      new Response(
        JSON.stringify({
          type: "urn:cluster-platform:problem:rule-violation",
          title: "Unprocessable Content",
          status: 422,
          detail: "The request is well formed but breaks a rule.",
          request_id: "r1",
          errors: { password: ["Too easy to guess."] },
          codes: { password: [{ code: "weak_password" }] },
        }),
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const { user } = renderApp({ route, fake });
    await choose(user, "karen@example.dk");
    expect(
      await screen.findByText("Adgangskoden er for let at gætte. Brug en sætning af nogle få ord, der ikke hører sammen."),
    ).toBeInTheDocument();
  });

  it("explains a used or expired link and offers a new one", async () => {
    const fake = new FakeApi().on("POST /api/v1/auth/password", () =>
      problemResponse(404, "invalid-link", "Not Found", "The link is not valid."),
    );
    const { user } = renderApp({ route, fake });
    await choose(user, "lanterne-spurv-havregryn");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Linket virker ikke længere: det er brugt, udløbet eller ukendt. Bed om et nyt link.",
    );
    expect(screen.getByRole("link", { name: "Bed om et nyt link" })).toHaveAttribute("href", "/glemt-adgangskode");
  });
});
