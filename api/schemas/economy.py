"""Schemas of the economy domain: the ledger's summary and entries, the correcting entry,
the yearly rates and the allocation run's report. Every amount is a whole number of øre in a
field ending in `_ore`: an integer on the wire, never a float."""

from __future__ import annotations

from marshmallow import fields, validate

from api.models import ExpenseState, FeeBasis, FeeState, LedgerCategory, LedgerEntryKind
from api.models.economy import EXPENSE_ACTIONS, EXPENSE_CATEGORIES
from api.schemas.common import (
    BaseSchema,
    PageArgsSchema,
    SyncPageArgsSchema,
    WholeNumber,
    entry_schema,
)
from api.schemas.files import FilePart
from api.services.economy.access import FIRST_YEAR, LAST_YEAR

# An amount of one entry: up to 10 billion kroner either way, far beyond any cluster's.
MAX_AMOUNT_ORE = 10**12


def _year(**kwargs):  # type: ignore[no-untyped-def]
    return WholeNumber(validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR), **kwargs)


# --- the ledger ----------------------------------------------------------------------------


class LedgerArgsSchema(BaseSchema):
    year = fields.Integer(
        required=True,
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "The ledger's year."},
    )


class LedgerEntryListArgsSchema(PageArgsSchema):
    year = fields.Integer(
        required=True,
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "The entries booked in this year."},
    )


class LedgerCategoryTotalSchema(BaseSchema):
    category = fields.Enum(LedgerCategory, dump_only=True, required=True)
    income_ore = fields.Integer(dump_only=True, required=True)
    spending_ore = fields.Integer(
        dump_only=True, required=True, metadata={"description": "Negative or zero."}
    )
    net_ore = fields.Integer(dump_only=True, required=True)
    budget_ore = fields.Integer(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The year's budget of the category, with the ledger's signs "
            "(null: none set)."
        },
    )
    budget_difference_ore = fields.Integer(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Actual (`net_ore`) less budget; null without a budget."},
    )


class LedgerSummarySchema(BaseSchema):
    """A ledger's year: every figure derived from the entries. The opening balance is the sum
    of every entry before the year, and the closing balance is the opening balance plus the
    year's entries, so it is the next year's opening balance."""

    cluster_id = fields.UUID(dump_only=True, required=True)
    year = fields.Integer(dump_only=True, required=True)
    opening_balance_ore = fields.Integer(dump_only=True, required=True)
    income_ore = fields.Integer(dump_only=True, required=True)
    spending_ore = fields.Integer(dump_only=True, required=True)
    closing_balance_ore = fields.Integer(dump_only=True, required=True)
    entry_count = fields.Integer(dump_only=True, required=True)
    budget_net_ore = fields.Integer(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The budget's sum over its lines (null: no budget)."},
    )
    categories = fields.List(
        fields.Nested(LedgerCategoryTotalSchema),
        dump_only=True,
        required=True,
        metadata={
            "description": "The year's actual income and spending per category, beside its budget."
        },
    )


class LedgerEntrySchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    kind = fields.Enum(LedgerEntryKind, dump_only=True, required=True)
    category = fields.Enum(LedgerCategory, dump_only=True, required=True)
    booked_on = fields.Date(dump_only=True, required=True)
    amount_ore = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "Whole øre: income positive, spending negative."},
    )
    text = fields.String(dump_only=True, required=True)
    source_kind = fields.String(dump_only=True, required=True, allow_none=True)
    source_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    allocation_run_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    corrects = fields.UUID(
        attribute="corrects_id",
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The entry this one corrects (a correction)."},
    )
    reason = fields.String(dump_only=True, required=True, allow_none=True)
    booked_by_user_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    booked_by_client_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)


