import { formatDate } from "../i18n/format";
import type { MessageKey, PlainKey, Translate } from "../i18n/translate";
import { ApiError } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

/** A field's message as the API's stable code with its parameters. */
export type ErrorCode = Schemas["ErrorCode"];
/** The code of a rule of the domain that refused a request as a whole (409, 422). */
export type ProblemCode = NonNullable<Schemas["Problem"]["code"]>;

/** Codes whose text takes no parameter: each with its message. */
const PLAIN_FIELD_TEXTS: Partial<Record<ErrorCode["code"], PlainKey>> = {
  required: "errorCode.required",
  null: "errorCode.required",
  invalid_type: "errorCode.invalid_type",
  invalid: "errorCode.invalid",
  unknown_field: "errorCode.unknown_field",
  number_too_large: "errorCode.number_too_large",
  not_one_of: "errorCode.not_one_of",
  not_equal: "errorCode.not_equal",
  invalid_format: "errorCode.invalid_format",
  invalid_email: "errorCode.invalid_email",
  invalid_url: "errorCode.invalid_url",
  not_https_url: "errorCode.not_https_url",
  invalid_date: "errorCode.invalid_date",
  invalid_datetime: "errorCode.invalid_datetime",
  invalid_uuid: "errorCode.invalid_uuid",
  invalid_cursor: "errorCode.invalid_cursor",
  invalid_provider_number: "errorCode.invalid_provider_number",
  control_characters: "errorCode.control_characters",
  blank: "errorCode.blank",
  not_a_file: "errorCode.not_a_file",
  exactly_one_of: "errorCode.exactly_one_of",
  not_available_as_csv: "errorCode.not_available_as_csv",
  not_after_start: "errorCode.not_after_start",
  after_start: "errorCode.after_start",
  before_valid_from: "errorCode.before_valid_from",
  go_together: "errorCode.go_together",
  weak_password: "errorCode.weak_password",
  answer_required: "errorCode.answer_required",
  wrong_answer_field: "errorCode.wrong_answer_field",
  not_a_clinic_of_cluster: "errorCode.not_a_clinic_of_cluster",
  not_a_sub_cluster_of_cluster: "errorCode.not_a_sub_cluster_of_cluster",
  not_a_member_of_cluster: "errorCode.not_a_member_of_cluster",
  unknown_cluster: "errorCode.unknown_cluster",
  unknown_region: "errorCode.unknown_region",
  unknown_organisation: "errorCode.unknown_organisation",
  unknown_folder: "errorCode.unknown_folder",
  folder_cycle: "errorCode.folder_cycle",
  file_empty: "errorCode.file_empty",
  file_type_not_allowed: "errorCode.file_type_not_allowed",
  file_too_large: "errorCode.file_too_large",
  name_taken: "errorCode.name_taken",
  already_held: "errorCode.already_held",
  not_enrollable: "errorCode.not_enrollable",
  reply_has_no_title: "errorCode.reply_has_no_title",
  attendance_not_invited: "errorCode.attendance_not_invited",
  reason_required: "errorCode.reason_required",
  responsible_required: "errorCode.responsible_required",
  place_required: "errorCode.place_required",
  not_in_agenda: "errorCode.not_in_agenda",
  not_in_package_version: "errorCode.not_in_package_version",
  named_twice: "errorCode.named_twice",
  name_unusable: "errorCode.name_unusable",
  not_in_library: "errorCode.not_in_library",
  already_member: "errorCode.already_member",
  already_in_use: "errorCode.already_in_use",
  in_other_cluster: "errorCode.in_other_cluster",
  already_in_cluster: "errorCode.already_in_cluster",
  scope_not_allowed: "errorCode.scope_not_allowed",
  idempotency_key_reused: "errorCode.idempotency_key_reused",
  no_rate_for_year: "errorCode.no_rate_for_year",
  unknown_ledger_entry: "errorCode.unknown_ledger_entry",
  unknown_expense: "errorCode.unknown_expense",
  expense_not_in_state: "errorCode.expense_not_in_state",
  unknown_meeting_of_cluster: "errorCode.unknown_meeting_of_cluster",
  receipt_type_not_allowed: "errorCode.receipt_type_not_allowed",
  unknown_package: "errorCode.unknown_package",
  meeting_or_period_required: "errorCode.meeting_or_period_required",
  before_wished_from: "errorCode.before_wished_from",
  not_staff_of_unit: "errorCode.not_staff_of_unit",
  agenda_item_without_minutes: "errorCode.agenda_item_without_minutes",
  agenda_required: "errorCode.agenda_required",
  not_for_kind: "errorCode.not_for_kind",
  above_max_value: "errorCode.above_max_value",
  unknown_question: "errorCode.unknown_question",
  unknown_survey_template: "errorCode.unknown_survey_template",
  survey_template_retired: "errorCode.survey_template_retired",
  not_for_audience: "errorCode.not_for_audience",
  audience_not_allowed: "errorCode.audience_not_allowed",
  not_in_future: "errorCode.not_in_future",
  survey_not_narrowed: "errorCode.survey_not_narrowed",
  not_in_survey: "errorCode.not_in_survey",
};

