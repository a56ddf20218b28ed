import { screen, within, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { anne, FakeApi, karen } from "../test/fakeApi";
import { renderApp } from "../test/renderApp";
import { seriousViolations } from "../test/axe";

// Whole pages with axe-core runs: slower than the default five seconds on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

describe("profile page", () => {
  it("shows name, e-mail, organisations and the empty cluster roles", async () => {
    const fake = new FakeApi().withSessionOf(karen);
    renderApp({ route: "/profil", fake });

    expect(await screen.findByRole("heading", { level: 1, name: "Profil" })).toBeInTheDocument();
    expect(await screen.findByText("Karen Koordinator", { selector: "dd" })).toBeInTheDocument();
    expect(screen.getByText(karen.email, { selector: "dd" })).toBeInTheDocument();
    expect(screen.getByText("23. november 2026 kl. 14.05")).toBeInTheDocument();
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Profil – Klyngeplatformen");
    });

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

const FEED = "/api/v1/me/calendar-feed";

/** The calendar subscription as the API keeps it: made, replaced or stopped. */
function withCalendarFeed(fake: FakeApi, initiallyActive = false): FakeApi {
  let active = initiallyActive;
  let issued = 0;
  const status = () => ({
    active,
    created_at: active ? "2026-11-23T13:05:00Z" : null,
    last_used_at: active && issued === 0 ? "2026-11-24T07:00:00Z" : null,
    use_count: active && issued === 0 ? 12 : 0,
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  return fake
    .on(`GET ${FEED}`, () => json(status()))
    .on(`POST ${FEED}`, () => {
      active = true;
      issued += 1;
      const url = `http://api.test/api/v1/calendar-feeds/secret-${String(issued)}.ics`;
      return json({ ...status(), url, webcal_url: url.replace("http://", "webcal://") }, 201);
    })
    .on(`DELETE ${FEED}`, () => {
      active = false;
      return new Response(null, { status: 204 });
    });
}

describe("calendar subscription", () => {
  it("explains it, makes the address, shows it once and copies it", async () => {
    const fake = withCalendarFeed(new FakeApi().withSessionOf(karen));
    const { user } = renderApp({ route: "/profil", fake });
    const section = await screen.findByRole("region", { name: "Kalenderabonnement" });
    expect(within(section).getByText(/kommer dine klyngemøder selv ind i din kalender/)).toBeInTheDocument();
    expect(await within(section).findByText("Du har ikke et kalenderabonnement.")).toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Lav kalenderadresse" }));
    const address = await within(section).findByRole("textbox", { name: "Din kalenderadresse" });
    expect(address).toHaveValue("http://api.test/api/v1/calendar-feeds/secret-1.ics");
    expect(address).toHaveAttribute("readonly");
    expect(within(section).getByText(/vises kun denne ene gang/)).toBeInTheDocument();
    expect(within(section).getByRole("link", { name: "Åbn i kalenderprogram" })).toHaveAttribute(
      "href",
      "webcal://api.test/api/v1/calendar-feeds/secret-1.ics",
    );
    expect(await within(section).findByText("Du har et kalenderabonnement. Adressen blev lavet 23. november 2026 kl. 14.05.")).toBeInTheDocument();
    expect(fake.count(`POST ${FEED}`)).toBe(1);

    await user.click(within(section).getByRole("button", { name: "Kopiér adressen" }));
    expect(await within(section).findByText("Adressen er kopieret.")).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe("http://api.test/api/v1/calendar-feeds/secret-1.ics");
    expect(await seriousViolations()).toEqual([]);
  });

  it("selects the address for copying by hand when the clipboard is refused", async () => {
    const fake = withCalendarFeed(new FakeApi().withSessionOf(karen));
    const { user } = renderApp({ route: "/profil", fake });
    const section = await screen.findByRole("region", { name: "Kalenderabonnement" });
    await user.click(await within(section).findByRole("button", { name: "Lav kalenderadresse" }));
    const address = await within(section).findByRole<HTMLInputElement>("textbox", { name: "Din kalenderadresse" });
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new DOMException("Denied", "NotAllowedError"));

    await user.click(within(section).getByRole("button", { name: "Kopiér adressen" }));
    expect(await within(section).findByText("Adressen er markeret. Kopiér den med Ctrl+C (⌘+C på Mac).")).toBeInTheDocument();
    expect(address).toHaveFocus();
    expect([address.selectionStart, address.selectionEnd]).toEqual([0, address.value.length]);
  });

  it("makes a new address after confirmation, then stops the subscription after confirmation", async () => {
    const fake = withCalendarFeed(new FakeApi().withSessionOf(karen), true);
    const { user } = renderApp({ route: "/profil", fake });
    const section = await screen.findByRole("region", { name: "Kalenderabonnement" });
    expect(await within(section).findByText("Senest hentet af en kalender 24. november 2026 kl. 08.00 (12 gange i alt).")).toBeInTheDocument();
    expect(within(section).queryByRole("textbox")).not.toBeInTheDocument();

    await user.click(within(section).getByRole("button", { name: "Lav en ny adresse" }));
    const rotate = await screen.findByRole("dialog", { name: "Lav en ny kalenderadresse" });
    expect(rotate).toHaveTextContent("Den nuværende adresse holder op med at virke med det samme");
    expect(await seriousViolations()).toEqual([]);
    expect(fake.count(`POST ${FEED}`)).toBe(0);
    await user.click(within(rotate).getByRole("button", { name: "Lav ny adresse" }));
    expect(await within(section).findByRole("textbox", { name: "Din kalenderadresse" })).toHaveValue(
      "http://api.test/api/v1/calendar-feeds/secret-1.ics",
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    expect(within(section).queryByRole("button", { name: "Stop abonnementet" })).not.toBeInTheDocument();
    await user.click(within(section).getByRole("button", { name: "Handlinger for kalenderabonnementet" }));
    await user.click(await screen.findByRole("menuitem", { name: "Stop abonnementet" }));
    const revoke = await screen.findByRole("dialog", { name: "Stop kalenderabonnementet" });
    expect(revoke).toHaveTextContent("Adressen holder op med at virke med det samme");
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(revoke).getByRole("button", { name: "Stop abonnementet" }));
    expect(await within(section).findByText("Kalenderabonnementet er stoppet. Adressen virker ikke længere.")).toBeInTheDocument();
    expect(await within(section).findByText("Du har ikke et kalenderabonnement.")).toBeInTheDocument();
    expect(within(section).queryByRole("textbox")).not.toBeInTheDocument();
    expect(fake.count(`DELETE ${FEED}`)).toBe(1);
    expect(within(section).getByRole("button", { name: "Lav kalenderadresse" })).toBeInTheDocument();
  });
});
