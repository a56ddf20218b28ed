/** The person's calendar subscription: a secret feed URL that calendar apps fetch. */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./context";
import { unwrap } from "./errors";
import type { CalendarFeedCreated } from "./types";

export const calendarFeedKey = ["me", "calendar-feed"] as const;

/** Whether the person has a feed, when it was made and last fetched (never its URL). */
export function useCalendarFeed() {
  const { client } = useApi();
  return useQuery({
    queryKey: calendarFeedKey,
    queryFn: () => unwrap(client.GET("/api/v1/me/calendar-feed")),
  });
}

/** Make the feed, or a new one in place of the old; the answer holds the URL, this once. */
export function useIssueCalendarFeed(): () => Promise<CalendarFeedCreated> {
  const { client } = useApi();
  // No Idempotency-Key: the API does not replay this answer (it would have to keep the secret).
  return () => unwrap(client.POST("/api/v1/me/calendar-feed"));
}

/** Stop the feed: its URL answers 404 at once. */
export function useRevokeCalendarFeed(): () => Promise<unknown> {
  const { client } = useApi();
  return () => unwrap(client.DELETE("/api/v1/me/calendar-feed"));
}
