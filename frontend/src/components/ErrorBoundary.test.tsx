import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n/I18nProvider";
import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new Error("render failed");
}

describe("ErrorBoundary", () => {
  it("shows a Danish error page instead of a blank one", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(
      <MantineProvider>
        <I18nProvider>
          <ErrorBoundary>
            <Broken />
          </ErrorBoundary>
        </I18nProvider>
      </MantineProvider>,
    );
    expect(screen.getByRole("heading", { level: 1, name: "Der opstod en fejl" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Genindlæs siden" })).toBeInTheDocument();
  });

  it("renders its children when nothing fails", () => {
    render(
      <I18nProvider>
        <ErrorBoundary>
          <p>OK</p>
        </ErrorBoundary>
      </I18nProvider>,
    );
    expect(screen.getByText("OK")).toBeInTheDocument();
  });
});
