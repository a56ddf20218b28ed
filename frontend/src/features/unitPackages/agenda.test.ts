import { describe, expect, it } from "vitest";
import {
  addRow,
  agendaItemOf,
  changeRow,
  emptyRow,
  itemsFromRows,
  moveRow,
  parseMinutes,
  removeRow,
  rowsChanged,
  rowsFromItems,
  totalMinutes,
  type AgendaRow,
} from "./agenda";

// The start of "Stop op" (seed 001): arrival, looking back, what the clusters are for.
const STOP_OP = [
  { title: "Ankomst og velkomst", minutes: 10, slides: "1", method_notes: "" },
  { title: "Tilbageblik", minutes: 30, slides: "2", method_notes: "Udfyld sliden på forhånd." },
  { title: "Hvad skal klyngerne?", minutes: 5, slides: "3-5", method_notes: "" },
];

function titles(rows: readonly AgendaRow[]): string[] {
  return rows.map((row) => row.title);
}

describe("the agenda of a draft version", () => {
  it("reads the saved items as rows and back as the same items", () => {
    const rows = rowsFromItems(STOP_OP);
    expect(titles(rows)).toEqual(["Ankomst og velkomst", "Tilbageblik", "Hvad skal klyngerne?"]);
    expect(itemsFromRows(rows)).toEqual({ items: STOP_OP, problems: {} });
    expect(rowsChanged(rows, STOP_OP)).toBe(false);
  });

  it("gives every row its own key, so a moved row keeps its fields", () => {
    const rows = rowsFromItems(STOP_OP);
    expect(new Set(rows.map((row) => row.key)).size).toBe(3);
  });

  it("moves a row up and down, and leaves it at either end", () => {
    const rows = rowsFromItems(STOP_OP);
    const [first, second, third] = rows as [AgendaRow, AgendaRow, AgendaRow];
    expect(titles(moveRow(rows, third.key, -1))).toEqual(["Ankomst og velkomst", "Hvad skal klyngerne?", "Tilbageblik"]);
    expect(titles(moveRow(rows, first.key, 1))).toEqual(["Tilbageblik", "Ankomst og velkomst", "Hvad skal klyngerne?"]);
    expect(titles(moveRow(rows, first.key, -1))).toEqual(titles(rows));
    expect(titles(moveRow(rows, third.key, 1))).toEqual(titles(rows));
    expect(moveRow(rows, second.key, -1)[0]).toBe(second);
    expect(rowsChanged(moveRow(rows, second.key, -1), STOP_OP)).toBe(true);
  });

  it("adds an empty row at the end and removes a row by its key", () => {
    const rows = rowsFromItems(STOP_OP);
    const added = addRow(rows);
    expect(added).toHaveLength(4);
    expect(added[3]).toMatchObject({ title: "", minutes: "", slides: "", methodNotes: "" });
    const second = rows[1] as AgendaRow;
    expect(titles(removeRow(rows, second.key))).toEqual(["Ankomst og velkomst", "Hvad skal klyngerne?"]);
  });

  it("keeps a running total of the minutes typed, counting a row without a number as 0", () => {
    let rows = rowsFromItems(STOP_OP);
    expect(totalMinutes(rows)).toBe(45);
    const row = emptyRow();
    rows = addRow(rows, row);
    expect(totalMinutes(rows)).toBe(45);
    rows = changeRow(rows, row.key, "minutes", "45");
    expect(totalMinutes(rows)).toBe(90);
    rows = changeRow(rows, row.key, "minutes", "fire");
    expect(totalMinutes(rows)).toBe(45);
    expect(totalMinutes([])).toBe(0);
  });

  it("takes whole minutes from 1 to a day", () => {
    expect(parseMinutes(" 40 ")).toBe(40);
    expect(parseMinutes("1440")).toBe(1440);
    expect(parseMinutes("1441")).toBeNull();
    expect(parseMinutes("0")).toBeNull();
    expect(parseMinutes("2,5")).toBeNull();
    expect(parseMinutes("")).toBeNull();
  });

  it("names the rows that are not items: no title, no or bad minutes, slides that are not a range", () => {
    const untitled = { ...emptyRow(), minutes: "10" };
    const noMinutes = { ...emptyRow(), title: "Data" };
    const badMinutes = { ...emptyRow(), title: "Data", minutes: "0" };
    const badSlides = { ...emptyRow(), title: "Data", minutes: "20", slides: "otte" };
    const good = { ...emptyRow(), title: " Data: åbne eller lukkede? ", minutes: " 20 ", slides: "8\u20139", methodNotes: " Grupper af 3-5 " };
    const read = itemsFromRows([untitled, noMinutes, badMinutes, badSlides, good]);
    expect(read.problems).toEqual({
      [untitled.key]: { title: "required" },
      [noMinutes.key]: { minutes: "required" },
      [badMinutes.key]: { minutes: "minutes" },
      [badSlides.key]: { slides: "slides" },
    });
    expect(read.items).toEqual([{ title: "Data: åbne eller lukkede?", minutes: 20, slides: "8\u20139", method_notes: "Grupper af 3-5" }]);
  });

  it("sends no slides as null, and sees a changed field as a change", () => {
    const rows = rowsFromItems([{ title: "Velkomst", minutes: 10, slides: null, method_notes: "" }]);
    expect(itemsFromRows(rows).items[0]?.slides).toBeNull();
    const row = rows[0] as AgendaRow;
    expect(rowsChanged(changeRow(rows, row.key, "title", "Velkommen"), [{ title: "Velkomst", minutes: 10, slides: null, method_notes: "" }])).toBe(true);
    expect(rowsChanged(rows, [])).toBe(true);
  });

  it("copies a published item into a new version without the published item's id", () => {
    const shown = { id: "0a0a0a0a-0000-4000-8000-000000000001", title: "Velkomst", minutes: 10, slides: "1", method_notes: "" };
    expect(agendaItemOf(shown)).toEqual({ title: "Velkomst", minutes: 10, slides: "1", method_notes: "" });
  });
});
