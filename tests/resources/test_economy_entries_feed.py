"""PLO's economy entries feed: a client that stores its cursor while entries are booked and
expenses move ends with exactly the server's rows (new entries once; an expense again on
every change of state; a tombstone for one returned, rejected or deleted); filters, CSV, who
may read it, refused arguments, and a fixed number of statements per page."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from api.core.extensions import db
from api.models import Expense, ExpenseState, LedgerEntry, LedgerEntryKind
from api.schemas.economy import EconomyFeedEntrySchema
from tests.problems import assert_problem
from tests.resources.test_economy_expenses import World, expense_url, step
from tests.resources.test_economy_expenses import world as expenses_world

world = expenses_world

FEED = "/api/v1/economy/entries"
# A fixed clock: the expenses' submission (the `year` filter) never depends on today.
NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
COMMON = {"id", "type", "cluster_id", "category", "meeting_id", "updated_at", "deleted"}
LEDGER_FIELDS = {
    "kind",
    "booked_on",
    "amount_ore",
    "text",
    "source_kind",
    "source_id",
    "allocation_run_id",
    "corrects_id",
}
EXPENSE_FIELDS = {
    "state",
    "title",
    "total_ore",
    "claimant_id",
    "claimant_name",
    "bank_reg_no",
    "bank_account_no",
    "submitted_at",
    "approved_at",
    "ledger_entry_id",
    "paid_on",
    "booked_on",
}
TOMBSTONE_FIELDS = {"id", "deleted", "updated_at"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def _get(client, headers: dict[str, str], **params: Any):
    db.session.expire_all()  # read the database afresh, as a request in production does
    return client.get(FEED, query_string=params, headers=headers)


@dataclass
class Copy:
    """PLO's copy of the feed, kept in step page by page with a stored cursor."""

    client: Any
    headers: dict[str, str]
    limit: int = 2
    rows: dict[str, dict] = field(default_factory=dict)
    cursor: str | None = None
    seen: list[dict] = field(default_factory=list)  # every item since the last `forget`

    def page(self, **filters: Any) -> int:
        params: dict[str, Any] = {"limit": self.limit, **filters}
        if self.cursor:
            params["cursor"] = self.cursor
        response = _get(self.client, self.headers, **params)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        for item in body["items"]:
            self.seen.append(item)
            if item["deleted"]:
                assert set(item) == TOMBSTONE_FIELDS
                self.rows.pop(item["id"], None)
            else:
                assert set(item) == COMMON | LEDGER_FIELDS | EXPENSE_FIELDS
                other = EXPENSE_FIELDS - {"booked_on"}
                if item["type"] == "expense":
                    other = LEDGER_FIELDS - {"booked_on"}
                assert all(item[name] is None for name in other), item
                self.rows[item["id"]] = {k: v for k, v in item.items() if k != "updated_at"}
        assert body["next_cursor"]  # never null: the last page's is where to poll from
        assert ("Link" in response.headers) == body["has_more"]
        self.cursor = body["next_cursor"]
        return len(body["items"])

    def catch_up(self, **filters: Any) -> None:
        while self.page(**filters) == self.limit:
            pass

    def forget(self) -> None:
        self.seen = []


def server_rows() -> dict[str, dict]:
    """What the feed should hold, read directly from the tables: every ledger entry, and
    every expense submitted, approved, booked or paid."""
    db.session.expire_all()
    rows: dict[str, dict] = {}
    for entry in db.session.scalars(select(LedgerEntry)):
        rows[str(entry.id)] = {
            "type": "ledger_entry",
            "cluster_id": str(entry.cluster_id),
            "kind": entry.kind.value,
            "amount_ore": entry.amount_ore,
            "booked_on": entry.booked_on.isoformat(),
        }
    live = (ExpenseState.submitted, ExpenseState.approved, ExpenseState.booked, ExpenseState.paid)
    for expense in db.session.scalars(select(Expense).where(Expense.state.in_(live))):
        booked = expense.ledger_entry_id and db.session.get(LedgerEntry, expense.ledger_entry_id)
        rows[str(expense.id)] = {
            "type": "expense",
            "cluster_id": str(expense.cluster_id),
            "state": expense.state.value,
            "total_ore": expense.total_ore,
            "bank_account_no": expense.bank_account_no,
            "booked_on": booked.booked_on.isoformat() if booked else None,
            "paid_on": expense.paid_on.isoformat() if expense.paid_on else None,
        }
    return rows


