"""Expenses: a member claims, with receipts and bank details; the treasurer or the coordinator
approves (never their own); PLO books (one ledger entry, to the øre) and pays, one by one or
in batches that are all-or-nothing and idempotent. Every step is checked against the state
and the actor, and recorded; every member reads the expense, only some its receipts and bank
details."""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import (
    AuditLogEntry,
    Client,
    Cluster,
    Expense,
    ExpenseEvent,
    ExpenseState,
    File,
    LedgerEntry,
    LedgerEntryKind,
)
from api.schemas.economy import ExpenseSchema
from api.services.economy.expenses import TRANSITIONS
from tests.factories import PDF_RECEIPT
from tests.problems import assert_problem, batch_summary
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff

# A phone camera's HEIC photo begins so (an ISO BMFF `ftyp` box of the brand `heic`).
HEIC_PHOTO = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
JPEG_PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


@dataclass
class World:
    scenario: Scenario
    viborg: Cluster
    odense: Cluster
    headers: dict[str, dict[str, str]]

    def user(self, name: str) -> Any:
        return self.scenario.people[name]


CALLERS = [
    "member",  # the claimant of the expenses made here
    "colleague",  # another doctor of Viborg, without a role
    "treasurer",
    "coordinator",
    "co_coordinator",
    "unit",
    "plo",
    "plo_reader",
    "plo_writer",
    "other_member",
    "admin",
]
# Who may take each step on the member's expense.
ALLOWED = {
    "submit": {"member"},
    # Those who keep the cluster's money (as its budget and fee rules), not co-coordinators.
    "approve": {"treasurer", "coordinator", "admin"},
    "reject": {"treasurer", "coordinator", "admin"},
    "return": {"treasurer", "coordinator", "admin"},
    "book": {"plo", "plo_writer", "admin"},
    "pay": {"plo", "plo_writer", "admin"},
}
# One who may take each step, for the tests of the states.
ACTOR = {
    "submit": "member",
    "approve": "treasurer",
    "reject": "treasurer",
    "return": "coordinator",
    "book": "plo_writer",
    "pay": "plo_writer",
}
BODY = {
    "submit": {},
    "approve": {"comment": "Godkendt"},
    "reject": {"reason": "Ikke en udgift for klyngen"},
    "return": {"comment": "Kvitteringen mangler dato"},
    "book": {"booked_on": "2025-06-02"},
    "pay": {"paid_on": "2025-06-05"},
}
SEE_PRIVATE = [
    "member",
    "treasurer",
    "coordinator",
    "plo",
    "plo_reader",
    "plo_writer",
    "admin",
]


@pytest.fixture
def world(factory) -> World:
    scenario = build(
        factory,
        {
            "member": doctor("viborg"),
            "colleague": doctor("viborg"),
            "treasurer": doctor("viborg", role="treasurer"),
            "coordinator": doctor("viborg", role="coordinator"),
            "co_coordinator": doctor("viborg", role="co_coordinator"),
            "other_member": doctor("odense"),
            "unit": staff("midtjylland"),
            "plo": staff("plo"),
            "plo_reader": machine("plo", "economy:read"),
            "plo_writer": machine("plo", "economy:write"),
            "admin": ADMIN,
        },
    )
    return World(scenario, scenario.viborg, scenario.odense, {**scenario.headers, "anonymous": {}})


def expense_url(expense: Expense | str | uuid.UUID) -> str:
    expense_id = expense.id if isinstance(expense, Expense) else expense
    return f"/api/v1/expenses/{expense_id}"


