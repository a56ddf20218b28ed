import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { anne, FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";

describe("profile page", () => {
  it("shows name, e-mail, organisations and the empty cluster roles", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    renderApp({ route: "/profil", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Profil" })).toBeInTheDocument();
    expect(await screen.findByText("Karen Koordinator", { selector: "dd" })).toBeInTheDocument();
    expect(screen.getByText(karen.email, { selector: "dd" })).toBeInTheDocument();
    expect(screen.getByText("23. november 2026 kl. 14.05")).toBeInTheDocument();
    expect(document.title).toBe("Profil – Klyngeplatformen");

    const organisations = screen.getByRole("region", { name: "Organisationer" });
    expect(within(organisations).getByText("MidtKraft")).toBeInTheDocument();
    expect(within(organisations).getByText("Regional kvalitetsenhed, Region Midtjylland")).toBeInTheDocument();

    const roles = screen.getByRole("region", { name: "Roller" });
    expect(within(roles).getByText("Ingen klyngeroller endnu.")).toBeInTheDocument();
    expect(within(roles).queryByText("Platformadministrator")).not.toBeInTheDocument();
  });

  it("shows the platform admin role and empty organisations", async () => {
    const fake = new FakeApi().withSessionOf(anne);
    renderApp({ route: "/profil", fake });
    const roles = await screen.findByRole("region", { name: "Roller" });
    expect(within(roles).getByText("Platformadministrator")).toBeInTheDocument();
    expect(screen.getByText("Du er ikke tilknyttet en organisation.")).toBeInTheDocument();
    expect(screen.getByText("Ikke registreret")).toBeInTheDocument();
  });
});

describe("profile with cluster roles", () => {
  it("lists each cluster with the person's roles there", async () => {
    const fake = new FakeApi().withSessionOf({
      ...karen,
      clusters: [
        {
          id: "7a1c0000-0000-4000-8000-000000000001",
          name: "Demoklyngen Viborg",
          region_code: "midtjylland",
          roles: ["coordinator"],
        },
      ],
    });
    renderApp({ route: "/profil", fake });
    const roles = await screen.findByRole("region", { name: "Roller" });
    expect(await within(roles).findByText("Demoklyngen Viborg")).toBeInTheDocument();
    expect(within(roles).getByText("Klyngekoordinator")).toBeInTheDocument();
  });
});
