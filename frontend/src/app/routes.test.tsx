import { screen, within, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { anne, FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

describe("route protection", () => {
  it("shows a loading state while the session is being restored", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const release = fake.hold("POST /api/v1/auth/refresh");
    renderApp({ route: "/", fake });
    expect(screen.getByRole("status")).toHaveTextContent("Henter din session …");
    release();
    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
  });

  const protectedRoutes = ["/", "/profil", "/administration"];

  it.each(protectedRoutes)("sends an anonymous visitor of %s to /login", async (route) => {
    const fake = new FakeApi();
    const { location } = renderApp({ route, fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Log ind" })).toBeInTheDocument();
    expect(location()).toBe("/login");
    expect(fake.count("POST /api/v1/auth/refresh")).toBe(1);
    expect(fake.count("GET /api/v1/me")).toBe(0);
    // No notice: nobody was signed in.
    expect(screen.queryByText("Din session er udløbet. Log ind igen.")).not.toBeInTheDocument();
  });

  it("keeps a signed-in person on the page after a reload (silent refresh)", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const { location } = renderApp({ route: "/profil", fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Profil" })).toBeInTheDocument();
    expect(location()).toBe("/profil");
  });

  it("sends a signed-in person away from /login", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const { location } = renderApp({ route: "/login", fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
    expect(location()).toBe("/");
  });
});

describe("layout", () => {
  it("has a skip link, header, navigation and main landmark", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    renderApp({ route: "/", fake });
    await screen.findByRole("heading", { level: 1, name: "Oversigt" });

    expect(screen.getByRole("link", { name: "Spring til indhold" })).toHaveAttribute("href", "#main");
    const banner = screen.getByRole("banner");
    expect(within(banner).getByText("Klyngeplatformen")).toBeInTheDocument();
    expect(await within(banner).findByText("Karen Koordinator")).toBeInTheDocument();
    expect(within(banner).getByRole("button", { name: "Log ud" })).toBeInTheDocument();
    expect(within(banner).getByLabelText("Sprog")).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveAttribute("id", "main");
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Oversigt – Klyngeplatformen");
    });
  });

  it("shows Oversigt and Profil, but not Administration, to a person who is not an admin", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    renderApp({ route: "/", fake });
    const nav = await screen.findByRole("navigation", { name: "Hovedmenu" });
    await within(nav).findByRole("link", { name: "Oversigt" });
    expect(within(nav).getByRole("link", { name: "Oversigt" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Profil" })).toBeInTheDocument();
    expect(within(nav).queryByRole("link", { name: "Administration" })).not.toBeInTheDocument();
  });

  it("adds Administration for a platform admin", async () => {
    const fake = new FakeApi().withSessionOf(anne);
    renderApp({ route: "/", fake });
    const nav = await screen.findByRole("navigation", { name: "Hovedmenu" });
    expect(await within(nav).findByRole("link", { name: "Administration" })).toHaveAttribute(
      "href",
      "/administration",
    );
  });
});

describe("not found", () => {
  it("shows a 404 with a link home, inside the app for a signed-in person", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    const { user, location } = renderApp({ route: "/findes/ikke", fake });
    expect(await screen.findByRole("heading", { level: 1, name: "Siden findes ikke" })).toBeInTheDocument();
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Siden findes ikke – Klyngeplatformen");
    });
    expect(screen.getByRole("navigation", { name: "Hovedmenu" })).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "Gå til forsiden" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
    expect(location()).toBe("/");
  });

  it("shows the 404 to anonymous visitors too", async () => {
    renderApp({ route: "/findes/ikke" });
    expect(await screen.findByRole("heading", { level: 1, name: "Siden findes ikke" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });
});