class LedgerCorrectionSchema(BaseSchema):
    """A correcting entry: the only way to mend a booked entry, which itself never changes."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf([LedgerEntryKind.correction.value]),
        metadata={"description": "`correction`: entries of other kinds are booked elsewhere."},
    )
    corrects = fields.UUID(
        required=True, metadata={"description": "The entry of this ledger it corrects."}
    )
    amount_ore = WholeNumber(
        required=True,
        validate=[
            validate.Range(min=-MAX_AMOUNT_ORE, max=MAX_AMOUNT_ORE),
        ],
        metadata={"description": "The difference, in whole øre (not 0: a 422 `zero_amount`)."},
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    text = fields.String(validate=validate.Length(max=500))
    category = fields.Enum(
        LedgerCategory, metadata={"description": "Defaults to the corrected entry's."}
    )
    booked_on = fields.Date(metadata={"description": "Defaults to today."})


# --- rates -----------------------------------------------------------------------------------


class AllocationRateSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    year = _year(required=True)
    ore_per_patient = WholeNumber(
        required=True,
        validate=validate.Range(min=0, max=100_000),
        metadata={"description": "The allocation per patient listed on 1 February, in øre."},
    )
    in_use = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "An allocation has been run with it: it cannot change."},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class AllocationRateUpdateSchema(BaseSchema):
    ore_per_patient = WholeNumber(
        required=True,
        validate=validate.Range(min=0, max=100_000),
        metadata={"description": "The allocation per patient listed on 1 February, in øre."},
    )


# --- allocations --------------------------------------------------------------------------


class AllocationRunArgsSchema(BaseSchema):
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "Report what would be booked, and book nothing."},
    )


class AllocationRequestSchema(BaseSchema):
    year = _year(required=True)
    cluster_id = fields.UUID(
        load_default=None, metadata={"description": "Only this cluster; every cluster if absent."}
    )


class AllocationSummarySchema(BaseSchema):
    created = fields.Integer(dump_only=True, required=True)
    unchanged = fields.Integer(dump_only=True, required=True)
    corrected = fields.Integer(dump_only=True, required=True)


class AllocationItemSchema(BaseSchema):
    cluster_id = fields.UUID(dump_only=True, required=True)
    cluster_name = fields.String(dump_only=True, required=True)
    clinics = fields.Integer(
        dump_only=True, required=True, metadata={"description": "In the cluster on 1 February."}
    )
    patients = fields.Integer(
        dump_only=True, required=True, metadata={"description": "Listed on 1 February."}
    )
    amount_ore = fields.Integer(
        dump_only=True, required=True, metadata={"description": "Rate times patients."}
    )
    booked_before_ore = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "What earlier runs booked for the year."},
    )
    difference_ore = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "What this run books (or would book)."},
    )
    status = fields.String(
        dump_only=True,
        required=True,
        validate=validate.OneOf(["created", "unchanged", "corrected"]),
        metadata={
            "description": "`created`: the allocation is booked; `corrected`: a correcting "
            "entry books the difference; `unchanged`: nothing to book."
        },
    )
    entry_id = fields.UUID(dump_only=True, required=True, allow_none=True)


class AllocationWarningSchema(BaseSchema):
    code = fields.String(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    cluster_name = fields.String(dump_only=True, required=True)
    provider_number = fields.String(dump_only=True, required=True)
    clinic_name = fields.String(dump_only=True, required=True)
    message = fields.String(dump_only=True, required=True)


class AllocationReportSchema(BaseSchema):
    """What a run booked, or in a dry run would book, cluster by cluster, in the spirit of the
    batch report; its items have their own statuses (`corrected`) and it carries warnings."""

    year = fields.Integer(dump_only=True, required=True)
    ore_per_patient = fields.Integer(dump_only=True, required=True)
    dry_run = fields.Boolean(dump_only=True, required=True)
    applied = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Whether the entries were booked (not a dry run)."},
    )
    run_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    summary = fields.Nested(AllocationSummarySchema, dump_only=True, required=True)
    total_ore = fields.Integer(dump_only=True, required=True)
    clusters = fields.List(fields.Nested(AllocationItemSchema), dump_only=True, required=True)
    warnings = fields.List(
        fields.Nested(AllocationWarningSchema),
        dump_only=True,
        required=True,
        metadata={
            "description": "Clinics without a patient count on 1 February: their provider "
            "numbers were not updated by the end of January (`patient_count_missing`)."
        },
    )


# --- fees from attendance ------------------------------------------------------------------


class FeeRulesSchema(BaseSchema):
    """A cluster's fee rules, in øre. A cluster that never set them has the defaults: no
    coordinator's fee, and the consultant rate PLO recommends (1.072,02 kr. an hour)."""

    cluster_id = fields.UUID(dump_only=True, required=True)
    coordinator_fee_ore = WholeNumber(
        required=True,
        validate=validate.Range(min=0, max=MAX_AMOUNT_ORE),
        metadata={"description": "The coordinator's fee per held meeting they attended (0: none)."},
    )
    speaker_rate_ore_per_hour = WholeNumber(
        required=True,
        validate=validate.Range(min=0, max=MAX_AMOUNT_ORE),
        metadata={"description": "A guest speaker's fee per hour of their agenda items (0: none)."},
    )
    version = fields.Integer(
        dump_only=True, required=True, metadata={"description": "0 while the defaults hold."}
    )
    updated_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)