/** A field's message in the person's language, from its code; a general text for a code this
 * app does not know (a newer API), never the API's English message. */
export function describeFieldCode(error: ErrorCode, t: Translate, locale = "da-DK"): string {
  const count = (value: number) => value.toLocaleString(locale);
  const items = error.unit === "items";
  switch (error.code) {
    case "too_short":
      if (error.min === undefined || (error.min <= 1 && !items)) return t("errorCode.required");
      return items
        ? t("errorCode.too_short_items", { min: count(error.min) })
        : t("errorCode.too_short", { min: count(error.min) });
    case "too_long":
      if (error.max === undefined) return t("errorCode.invalid");
      return items
        ? t("errorCode.too_long_items", { max: count(error.max) })
        : t("errorCode.too_long", { max: count(error.max) });
    case "wrong_length":
      return error.length === undefined
        ? t("errorCode.invalid")
        : t("errorCode.wrong_length", { length: count(error.length) });
    case "out_of_range":
      if (error.min !== undefined && error.max !== undefined)
        return t("errorCode.out_of_range", { min: count(error.min), max: count(error.max) });
      if (error.min !== undefined) return t("errorCode.out_of_range_min", { min: count(error.min) });
      if (error.max !== undefined) return t("errorCode.out_of_range_max", { max: count(error.max) });
      return t("errorCode.invalid");
    case "too_many":
      return error.max === undefined
        ? t("errorCode.invalid")
        : t("errorCode.too_many", { max: count(error.max) });
    case "before_earliest":
      return error.date === undefined
        ? t("errorCode.invalid")
        : t("errorCode.before_earliest", { date: formatDate(error.date, locale) });
    default: {
      const key = PLAIN_FIELD_TEXTS[error.code];
      return key ? t(key) : t("errorCode.unknown");
    }
  }
}