def list_url(cluster: Cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/expenses"


def claim(**fields: Any) -> dict[str, Any]:
    return {
        "category": "catering",
        "title": "Forplejning til temamøde",
        "description": "Sandwich og kaffe til 14",
        "lines": [
            {"text": "Sandwich", "amount_ore": 123_450},
            {"text": "Kaffe og te", "amount_ore": 20_075},
        ],
        "bank_account": {"reg_no": "1234", "account_no": "0012345678"},
        **fields,
    }


def upload(client, world: World, expense_id: str, content: bytes, name: str, caller="member"):
    return client.post(
        f"{expense_url(expense_id)}/receipts",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        headers=world.headers[caller],
    )


def step(client, world: World, expense: Any, action: str, caller: str, body=None):
    return client.post(
        f"{expense_url(expense)}/{action}",
        json=BODY[action] if body is None else body,
        headers=world.headers[caller],
    )


def state_of(expense_id: Any) -> ExpenseState:
    db.session.expire_all()
    return db.session.scalar(select(Expense.state).where(Expense.id == expense_id))


def entries_of(expense_id: Any) -> list[LedgerEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.source_kind == "expense", LedgerEntry.source_id == expense_id
            )
        )
    )


# --- the whole way ---------------------------------------------------------------------------


def test_an_expense_goes_from_claim_to_paid_and_every_step_is_recorded(client, factory, world):
    meeting = factory.meeting(world.viborg)
    response = client.post(
        list_url(world.viborg),
        json=claim(meeting_id=str(meeting.id)),
        headers=world.headers["member"],
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    expense_id = body["id"]
    assert response.headers["Location"].endswith(expense_url(expense_id))
    assert response.headers["ETag"]
    assert body["state"] == "draft"
    assert body["claimant_id"] == world.scenario.id("member")
    assert body["total_ore"] == 143_525 and type(body["total_ore"]) is int
    assert body["bank_account"] == {"reg_no": "1234", "account_no": "0012345678"}
    assert body["my_permissions"] == {
        "change": True,
        "approve": False,
        "read_private": True,
        "book": False,
    }

    # A phone's photo of the receipt, and a PDF.
    photo = upload(client, world, expense_id, HEIC_PHOTO, "IMG_0042.HEIC")
    assert photo.status_code == 201, photo.get_data(as_text=True)
    assert photo.get_json()["media_type"] == "image/heic"
    pdf = upload(client, world, expense_id, PDF_RECEIPT, "Faktura.pdf")
    assert pdf.status_code == 201
    assert pdf.get_json()["media_type"] == "application/pdf"

    assert step(client, world, expense_id, "submit", "member").status_code == 200
    approved = step(client, world, expense_id, "approve", "treasurer")
    assert approved.status_code == 200, approved.get_data(as_text=True)
    assert approved.get_json()["state"] == "approved"

    booked = step(client, world, expense_id, "book", "plo_writer")
    assert booked.status_code == 200, booked.get_data(as_text=True)
    assert booked.get_json()["state"] == "booked"
    [entry] = entries_of(uuid.UUID(expense_id))
    assert entry.kind is LedgerEntryKind.expense
    assert entry.amount_ore == -143_525
    assert entry.category.value == "catering"
    assert entry.booked_on == date(2025, 6, 2)
    assert entry.meeting_id == meeting.id
    assert entry.booked_by_client_id == world.scenario.ids["plo_writer"]
    assert booked.get_json()["ledger_entry_id"] == str(entry.id)

    paid = step(client, world, expense_id, "pay", "plo_writer")
    assert paid.status_code == 200
    assert paid.get_json()["state"] == "paid"
    assert paid.get_json()["paid_on"] == "2025-06-05"
    assert len(entries_of(uuid.UUID(expense_id))) == 1  # paying books nothing more

    history = paid.get_json()["history"]
    assert [(e["action"], e["from_state"], e["to_state"]) for e in history] == [
        ("create", None, "draft"),
        ("submit", "draft", "submitted"),
        ("approve", "submitted", "approved"),
        ("book", "approved", "booked"),
        ("pay", "booked", "paid"),
    ]
    assert history[2]["actor_user_id"] == world.scenario.id("treasurer")
    assert history[2]["comment"] == "Godkendt"
    assert history[3]["actor_client_id"] == world.scenario.id("plo_writer")


def test_every_member_sees_who_took_each_step_at_a_cost_that_does_not_grow(
    client, factory, world, count_statements
):
    """The history names each step's actor (a person or PLO's client), read in the same
    statements however long it is: the ledger is open, so any member sees who did what."""
    expense = factory.expense(
        world.viborg, world.user("member"), state=ExpenseState.submitted, receipts=1
    )
    url = expense_url(expense)

    def read() -> tuple[list[dict[str, Any]], int]:
        with count_statements() as counter:
            response = client.get(url, headers=world.headers["colleague"])
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["history"], counter.count

    assert step(client, world, expense, "return", "coordinator").status_code == 200
    history, few = read()
    assert [e["actor_name"] for e in history] == [world.user("coordinator").name]
    for action, caller in (("submit", "member"), ("approve", "treasurer"), ("book", "plo_writer")):
        assert step(client, world, expense, action, caller).status_code == 200
    history, many = read()
    plo_writer = db.session.get(Client, world.scenario.ids["plo_writer"])
    assert [(e["action"], e["actor_name"]) for e in history] == [
        ("return", world.user("coordinator").name),
        ("submit", world.user("member").name),
        ("approve", world.user("treasurer").name),
        ("book", plo_writer.name),
    ]
    assert many == few
    # Bank details stay with those who may see them; the names are the open ledger's.
    assert client.get(url, headers=world.headers["colleague"]).get_json()["bank_account"] is None


def test_a_returned_expense_goes_back_to_draft_with_the_comment_and_is_submitted_again(
    client, factory, world
):
    expense = factory.expense(
        world.viborg, world.user("member"), state=ExpenseState.submitted, receipts=1
    )
    returned = step(client, world, expense, "return", "coordinator")
    assert returned.status_code == 200
    body = returned.get_json()
    assert body["state"] == "draft"
    assert body["history"][-1]["comment"] == "Kvitteringen mangler dato"
    # The claimant mends it (If-Match) and submits it again.
    changed = client.put(
        expense_url(expense),
        json=claim(title="Forplejning, med dato"),
        headers={**world.headers["member"], "If-Match": returned.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.get_json()["title"] == "Forplejning, med dato"
    assert step(client, world, expense, "submit", "member").get_json()["state"] == "submitted"


def test_a_rejected_expense_keeps_its_reason_and_goes_nowhere(client, factory, world):
    expense = factory.expense(
        world.viborg, world.user("member"), state=ExpenseState.submitted, receipts=1
    )
    rejected = step(client, world, expense, "reject", "treasurer")
    assert rejected.status_code == 200
    assert rejected.get_json()["state"] == "rejected"
    assert rejected.get_json()["rejection_reason"] == "Ikke en udgift for klyngen"
    for action in TRANSITIONS:
        assert_problem(step(client, world, expense, action, ACTOR[action]), 409)
    assert state_of(expense.id) is ExpenseState.rejected


# --- every disallowed step, every wrong actor ------------------------------------------------

DISALLOWED = [
    (state, action)
    for state in ExpenseState
    for action, (start, _, _) in TRANSITIONS.items()
    if state is not start
]


@pytest.mark.parametrize(
    ("state", "action"), DISALLOWED, ids=[f"{a}-from-{s.value}" for s, a in DISALLOWED]
)
def test_every_step_from_a_state_it_does_not_start_from_is_409_with_its_code(
    client, factory, world, state, action
):
    expense = factory.expense(world.viborg, world.user("member"), state=state, receipts=1)
    before = db.session.scalar(
        select(func.count()).select_from(ExpenseEvent).where(ExpenseEvent.expense_id == expense.id)
    )
    body = assert_problem(step(client, world, expense, action, ACTOR[action]), 409)
    assert body["code"] == TRANSITIONS[action][2]
    assert state_of(expense.id) is state
    assert len(entries_of(expense.id)) == (1 if state in ("booked", "paid") else 0)
    after = db.session.scalar(
        select(func.count()).select_from(ExpenseEvent).where(ExpenseEvent.expense_id == expense.id)
    )
    assert after == before


WRONG_ACTORS = [
    (action, caller)
    for action in TRANSITIONS
    for caller in [*CALLERS, "anonymous"]
    if caller not in ALLOWED[action]
]


@pytest.mark.parametrize(
    ("action", "caller"), WRONG_ACTORS, ids=[f"{a}-by-{c}" for a, c in WRONG_ACTORS]
)
def test_every_wrong_actor_of_every_step_is_refused(client, factory, world, action, caller):
    start = TRANSITIONS[action][0]
    expense = factory.expense(world.viborg, world.user("member"), state=start, receipts=1)
    response = step(client, world, expense, action, caller)
    if caller == "anonymous":
        assert_problem(response, 401)
    elif caller == "other_member" and action not in ("book", "pay"):
        assert_problem(response, 404)  # another cluster's expense is not found
    # (Booking is PLO's alone: anyone else is refused before the expense is looked up.)
    else:
        assert_problem(response, 403)
    assert state_of(expense.id) is start


@pytest.mark.parametrize("action", ["approve", "reject", "return"])
@pytest.mark.parametrize("role", ["treasurer", "coordinator"])
def test_no_one_approves_rejects_or_returns_their_own_expense(client, factory, world, action, role):
    expense = factory.expense(
        world.viborg, world.user(role), state=ExpenseState.submitted, receipts=1
    )
    body = assert_problem(step(client, world, expense, action, role), 403)
    assert body["code"] == "own_expense"
    assert state_of(expense.id) is ExpenseState.submitted


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"receipts": 0}, "receipts_required"),
        ({"lines": ()}, "expense_lines_required"),
        ({"bank": None}, "bank_account_required"),
    ],
)
def test_submitting_needs_receipts_lines_and_bank_details(client, factory, world, change, code):
    values = {"receipts": 1, **change}
    expense = factory.expense(world.viborg, world.user("member"), **values)
    body = assert_problem(step(client, world, expense, "submit", "member"), 409)
    assert body["code"] == code
    assert state_of(expense.id) is ExpenseState.draft


