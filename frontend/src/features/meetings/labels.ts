import type { FollowUpAction, InvitationAnswer, MeetingKind, MeetingStatus } from "../../api/types";

export const KIND_KEYS = {
  after_work: "meeting.kind.after_work",
  daytime: "meeting.kind.daytime",
  residential: "meeting.kind.residential",
  virtual: "meeting.kind.virtual",
} as const satisfies Record<MeetingKind, string>;

export const STATUS_KEYS = {
  draft: "meeting.status.draft",
  planned: "meeting.status.planned",
  held: "meeting.status.held",
  cancelled: "meeting.status.cancelled",
} as const satisfies Record<MeetingStatus, string>;

export const ANSWER_KEYS = {
  invited: "meeting.answer.invited",
  accepted: "meeting.answer.accepted",
  tentative: "meeting.answer.tentative",
  declined: "meeting.answer.declined",
} as const satisfies Record<InvitationAnswer, string>;

export const MEETING_KINDS = Object.keys(KIND_KEYS) as MeetingKind[];

export const ACTION_STATUS_KEYS = {
  open: "meeting.actions.status.open",
  done: "meeting.actions.status.done",
  dropped: "meeting.actions.status.dropped",
} as const satisfies Record<FollowUpAction["status"], string>;
