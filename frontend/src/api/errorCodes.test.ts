import { beforeAll, describe, expect, it } from "vitest";
import { da } from "../i18n/messages/da";
import { en } from "../i18n/messages/en";
import { loadCatalogue, translatorFor } from "../i18n/translate";
import { describeFieldCode, describeProblemCode, ERROR_CODE_KEYS, fieldErrorsOf, type ErrorCode } from "./errorCodes";
import { ApiError } from "./errors";

beforeAll(async () => {
  await loadCatalogue("en");
});

const t = translatorFor("da");

describe("the API's error codes in Danish", () => {
  it.each<[ErrorCode, string]>([
    [{ code: "required" }, "Skal udfyldes."],
    [{ code: "null" }, "Skal udfyldes."],
    [{ code: "too_long", min: 1, max: 200, unit: "characters" }, "Højst 200 tegn."],
    [{ code: "too_long", max: 1000, unit: "characters" }, "Højst 1.000 tegn."],
    [{ code: "too_short", min: 1, max: 200, unit: "characters" }, "Skal udfyldes."],
    [{ code: "too_short", min: 3, max: 80, unit: "characters" }, "Mindst 3 tegn."],
    [{ code: "too_long", min: 1, max: 200, unit: "items" }, "Højst 200 ad gangen."],
    [{ code: "out_of_range", min: 1, max: 200 }, "Skal være mellem 1 og 200."],
    [{ code: "out_of_range", min: 0 }, "Skal være mindst 0."],
    [{ code: "not_one_of", choices: ["draft", "planned"] }, "Vælg en af mulighederne."],
    [{ code: "invalid_email" }, "Skal være en gyldig e-mailadresse."],
    [{ code: "invalid_datetime" }, "Skal være et gyldigt tidspunkt."],
    [{ code: "not_after_start" }, "Skal være efter starttidspunktet."],
    [{ code: "after_start" }, "Må ikke være efter starttidspunktet."],
    [{ code: "blank" }, "Må ikke være tom."],
    [{ code: "before_earliest", date: "2026-02-01" }, "Må ikke være før 1. februar 2026."],
  ])("%j is %s", (code, text) => {
    expect(describeFieldCode(code, t)).toBe(text);
  });

  it("has a Danish fallback for a code it does not know", () => {
    const unknown = { code: "brand_new" } as unknown as ErrorCode;
    expect(describeFieldCode(unknown, t)).toBe("Værdien blev afvist.");
    expect(describeProblemCode("brand_new", t)).toBeNull();
  });

  it("says the domain's rules in Danish", () => {
    expect(describeProblemCode("meeting_not_begun", t)).toBe("Mødet er ikke begyndt endnu.");
    expect(describeProblemCode("folder_not_empty", t)).toBe(
      "Kun en tom mappe kan slettes. Flyt eller slet indholdet først.",
    );
  });

  it("translates an error's fields from the codes and ignores the English messages", () => {
    const error = new ApiError(422, {
      type: "urn:cluster-platform:problem:validation-error",
      title: "Unprocessable Entity",
      status: 422,
      detail: "The request could not be processed.",
      errors: { title: ["Length must be between 1 and 200."] },
      codes: { title: [{ code: "too_long", min: 1, max: 200, unit: "characters" }] },
    });
    expect(fieldErrorsOf(error, t)).toEqual({ title: ["Højst 200 tegn."] });
    expect(fieldErrorsOf(error, translatorFor("en"))).toEqual({ title: ["At most 200 characters."] });
    expect(fieldErrorsOf(new Error("x"), t)).toEqual({});
  });

  it("has every text in both languages, and the Danish ones differ from the English", () => {
    for (const key of ERROR_CODE_KEYS) {
      expect(da[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
      expect(da[key]).not.toBe(en[key]);
    }
  });
});
