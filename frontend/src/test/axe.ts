import axe from "axe-core";

/**
 * Serious and critical axe violations (colour contrast needs a real browser: not in jsdom, nor
 * is a frame's content, which the browser tests check).
 */
export async function seriousViolations(): Promise<string[]> {
  const results = await axe.run(document, {
    iframes: false,
    resultTypes: ["violations"],
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(", ")}`);
}
