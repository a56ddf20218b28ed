/**
 * A package's description as its form holds it (texts as typed) and as the API takes it: the
 * themes typed with commas between them, the estimated length in whole minutes.
 */
import type { PackageDescription } from "../../api/unitPackages";

export interface DescriptionTexts {
  title: string;
  summary: string;
  themes: string;
  audience: string;
  estimatedMinutes: string;
}

export type DescriptionProblem = "title" | "estimatedMinutes";

/** The API's limit on a package's length (a day). */
const MAX_MINUTES = 24 * 60;

export function emptyDescription(): DescriptionTexts {
  return { title: "", summary: "", themes: "", audience: "", estimatedMinutes: "" };
}

export function descriptionTexts(description: PackageDescription): DescriptionTexts {
  return {
    title: description.title,
    summary: description.summary ?? "",
    themes: (description.themes ?? []).join(", "),
    audience: description.audience ?? "",
    estimatedMinutes: String(description.estimated_minutes),
  };
}

/** The themes typed, in order, each once, without empty ones. */
export function parseThemes(text: string): string[] {
  return [...new Set(text.split(",").map((theme) => theme.trim()).filter((theme) => theme.length > 0))];
}

/** The description as the API takes it, or the fields that keep it from being one. */
export function descriptionFromTexts(
  texts: DescriptionTexts,
): { description: PackageDescription; problems: [] } | { description: null; problems: DescriptionProblem[] } {
  const problems: DescriptionProblem[] = [];
  if (!texts.title.trim()) problems.push("title");
  const minutesText = texts.estimatedMinutes.trim();
  const minutes = /^[0-9]{1,4}$/.test(minutesText) ? Number.parseInt(minutesText, 10) : Number.NaN;
  if (!(minutes >= 1 && minutes <= MAX_MINUTES)) problems.push("estimatedMinutes");
  if (problems.length > 0) return { description: null, problems };
  return {
    description: {
      title: texts.title.trim(),
      summary: texts.summary.trim(),
      themes: parseThemes(texts.themes),
      audience: texts.audience.trim(),
      estimated_minutes: minutes,
    },
    problems: [],
  };
}
