/** PLO's view of attendance: the totals per cluster and region, and the feed's CSV export. */
import { useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload } from "./download";
import { unwrap } from "./errors";
import type { AttendanceSummaryQuery } from "./types";

export const attendanceKeys = {
  summary: (query: AttendanceSummaryQuery) => ["attendance-summary", query] as const,
};

/** Meetings held and attendances, in all, per region and per cluster: one request. */
export function useAttendanceSummary(query: AttendanceSummaryQuery, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: attendanceKeys.summary(query),
    enabled,
    queryFn: () => unwrap(client.GET("/api/v1/attendance/summary", { params: { query } })),
  });
}

/** Save the attendance rows of a year (and a cluster) as CSV: the feed streams them in one response. */
export function downloadAttendanceCsv(
  api: Api,
  query: { year: number; cluster_id?: string },
  fileName: string,
): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/attendance", {
      params: { query },
      headers: { Accept: "text/csv" },
      parseAs: "blob",
    }),
    fileName,
  );
}
