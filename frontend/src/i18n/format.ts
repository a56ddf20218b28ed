/** Formatters for dates and money. Times are shown in Danish time whatever the device's zone. */

export const TIME_ZONE = "Europe/Copenhagen";

export type DateStyle = "long" | "short";

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE },
  short: { day: "2-digit", month: "2-digit", year: "numeric", timeZone: TIME_ZONE },
};

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "23. november 2026" (long) or "23.11.2026" (short) in da-DK. Unparseable input is returned as is. */
export function formatDate(
  value: string | Date,
  locale = "da-DK",
  style: DateStyle = "long",
): string {
  const date = toDate(value);
  if (!date) return String(value);
  return new Intl.DateTimeFormat(locale, DATE_OPTIONS[style]).format(date);
}

/** "23. november 2026 kl. 14.05" in da-DK. */
export function formatDateTime(value: string | Date, locale = "da-DK"): string {
  const date = toDate(value);
  if (!date) return String(value);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: TIME_ZONE,
  }).format(date);
}

/** "48.123" or "29,4" in da-DK: a count or a measure, with at most `fractionDigits` decimals. */
export function formatNumber(value: number, locale = "da-DK", fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * An amount in øre (an integer) as kroner: 123450 -> "1.234,50 kr." in Danish. Other locales
 * get Intl's DKK format. Exact for every safe integer: no floating-point arithmetic.
 */
export function formatMoney(ore: number, locale = "da-DK"): string {
  if (!Number.isSafeInteger(ore)) {
    throw new RangeError(`An amount in øre must be a safe integer, not ${String(ore)}.`);
  }
  const sign = ore < 0 ? "-" : "";
  const absolute = Math.abs(ore);
  const kroner = Math.trunc(absolute / 100);
  const remainder = absolute % 100;
  if (locale.toLowerCase().startsWith("da")) {
    const whole = groupThousands(String(kroner), ".");
    return `${sign}${whole},${String(remainder).padStart(2, "0")} kr.`;
  }
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency: "DKK" });
  // Format the absolute value from its exact decimal text, then put the sign back.
  const formatted = formatter.format(Number(`${String(kroner)}.${String(remainder).padStart(2, "0")}`));
  return sign ? `${sign}${formatted}` : formatted;
}

/** Today's date in Denmark as YYYY-MM-DD (for date inputs and the API). */
export function todayInDenmark(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(now);
}
