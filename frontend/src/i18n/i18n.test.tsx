import { screen, waitFor } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { renderApp } from "../test/renderApp";
import { da } from "./messages/da";
import { en } from "./messages/en";
import { hasCatalogue, LANGUAGES, loadCatalogue, translate } from "./translate";

const catalogues = { da, en };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "").sort();
}

describe("message catalogues", () => {
  it("have exactly the same keys in every language", () => {
    const keys = Object.keys(da).sort();
    for (const language of LANGUAGES) {
      expect(Object.keys(catalogues[language]).sort()).toEqual(keys);
    }
  });

  it("have no empty messages and the same placeholders as Danish", () => {
    for (const [key, text] of Object.entries(da)) {
      expect(text.trim(), key).not.toBe("");
      const english = (en as Record<string, string>)[key] ?? "";
      expect(english.trim(), key).not.toBe("");
      expect(placeholders(english), key).toEqual(placeholders(text));
    }
  });

  it("are checked by the type system", () => {
    // @ts-expect-error: an unknown key does not compile.
    translate("da", "no.such.key");
    // @ts-expect-error: a message with a placeholder needs its parameter.
    translate("da", "dashboard.greeting");
    // @ts-expect-error: a message without placeholders takes no parameters.
    translate("da", "nav.profile", { name: "x" });
  });
});

describe("translate", () => {
  beforeAll(async () => {
    await loadCatalogue("en");
  });

  it("looks messages up in the chosen language", () => {
    expect(translate("da", "nav.overview")).toBe("Oversigt");
    expect(translate("en", "nav.overview")).toBe("Overview");
  });

  it("fills in placeholders", () => {
    expect(translate("da", "dashboard.greeting", { name: "Karen" })).toBe("Velkommen, Karen.");
    expect(translate("en", "errors.httpStatus", { status: 502 })).toBe(
      "The server answered with an error (502).",
    );
    expect(translate("da", "app.pageTitle", { page: "Profil", app: "Klyngeplatformen" })).toBe(
      "Profil – Klyngeplatformen",
    );
  });
});

describe("language switch", () => {
  it("is Danish by default and switches the page, title and <html lang> to English", async () => {
    expect(hasCatalogue("da")).toBe(true);
    const { user } = renderApp({ route: "/login" });

    expect(await screen.findByRole("heading", { level: 1, name: "Log ind" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("da");
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Log ind – Klyngeplatformen");
    });
    expect(screen.getByLabelText("Adgangskode")).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Sprog"), "en");

    // The English messages come in their own chunk, when chosen.
    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Log in" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("en");
    // The title is set by an effect after the page renders.
    await waitFor(() => {
      expect(document.title).toBe("Log in – Klyngeplatformen");
    });

    await user.selectOptions(screen.getByLabelText("Language"), "da");
    expect(screen.getByRole("heading", { level: 1, name: "Log ind" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("da");
  });
});
