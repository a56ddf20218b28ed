import type { Organisation, OrganisationKind } from "../api/types";
import type { PlainKey, Translate } from "../i18n/translate";

const KIND_KEYS: Record<OrganisationKind, PlainKey> = {
  regional_unit: "organisation.kind.regional_unit",
  national_unit: "organisation.kind.national_unit",
  plo: "organisation.kind.plo",
};

const REGION_KEYS: Partial<Record<string, PlainKey>> = {
  hovedstaden: "region.hovedstaden",
  sjaelland: "region.sjaelland",
  syddanmark: "region.syddanmark",
  midtjylland: "region.midtjylland",
  nordjylland: "region.nordjylland",
};

/** "Region Midtjylland", or the code itself for a region the app does not know. */
export function regionName(code: string, t: Translate): string {
  const key = REGION_KEYS[code];
  return key ? t(key) : code;
}

/** "Regional kvalitetsenhed, Region Midtjylland" (the parts that are known). */
export function organisationDescription(organisation: Organisation, t: Translate): string {
  const parts: string[] = [];
  parts.push(t(KIND_KEYS[organisation.kind]));
  const region = organisation.region_code;
  if (region) {
    const key = REGION_KEYS[region];
    parts.push(key ? t(key) : region);
  }
  return parts.join(", ");
}
