/**
 * What the API answers in a cluster's `my_permissions`, for the fake API: the server decides it
 * from its permission table, so a test says which permissions the person it plays has.
 */
import type { ClusterDetail } from "../api/types";

export type ClusterPermissions = ClusterDetail["my_permissions"];

export const NO_CLUSTER_PERMISSIONS: ClusterPermissions = {
  manage_registry: false,
  manage_members: false,
  read_personal_emails: false,
  plan_meetings: false,
  upload_files: false,
  manage_files: false,
  post: false,
  moderate_posts: false,
};

/** A doctor of the cluster without a role. */
export const MEMBER_PERMISSIONS: ClusterPermissions = { ...NO_CLUSTER_PERMISSIONS, upload_files: true, post: true };

/** The coordinator or a co-coordinator (and the platform admin): everything. */
export const COORDINATOR_PERMISSIONS: ClusterPermissions = {
  manage_registry: true,
  manage_members: true,
  read_personal_emails: true,
  plan_meetings: true,
  upload_files: true,
  manage_files: true,
  post: true,
  moderate_posts: true,
};

/** A whole cluster as `GET /clusters/{id}` answers it, for pages shown under the cluster's header. */
export function clusterDetail(id: string, myPermissions: ClusterPermissions = MEMBER_PERMISSIONS, name = "Demoklyngen Viborg"): ClusterDetail {
  return {
    id,
    name,
    region: { id: "r1", code: "midtjylland", name: "Region Midtjylland" },
    description: "",
    data_policy: null,
    data_policy_decided_on: null,
    data_policy_valid_from: null,
    data_policy_valid_to: null,
    clinic_count: 2,
    doctor_count: 3,
    created_at: "2026-01-05T09:00:00Z",
    updated_at: "2026-01-05T09:00:00Z",
    my_permissions: myPermissions,
  };
}