def test_the_audit_log_records_every_step_but_not_the_bank_details(client, world):
    created = client.post(list_url(world.viborg), json=claim(), headers=world.headers["member"])
    assert created.status_code == 201
    logged = db.session.scalars(
        select(AuditLogEntry).where(
            AuditLogEntry.entity_type == "expenses",
            AuditLogEntry.entity_id == created.get_json()["id"],
        )
    ).all()
    assert [log.action for log in logged] == ["create"]
    assert "0012345678" not in json.dumps(logged[0].changes)
    assert "bank_account_no" in logged[0].changes  # that it was set is kept


# --- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
def test_every_member_reads_the_expense_but_only_some_its_bank_details_and_receipts(
    client, factory, world, caller
):
    expense = factory.expense(
        world.viborg, world.user("member"), state=ExpenseState.submitted, receipts=1
    )
    [receipt] = factory.receipts_of(expense)
    detail = client.get(expense_url(expense), headers=world.headers[caller])
    receipts = client.get(f"{expense_url(expense)}/receipts", headers=world.headers[caller])
    content = client.get(
        f"{expense_url(expense)}/receipts/{receipt.id}", headers=world.headers[caller]
    )
    listed = client.get(list_url(world.viborg), headers=world.headers[caller])
    if caller == "other_member":
        for response in (detail, receipts, content, listed):
            assert_problem(response, 404)
        return
    if caller == "unit":  # a regional unit sees no money
        for response in (detail, receipts, content, listed):
            assert_problem(response, 403)
        return
    assert detail.status_code == 200, detail.get_data(as_text=True)
    assert listed.status_code == 200
    assert [item["id"] for item in listed.get_json()["items"]] == [str(expense.id)]
    assert "bank_account" not in listed.get_json()["items"][0]
    body = detail.get_json()
    assert body["total_ore"] == 150_050
    assert body["receipt_count"] == 1
    if caller in SEE_PRIVATE:
        assert body["bank_account"] == {"reg_no": "1234", "account_no": "0012345678"}
        assert body["my_permissions"]["read_private"] is True
        assert receipts.status_code == 200
        assert [r["id"] for r in receipts.get_json()["items"]] == [str(receipt.id)]
        assert content.status_code == 200
        assert content.data == PDF_RECEIPT + b"0"
        assert content.headers["Content-Disposition"].startswith("inline;")
        assert content.mimetype == "application/pdf"
    else:
        assert body["bank_account"] is None
        assert body["my_permissions"]["read_private"] is False
        assert_problem(receipts, 403)
        assert_problem(content, 403)