const PROBLEM_TEXTS: Record<ProblemCode, PlainKey> = {
  meeting_not_planned: "problemCode.meeting_not_planned",
  meeting_begun: "problemCode.meeting_begun",
  meeting_not_begun: "problemCode.meeting_not_begun",
  meeting_cancelled: "problemCode.meeting_cancelled",
  meeting_closed: "problemCode.meeting_closed",
  meeting_held: "problemCode.meeting_held",
  meeting_not_closable: "problemCode.meeting_not_closable",
  meeting_no_way_back_to_draft: "problemCode.meeting_no_way_back_to_draft",
  meeting_draft_only_deleted: "problemCode.meeting_draft_only_deleted",
  meeting_draft_not_cancelled: "problemCode.meeting_draft_not_cancelled",
  meeting_draft_not_in_calendar: "problemCode.meeting_draft_not_in_calendar",
  attendance_not_open: "problemCode.attendance_not_open",
  attendance_too_early: "problemCode.attendance_too_early",
  reply_does_not_nest: "problemCode.reply_does_not_nest",
  folder_not_empty: "problemCode.folder_not_empty",
  name_taken: "problemCode.name_taken",
  name_busy: "problemCode.name_busy",
  too_many_of_name: "problemCode.too_many_of_name",
  clinic_in_cluster: "problemCode.clinic_in_cluster",
  already_member: "problemCode.already_member",
  role_already_held: "problemCode.role_already_held",
  role_taken: "problemCode.role_taken",
  email_taken: "problemCode.email_taken",
  last_admin: "problemCode.last_admin",
  has_attendance: "problemCode.has_attendance",
  client_id_taken: "problemCode.client_id_taken",
  account_activated: "problemCode.account_activated",
  account_deactivated: "problemCode.account_deactivated",
  idempotency_in_progress: "problemCode.idempotency_in_progress",
  file_too_large: "problemCode.file_too_large",
  data_conflict: "problemCode.data_conflict",
  rule_violation: "problemCode.rule_violation",
  survey_closed: "problemCode.survey_closed",
  rate_exists: "problemCode.rate_exists",
  rate_in_use: "problemCode.rate_in_use",
  fee_not_proposed: "problemCode.fee_not_proposed",
  fee_not_confirmed: "problemCode.fee_not_confirmed",
  expense_not_draft: "problemCode.expense_not_draft",
  expense_not_submitted: "problemCode.expense_not_submitted",
  expense_not_approved: "problemCode.expense_not_approved",
  expense_not_booked: "problemCode.expense_not_booked",
  own_expense: "problemCode.own_expense",
  receipts_required: "problemCode.receipts_required",
  expense_lines_required: "problemCode.expense_lines_required",
  bank_account_required: "problemCode.bank_account_required",
  not_your_unit: "problemCode.not_your_unit",
  package_retired: "problemCode.package_retired",
  package_not_draft: "problemCode.package_not_draft",
  package_not_published: "problemCode.package_not_published",
  package_version_published: "problemCode.package_version_published",
  package_version_empty: "problemCode.package_version_empty",
  package_not_orderable: "problemCode.package_not_orderable",
  package_order_not_requested: "problemCode.package_order_not_requested",
  package_version_not_published: "problemCode.package_version_not_published",
  meeting_not_held: "problemCode.meeting_not_held",
  no_regional_unit: "problemCode.no_regional_unit",
  package_proposal_published: "problemCode.package_proposal_published",
  package_proposal_not_proposed: "problemCode.package_proposal_not_proposed",
  package_proposal_not_returned: "problemCode.package_proposal_not_returned",
  package_proposal_pending: "problemCode.package_proposal_pending",
  survey_template_in_use: "problemCode.survey_template_in_use",
  survey_not_draft: "problemCode.survey_not_draft",
  survey_not_open: "problemCode.survey_not_open",
  survey_no_recipients: "problemCode.survey_no_recipients",
  survey_deadline_passed: "problemCode.survey_deadline_passed",
};

/** The text of a problem's code, or null for a code this app does not know. */
export function describeProblemCode(code: string | undefined | null, t: Translate): string | null {
  if (!code || !Object.hasOwn(PROBLEM_TEXTS, code)) return null;
  return t(PROBLEM_TEXTS[code as ProblemCode]);
}

/** Every message key this module uses, for the catalogue test. */
export const ERROR_CODE_KEYS: readonly MessageKey[] = [
  ...Object.values(PLAIN_FIELD_TEXTS),
  ...Object.values(PROBLEM_TEXTS),
];

/** The messages per field of an error (a 422, or a 409 about a field), in the person's language,
 * to show beside the fields; empty for any other error. */
export function fieldErrorsOf(error: unknown, t: Translate, locale = "da-DK"): Record<string, string[]> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string[]> = {};
  for (const [field, codes] of Object.entries(error.fieldCodes)) {
    result[field] = codes.map((code) => describeFieldCode(code, t, locale));
  }
  return result;
}
