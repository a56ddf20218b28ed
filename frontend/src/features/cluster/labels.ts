/** Danish (and English) names for the kinds of doctor a member is. */
import type { MemberKind } from "../../api/types";
import type { PlainKey } from "../../i18n/translate";

export const MEMBER_KIND_KEYS = {
  owner: "memberKind.owner",
  employed: "memberKind.employed",
  in_training: "memberKind.in_training",
} as const satisfies Record<MemberKind, PlainKey>;
