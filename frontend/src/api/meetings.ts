/** Cluster meetings: queries, who may plan them, answers, and what writes need. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload, XLSX } from "./download";
import { unwrap } from "./errors";
import { allPages } from "./registry";
import type { AnswerChoice, ClusterDetail, Invitation, ListMyMeetingsQuery, MyMeeting } from "./types";

export const meetingKeys = {
  /** Everything of one meeting starts with this key, so one invalidation refreshes its page. */
  meeting: (meetingId: string) => ["meeting", meetingId] as const,
  invitations: (meetingId: string) => ["meeting", meetingId, "invitations"] as const,
  myInvitation: (meetingId: string) => ["meeting", meetingId, "invitations", "me"] as const,
  attendance: (meetingId: string) => ["meeting", meetingId, "attendance"] as const,
  actions: (meetingId: string) => ["meeting", meetingId, "actions"] as const,
  clusterMeetings: (clusterId: string, from: string | null) => ["cluster-meetings", clusterId, { from }] as const,
  /** Every list of the person's own meetings starts with this key. */
  myMeetings: ["my-meetings"] as const,
  myMeetingsPage: (query: ListMyMeetingsQuery) => ["my-meetings", query] as const,
};

const FULL_PAGE = 200;

function pageQuery(cursor: string | null): { limit: number; cursor?: string } {
  return cursor ? { limit: FULL_PAGE, cursor } : { limit: FULL_PAGE };
}

/** The start of the current minute, so that a query key stays the same for a while. */
function nowMinute(): string {
  const now = new Date();
  now.setSeconds(0, 0);
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The instant "now" fixed once per mounted component (for "from now on" lists). */
export function useNow(): string {
  const [now] = useState(nowMinute);
  return now;
}

/** A cluster's meetings, all of them or (with `from`) those starting from then on. */
export function useClusterMeetings(clusterId: string, from: string | null = null) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.clusterMeetings(clusterId, from),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/meetings", {
            params: { path: { cluster_id: clusterId }, query: from ? { ...pageQuery(cursor), from } : pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/**
 * One page of the meetings the person is invited to in all their clusters, by start, each with
 * their own answer (GET /api/v1/me/meetings): the dashboard's list in one request.
 */
export function useMyMeetings(query: ListMyMeetingsQuery) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.myMeetingsPage(query),
    queryFn: async () => (await unwrap(client.GET("/api/v1/me/meetings", { params: { query } }))).items,
  });
}

export function useMeeting(meetingId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.meeting(meetingId),
    queryFn: () => unwrap(client.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } })),
  });
}

export function useInvitations(meetingId: string, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.invitations(meetingId),
    enabled,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/meetings/{meeting_id}/invitations", {
            params: { path: { meeting_id: meetingId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/** The person's own invitation, or null when they are not invited (404). */
export function useMyInvitation(meetingId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.myInvitation(meetingId),
    queryFn: async (): Promise<Invitation | null> => {
      const result = await client.GET("/api/v1/meetings/{meeting_id}/invitations/me", {
        params: { path: { meeting_id: meetingId } },
      });
      if (result.response.status === 404) return null;
      return unwrap(Promise.resolve(result));
    },
  });
}

/**
 * Answer one's own invitation. The answer the API saved replaces the old one wherever it is
 * kept (the invitation, and the person's meeting lists), and the meeting's page, whose counts
 * it changes, is read again.
 */
export function useAnswer(meetingId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: AnswerChoice) =>
      unwrap(
        client.PUT("/api/v1/meetings/{meeting_id}/invitations/me", {
          params: { path: { meeting_id: meetingId } },
          body: { answer },
        }),
      ),
    onSuccess: async (invitation) => {
      queryClient.setQueryData(meetingKeys.myInvitation(meetingId), invitation);
      queryClient.setQueriesData<MyMeeting[]>({ queryKey: meetingKeys.myMeetings }, (meetings) =>
        meetings?.map((meeting) =>
          meeting.id === meetingId ? { ...meeting, my_answer: invitation.answer, answered_at: invitation.answered_at } : meeting,
        ),
      );
      await queryClient.invalidateQueries({ queryKey: meetingKeys.meeting(meetingId), refetchType: "active" });
    },
  });
}

export function useAttendance(meetingId: string, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.attendance(meetingId),
    enabled,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/meetings/{meeting_id}/attendance", {
            params: { path: { meeting_id: meetingId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

export function useMeetingActions(meetingId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: meetingKeys.actions(meetingId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/meetings/{meeting_id}/actions", {
            params: { path: { meeting_id: meetingId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/**
 * Save a meeting's attendance as an Excel workbook under the API's file name (`fileName` if
 * it gives none); the token goes in the header.
 */
export function downloadAttendanceSheet(api: Api, meetingId: string, fileName: string): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/meetings/{meeting_id}/attendance", {
      params: { path: { meeting_id: meetingId } },
      headers: { Accept: XLSX },
      parseAs: "blob",
    }),
    fileName,
    { serverName: true },
  );
}

/** Save one meeting as an `.ics` file for a calendar app (the token goes in the header). */
export function downloadMeetingCalendar(api: Api, meetingId: string, fileName: string): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/meetings/{meeting_id}/calendar.ics", {
      params: { path: { meeting_id: meetingId } },
      parseAs: "blob",
    }),
    fileName,
  );
}

/**
 * Whether the person plans the cluster's meetings (the cluster's `my_permissions`): for what
 * belongs to no one meeting, such as planning a new one. A meeting says itself what the person
 * may do with it (`my_permissions`), also when they are its responsible party.
 */
export function plansClusterMeetings(cluster: ClusterDetail | undefined): boolean {
  return cluster?.my_permissions.plan_meetings ?? false;
}

/** Minutes between two instants. */
export function minutesBetween(startsAt: string, endsAt: string): number {
  return Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);
}
