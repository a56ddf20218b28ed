/** A file's size for people: "512 B", "830 kB", "2,4 MB" in Danish (decimal units). */
const UNITS = [
  { unit: "gigabyte", size: 1e9 },
  { unit: "megabyte", size: 1e6 },
  { unit: "kilobyte", size: 1e3 },
] as const;

export function formatFileSize(bytes: number, locale = "da-DK"): string {
  const match = UNITS.find((candidate) => bytes >= candidate.size);
  if (!match) return new Intl.NumberFormat(locale, { style: "unit", unit: "byte" }).format(bytes);
  const value = bytes / match.size;
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: match.unit,
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