def assert_in_step(copy: Copy) -> None:
    expected = server_rows()
    assert set(copy.rows) == set(expected)
    for row_id, want in expected.items():
        assert {key: copy.rows[row_id][key] for key in want} == want, row_id


def _delete_draft(client, world: World, expense_id: Any) -> None:
    url = expense_url(expense_id)
    etag = client.get(url, headers=world.headers["member"]).headers["ETag"]
    response = client.delete(url, headers={**world.headers["member"], "If-Match": etag})
    assert response.status_code == 204, response.get_data(as_text=True)


def test_a_stored_cursor_sees_exactly_the_changes(client, factory, world):
    viborg, odense = world.viborg, world.odense
    member = world.user("member")
    allocation = factory.ledger_entry(
        viborg, 1_200_000, kind=LedgerEntryKind.allocation, category="allocation"
    )
    factory.ledger_entry(odense, -50_000, booked_on=date(2024, 3, 1))
    never_submitted = factory.expense(viborg, member)
    to_approve = factory.expense(viborg, member, state=ExpenseState.submitted, receipts=1)
    to_return = factory.expense(viborg, member, state=ExpenseState.submitted, receipts=1)
    to_reject = factory.expense(viborg, member, state=ExpenseState.submitted, receipts=1)
    paid = factory.expense(viborg, member, state=ExpenseState.paid, paid_on=date(2025, 5, 20))

    copy = Copy(client, world.headers["plo_reader"])
    copy.catch_up()
    assert_in_step(copy)
    assert str(never_submitted.id) not in copy.rows  # a draft never submitted is not PLO's
    assert copy.rows[str(allocation.id)]["type"] == "ledger_entry"
    shown = copy.rows[str(paid.id)]
    assert shown["state"] == "paid" and shown["total_ore"] == 150_050
    assert shown["bank_reg_no"] == "1234" and shown["bank_account_no"] == "0012345678"
    assert shown["ledger_entry_id"] in copy.rows  # its booked entry is a row of its own

    # Nothing changed: the stored cursor's poll is empty, and keeps its place.
    cursor = copy.cursor
    assert copy.page() == 0 and copy.cursor == cursor

    # Changes: a new entry, an expense approved, a second returned, a third rejected.
    copy.forget()
    new_entry = factory.ledger_entry(odense, 2_000, kind=LedgerEntryKind.fee, category="fee")
    assert step(client, world, to_approve.id, "approve", "treasurer").status_code == 200
    assert step(client, world, to_return.id, "return", "coordinator").status_code == 200
    assert step(client, world, to_reject.id, "reject", "treasurer").status_code == 200
    copy.catch_up()
    assert_in_step(copy)
    assert {item["id"] for item in copy.seen} == {
        str(new_entry.id),
        str(to_approve.id),
        str(to_return.id),
        str(to_reject.id),
    }
    approved = copy.rows[str(to_approve.id)]
    assert approved["state"] == "approved" and approved["approved_at"] is not None
    tombstones = {item["id"] for item in copy.seen if item["deleted"]}
    assert tombstones == {str(to_return.id), str(to_reject.id)}

    # Booked, then paid: the expense comes again each time, with its booking's new entry.
    copy.forget()
    assert step(client, world, to_approve.id, "book", "plo_writer").status_code == 200
    copy.catch_up()
    assert_in_step(copy)
    booked = copy.rows[str(to_approve.id)]
    assert booked["state"] == "booked" and booked["booked_on"] == "2025-06-02"
    assert {item["id"] for item in copy.seen} == {str(to_approve.id), booked["ledger_entry_id"]}
    assert copy.rows[booked["ledger_entry_id"]]["amount_ore"] == -150_050

    copy.forget()
    assert step(client, world, to_approve.id, "pay", "plo_writer").status_code == 200
    copy.catch_up()
    assert [(item["id"], item["state"]) for item in copy.seen] == [(str(to_approve.id), "paid")]
    assert copy.rows[str(to_approve.id)]["paid_on"] == "2025-06-05"

    # Submitted anew, it comes back; returned and deleted between two polls, it goes.
    copy.forget()
    assert step(client, world, to_return.id, "submit", "member").status_code == 200
    copy.catch_up()
    assert copy.rows[str(to_return.id)]["state"] == "submitted"
    assert step(client, world, to_return.id, "return", "coordinator").status_code == 200
    _delete_draft(client, world, to_return.id)
    _delete_draft(client, world, never_submitted.id)
    copy.catch_up()
    assert str(to_return.id) not in copy.rows
    assert_in_step(copy)


