/**
 * The agenda of a draft version as it is edited: rows with the texts typed, added, moved up
 * and down and removed, the running total of minutes, and the rows read back as the agenda
 * items the API takes (or the rows whose fields do not make an item).
 */
import type { PackageAgendaItem } from "../../api/unitPackages";

/** One agenda item being edited: the fields as typed, and a key that follows it when moved. */
export interface AgendaRow {
  key: string;
  title: string;
  minutes: string;
  slides: string;
  methodNotes: string;
}

export type AgendaField = "title" | "minutes" | "slides" | "methodNotes";

/** What is wrong with a row's fields, as message keys per field. */
export type RowProblems = Partial<Record<AgendaField, "required" | "minutes" | "slides">>;

/** The API's limit on one item's minutes (a day). */
export const MAX_ITEM_MINUTES = 24 * 60;
/** One slide (`6`) or a range (`3-5`, with a hyphen or an en dash), as the API takes it. */
const SLIDES = /^[0-9]{1,4}([\u2013-][0-9]{1,4})?$/;

let counter = 0;
function nextKey(): string {
  counter += 1;
  return `row-${String(counter)}`;
}

export function emptyRow(): AgendaRow {
  return { key: nextKey(), title: "", minutes: "", slides: "", methodNotes: "" };
}

/** An item as the API takes it: a shown item's own id stays behind (a new version's items are new). */
export function agendaItemOf(item: PackageAgendaItem): PackageAgendaItem {
  return { title: item.title, minutes: item.minutes, slides: item.slides, method_notes: item.method_notes };
}

export function rowsFromItems(items: readonly PackageAgendaItem[]): AgendaRow[] {
  return items.map((item) => ({
    key: nextKey(),
    title: item.title,
    minutes: String(item.minutes),
    slides: item.slides ?? "",
    methodNotes: item.method_notes ?? "",
  }));
}

export function addRow(rows: readonly AgendaRow[], row: AgendaRow = emptyRow()): AgendaRow[] {
  return [...rows, row];
}

export function removeRow(rows: readonly AgendaRow[], key: string): AgendaRow[] {
  return rows.filter((row) => row.key !== key);
}

/** The row moved one place up (-1) or down (+1); at either end it stays where it is. */
export function moveRow(rows: readonly AgendaRow[], key: string, step: -1 | 1): AgendaRow[] {
  const from = rows.findIndex((row) => row.key === key);
  const to = from + step;
  if (from < 0 || to < 0 || to >= rows.length) return [...rows];
  const moved = [...rows];
  const [row] = moved.splice(from, 1);
  if (row) moved.splice(to, 0, row);
  return moved;
}

export function changeRow(rows: readonly AgendaRow[], key: string, field: AgendaField, value: string): AgendaRow[] {
  return rows.map((row) => (row.key === key ? { ...row, [field]: value } : row));
}

/** The row's minutes as a whole number, or null when they are not one within the limit. */
export function parseMinutes(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[0-9]{1,4}$/.test(trimmed)) return null;
  const minutes = Number.parseInt(trimmed, 10);
  return minutes >= 1 && minutes <= MAX_ITEM_MINUTES ? minutes : null;
}

/** The running total: the minutes of the rows whose minutes are a number (others count 0). */
export function totalMinutes(rows: readonly AgendaRow[]): number {
  return rows.reduce((sum, row) => sum + (parseMinutes(row.minutes) ?? 0), 0);
}

export function rowProblems(row: AgendaRow): RowProblems {
  const problems: RowProblems = {};
  if (!row.title.trim()) problems.title = "required";
  if (!row.minutes.trim()) problems.minutes = "required";
  else if (parseMinutes(row.minutes) === null) problems.minutes = "minutes";
  if (row.slides.trim() && !SLIDES.test(row.slides.trim())) problems.slides = "slides";
  return problems;
}

/** The rows as the agenda the API takes, or the problems of the rows that are not items. */
export function itemsFromRows(
  rows: readonly AgendaRow[],
): { items: PackageAgendaItem[]; problems: Record<string, RowProblems> } {
  const problems: Record<string, RowProblems> = {};
  const items: PackageAgendaItem[] = [];
  for (const row of rows) {
    const found = rowProblems(row);
    if (Object.keys(found).length > 0) {
      problems[row.key] = found;
      continue;
    }
    items.push({
      title: row.title.trim(),
      minutes: parseMinutes(row.minutes) ?? 0,
      slides: row.slides.trim() || null,
      method_notes: row.methodNotes.trim(),
    });
  }
  return { items, problems };
}

/** Whether the rows differ from the saved agenda (so the version is not published unsaved). */
export function rowsChanged(rows: readonly AgendaRow[], saved: readonly PackageAgendaItem[]): boolean {
  if (rows.length !== saved.length) return true;
  return rows.some((row, index) => {
    const item = saved[index];
    if (!item) return true;
    return (
      row.title.trim() !== item.title ||
      row.minutes.trim() !== String(item.minutes) ||
      (row.slides.trim() || null) !== (item.slides ?? null) ||
      row.methodNotes.trim() !== (item.method_notes ?? "")
    );
  });
}
