import type { ExpenseEvent, ExpenseState, LedgerCategory } from "../../api/types";
import type { PlainKey } from "../../i18n/translate";

/** The categories a person claims an expense in (the ledger's own kinds are booked by the platform). */
export const EXPENSE_CATEGORIES = [
  "speaker",
  "catering",
  "room",
  "residential_meeting",
  "coaching",
  "coordinator_pay",
  "other",
] as const satisfies readonly LedgerCategory[];

export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** The states in the order an expense goes through them, rejected last. */
export const EXPENSE_STATES = ["draft", "submitted", "approved", "booked", "paid", "rejected"] as const satisfies readonly ExpenseState[];

export const STATE_KEYS: Record<ExpenseState, PlainKey> = {
  draft: "expenses.state.draft",
  submitted: "expenses.state.submitted",
  approved: "expenses.state.approved",
  booked: "expenses.state.booked",
  paid: "expenses.state.paid",
  rejected: "expenses.state.rejected",
};

/** A badge's colour per state: dark enough for white text (WCAG AA). */
export const STATE_COLORS: Record<ExpenseState, string> = {
  draft: "gray.7",
  submitted: "blue.8",
  approved: "teal.9",
  booked: "violet.8",
  paid: "green.9",
  rejected: "red.9",
};

export const ACTION_KEYS: Record<ExpenseEvent["action"], PlainKey> = {
  create: "expenses.action.create",
  submit: "expenses.action.submit",
  approve: "expenses.action.approve",
  reject: "expenses.action.reject",
  return: "expenses.action.return",
  book: "expenses.action.book",
  pay: "expenses.action.pay",
};
