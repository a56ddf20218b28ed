/** Names for the API's shapes, all derived from the generated contract (never written by hand). */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type { paths };
export type Me = Schemas["Me"];
export type User = Schemas["User"];
export type UserPage = Schemas["UserPage"];
export type Organisation = Schemas["Organisation"];
export type MyCluster = Schemas["MyCluster"];
export type ClusterRoleKind = MyCluster["roles"][number];
export type OrganisationKind = NonNullable<Organisation["kind"]>;
export type Problem = Schemas["Problem"];
export type TokenPair = Schemas["TokenPair"];
export type LoginBody = Schemas["Login"];
export type ListUsersQuery = NonNullable<paths["/api/v1/users"]["get"]["parameters"]["query"]>;
export type Region = Schemas["Region"];
export type Cluster = Schemas["Cluster"];
export type ClusterPage = Schemas["ClusterPage"];
export type Clinic = Schemas["Clinic"];
export type Member = Schemas["Member"];
export type MemberKind = Member["kind"];
export type ClusterRole = Schemas["ClusterRole"];
export type SubCluster = Schemas["SubCluster"];
export type Landscape = Schemas["Landscape"];
export type LandscapeDistribution = Schemas["LandscapeDistribution"];
export type ClinicCreate = Schemas["ClinicCreate"];
export type MemberCreate = Schemas["MemberCreate"];
export type MemberUpdate = Schemas["MemberUpdate"];
export type RoleCreate = Schemas["RoleCreate"];
export type SubClusterCreate = Schemas["SubClusterCreate"];
export type SubClusterUpdate = Schemas["SubClusterUpdate"];
