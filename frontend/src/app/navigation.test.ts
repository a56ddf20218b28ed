import { describe, expect, it } from "vitest";
import type { Me, Organisation } from "../api/types";
import { navItemsFor, qualityUnitsOf } from "./navigation";

function organisation(code: string, kind: Organisation["kind"], regionCode: string | null): Organisation {
  return {
    id: `org-${code}`,
    code,
    name: code,
    kind,
    region_code: regionCode,
    created_at: "2026-01-05T09:00:00Z",
    updated_at: "2026-01-05T09:00:00Z",
  };
}

function me(organisations: Organisation[]): Me {
  return {
    id: "u1",
    email: "person@demo.dk",
    name: "Person",
    activated: true,
    is_active: true,
    is_platform_admin: false,
    last_login_at: null,
    organisations,
    clusters: [],
    created_at: "2026-01-05T09:00:00Z",
    updated_at: "2026-01-05T09:00:00Z",
  };
}

const unitLinks = (person: Me) => navItemsFor(person).filter((item) => item.to.startsWith("/enhed/")).map((item) => item.to);

describe("the menu of a quality unit's people", () => {
  it("shows the unit's packages and orders to a regional unit's and KiAP's staff", () => {
    expect(unitLinks(me([organisation("midtkraft", "regional_unit", "midtjylland")]))).toEqual(["/enhed/pakker", "/enhed/bestillinger", "/enhed/undersoegelser"]);
    expect(unitLinks(me([organisation("kiap", "national_unit", null)]))).toEqual(["/enhed/pakker", "/enhed/bestillinger", "/enhed/undersoegelser"]);
  });

  it("shows them to no one else: a cluster's doctor, PLO's staff", () => {
    expect(unitLinks(me([]))).toEqual([]);
    expect(unitLinks(me([organisation("plo", "plo", null)]))).toEqual([]);
    expect(qualityUnitsOf(undefined)).toEqual([]);
  });
});
