import type { AllocationStatus, LedgerCategory, LedgerKind } from "../../api/types";
import type { PlainKey } from "../../i18n/translate";

/** The ledger's categories in the person's language. */
export const CATEGORY_KEYS: Record<LedgerCategory, PlainKey> = {
  allocation: "economy.category.allocation",
  speaker: "economy.category.speaker",
  catering: "economy.category.catering",
  room: "economy.category.room",
  residential_meeting: "economy.category.residential_meeting",
  coaching: "economy.category.coaching",
  coordinator_pay: "economy.category.coordinator_pay",
  fee: "economy.category.fee",
  carry_over: "economy.category.carry_over",
  other: "economy.category.other",
};

/** The kinds of entries. */
export const KIND_KEYS: Record<LedgerKind, PlainKey> = {
  allocation: "economy.kind.allocation",
  expense: "economy.kind.expense",
  fee: "economy.kind.fee",
  correction: "economy.kind.correction",
  carry_over: "economy.kind.carry_over",
};

/** What an allocation run did (or would do) for a cluster. */
export const STATUS_KEYS: Record<AllocationStatus, PlainKey> = {
  created: "economy.status.created",
  unchanged: "economy.status.unchanged",
  corrected: "economy.status.corrected",
};
