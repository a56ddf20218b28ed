import { describe, expect, it } from "vitest";
import { navItemsFor, newSurveyPath, paths, surveyPath } from "../app/navigation";
import { countPeople, managesClusterSurveys, offeredTemplateOf, worksAtQualityUnit } from "./surveys";
import type { Me } from "./types";

const STAMP = "2026-11-23T13:05:00Z";
const VIBORG = "6f0c6e6e-8c1a-4d43-9d7e-00000000000a";

function person(fields: Partial<Me>): Me {
  return {
    id: "5b0c6e6e-8c1a-4d43-9d7e-0000000000f1",
    email: "person@demo.dk",
    name: "En Person",
    activated: true,
    is_active: true,
    is_platform_admin: false,
    last_login_at: null,
    created_at: STAMP,
    updated_at: STAMP,
    clusters: [],
    organisations: [],
    ...fields,
  };
}

const inViborg = (roles: Me["clusters"][number]["roles"]) => person({ clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles }] });
const unit = (kind: "regional_unit" | "national_unit" | "plo") =>
  person({ organisations: [{ id: "0b6f6a6e-0000-4000-8000-000000000001", code: "x", name: "X", kind, region_code: null, created_at: STAMP, updated_at: STAMP }] });

describe("who makes a cluster's surveys", () => {
  it("is its coordinators, co-coordinators and board, and the platform admin", () => {
    expect(managesClusterSurveys(inViborg(["coordinator"]), VIBORG)).toBe(true);
    expect(managesClusterSurveys(inViborg(["co_coordinator"]), VIBORG)).toBe(true);
    expect(managesClusterSurveys(inViborg(["board_member"]), VIBORG)).toBe(true);
    expect(managesClusterSurveys(person({ is_platform_admin: true }), VIBORG)).toBe(true);
  });

  it("is not a member, a treasurer, another cluster's coordinator or nobody", () => {
    expect(managesClusterSurveys(inViborg([]), VIBORG)).toBe(false);
    expect(managesClusterSurveys(inViborg(["treasurer"]), VIBORG)).toBe(false);
    expect(managesClusterSurveys(inViborg(["coordinator"]), "another-cluster")).toBe(false);
    expect(managesClusterSurveys(undefined, VIBORG)).toBe(false);
  });
});

describe("the units' surveys", () => {
  it("are in the menu of KiAP's and the regional units' staff, not PLO's", () => {
    expect(worksAtQualityUnit(unit("national_unit"))).toBe(true);
    expect(worksAtQualityUnit(unit("regional_unit"))).toBe(true);
    expect(worksAtQualityUnit(unit("plo"))).toBe(false);
    expect(navItemsFor(unit("regional_unit")).map((item) => item.to)).toContain(paths.unitSurveys);
    expect(navItemsFor(unit("plo")).map((item) => item.to)).not.toContain(paths.unitSurveys);
    expect(navItemsFor(inViborg(["coordinator"])).map((item) => item.to)).not.toContain(paths.unitSurveys);
  });
});

describe("the paths of surveys", () => {
  it("open the new-survey form prefilled with the meeting's template and the meeting", () => {
    expect(newSurveyPath("c1", "t1", "m1")).toBe("/klynger/c1/undersoegelser?ny=1&skabelon=t1&moede=m1");
    expect(newSurveyPath("c1")).toBe("/klynger/c1/undersoegelser?ny=1");
    expect(surveyPath("s 1")).toBe("/undersoegelser/s%201");
  });

  it("read the meeting's offered template, or none", () => {
    expect(offeredTemplateOf({ offered_survey_template: { id: "t1", title: "Evaluering" } })).toEqual({ id: "t1", title: "Evaluering" });
    expect(offeredTemplateOf({ offered_survey_template: null })).toBeNull();
    expect(offeredTemplateOf(undefined)).toBeNull();
  });
});

describe("the size of an audience", () => {
  it("counts each person with a login once", () => {
    expect(countPeople(["u1", "u2", "u1", null, undefined, ""])).toBe(2);
    expect(countPeople([])).toBe(0);
  });
});
