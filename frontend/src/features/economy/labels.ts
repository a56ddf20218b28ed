import type { AllocationStatus, LedgerCategory, LedgerEntry, LedgerKind } from "../../api/types";
import type { PlainKey, Translate } from "../../i18n/translate";

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

const ALLOCATION_TEXT = /^Allocation (\d{4})( corrected)?: (\d+) patients$/;

/**
 * What an entry says. The allocation run books its entries with a text of its own
 * ("Allocation 2026: 53076 patients"); the app says that in the person's language from the
 * year and the patients it names. Every other text is the booker's, shown as written.
 */
export function entryText(
  entry: Pick<LedgerEntry, "text" | "allocation_run_id">,
  t: Translate,
  formatNumber: (value: number) => string,
): string {
  const match = entry.allocation_run_id ? ALLOCATION_TEXT.exec(entry.text) : null;
  if (!match) return entry.text;
  const values = { year: match[1] ?? "", patients: formatNumber(Number(match[3])) };
  return match[2] ? t("economy.entry.allocationCorrected", values) : t("economy.entry.allocation", values);
}