class FeeListArgsSchema(PageArgsSchema):
    meeting_id = fields.UUID(metadata={"description": "Only this meeting's fees."})
    state = fields.Enum(FeeState, metadata={"description": "Only fees in this state."})


class FeeProposalSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True)
    basis = fields.Enum(FeeBasis, dump_only=True, required=True)
    recipient_user_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The person paid (the coordinator)."},
    )
    speaker_name = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The guest speaker paid, as the agenda names them."},
    )
    minutes = fields.Integer(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The time paid for; null for a flat fee."},
    )
    rate_ore = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "Per hour, or the flat fee when `minutes` is null."},
    )
    amount_ore = fields.Integer(
        dump_only=True,
        required=True,
        metadata={
            "description": "`rate_ore * minutes / 60` rounded half up to the whole øre "
            "(`(rate_ore * minutes + 30) // 60`), or the flat fee."
        },
    )
    state = fields.Enum(FeeState, dump_only=True, required=True)
    confirmed_by_user_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    confirmed_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    ledger_entry_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The entry that booked it (state `booked`)."},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


# --- budgets -------------------------------------------------------------------------------


class BudgetLineSchema(BaseSchema):
    category = fields.Enum(LedgerCategory, required=True)
    amount_ore = WholeNumber(
        required=True,
        validate=validate.Range(min=-MAX_AMOUNT_ORE, max=MAX_AMOUNT_ORE),
        metadata={"description": "With the ledger's signs: income positive, spending negative."},
    )


class BudgetSchema(BaseSchema):
    """A cluster's budget of a year: a line per category, replaced as a whole."""

    cluster_id = fields.UUID(dump_only=True, required=True)
    year = fields.Integer(dump_only=True, required=True)
    lines = fields.List(
        fields.Nested(BudgetLineSchema),
        required=True,
        validate=validate.Length(max=len(LedgerCategory)),
        metadata={"description": "One line per category at most (a 422 `named_twice`)."},
    )
    income_ore = fields.Integer(dump_only=True, required=True)
    spending_ore = fields.Integer(dump_only=True, required=True)
    net_ore = fields.Integer(dump_only=True, required=True)


# --- annual accounts -----------------------------------------------------------------------


class AccountsLineSchema(BaseSchema):
    category = fields.Enum(LedgerCategory, dump_only=True, required=True)
    amount_ore = fields.Integer(dump_only=True, required=True)


class AccountsBudgetLineSchema(BaseSchema):
    category = fields.Enum(LedgerCategory, dump_only=True, required=True)
    budget_ore = fields.Integer(dump_only=True, required=True)
    actual_ore = fields.Integer(dump_only=True, required=True)
    difference_ore = fields.Integer(dump_only=True, required=True)


class AnnualAccountsSchema(BaseSchema):
    """The annual accounts' figures; spending is shown positive, as the accounts show it:
    opening + income - spending = closing, to the øre."""

    cluster_id = fields.UUID(dump_only=True, required=True)
    cluster_name = fields.String(dump_only=True, required=True)
    year = fields.Integer(dump_only=True, required=True)
    opening_balance_ore = fields.Integer(dump_only=True, required=True)
    income = fields.List(fields.Nested(AccountsLineSchema), dump_only=True, required=True)
    income_ore = fields.Integer(dump_only=True, required=True)
    spending = fields.List(fields.Nested(AccountsLineSchema), dump_only=True, required=True)
    spending_ore = fields.Integer(dump_only=True, required=True)
    result_ore = fields.Integer(dump_only=True, required=True)
    closing_balance_ore = fields.Integer(dump_only=True, required=True)
    budget = fields.List(fields.Nested(AccountsBudgetLineSchema), dump_only=True, required=True)
    budget_net_ore = fields.Integer(dump_only=True, required=True)
    actual_net_ore = fields.Integer(dump_only=True, required=True)


# --- expenses ------------------------------------------------------------------------------

# Lines of one expense, and expenses of one batch, at most.
MAX_EXPENSE_LINES = 100
MAX_BATCH_EXPENSES = 500


class ExpenseLineSchema(BaseSchema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=300))
    amount_ore = WholeNumber(
        required=True,
        validate=validate.Range(min=1, max=MAX_AMOUNT_ORE),
        metadata={"description": "Whole øre, more than 0."},
    )


class BankAccountSchema(BaseSchema):
    """A Danish bank account: the registration number and the account number."""

    reg_no = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9]{4}$"),
        metadata={"description": "The registration number: 4 digits.", "example": "1234"},
    )
    account_no = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9]{1,10}$"),
        metadata={"description": "The account number: up to 10 digits.", "example": "0012345678"},
    )


