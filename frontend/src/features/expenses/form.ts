/**
 * The expense form's values as typed, and their reading into the API's body: kroner as text
 * into whole øre (never through a float), bank details as digits, each problem as a message key.
 */
import { parseKroner } from "../../api/economy";
import type { ExpenseDetail, ExpenseWrite } from "../../api/types";
import type { PlainKey } from "../../i18n/translate";
import type { ExpenseCategory } from "./labels";

export interface LineValues {
  text: string;
  amount: string;
}

export interface ExpenseValues {
  category: ExpenseCategory | "";
  title: string;
  description: string;
  meetingId: string;
  lines: LineValues[];
  regNo: string;
  accountNo: string;
}

export interface ExpenseErrors {
  category?: PlainKey;
  title?: PlainKey;
  lines: { text?: PlainKey; amount?: PlainKey }[];
  linesMissing?: PlainKey;
  regNo?: PlainKey;
  accountNo?: PlainKey;
}

export function emptyExpense(): ExpenseValues {
  return { category: "", title: "", description: "", meetingId: "", lines: [{ text: "", amount: "" }], regNo: "", accountNo: "" };
}

/** Øre as kroner for a field: 123450 → "1234,50" (no thousands dots, so it reads back the same). */
export function oreToKronerText(ore: number): string {
  const kroner = Math.trunc(ore / 100);
  const rest = ore % 100;
  return rest === 0 ? String(kroner) : `${String(kroner)},${String(rest).padStart(2, "0")}`;
}

export function valuesOf(expense: ExpenseDetail): ExpenseValues {
  const category = expense.category as ExpenseCategory;
  return {
    category,
    title: expense.title,
    description: expense.description,
    meetingId: expense.meeting_id ?? "",
    lines: expense.lines.length > 0 ? expense.lines.map((line) => ({ text: line.text, amount: oreToKronerText(line.amount_ore) })) : [{ text: "", amount: "" }],
    regNo: expense.bank_account?.reg_no ?? "",
    accountNo: expense.bank_account?.account_no ?? "",
  };
}

/** A line left wholly empty is no line: a phone's extra row is not an error. */
function isBlank(line: LineValues): boolean {
  return line.text.trim() === "" && line.amount.trim() === "";
}

/** The sum of the lines that read as amounts, in øre (for the running total under the form). */
export function totalOre(lines: readonly LineValues[]): number {
  return lines.reduce((sum, line) => sum + (parseKroner(line.amount) ?? 0), 0);
}

/**
 * Check the values and build the body. A draft may lack lines and bank details (the API asks
 * for them at submission), but what is typed must be right.
 */
export function readExpense(values: ExpenseValues): { body: ExpenseWrite | null; errors: ExpenseErrors } {
  const errors: ExpenseErrors = { lines: [] };
  if (values.category === "") errors.category = "expenses.form.categoryRequired";
  const title = values.title.trim();
  if (title === "") errors.title = "expenses.form.titleRequired";
  else if (title.length > 200) errors.title = "expenses.form.titleTooLong";
  const lines: { text: string; amount_ore: number }[] = [];
  values.lines.forEach((line, index) => {
    const lineErrors: { text?: PlainKey; amount?: PlainKey } = {};
    if (!isBlank(line)) {
      const text = line.text.trim();
      const ore = parseKroner(line.amount);
      if (text === "") lineErrors.text = "expenses.form.lineTextRequired";
      else if (text.length > 300) lineErrors.text = "expenses.form.lineTextTooLong";
      if (ore === null) lineErrors.amount = "expenses.form.amountInvalid";
      else if (ore <= 0) lineErrors.amount = "expenses.form.amountPositive";
      if (!lineErrors.text && !lineErrors.amount && ore !== null) lines.push({ text, amount_ore: ore });
    }
    errors.lines[index] = lineErrors;
  });
  if (lines.length === 0 && values.lines.every(isBlank)) errors.linesMissing = "expenses.form.linesRequired";
  const regNo = values.regNo.replace(/\s/g, "");
  const accountNo = values.accountNo.replace(/[\s-]/g, "");
  if (regNo !== "" || accountNo !== "") {
    if (!/^\d{4}$/.test(regNo)) errors.regNo = "expenses.form.regNoInvalid";
    if (!/^\d{1,10}$/.test(accountNo)) errors.accountNo = "expenses.form.accountNoInvalid";
  }
  const failed =
    errors.category !== undefined ||
    errors.title !== undefined ||
    errors.linesMissing !== undefined ||
    errors.regNo !== undefined ||
    errors.accountNo !== undefined ||
    errors.lines.some((line) => line.text !== undefined || line.amount !== undefined);
  if (failed || values.category === "") return { body: null, errors };
  return {
    body: {
      category: values.category,
      title,
      description: values.description.trim(),
      meeting_id: values.meetingId || null,
      lines,
      bank_account: regNo !== "" ? { reg_no: regNo, account_no: accountNo } : null,
    },
    errors,
  };
}
