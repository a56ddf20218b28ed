import { describe, expect, it } from "vitest";
import { childFolders, folderChoices, folderTrail, previewKind, uploadsFiles } from "./files";
import type { Folder, Me } from "./types";
import { freezeClock } from "../test/clock";

// The fixtures are dated around 23 November 2026; the tests see that day, whatever today is.
freezeClock("2026-11-23T13:00:00Z");

function folder(id: string, name: string, parentId: string | null): Folder {
  return {
    id,
    name,
    parent_id: parentId,
    cluster_id: "c1",
    my_permissions: { change: true },
    created_by_id: null,
    created_at: "2026-11-23T13:05:00Z",
    updated_at: "2026-11-23T13:05:00Z",
  };
}

// Alle filer › Referater › 2026 › Efterår, and Data beside Referater.
const minutes = folder("f1", "Referater", null);
const year = folder("f2", "2026", "f1");
const autumn = folder("f3", "Efterår", "f2");
const data = folder("f4", "Data", null);
const older = folder("f5", "2025", "f1");
const library = [autumn, data, year, minutes, older];

describe("folderTrail (the breadcrumb)", () => {
  it("runs from the root down to the folder", () => {
    expect(folderTrail(library, "f3")?.map((f) => f.name)).toEqual(["Referater", "2026", "Efterår"]);
    expect(folderTrail(library, "f1")?.map((f) => f.name)).toEqual(["Referater"]);
  });

  it("is null for a folder that is not in the library", () => {
    expect(folderTrail(library, "gone")).toBeNull();
  });

  it("is null when a parent is missing or the folders form a loop", () => {
    expect(folderTrail([autumn, year], "f3")).toBeNull();
    const a = folder("a", "A", "b");
    const b = folder("b", "B", "a");
    expect(folderTrail([a, b], "a")).toBeNull();
  });
});

describe("childFolders", () => {
  it("lists the folders directly in a folder, or at the root, by Danish name", () => {
    expect(childFolders(library, null).map((f) => f.name)).toEqual(["Data", "Referater"]);
    expect(childFolders(library, "f1").map((f) => f.name)).toEqual(["2025", "2026"]);
    expect(childFolders(library, "f3")).toEqual([]);
  });
});

describe("folderChoices (where to move something)", () => {
  it("offers the root and every folder with its path, depth first", () => {
    expect(folderChoices(library)).toEqual([
      { id: null, path: [] },
      { id: "f4", path: ["Data"] },
      { id: "f1", path: ["Referater"] },
      { id: "f5", path: ["Referater", "2025"] },
      { id: "f2", path: ["Referater", "2026"] },
      { id: "f3", path: ["Referater", "2026", "Efterår"] },
    ]);
  });

  it("leaves out a folder that is moved and everything in it", () => {
    expect(folderChoices(library, "f2").map((choice) => choice.id)).toEqual([null, "f4", "f1", "f5"]);
  });
});

describe("previewKind", () => {
  it("previews PDF and the images the API shows inline, and nothing else", () => {
    expect(previewKind("application/pdf")).toBe("pdf");
    expect(previewKind("image/png")).toBe("image");
    expect(previewKind("image/webp")).toBe("image");
    expect(previewKind("text/plain")).toBeNull();
    expect(previewKind("image/svg+xml")).toBeNull();
  });
});

describe("uploadsFiles", () => {
  const me = (clusters: Me["clusters"], admin = false): Me => ({
    id: "u1",
    email: "a@b.dk",
    name: "A",
    is_platform_admin: admin,
    is_active: true,
    activated: true,
    organisations: [],
    clusters,
    last_login_at: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  });

  it("is the cluster's own people (also without a role) and the platform admin", () => {
    expect(uploadsFiles(me([{ id: "c1", name: "K", region_code: "midtjylland", roles: [] }]), "c1")).toBe(true);
    expect(uploadsFiles(me([], true), "c1")).toBe(true);
    expect(uploadsFiles(me([{ id: "c2", name: "K", region_code: "midtjylland", roles: ["coordinator"] }]), "c1")).toBe(false);
    expect(uploadsFiles(undefined, "c1")).toBe(false);
  });
});
