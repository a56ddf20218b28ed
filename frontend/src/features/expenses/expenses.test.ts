import { describe, expect, it } from "vitest";
import type { ExpenseDetail } from "../../api/types";
import { loadCatalogue, translatorFor } from "../../i18n/translate";
import { emptyExpense, oreToKronerText, readExpense, totalOre, valuesOf, type ExpenseValues } from "./form";
import { ACTION_KEYS, EXPENSE_CATEGORIES, EXPENSE_STATES, STATE_KEYS } from "./labels";

const da = translatorFor("da");
const en = translatorFor("en");

function filled(change: Partial<ExpenseValues> = {}): ExpenseValues {
  return {
    ...emptyExpense(),
    category: "catering",
    title: "  Frokost til temamødet ",
    lines: [
      { text: "Sandwich", amount: "1.234,5" },
      { text: "Frugt", amount: "0,99" },
    ],
    regNo: "1234",
    accountNo: "0012345678",
    ...change,
  };
}

describe("the expense form", () => {
  it("reads kroner as whole øre exactly, never through a float", () => {
    const { body, errors } = readExpense(filled({ lines: [{ text: "A", amount: "0,1" }, { text: "B", amount: "0,2" }, { text: "C", amount: "1.000.000,07" }] }));
    expect(errors.lines.every((line) => !line.text && !line.amount)).toBe(true);
    expect(body?.lines).toEqual([
      { text: "A", amount_ore: 10 },
      { text: "B", amount_ore: 20 },
      { text: "C", amount_ore: 100000007 },
    ]);
    expect(totalOre(filled().lines)).toBe(123549);
  });

  it("builds the API's body from what was typed", () => {
    const { body } = readExpense(filled({ meetingId: "m1", accountNo: "12-345 678" }));
    expect(body).toEqual({
      category: "catering",
      title: "Frokost til temamødet",
      description: "",
      meeting_id: "m1",
      lines: [
        { text: "Sandwich", amount_ore: 123450 },
        { text: "Frugt", amount_ore: 99 },
      ],
      bank_account: { reg_no: "1234", account_no: "12345678" },
    });
  });

  it("lets a draft wait for its bank details, and skips an empty extra line", () => {
    const { body } = readExpense(filled({ regNo: "", accountNo: "", lines: [{ text: "Kaffe", amount: "45" }, { text: "", amount: "" }] }));
    expect(body?.bank_account).toBeNull();
    expect(body?.lines).toEqual([{ text: "Kaffe", amount_ore: 4500 }]);
  });

  it("says what is wrong in Danish, per field", () => {
    const { body, errors } = readExpense(
      filled({
        category: "",
        title: " ",
        lines: [
          { text: "", amount: "12" },
          { text: "Frugt", amount: "0,999" },
          { text: "Gave", amount: "0" },
        ],
        regNo: "12",
        accountNo: "12345678901",
      }),
    );
    expect(body).toBeNull();
    const shown = (key: Parameters<typeof da>[0] | undefined) => (key ? da(key as "expenses.form.titleRequired") : undefined);
    expect(shown(errors.category)).toBe("Vælg en kategori.");
    expect(shown(errors.title)).toBe("Skriv en titel.");
    expect(shown(errors.lines[0]?.text)).toBe("Skriv, hvad beløbet dækker.");
    expect(errors.lines[0]?.amount).toBeUndefined();
    expect(shown(errors.lines[1]?.amount)).toBe("Skriv beløbet i kroner, fx 1.234,50.");
    expect(shown(errors.lines[2]?.amount)).toBe("Beløbet skal være større end 0 kr.");
    expect(shown(errors.regNo)).toBe("Reg.nr. er 4 cifre.");
    expect(shown(errors.accountNo)).toBe("Kontonr. er op til 10 cifre.");
  });

  it("asks for a line when none is typed", () => {
    const { body, errors } = readExpense(filled({ lines: [{ text: "", amount: "" }] }));
    expect(body).toBeNull();
    expect(errors.linesMissing && da(errors.linesMissing)).toBe("Tilføj mindst én linje med tekst og beløb.");
  });

  it("shows a saved expense's øre as kroner that read back the same", () => {
    expect([123450, 99, 100, 7, 100000007].map(oreToKronerText)).toEqual(["1234,50", "0,99", "1", "0,07", "1000000,07"]);
    const detail = {
      category: "room",
      title: "Sal",
      description: "",
      meeting_id: null,
      lines: [{ text: "Sal", amount_ore: 123456 }],
      bank_account: null,
    } as unknown as ExpenseDetail;
    const values = valuesOf(detail);
    expect(values.lines).toEqual([{ text: "Sal", amount: "1234,56" }]);
    expect(readExpense(values).body?.lines).toEqual([{ text: "Sal", amount_ore: 123456 }]);
  });
});

describe("the expense's labels", () => {
  it("names every state in Danish (and in English)", async () => {
    await loadCatalogue("en");
    expect(EXPENSE_STATES.map((state) => da(STATE_KEYS[state]))).toEqual(["Kladde", "Indsendt", "Godkendt", "Bogført", "Udbetalt", "Afvist"]);
    expect(EXPENSE_STATES.map((state) => en(STATE_KEYS[state]))).toEqual(["Draft", "Submitted", "Approved", "Booked", "Paid", "Rejected"]);
  });

  it("names every step of the history", () => {
    expect(da(ACTION_KEYS.return)).toBe("Sendt retur");
    expect(new Set(Object.values(ACTION_KEYS).map((key) => da(key))).size).toBe(Object.keys(ACTION_KEYS).length);
  });

  it("offers the categories a person claims, never the platform's own", () => {
    expect(EXPENSE_CATEGORIES).not.toContain("allocation");
    expect(EXPENSE_CATEGORIES).not.toContain("fee");
    expect(EXPENSE_CATEGORIES).not.toContain("carry_over");
    expect(EXPENSE_CATEGORIES).toHaveLength(7);
  });
});