def test_a_receipt_is_not_reached_as_a_file_of_the_library(client, factory, world):
    expense = factory.expense(world.viborg, world.user("member"), receipts=1)
    [receipt] = factory.receipts_of(expense)
    response = client.get(f"/api/v1/files/{receipt.id}", headers=world.headers["member"])
    assert_problem(response, 404)


def test_plo_reads_the_queue_of_approved_expenses_across_clusters(client, factory, world):
    approved = [
        factory.expense(world.viborg, world.user("member"), state=ExpenseState.approved),
        factory.expense(world.odense, world.user("other_member"), state=ExpenseState.approved),
    ]
    factory.expense(world.viborg, world.user("member"), state=ExpenseState.submitted)
    seen: list[str] = []
    cursor = None
    while True:
        query: dict[str, Any] = {"state": "approved", "limit": 1}
        if cursor:
            query["cursor"] = cursor
        response = client.get(
            "/api/v1/economy/expenses", query_string=query, headers=world.headers["plo_reader"]
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        seen += [item["id"] for item in response.get_json()["items"]]
        cursor = response.get_json()["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(str(e.id) for e in approved)
    for caller in ("member", "treasurer", "coordinator", "unit"):
        response = client.get("/api/v1/economy/expenses", headers=world.headers[caller])
        assert_problem(response, 403)
    assert_problem(client.get("/api/v1/economy/expenses"), 401)


# --- claiming and changing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"bank_account": {"reg_no": "12a4", "account_no": "1"}}, "bank_account.reg_no", None),
        ({"bank_account": {"reg_no": "123", "account_no": "1"}}, "bank_account.reg_no", None),
        (
            {"bank_account": {"reg_no": "1234", "account_no": "12345678901"}},
            "bank_account.account_no",
            None,
        ),
        ({"lines": [{"text": "Kaffe", "amount_ore": 0}]}, "lines.0.amount_ore", "out_of_range"),
        ({"lines": [{"text": "Kaffe", "amount_ore": 10.5}]}, "lines.0.amount_ore", "invalid_type"),
        ({"lines": [{"text": "", "amount_ore": 100}]}, "lines.0.text", "too_short"),
        ({"category": "allocation"}, "category", None),
        ({"title": ""}, "title", "too_short"),
    ],
)
def test_a_bad_claim_is_422_with_its_code(client, world, change, field, code):
    response = client.post(
        list_url(world.viborg), json=claim(**change), headers=world.headers["member"]
    )
    body = assert_problem(response, 422)
    codes = body["codes"][field]
    assert codes, body
    if code is not None:
        assert codes[0]["code"] == code


