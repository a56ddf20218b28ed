/** The results' colours, shared by the drawing (loaded lazily) and the legends beside it. */

/** The five Likert categories as CSS colours, from "Helt uenig" (red) to "Helt enig" (green). */
export const LIKERT_COLORS_CSS = [
  "var(--mantine-color-red-8)",
  "var(--mantine-color-orange-6)",
  "var(--mantine-color-gray-5)",
  "var(--mantine-color-lime-6)",
  "var(--mantine-color-green-8)",
] as const;

/** The trend's lines, a colour per question. */
export const TREND_COLORS = ["klynge.8", "orange.8", "grape.8", "teal.8", "red.8", "indigo.8"] as const;
