import { describe, expect, it } from "vitest";
import { navItemsFor, paths } from "../app/navigation";
import { proposesPackages, reviewsProposals } from "./packageProposals";
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

const coordinator = person({ clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: ["coordinator"] }] });
const member = person({ clusters: [{ id: VIBORG, name: "Demoklyngen Viborg", region_code: "midtjylland", roles: [] }] });
const consultant = person({
  organisations: [
    { id: "0b6f6a6e-0000-4000-8000-000000000001", code: "midtkraft", name: "MidtKraft", kind: "regional_unit", region_code: "midtjylland", created_at: STAMP, updated_at: STAMP },
  ],
});

describe("who shares and who reviews packages", () => {
  it("lets the cluster's coordinators propose, not its other members nor other clusters", () => {
    expect(proposesPackages(coordinator, VIBORG)).toBe(true);
    expect(proposesPackages(member, VIBORG)).toBe(false);
    expect(proposesPackages(coordinator, "another-cluster")).toBe(false);
    expect(proposesPackages(person({ is_platform_admin: true }), VIBORG)).toBe(true);
    expect(proposesPackages(undefined, VIBORG)).toBe(false);
  });

  it("lets a regional unit's staff review, not a cluster's people", () => {
    expect(reviewsProposals(consultant)).toBe(true);
    expect(reviewsProposals(coordinator)).toBe(false);
  });

  it("shows every signed-in person the templates, and the review queue only to units and the admin", () => {
    const targets = (me: Me) => navItemsFor(me).map((item) => item.to);
    expect(targets(member)).toContain(paths.templates);
    expect(targets(member)).not.toContain(paths.proposals);
    expect(targets(consultant)).toContain(paths.proposals);
    expect(targets(person({ is_platform_admin: true }))).toContain(paths.proposals);
  });
});