def test_a_meeting_of_another_cluster_is_422(client, factory, world):
    meeting = factory.meeting(world.odense)
    response = client.post(
        list_url(world.viborg),
        json=claim(meeting_id=str(meeting.id)),
        headers=world.headers["member"],
    )
    body = assert_problem(response, 422)
    assert body["codes"]["meeting_id"][0]["code"] == "unknown_meeting_of_cluster"


@pytest.mark.parametrize("caller", ["unit", "plo", "plo_writer"])
def test_only_the_clusters_own_people_claim(client, world, caller):
    response = client.post(list_url(world.viborg), json=claim(), headers=world.headers[caller])
    assert_problem(response, 403)


def test_claiming_in_another_cluster_or_without_a_token(client, world):
    assert_problem(
        client.post(list_url(world.odense), json=claim(), headers=world.headers["member"]), 404
    )
    assert_problem(client.post(list_url(world.viborg), json=claim()), 401)
    assert_problem(client.get(expense_url(uuid.uuid4()), headers=world.headers["member"]), 404)


def test_changing_needs_the_current_etag_and_only_a_draft_changes(client, factory, world):
    expense = factory.expense(world.viborg, world.user("member"))
    url = expense_url(expense)
    etag = client.get(url, headers=world.headers["member"]).headers["ETag"]
    assert_problem(client.put(url, json=claim(), headers=world.headers["member"]), 428)
    first = client.put(url, json=claim(), headers={**world.headers["member"], "If-Match": etag})
    assert first.status_code == 200
    stale = client.put(url, json=claim(), headers={**world.headers["member"], "If-Match": etag})
    assert_problem(stale, 412)
    # Someone else's draft is not theirs to change.
    colleague = client.put(
        url, json=claim(), headers={**world.headers["colleague"], "If-Match": etag}
    )
    assert_problem(colleague, 403)

    submitted = factory.expense(
        world.viborg, world.user("member"), state=ExpenseState.submitted, receipts=1
    )
    url = expense_url(submitted)
    etag = client.get(url, headers=world.headers["member"]).headers["ETag"]
    body = assert_problem(
        client.put(url, json=claim(), headers={**world.headers["member"], "If-Match": etag}), 409
    )
    assert body["code"] == "expense_not_draft"
    body = assert_problem(
        client.delete(url, headers={**world.headers["member"], "If-Match": etag}), 409
    )
    assert body["code"] == "expense_not_draft"
    added = upload(client, world, str(submitted.id), PDF_RECEIPT + b"x", "Ny.pdf")
    assert assert_problem(added, 409)["code"] == "expense_not_draft"


