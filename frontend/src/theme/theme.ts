import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

/** The platform's one blue, from light to dark; shade 8 is the primary colour. */
const klynge: MantineColorsTuple = [
  "#e8f1fb",
  "#d2e2f4",
  "#a5c3e8",
  "#74a2dc",
  "#4c87d1",
  "#3476c9",
  "#1f64b5",
  "#155a9f",
  "#0b4f8a",
  "#083d6b",
];

/**
 * Colour, spacing, type scale and focus for the whole web app. Every filled colour takes
 * shade 8, and its text is black or white, whichever contrasts more: at the luminance
 * threshold 0.179 either choice is at least 4.5:1 (WCAG 2.1 AA), whatever the colour.
 */
export const theme = createTheme({
  primaryColor: "klynge",
  primaryShade: 8,
  // Transitions are skipped for users who ask the system for less motion.
  respectReducedMotion: true,
  colors: { klynge },
  autoContrast: true,
  luminanceThreshold: 0.179,
  // A focus ring for keyboard users on every control, in the primary colour (8.4:1 on white).
  focusRing: "auto",
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: "700" },
  defaultRadius: "md",
  cursorType: "pointer",
});

/**
 * Mantine's dimmed text (grey 6, 3.3:1 on white) is below AA; grey 7 is 8.2:1. So is its error
 * red (red 6, 3.3:1), which colours a refused field's text and message; red 9 is 5.5:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = (current) => ({
  variables: {},
  light: { "--mantine-color-dimmed": current.colors.gray[7], "--mantine-color-error": current.colors.red[9] },
  dark: {},
});