class ExpenseWriteSchema(BaseSchema):
    """An expense as its claimant writes it (the whole of it, on `PUT` too)."""

    category = fields.Enum(
        LedgerCategory,
        required=True,
        validate=validate.OneOf(list(EXPENSE_CATEGORIES)),
        metadata={
            "description": "One of `speaker`, `catering`, `room`, `residential_meeting`, "
            "`coaching`, `coordinator_pay`, `other`."
        },
    )
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    meeting_id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "A meeting of the cluster it was spent on (422 otherwise)."},
    )
    lines = fields.List(
        fields.Nested(ExpenseLineSchema),
        load_default=list,
        validate=validate.Length(max=MAX_EXPENSE_LINES),
        metadata={"description": "At least one before it is submitted."},
    )
    bank_account = fields.Nested(
        BankAccountSchema,
        load_default=None,
        allow_none=True,
        metadata={"description": "Where it is paid to: required before it is submitted."},
    )


class ExpenseListArgsSchema(PageArgsSchema):
    state = fields.Enum(ExpenseState, metadata={"description": "Only expenses in this state."})
    year = fields.Integer(
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "Only expenses claimed in this year (Danish time)."},
    )


class ExpenseQueueArgsSchema(ExpenseListArgsSchema):
    cluster_id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "Only this cluster's expenses."},
    )


class ExpenseSchema(BaseSchema):
    """An expense as every member of its cluster reads it: without bank details and
    receipts."""

    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    claimant_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Who claims it (null if their account is gone)."},
    )
    claimant_name = fields.String(
        attribute="claimant.name", dump_only=True, required=True, allow_none=True
    )
    category = fields.Enum(LedgerCategory, dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    state = fields.Enum(ExpenseState, dump_only=True, required=True)
    total_ore = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "The sum of its lines, in whole øre."},
    )
    submitted_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    ledger_entry_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The ledger entry that books it (booked and paid)."},
    )
    paid_on = fields.Date(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class ExpenseEventSchema(BaseSchema):
    action = fields.String(
        dump_only=True,
        required=True,
        validate=validate.OneOf(EXPENSE_ACTIONS),
        metadata={"description": "What happened: `create` or a transition."},
    )
    from_state = fields.Enum(ExpenseState, dump_only=True, required=True, allow_none=True)
    to_state = fields.Enum(ExpenseState, dump_only=True, required=True)
    actor_user_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    actor_client_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    actor_name = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "Who took the step: the person's or the client's name (null once "
            "their account is gone). The ledger is open: every member who reads the expense "
            "sees who claimed, approved or booked it."
        },
    )
    comment = fields.String(dump_only=True, required=True, allow_none=True)
    at = fields.AwareDateTime(dump_only=True, required=True)


class ExpensePermissionsSchema(BaseSchema):
    change = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Change, delete and submit it, add and remove receipts."},
    )
    approve = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Approve, reject or return it (never your own)."},
    )
    read_private = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "See its bank details and receipts."},
    )
    book = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "Book and pay it (PLO)."}
    )


class ExpenseDetailSchema(ExpenseSchema):
    """An expense with its lines and history. `bank_account` is null for those who may not
    see it (`my_permissions.read_private`): every member reads the expense, only the
    claimant, the treasurer, the coordinators and PLO its bank details and receipts."""

    description = fields.String(dump_only=True, required=True)
    lines = fields.List(fields.Nested(ExpenseLineSchema), dump_only=True, required=True)
    bank_account = fields.Nested(BankAccountSchema, dump_only=True, required=True, allow_none=True)
    receipt_count = fields.Integer(dump_only=True, required=True)
    rejection_reason = fields.String(dump_only=True, required=True, allow_none=True)
    history = fields.List(
        fields.Nested(ExpenseEventSchema),
        dump_only=True,
        required=True,
        metadata={"description": "Every transition, oldest first."},
    )
    my_permissions = fields.Nested(ExpensePermissionsSchema, dump_only=True, required=True)


class ExpenseCommentSchema(BaseSchema):
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ExpenseRejectSchema(BaseSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ExpenseReturnSchema(BaseSchema):
    comment = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "What is missing: the claimant sees it in the history."},
    )


class ExpenseBookSchema(BaseSchema):
    booked_on = fields.Date(metadata={"description": "Defaults to today (Danish time)."})


class ExpensePaySchema(BaseSchema):
    paid_on = fields.Date(metadata={"description": "Defaults to today (Danish time)."})