def test_deleting_a_draft_takes_its_receipts_with_it(client, factory, world):
    expense = factory.expense(world.viborg, world.user("member"), receipts=2)
    url = expense_url(expense)
    etag = client.get(url, headers=world.headers["member"]).headers["ETag"]
    response = client.delete(url, headers={**world.headers["member"], "If-Match": etag})
    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(Expense, expense.id) is None
    assert db.session.scalar(select(func.count()).select_from(File)) == 0


def test_receipts_are_pdf_or_photos_and_the_claimant_removes_them(client, factory, world):
    expense = factory.expense(world.viborg, world.user("member"))
    text = upload(client, world, str(expense.id), b"just some text\n", "kvittering.txt")
    assert assert_problem(text, 422)["codes"]["file"][0]["code"] == "receipt_type_not_allowed"
    empty = upload(client, world, str(expense.id), b"", "tom.pdf")
    assert assert_problem(empty, 422)["codes"]["file"][0]["code"] == "file_empty"
    photo = upload(client, world, str(expense.id), JPEG_PHOTO, "IMG_0001.jpg")
    assert photo.status_code == 201, photo.get_data(as_text=True)
    assert photo.get_json()["media_type"] == "image/jpeg"
    by_colleague = upload(client, world, str(expense.id), JPEG_PHOTO, "x.jpg", "colleague")
    assert_problem(by_colleague, 403)

    receipt_url = f"{expense_url(expense)}/receipts/{photo.get_json()['id']}"
    shown = client.get(receipt_url, headers=world.headers["treasurer"])
    assert shown.headers["Content-Disposition"].startswith("inline;")
    etag = client.get(expense_url(expense), headers=world.headers["member"]).headers["ETag"]
    assert_problem(
        client.delete(receipt_url, headers={**world.headers["colleague"], "If-Match": etag}),
        403,
    )
    removed = client.delete(receipt_url, headers={**world.headers["member"], "If-Match": etag})
    assert removed.status_code == 204
    assert_problem(client.get(receipt_url, headers=world.headers["member"]), 404)


