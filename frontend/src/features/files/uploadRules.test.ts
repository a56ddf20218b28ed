import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { formatFileSize } from "../../i18n/format";
import { translatorFor } from "../../i18n/translate";
import { checkUpload, describeUploadProblem, isObviouslyRefused, uploadProblemOf } from "./uploadRules";

const MB = 1024 * 1024;
const t = translatorFor("da");
const size = (bytes: number) => formatFileSize(bytes);

type Codes = Record<string, { code: string; max?: number }[]>;

function problem(status: number, codes?: Codes): ApiError {
  const errors = codes
    ? Object.fromEntries(Object.entries(codes).map(([field, list]) => [field, list.map(() => "An English message.")]))
    : undefined;
  return new ApiError(status, {
    type: `urn:cluster-platform:problem:${status === 413 ? "content-too-large" : "validation-error"}`,
    title: status === 413 ? "Content Too Large" : "Unprocessable Entity",
    status,
    detail: "…",
    request_id: "req-1",
    ...(errors ? { errors, codes } : {}),
  });
}

describe("checkUpload (before sending)", () => {
  it("lets through what the API may take", () => {
    expect(checkUpload({ name: "Referat.pdf", size: 2 * MB, type: "application/pdf" }, 25 * MB)).toBeNull();
    expect(checkUpload({ name: "noter.md", size: 10, type: "text/markdown" }, 25 * MB)).toBeNull();
    expect(checkUpload({ name: "uden-type", size: 10, type: "" }, 25 * MB)).toBeNull();
    // A CSV that Windows calls an Excel file, and a file just at the limit.
    expect(checkUpload({ name: "data.csv", size: 25 * MB, type: "application/vnd.ms-excel" }, 25 * MB)).toBeNull();
  });

  it("refuses a file over the limit, naming the limit", () => {
    expect(checkUpload({ name: "scan.pdf", size: 25 * MB + 1, type: "application/pdf" }, 25 * MB)).toEqual({
      kind: "too-big",
      limit: 25 * MB,
    });
  });

  it("refuses an empty file", () => {
    expect(checkUpload({ name: "tom.txt", size: 0, type: "text/plain" }, 25 * MB)).toEqual({ kind: "empty" });
  });

  it("refuses a type the browser knows is not taken", () => {
    expect(checkUpload({ name: "film.mp4", size: 100, type: "video/mp4" }, 25 * MB)).toEqual({ kind: "type" });
    expect(isObviouslyRefused({ name: "pakke.zip", type: "application/zip" })).toBe(true);
    expect(isObviouslyRefused({ name: "program.exe", type: "application/x-msdownload" })).toBe(true);
    // The name says it is one we take: the API reads the content and decides.
    expect(isObviouslyRefused({ name: "Præsentation.PPTX", type: "application/octet-stream" })).toBe(false);
  });
});

describe("uploadProblemOf (the API's answer)", () => {
  it("reads 413 as too big, with the limit the API names", () => {
    expect(uploadProblemOf(problem(413, { file: [{ code: "file_too_large", max: 2097152 }] }), 3 * MB)).toEqual({ kind: "too-big", limit: 2 * MB });
    expect(uploadProblemOf(problem(413), 3 * MB)).toEqual({ kind: "too-big", limit: null });
  });

  it("reads a 422 about the file as a type not taken, or as empty", () => {
    expect(uploadProblemOf(problem(422, { file: [{ code: "file_type_not_allowed" }] }), 100)).toEqual({ kind: "type" });
    expect(uploadProblemOf(problem(422, { file: [{ code: "file_empty" }] }), 0)).toEqual({ kind: "empty" });
  });

  it("leaves every other error to the usual description", () => {
    expect(uploadProblemOf(problem(422, { folder_id: [{ code: "unknown_folder" }] }), 100)).toBeNull();
    expect(uploadProblemOf(new ApiError(500, null), 100)).toBeNull();
    expect(uploadProblemOf(new Error("x"), 100)).toBeNull();
  });
});

describe("describeUploadProblem", () => {
  it("says in Danish what is wrong with which file", () => {
    expect(describeUploadProblem({ kind: "too-big", limit: 25 * MB }, "scan.pdf", t, size)).toBe("scan.pdf er for stor: højst 25 MB.");
    expect(describeUploadProblem({ kind: "too-big", limit: null }, "scan.pdf", t, size)).toBe("scan.pdf er for stor til at blive uploadet.");
    expect(describeUploadProblem({ kind: "empty" }, "tom.txt", t, size)).toBe("tom.txt er tom og kan ikke uploades.");
    expect(describeUploadProblem({ kind: "type" }, "film.mp4", t, size)).toMatch(/^film\.mp4 kan ikke uploades, fordi filtypen ikke er tilladt\. Tilladt er PDF/);
  });
});