def test_pages_hold_still_while_rows_change(client, factory, world):
    for amount in (100, 200, 300, 400, 500):
        factory.ledger_entry(world.viborg, amount)
    headers = world.headers["plo"]
    first = _get(client, headers, limit=2).get_json()
    again = _get(client, headers, limit=2, cursor=first["next_cursor"]).get_json()
    # A row that arrives meanwhile joins the walk's end, not a page already handed out.
    late = factory.ledger_entry(world.odense, 600)
    second = _get(client, headers, limit=2, cursor=first["next_cursor"]).get_json()
    assert second["items"] == again["items"]
    copy = Copy(client, headers, cursor=second["next_cursor"])
    copy.catch_up()
    walked = [item["id"] for item in first["items"] + second["items"]] + list(copy.rows)
    assert len(walked) == len(set(walked)) == 6
    assert walked[-1] == str(late.id)


def test_filters_select_the_rows(client, factory, world):
    viborg, odense = world.viborg, world.odense
    this_year = factory.ledger_entry(viborg, 100, booked_on=date(2025, 2, 1))
    last_year = factory.ledger_entry(viborg, 200, booked_on=date(2024, 12, 31))
    fee = factory.ledger_entry(odense, 300, kind=LedgerEntryKind.fee, category="fee")
    expense = factory.expense(viborg, state=ExpenseState.approved)
    headers = world.headers["plo"]

    def ids(**params: Any) -> set[str]:
        response = _get(client, headers, limit=100, **params)
        assert response.status_code == 200, response.get_json()
        return {item["id"] for item in response.get_json()["items"]}

    assert ids() == {str(this_year.id), str(last_year.id), str(fee.id), str(expense.id)}
    assert ids(cluster_id=str(viborg.id)) == {str(this_year.id), str(last_year.id), str(expense.id)}
    assert ids(year=2025) == {str(this_year.id), str(fee.id), str(expense.id)}
    assert ids(year=2024) == {str(last_year.id)}
    assert ids(type="expense") == {str(expense.id)}
    assert ids(type="ledger_entry") == {str(this_year.id), str(last_year.id), str(fee.id)}
    assert ids(kind="fee") == {str(fee.id)}
    assert ids(kind="fee", cluster_id=str(viborg.id)) == set()
    # Expenses of a ledger entry's kind: none, as a list and as CSV.
    assert ids(kind="fee", type="expense") == set()
    csv_answer = client.get(
        "/api/v1/economy/entries?kind=carry_over&type=expense",
        headers={**headers, "Accept": "text/csv"},
    )
    assert csv_answer.status_code == 200
    assert len(csv_answer.get_data(as_text=True).strip().splitlines()) == 1  # the header
    # An unknown cluster is a mistake, not an empty feed.
    body = assert_problem(_get(client, headers, cluster_id=str(expense.id)), 422)
    assert [c["code"] for c in body["codes"]["cluster_id"]] == ["unknown_cluster"]


def test_an_expense_belongs_to_the_year_of_its_submission_in_danish_time(client, factory, world):
    new_year = factory.expense(world.viborg, state=ExpenseState.submitted)
    # Half past midnight on New Year's Day in Denmark is still the old year in UTC.
    new_year.submitted_at = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    db.session.commit()
    headers = world.headers["plo"]

    def ids(year: int) -> list[str]:
        return [item["id"] for item in _get(client, headers, year=year).get_json()["items"]]

    assert ids(2025) == [str(new_year.id)]
    assert ids(2024) == []