def test_removing_a_receipt_needs_the_expenses_current_etag(client, factory, world):
    """A receipt is a part of its expense: adding or removing one is a new version of it."""
    expense = factory.expense(world.viborg, world.user("member"))
    url = expense_url(expense)
    before = client.get(url, headers=world.headers["member"]).headers["ETag"]
    first = upload(client, world, str(expense.id), JPEG_PHOTO, "IMG_0001.jpg")
    second = upload(client, world, str(expense.id), PDF_RECEIPT, "bon.pdf")
    assert first.status_code == second.status_code == 201
    after = client.get(url, headers=world.headers["member"])
    assert after.get_json()["receipt_count"] == 2
    assert after.headers["ETag"] != before
    first_url = f"{url}/receipts/{first.get_json()['id']}"
    assert_problem(client.delete(first_url, headers=world.headers["member"]), 428)
    stale = client.delete(first_url, headers={**world.headers["member"], "If-Match": before})
    assert_problem(stale, 412)
    removed = client.delete(
        first_url, headers={**world.headers["member"], "If-Match": after.headers["ETag"]}
    )
    assert removed.status_code == 204
    now = client.get(url, headers=world.headers["member"])
    assert now.get_json()["receipt_count"] == 1
    assert now.headers["ETag"] != after.headers["ETag"]
    # The ETag the removal was made with is spent: the other receipt needs the new one.
    second_url = f"{url}/receipts/{second.get_json()['id']}"
    again = client.delete(
        second_url, headers={**world.headers["member"], "If-Match": after.headers["ETag"]}
    )
    assert_problem(again, 412)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(File)) == 1


# --- lists -----------------------------------------------------------------------------------


def test_the_list_filters_by_state_and_year_and_exports_csv(client, factory, world):
    # Claimed in the first hour of 2025 in Danish time: still 2024 in UTC.
    new_year = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    factory.expense(world.viborg, world.user("member"), created_at=new_year)
    paid = factory.expense(
        world.viborg,
        world.user("colleague"),
        state=ExpenseState.paid,
        created_at=datetime(2025, 5, 1, 12, tzinfo=UTC),
    )
    response = client.get(
        list_url(world.viborg), query_string={"state": "paid"}, headers=world.headers["member"]
    )
    assert [item["id"] for item in response.get_json()["items"]] == [str(paid.id)]
    for query, expected in (({"year": 2025}, 2), ({"year": 2024}, 0)):
        response = client.get(
            list_url(world.viborg), query_string=query, headers=world.headers["member"]
        )
        assert len(response.get_json()["items"]) == expected
    bad = client.get(
        list_url(world.viborg), query_string={"state": "lost"}, headers=world.headers["member"]
    )
    assert_problem(bad, 422)

    exported = client.get(
        list_url(world.viborg), headers={**world.headers["member"], "Accept": "text/csv"}
    )
    assert exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert list(rows[0]) == list(ExpenseSchema().fields)
    assert {row["total_ore"] for row in rows} == {"150050"}
    assert "bank_account" not in rows[0]


@pytest.mark.parametrize(
    ("url", "caller"),
    [("cluster", "member"), ("queue", "plo_reader")],
)
def test_listing_costs_the_same_statements_however_many_expenses(
    client, factory, world, count_statements, url, caller
):
    path = list_url(world.viborg) if url == "cluster" else "/api/v1/economy/expenses"

    def statements() -> int:
        with count_statements() as counter:
            response = client.get(path, headers=world.headers[caller])
        assert response.status_code == 200
        return counter.count

    factory.expense(world.viborg, world.user("member"), receipts=1)
    few = statements()
    for n in range(12):
        factory.expense(
            world.viborg,
            world.user("colleague" if n % 2 else "member"),
            state=list(ExpenseState)[n % len(ExpenseState)],
            lines=tuple(("Linje", 100 + i) for i in range(1 + n % 3)),
        )
    assert statements() == few


