/** The data view's colours, shared by the drawing (loaded lazily) and the legend beside it. */

/** A period's colour, by its place among the periods: the latest is the strongest. */
export function seriesColor(index: number, count: number): string {
  const colors = ["gray.6", "orange.8", "klynge.8"];
  return colors[Math.max(0, colors.length - count + index)] ?? "klynge.8";
}
