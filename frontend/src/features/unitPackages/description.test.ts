import { describe, expect, it } from "vitest";
import { descriptionFromTexts, descriptionTexts, emptyDescription, parseThemes } from "./description";

describe("a package's description as typed", () => {
  it("reads the themes between commas, each once, in order", () => {
    expect(parseThemes(" Trivsel, Data ,, trivsel, Trivsel ")).toEqual(["Trivsel", "Data", "trivsel"]);
    expect(parseThemes("")).toEqual([]);
  });

  it("makes the description the API takes, trimmed", () => {
    const read = descriptionFromTexts({
      title: " Stop op ",
      summary: " Et temamøde ",
      themes: "Kvalitet, Mødestruktur",
      audience: "Hele klyngen",
      estimatedMinutes: "195",
    });
    expect(read).toEqual({
      description: {
        title: "Stop op",
        summary: "Et temamøde",
        themes: ["Kvalitet", "Mødestruktur"],
        audience: "Hele klyngen",
        estimated_minutes: 195,
      },
      problems: [],
    });
    if (read.description) expect(descriptionTexts(read.description).themes).toBe("Kvalitet, Mødestruktur");
  });

  it("needs a title and a length of whole minutes within a day", () => {
    expect(descriptionFromTexts(emptyDescription()).problems).toEqual(["title", "estimatedMinutes"]);
    expect(descriptionFromTexts({ ...emptyDescription(), title: "X", estimatedMinutes: "1441" }).problems).toEqual(["estimatedMinutes"]);
    expect(descriptionFromTexts({ ...emptyDescription(), title: "X", estimatedMinutes: "3,5" }).problems).toEqual(["estimatedMinutes"]);
  });
});
