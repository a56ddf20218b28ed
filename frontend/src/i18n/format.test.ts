import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatFileSize, formatMoney, formatPercent } from "./format";
import { freezeClock } from "../test/clock";

// The fixtures are dated around 23 November 2026; the tests see that day, whatever today is.
freezeClock("2026-11-23T13:00:00Z");

describe("formatMoney", () => {
  it.each([
    [123450, "1.234,50 kr."],
    [0, "0,00 kr."],
    [1, "0,01 kr."],
    [99, "0,99 kr."],
    [100, "1,00 kr."],
    [100000, "1.000,00 kr."],
    [123456789, "1.234.567,89 kr."],
    [-123450, "-1.234,50 kr."],
    [-5, "-0,05 kr."],
    [5, "0,05 kr."],
    [-99, "-0,99 kr."],
    [-100, "-1,00 kr."],
    [100000000, "1.000.000,00 kr."],
  ])("formats %i øre as %s", (ore, expected) => {
    expect(formatMoney(ore)).toBe(expected);
  });

  it("is exact for the largest safe integer", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER)).toBe("90.071.992.547.409,91 kr.");
  });

  it("is exact beyond the safe integers with a BigInt", () => {
    expect(formatMoney(123456789012345678901n)).toBe("1.234.567.890.123.456.789,01 kr.");
    expect(formatMoney(-900719925474099199n)).toBe("-9.007.199.254.740.991,99 kr.");
  });

  it("refuses amounts that are not whole øre", () => {
    expect(() => formatMoney(12.5)).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
  });

  it("uses Intl's DKK format for English", () => {
    // Intl puts a no-break space after the currency code.
    const plain = (text: string) => text.replace(/\s/g, " ");
    expect(plain(formatMoney(123450, "en-GB"))).toBe("DKK 1,234.50");
    expect(plain(formatMoney(-123450, "en-GB"))).toBe("-DKK 1,234.50");
  });
});

describe("formatDate", () => {
  it("writes dates the Danish way", () => {
    expect(formatDate("2026-11-23T13:05:00Z")).toBe("23. november 2026");
    expect(formatDate("2026-11-23T13:05:00Z", "da-DK", "short")).toBe("23.11.2026");
    expect(formatDate(new Date("2026-03-01T12:00:00Z"), "da-DK", "short")).toBe("01.03.2026");
  });

  it("uses Danish time, not the device's zone", () => {
    // 23:30 UTC on 31 December is already 1 January in Copenhagen.
    expect(formatDate("2026-12-31T23:30:00Z")).toBe("1. januar 2027");
  });

  it("writes dates the English way in English", () => {
    expect(formatDate("2026-11-23T13:05:00Z", "en-GB")).toBe("23 November 2026");
  });

  it("returns unparseable input unchanged", () => {
    expect(formatDate("not a date")).toBe("not a date");
  });
});

describe("formatDateTime", () => {
  it("adds the Danish time of day", () => {
    expect(formatDateTime("2026-11-23T13:05:00Z")).toBe("23. november 2026 kl. 14.05");
    expect(formatDateTime("2026-07-01T08:00:00Z")).toBe("1. juli 2026 kl. 10.00");
  });
});

describe("formatPercent", () => {
  it("writes a share the Danish way, with a no-break space before the sign", () => {
    expect(formatPercent(0.83)).toBe("83\u00a0%");
    expect(formatPercent(0.8349, "da-DK", 1)).toBe("83,5\u00a0%");
    expect(formatPercent(1)).toBe("100\u00a0%");
    expect(formatPercent(0)).toBe("0\u00a0%");
  });

  it("writes it the English way in English", () => {
    expect(formatPercent(0.83, "en-GB")).toBe("83%");
  });
});

describe("formatFileSize", () => {
  it.each([
    [0, "0 byte"],
    [512, "512 byte"],
    [1023, "1.023 byte"],
    [1024, "1 kB"],
    [1536, "1,5 kB"],
    [340 * 1024, "340 kB"],
    [1024 * 1024 - 1, "1 MB"],
    [1.2 * 1024 * 1024, "1,2 MB"],
    [25 * 1024 * 1024, "25 MB"],
    [25 * 1024 * 1024 + 1, "25 MB"],
    [3.25 * 1024 * 1024 * 1024, "3,3 GB"],
  ])("writes %i bytes as %s in Danish", (bytes, expected) => {
    expect(formatFileSize(bytes)).toBe(expected);
  });

  it("writes English sizes with a decimal point and bytes", () => {
    expect(formatFileSize(1.2 * 1024 * 1024, "en-GB")).toBe("1.2 MB");
    expect(formatFileSize(512, "en-GB")).toBe("512 bytes");
    expect(formatFileSize(1, "en-GB")).toBe("1 byte");
  });
});
