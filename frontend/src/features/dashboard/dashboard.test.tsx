import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../i18n/I18nProvider";
import { FakeApi, karen, problemResponse } from "../../test/fakeApi";
import { renderApp } from "../../test/renderApp";
import { ClustersSection } from "./ClustersSection";

describe("dashboard (Oversigt)", () => {
  it("greets the person and shows empty states that say what to do", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    renderApp({ route: "/", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Oversigt" })).toBeInTheDocument();
    expect(await screen.findByText(/Velkommen, Karen Koordinator\./)).toBeInTheDocument();

    const clusters = screen.getByRole("region", { name: "Dine klynger" });
    expect(within(clusters).getByText("Du er endnu ikke med i en klynge.")).toBeInTheDocument();
    expect(within(clusters).getByText(/koordinator tilføjer dig/)).toBeInTheDocument();
    expect(within(clusters).getByText(/kontakt din regionale kvalitetsenhed/)).toBeInTheDocument();

    const meetings = screen.getByRole("region", { name: "Kommende møder" });
    expect(within(meetings).getByText("Du har ingen kommende møder.")).toBeInTheDocument();
  });

  it("shows an error with a retry when /me fails, then recovers", async () => {
    const fake = new FakeApi()
      .withSessionOf(karen)
      .on("GET /api/v1/me", () => problemResponse(500, "internal-error", "Internal Server Error", "Boom."));
    const { user } = renderApp({ route: "/", fake });

    const clusters = await screen.findByRole("region", { name: "Dine klynger" });
    expect(await within(clusters).findByRole("alert")).toHaveTextContent("Der opstod en fejl på serveren.");
    expect(within(clusters).getByText("Fejl-id: req-500-internal-error")).toBeInTheDocument();

    fake.off("GET /api/v1/me");
    await user.click(within(clusters).getByRole("button", { name: "Prøv igen" }));
    expect(await within(clusters).findByText("Du er endnu ikke med i en klynge.")).toBeInTheDocument();
  });
});

describe("dashboard sections fed with data", () => {
  it("list clusters when there are some", () => {
    render(
      <MemoryRouter>
        <I18nProvider>
        <ClustersSection
          state={{
            status: "success",
            items: [
              {
                id: "c1",
                name: "Klynge Aarhus Nord",
                regionCode: "midtjylland",
                roles: ["coordinator", "treasurer"],
              },
              { id: "c2", name: "Skive-Klyngen", regionCode: "midtjylland", roles: [] },
            ],
          }}
        />
        </I18nProvider>
      </MemoryRouter>,
    );
    const clusters = screen.getByRole("region", { name: "Dine klynger" });
    expect(within(clusters).getByRole("link", { name: "Klynge Aarhus Nord" })).toHaveAttribute("href", "/klynger/c1");
    const [first, second] = within(clusters).getAllByRole("listitem");
    expect(first).toHaveTextContent("Klynge Aarhus Nord");
    expect(first).toHaveTextContent("Klyngekoordinator, Kasserer · Region Midtjylland");
    expect(second).toHaveTextContent("Medlem · Region Midtjylland");
    expect(within(clusters).queryByText("Du er endnu ikke med i en klynge.")).not.toBeInTheDocument();

  });

  it("show a loading state while pending", () => {
    render(
      <I18nProvider>
        <ClustersSection state={{ status: "pending" }} />
      </I18nProvider>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Indlæser …");
  });
});