class ExpenseBatchBookSchema(ExpenseBookSchema):
    expense_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=1, max=MAX_BATCH_EXPENSES),
        metadata={"description": "The approved expenses to book, of any cluster."},
    )


class ExpenseBatchPaySchema(ExpensePaySchema):
    expense_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=1, max=MAX_BATCH_EXPENSES),
        metadata={"description": "The booked expenses to pay, of any cluster."},
    )


class ReceiptSchema(BaseSchema):
    """A receipt of an expense: a file kept by the files service."""

    id = fields.UUID(dump_only=True, required=True)
    expense_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    media_type = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Read from the content when it was uploaded."},
    )
    size = fields.Integer(dump_only=True, required=True, metadata={"description": "In bytes."})
    sha256 = fields.String(dump_only=True, required=True)
    uploaded_by_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)


class ReceiptUploadSchema(BaseSchema):
    file = FilePart(
        required=True,
        metadata={
            "description": "The receipt: a PDF or a photo of it (JPEG, HEIC, PNG or WebP, as "
            "a phone camera takes them). Its type is read from the content."
        },
    )


# --- PLO's entries feed ------------------------------------------------------------------------


class EconomyFeedArgsSchema(SyncPageArgsSchema):
    cluster_id = fields.UUID(load_default=None, metadata={"description": "Only this cluster."})
    year = fields.Integer(
        load_default=None,
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={
            "description": "Only this year: a ledger entry's booking date, an expense's "
            "submission (Danish time)."
        },
    )
    type = fields.String(
        load_default=None,
        validate=validate.OneOf(["ledger_entry", "expense"]),
        metadata={"description": "Only rows of this type."},
    )
    kind = fields.Enum(
        LedgerEntryKind,
        load_default=None,
        metadata={"description": "Only ledger entries of this kind (no expenses)."},
    )


def _nullable(field: fields.Field, description: str) -> fields.Field:
    field.dump_only = True
    field.required = True
    field.allow_none = True
    field.metadata = {"description": description}
    return field


class EconomyEntrySchema(BaseSchema):
    """One row of PLO's economy feed: a ledger entry (`type: ledger_entry`) or an expense
    (`type: expense`), in one flat shape: the fields of the other type are null."""

    id = fields.UUID(dump_only=True, required=True)
    type = fields.String(
        dump_only=True,
        required=True,
        validate=validate.OneOf(["ledger_entry", "expense"]),
        metadata={"description": "`ledger_entry` or `expense`: which fields are set."},
    )
    cluster_id = fields.UUID(dump_only=True, required=True)
    category = fields.Enum(LedgerCategory, dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    kind = _nullable(fields.Enum(LedgerEntryKind), "Ledger entry: its kind.")
    booked_on = _nullable(
        fields.Date(),
        "Ledger entry: its booking date. Expense: the date it was booked (null before).",
    )
    amount_ore = _nullable(
        fields.Integer(), "Ledger entry: whole øre, income positive, spending negative."
    )
    text = _nullable(fields.String(), "Ledger entry: its text.")
    source_kind = _nullable(fields.String(), "Ledger entry: what booked it (`expense`, …).")
    source_id = _nullable(fields.UUID(), "Ledger entry: the id of its source.")
    allocation_run_id = _nullable(fields.UUID(), "Ledger entry: the allocation run.")
    corrects_id = _nullable(fields.UUID(), "Ledger entry: the entry a correction corrects.")
    state = _nullable(
        fields.Enum(ExpenseState),
        "Expense: `submitted`, `approved`, `booked` or `paid` (other states are tombstones).",
    )
    title = _nullable(fields.String(), "Expense: its title.")
    total_ore = _nullable(fields.Integer(), "Expense: the sum of its lines, in whole øre.")
    claimant_id = _nullable(fields.UUID(), "Expense: who claims it.")
    claimant_name = _nullable(fields.String(), "Expense: the claimant's name.")
    bank_reg_no = _nullable(fields.String(), "Expense: the registration number it is paid to.")
    bank_account_no = _nullable(fields.String(), "Expense: the account number it is paid to.")
    submitted_at = _nullable(fields.AwareDateTime(), "Expense: when it was (last) submitted.")
    approved_at = _nullable(fields.AwareDateTime(), "Expense: when it was (last) approved.")
    ledger_entry_id = _nullable(fields.UUID(), "Expense: its ledger entry, once booked.")
    paid_on = _nullable(fields.Date(), "Expense: the day it was paid.")


# The feed's item: the row, or a tombstone (`id`, `deleted`, `updated_at`).
EconomyFeedEntrySchema = entry_schema(EconomyEntrySchema)
