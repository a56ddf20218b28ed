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

/** A share (0–1) as a percentage: 0.83 -> "83 %" in da-DK (a no-break space before the sign). */
export function formatPercent(share: number, locale = "da-DK", fractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: fractionDigits }).format(share);
}

const SIZE_UNITS = ["kB", "MB", "GB", "TB"] as const;

/**
 * A file's size: "1,2 MB", "340 kB", "512 byte" in Danish ("1.2 MB", "512 bytes" in English).
 * A kB is 1024 bytes, as the API counts its limit ("25 MB" is 25 × 1024 × 1024 bytes); one
 * decimal at most, dropped when it is 0.
 */
export function formatFileSize(bytes: number, locale = "da-DK"): string {
  const danish = locale.toLowerCase().startsWith("da");
  if (bytes < 1024) {
    return `${formatNumber(Math.max(0, Math.round(bytes)), locale)} ${danish || bytes === 1 ? "byte" : "bytes"}`;
  }
  let value = bytes / 1024;
  let unit = 0;
  // Move up a unit when the rounded figure would read 1024 of this one.
  while (unit < SIZE_UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, locale, 1)} ${SIZE_UNITS[unit] ?? "TB"}`;
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * An amount in øre (an integer) as kroner: 123450 -> "1.234,50 kr.", -99 -> "-0,99 kr." in
 * Danish. Other locales get Intl's DKK format. Exact for every integer, however large: the
 * kroner and øre are split by integer division (BigInt), never by floating-point arithmetic.
 */
export function formatMoney(ore: number | bigint, locale = "da-DK"): string {
  if (typeof ore === "number" && !Number.isSafeInteger(ore)) {
    throw new RangeError(`An amount in øre must be a safe integer, not ${String(ore)}.`);
  }
  const amount = BigInt(ore);
  const sign = amount < 0n ? "-" : "";
  const absolute = amount < 0n ? -amount : amount;
  const kroner = (absolute / 100n).toString();
  const oere = (absolute % 100n).toString().padStart(2, "0");
  if (locale.toLowerCase().startsWith("da")) {
    return `${sign}${groupThousands(kroner, ".")},${oere} kr.`;
  }
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency: "DKK" });
  // Intl formats the exact decimal text (a string, not a float); the sign is put back after.
  const formatted = formatter.format(`${kroner}.${oere}` as Intl.StringNumericLiteral);
  return sign ? `${sign}${formatted}` : formatted;
}

/** Today's date in Denmark as YYYY-MM-DD (for date inputs and the API). */
export function todayInDenmark(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(now);
}

function partsIn(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE }).formatToParts(date)) {
    parts[part.type] = part.value;
  }
  return parts;
}

/**
 * A meeting's time with its weekday: "torsdag den 3. december 2026 kl. 16.30" in Danish,
 * "Thursday 3 December 2026 at 16:30" in English.
 */
export function formatMeetingTime(value: string | Date, locale = "da-DK"): string {
  const date = toDate(value);
  if (!date) return String(value);
  const p = partsIn(date, locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  if (locale.toLowerCase().startsWith("da")) {
    return `${p.weekday ?? ""} den ${p.day ?? ""}. ${p.month ?? ""} ${p.year ?? ""} kl. ${p.hour ?? ""}.${p.minute ?? ""}`;
  }
  return `${p.weekday ?? ""} ${p.day ?? ""} ${p.month ?? ""} ${p.year ?? ""} at ${p.hour ?? ""}:${p.minute ?? ""}`;
}

/** "16.30" in Danish time. */
export function formatClock(value: string | Date, locale = "da-DK"): string {
  const date = toDate(value);
  if (!date) return String(value);
  const p = partsIn(date, "en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const separator = locale.toLowerCase().startsWith("da") ? "." : ":";
  return `${p.hour ?? ""}${separator}${p.minute ?? ""}`;
}

/** The Danish wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant, for form inputs. */
export function toDanishInputs(value: string | Date): { date: string; time: string } {
  const date = toDate(value) ?? new Date();
  const p = partsIn(date, "en-GB", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return { date: `${p.year ?? ""}-${p.month ?? ""}-${p.day ?? ""}`, time: `${p.hour ?? ""}:${p.minute ?? ""}` };
}

/** The offset of Danish time from UTC at an instant, in milliseconds. */
function danishOffset(instant: number): number {
  const { date, time } = toDanishInputs(new Date(instant));
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const minute = Math.floor(instant / 60_000) * 60_000;
  return asUtc - minute;
}

/** A Danish wall-clock date and time ("2026-12-03", "16:30") as an RFC 3339 UTC instant. */
export function fromDanishInputs(date: string, time: string): string | null {
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wall)) return null;
  let instant = wall - danishOffset(wall);
  instant = wall - danishOffset(instant);
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
}