def test_csv_is_a_snapshot_of_the_same_rows(client, factory, world):
    entry = factory.ledger_entry(world.viborg, -42_000)
    expense = factory.expense(world.viborg, state=ExpenseState.booked)
    rejected = factory.expense(world.viborg, state=ExpenseState.rejected)
    headers = {**world.headers["plo_writer"], "Accept": "text/csv"}
    response = _get(client, headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == list(EconomyFeedEntrySchema().fields)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {
        str(entry.id),
        str(expense.id),
        str(expense.ledger_entry_id),
        str(rejected.id),
    }
    assert by_id[str(entry.id)]["amount_ore"] == "-42000"
    assert by_id[str(expense.id)]["state"] == "booked"
    assert by_id[str(expense.id)]["total_ore"] == "150050"
    assert by_id[str(rejected.id)]["deleted"] == "true"
    assert by_id[str(rejected.id)]["state"] == ""
    # Filtered like the pages; no cursor.
    filtered = _get(client, headers, type="ledger_entry").get_data(as_text=True)
    filtered_ids = {row["id"] for row in csv.DictReader(io.StringIO(filtered))}
    assert filtered_ids == {str(entry.id), str(expense.ledger_entry_id)}
    cursor = _get(client, world.headers["plo_writer"], limit=1).get_json()["next_cursor"]
    body = assert_problem(_get(client, headers, cursor=cursor), 422)
    assert [c["code"] for c in body["codes"]["cursor"]] == ["not_available_as_csv"]


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("anonymous", 401),
        ("member", 403),
        ("treasurer", 403),
        ("coordinator", 403),
        ("unit", 403),
        ("other_member", 403),
        ("plo", 200),
        ("plo_reader", 200),
        ("plo_writer", 200),
        ("admin", 200),
    ],
)
def test_who_reads_the_feed(client, world, caller, status):
    response = _get(client, world.headers[caller])
    if status == 200:
        assert response.status_code == 200
    else:
        assert_problem(response, status)


@pytest.mark.parametrize(
    ("params", "field_name"),
    [
        ({"year": 1999}, "year"),
        ({"type": "fee"}, "type"),
        ({"kind": "gift"}, "kind"),
        ({"cluster_id": "viborg"}, "cluster_id"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"cursor": "bm90LWEtY3Vyc29y"}, "cursor"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_arguments_are_422(client, world, params, field_name):
    body = assert_problem(_get(client, world.headers["plo"], **params), 422)
    assert field_name in json.dumps(body["errors"])


def test_an_ordinary_cursor_does_not_resume_the_walk(client, factory, world):
    factory.ledger_entry(world.viborg, 100)
    factory.ledger_entry(world.viborg, 200)
    ledger = f"/api/v1/clusters/{world.viborg.id}/ledger/entries"
    page = client.get(ledger, query_string={"limit": 1, "year": 2025}, headers=world.headers["plo"])
    cursor = page.get_json()["next_cursor"]
    assert cursor
    assert_problem(_get(client, world.headers["plo"], cursor=cursor), 422)


def test_statements_do_not_grow_with_page_size(client, factory, world, count_statements):
    member = world.user("member")
    for amount in (100, 200, 300):
        factory.ledger_entry(world.viborg, amount)
    for state in (ExpenseState.submitted, ExpenseState.approved, ExpenseState.paid):
        factory.expense(world.viborg, member, state=state)
    headers = world.headers["plo_reader"]
    counts = {}
    for limit in (1, 7):
        db.session.expire_all()
        with count_statements() as counter:
            response = client.get(FEED, query_string={"limit": limit}, headers=headers)
        assert len(response.get_json()["items"]) == limit
        counts[limit] = counter.count
    assert counts[1] == counts[7]
    with count_statements() as counter:
        response = client.get(
            FEED,
            query_string={"limit": 7, "cluster_id": str(world.viborg.id), "year": 2025},
            headers=headers,
        )
    assert len(response.get_json()["items"]) == 7
    assert counter.count <= counts[7] + 1  # the cluster is looked up once
