import { describe, expect, it } from "vitest";
import type { ClusterDetail, Post } from "../../api/types";
import { boardRights, isNewPost, newReplyCount, viewMarks } from "./marks";
import { freezeClock } from "../../test/clock";

// The fixtures are dated around 23 November 2026; the tests see that day, whatever today is.
freezeClock("2026-11-23T13:00:00Z");

const ME = "u-me";

function post(fields: Partial<Post>): Post {
  return {
    id: "p1",
    cluster_id: "c1",
    meeting_id: null,
    parent_id: null,
    title: "Vagtplan for december",
    body: "Tekst",
    body_html: "<p>Tekst</p>",
    author: { id: "u-other", name: "Lise Læge" },
    pinned: false,
    created_at: "2026-11-22T08:00:00Z",
    updated_at: "2026-11-22T08:00:00Z",
    edited_at: null,
    last_activity_at: "2026-11-22T08:00:00Z",
    reply_count: 0,
    new: false,
    new_replies: 0,
    attachments: [],
    my_permissions: { change: false, pin: false },
    ...fields,
  };
}

describe("what the board marks as new", () => {
  it("follows the API until the visit is recorded", () => {
    expect(isNewPost(post({ new: true }), ME, null)).toBe(true);
    expect(isNewPost(post({ new: false }), ME, null)).toBe(false);
  });

  it("keeps marking what others wrote after the visit before this view, once the API no longer does", () => {
    const marks = viewMarks([], "2026-11-20T10:00:00Z");
    expect(isNewPost(post({ new: false, created_at: "2026-11-21T10:00:00Z" }), ME, marks)).toBe(true);
    expect(isNewPost(post({ new: false, created_at: "2026-11-19T10:00:00Z" }), ME, marks)).toBe(false);
    // One's own posts are never new to oneself.
    expect(isNewPost(post({ new: false, author: { id: ME, name: "Mads Medlem" } }), ME, marks)).toBe(false);
    // A post whose author's account is gone is someone else's.
    expect(isNewPost(post({ new: false, author: null }), ME, marks)).toBe(true);
  });

  it("marks everything by others new on the first visit ever", () => {
    const marks = viewMarks([], null);
    expect(isNewPost(post({ new: false, created_at: "2020-01-01T00:00:00Z" }), ME, marks)).toBe(true);
  });

  it("keeps a thread's new replies as first read, or the API's count when more came since", () => {
    const marks = viewMarks([post({ id: "t1", new_replies: 2 })], "2026-11-20T10:00:00Z");
    expect(newReplyCount(post({ id: "t1", new_replies: 0 }), marks)).toBe(2);
    expect(newReplyCount(post({ id: "t1", new_replies: 3 }), marks)).toBe(3);
    expect(newReplyCount(post({ id: "t2", new_replies: 1 }), marks)).toBe(1);
    expect(newReplyCount(post({ id: "t1", new_replies: 2 }), null)).toBe(2);
  });
});

describe("what the reader may do on a board", () => {
  const none = {
    manage_registry: false,
    manage_members: false,
    read_personal_emails: false,
    plan_meetings: false,
    upload_files: false,
    manage_files: false,
    post: false,
    moderate_posts: false,
  };
  const cluster = (my_permissions: Partial<typeof none>): ClusterDetail => ({
    id: "c1",
    name: "Demoklyngen Viborg",
    region: { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
    description: "",
    data_policy: null,
    data_policy_decided_on: null,
    data_policy_valid_from: null,
    data_policy_valid_to: null,
    clinic_count: 2,
    doctor_count: 9,
    created_at: "2026-01-05T09:00:00Z",
    updated_at: "2026-01-05T09:00:00Z",
    my_permissions: { ...none, ...my_permissions },
  });

  it("lets write whom the cluster says may post, and moderate whom it says may moderate", () => {
    expect(boardRights(cluster({ post: true }))).toEqual({ write: true, moderate: false });
    expect(boardRights(cluster({ post: true, moderate_posts: true }))).toEqual({ write: true, moderate: true });
  });

  it("lets others read only, also while the cluster is read", () => {
    expect(boardRights(cluster({}))).toEqual({ write: false, moderate: false });
    expect(boardRights(undefined)).toEqual({ write: false, moderate: false });
  });
});