# --- PLO's batches -----------------------------------------------------------------------------


def batch(client, world: World, action: str, ids: list[Any], key: str | None = None, **body):
    headers = dict(world.headers["plo_writer"])
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(
        f"/api/v1/economy/expenses/{action}",
        json={"expense_ids": [str(i) for i in ids], **body},
        headers=headers,
    )


def test_a_batch_with_one_bad_expense_books_nothing_and_says_which(client, factory, world):
    good = [
        factory.expense(world.viborg, world.user("member"), state=ExpenseState.approved),
        factory.expense(world.odense, world.user("other_member"), state=ExpenseState.approved),
    ]
    draft = factory.expense(world.viborg, world.user("member"))
    unknown = uuid.uuid4()
    response = batch(client, world, "book", [*(e.id for e in good), draft.id, unknown])
    body = assert_problem(response, 422)
    assert body["applied"] is False
    assert body["summary"] == batch_summary(unchanged=2, error=2)
    assert body["items"][2]["codes"] == [{"code": "expense_not_in_state", "expected": "approved"}]
    assert body["items"][3]["codes"] == [{"code": "unknown_expense"}]
    for expense in good:
        assert state_of(expense.id) is ExpenseState.approved
        assert entries_of(expense.id) == []
    twice = batch(client, world, "book", [good[0].id, good[0].id])
    assert assert_problem(twice, 422)["items"][1]["codes"] == [{"code": "duplicate_in_batch"}]


def test_a_batch_books_and_pays_every_expense_and_a_replay_books_nothing_again(
    client, factory, world
):
    expenses = [
        factory.expense(world.viborg, world.user("member"), state=ExpenseState.approved),
        factory.expense(
            world.odense,
            world.user("other_member"),
            state=ExpenseState.approved,
            lines=(("Lokale", 250_000),),
        ),
    ]
    key = str(uuid.uuid4())
    first = batch(client, world, "book", [e.id for e in expenses], key, booked_on="2025-06-02")
    assert first.status_code == 200, first.get_data(as_text=True)
    assert first.get_json()["summary"] == batch_summary(updated=2)
    assert [item["changes"] for item in first.get_json()["items"]] == [["booked"], ["booked"]]
    replay = batch(client, world, "book", [e.id for e in expenses], key, booked_on="2025-06-02")
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_json() == first.get_json()
    amounts = [[entry.amount_ore for entry in entries_of(e.id)] for e in expenses]
    assert amounts == [[-150_050], [-250_000]]

    again = batch(client, world, "book", [e.id for e in expenses])  # a new key: refused
    assert assert_problem(again, 422)["summary"] == batch_summary(error=2)

    paid = batch(client, world, "pay", [e.id for e in expenses], str(uuid.uuid4()))
    assert paid.status_code == 200
    for expense in expenses:
        assert state_of(expense.id) is ExpenseState.paid
        assert db.session.get(Expense, expense.id).paid_on is not None


@pytest.mark.parametrize("caller", ["member", "treasurer", "coordinator", "plo_reader", "unit"])
def test_only_plo_runs_the_batches(client, factory, world, caller):
    expense = factory.expense(world.viborg, world.user("member"), state=ExpenseState.approved)
    for action in ("book", "pay"):
        response = client.post(
            f"/api/v1/economy/expenses/{action}",
            json={"expense_ids": [str(expense.id)]},
            headers=world.headers[caller],
        )
        assert_problem(response, 403)
    assert state_of(expense.id) is ExpenseState.approved


def test_a_bad_batch_is_422(client, world):
    for body in ({"expense_ids": []}, {"expense_ids": ["nope"]}, {}):
        response = client.post(
            "/api/v1/economy/expenses/book", json=body, headers=world.headers["plo_writer"]
        )
        assert_problem(response, 422)
