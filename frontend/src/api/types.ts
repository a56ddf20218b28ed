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
/** One of the five regions' codes, as the contract lists them. */
export type RegionCode = NonNullable<
  NonNullable<paths["/api/v1/stats/landscape"]["get"]["parameters"]["query"]>["region"]
>;
export type Cluster = Schemas["Cluster"];
export type ClusterDetail = Schemas["ClusterDetail"];
export type ClusterPage = Schemas["ClusterPage"];
export type Clinic = Schemas["Clinic"];
export type Member = Schemas["Member"];
export type MemberKind = Member["kind"];
export type ClusterRole = Schemas["ClusterRole"];
export type SubCluster = Schemas["SubCluster"];
export type Landscape = Schemas["Landscape"];
export type LandscapeDistribution = Schemas["LandscapeDistribution"];
export type LandscapeMeetings = Schemas["LandscapeMeetings"];
export type ClinicCreate = Schemas["ClinicCreate"];
export type MemberCreate = Schemas["MemberCreate"];
export type MemberUpdate = Schemas["MemberUpdate"];
export type RoleCreate = Schemas["RoleCreate"];
export type SubClusterCreate = Schemas["SubClusterCreate"];
export type SubClusterUpdate = Schemas["SubClusterUpdate"];
export type Meeting = Schemas["Meeting"];
export type MeetingDetail = Schemas["MeetingDetail"];
export type MeetingPermissions = Schemas["MeetingPermissions"];
export type MyMeeting = Schemas["MyMeeting"];
export type ListMyMeetingsQuery = NonNullable<paths["/api/v1/me/meetings"]["get"]["parameters"]["query"]>;
export type MeetingKind = Meeting["kind"];
export type MeetingStatus = Meeting["status"];
export type MeetingCreate = Schemas["MeetingCreate"];
export type MeetingUpdate = Schemas["MeetingUpdate"];
export type AgendaItem = Schemas["AgendaItem"];
export type AgendaItemWrite = Schemas["AgendaItemWrite"];
export type Invitation = Schemas["Invitation"];
export type InvitationAnswer = Invitation["answer"];
/** What a person may answer (`invited` is only the state before an answer). */
export type AnswerChoice = Schemas["Answer"]["answer"];
export type Attendance = Schemas["Attendance"];
export type FollowUpAction = Schemas["FollowUpAction"];
export type BatchReport = Schemas["BatchReport"];
export type Post = Schemas["Post"];
export type PostPage = Schemas["PostPage"];
export type ThreadCreate = Schemas["ThreadCreate"];
export type PostUpdate = Schemas["PostUpdate"];
export type BoardVisit = Schemas["BoardVisit"];
/** A file attached to a post, as the post lists it. */
export type Attachment = Post["attachments"][number];
export type CalendarFeed = Schemas["CalendarFeed"];
export type CalendarFeedCreated = Schemas["CalendarFeedCreated"];
/** A stored file's metadata (the contract's `File`; not the DOM's `File` of an upload). */
export type StoredFile = Schemas["File"];
export type Folder = Schemas["Folder"];
export type AttendanceSummary = Schemas["AttendanceSummary"];
export type AttendanceSummaryQuery = NonNullable<paths["/api/v1/attendance/summary"]["get"]["parameters"]["query"]>;
export type MachineClient = Schemas["Client"];
export type MachineClientWithSecret = Schemas["ClientWithSecret"];
export type MachineClientCreate = Schemas["ClientCreate"];
export type LedgerSummary = Schemas["LedgerSummary"];
export type LedgerEntry = Schemas["LedgerEntry"];
export type LedgerEntryPage = Schemas["LedgerEntryPage"];
export type LedgerCategory = LedgerEntry["category"];
export type LedgerKind = LedgerEntry["kind"];
export type AllocationRate = Schemas["AllocationRate"];
export type Budget = Schemas["Budget"];
export type BudgetLine = Schemas["BudgetLine"];
export type FeeRules = Schemas["FeeRules"];
export type FeeProposal = Schemas["FeeProposal"];
export type FeeState = FeeProposal["state"];
export type FeeBasis = FeeProposal["basis"];
export type AllocationReport = Schemas["AllocationReport"];
export type AllocationItem = Schemas["AllocationItem"];
export type AllocationStatus = AllocationItem["status"];
export type Expense = Schemas["Expense"];
export type ExpenseDetail = Schemas["ExpenseDetail"];
export type ExpenseState = Expense["state"];
export type ExpenseWrite = Schemas["ExpenseWrite"];
export type ExpenseLine = Schemas["ExpenseLine"];
export type ExpenseEvent = Schemas["ExpenseEvent"];
export type Receipt = Schemas["Receipt"];
