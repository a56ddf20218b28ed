"""Who may do what: the permission table read as a specification, and the authorization
matrix: every operation of openapi.yaml, called by every kind of caller, on real objects of
the right cluster and state.

The expected answer of each call comes from the specification below, written from the
table's descriptions: 401 without a token; 403 for a caller who could never do this; 404 for
one who does not reach the object (it is in a cluster they have no standing in); then the
action on that object, allowed or 403. An unexpected 404 for an allowed caller is a failure
like any other. The run's totals are printed at the end of the session.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.core.permissions import PERMISSIONS, can
from api.core.security import Principal
from api.models import ClusterRoleKind, OrganisationKind
from api.services.economy.access import ExpenseAccess
from tests.path_ids import path_ids
from tests.scenarios import ADMIN, build, doctor, machine, staff

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
OPERATIONS = [
    (path, method, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in {"get", "post", "put", "patch", "delete"}
]

# The kinds of caller. The objects of the matrix are in Viborg (Region Midtjylland).
CALLERS = [
    "anonymous",
    "other_member",  # a doctor of Odense (Region Syddanmark)
    "member",  # a doctor of Viborg without a role; the author and uploader of its objects
    "secretary",
    "treasurer",
    "coordinator",  # also the meeting's responsible party
    "unit_in",  # staff of the quality unit of Viborg's region
    "unit_out",  # staff of another region's quality unit
    "plo_client",  # PLO's economy module: `attendance:read`
    "admin",  # last: it rotates the PLO client's secret
]
PERSONS = {
    "other_member",
    "member",
    "secretary",
    "treasurer",
    "coordinator",
    "unit_in",
    "unit_out",
    "admin",
}
SIGNED_IN = PERSONS | {"plo_client"}
# Who reaches Viborg's registry and its meetings as people, and its own people.
REACH_VIBORG = {"member", "secretary", "treasurer", "coordinator", "unit_in", "admin"}
INSIDERS = {"member", "secretary", "treasurer", "coordinator", "admin"}
# Who is not let near Viborg's objects at all: they are not found.
OUTSIDE_VIBORG = {"other_member", "unit_out"}

# Who could ever do each action, asked before any object is looked up (else 403).
COULD_EVER = {
    "me.read": PERSONS,
    "me.calendar_feed": PERSONS,
    "me.meetings": PERSONS,
    "organisations.read": SIGNED_IN,
    "users.read": {"admin"},
    "users.write": {"admin"},
    "clients.read": {"admin"},
    "clients.write": {"admin"},
    "audit.read": {"admin"},
    "landscape.read": SIGNED_IN,
    "regions.read": SIGNED_IN,
    "clusters.read": PERSONS,
    "clusters.manage": PERSONS,
    "members.manage": PERSONS,
    "members.read_personal_email": PERSONS,
    "registry.bulk_write": {"admin"},
    "meetings.read": SIGNED_IN,
    "meetings.plan": PERSONS,
    "meetings.answer": PERSONS,
    "meetings.read_answers": PERSONS,
    "attendance.register": PERSONS,
    "attendance.correct": PERSONS,
    "attendance.read": SIGNED_IN,
    "attendance.feed": {"plo_client", "admin"},
    "files.read": PERSONS,
    "files.write": PERSONS,
    "files.manage": PERSONS,
    "posts.read": PERSONS,
    "posts.write": PERSONS,
    "posts.moderate": PERSONS,
    "economy.read": PERSONS,
    "economy.write": {"admin"},
    "economy.manage": PERSONS,
    "expenses.claim": PERSONS,
    "expenses.approve": PERSONS,
    "expenses.read_private": PERSONS,
    "expenses.queue": {"admin"},
    "packages.read": SIGNED_IN,
    "packages.write": {"unit_in", "unit_out", "admin"},
    "indicators.read": PERSONS,
    "indicators.write": {"unit_in", "unit_out", "admin"},
    "indicators.read_values": {"unit_in", "unit_out", "admin"},
    "data.view": PERSONS,
    "data_decisions.read": PERSONS,
    "data_decisions.manage": PERSONS,
    "package_orders.read": PERSONS,
    "package_orders.place": PERSONS,
    "package_orders.manage": {"unit_in", "unit_out", "admin"},
    "package_proposals.read": PERSONS,
    "package_proposals.propose": PERSONS,
    "package_proposals.review": {"unit_in", "unit_out", "admin"},
    "survey_templates.read": SIGNED_IN,
    "survey_templates.write": PERSONS,
    "surveys.read": PERSONS,
    "surveys.manage": PERSONS,
    "surveys.results": PERSONS,
}

# Who may do the action on the object Viborg's call is about, by action, or by action and the
# kind of object (`x-object`) where the object changes the answer: on what someone made, the
# maker and the coordinators.
MADE_BY_MEMBER = {"member", "coordinator", "admin"}
ALLOWED_ON_VIBORG: dict[str | tuple[str, str], set[str]] = {
    "organisations.read": SIGNED_IN,
    "users.read": {"admin"},
    "users.write": {"admin"},
    "clients.read": {"admin"},
    "clients.write": {"admin"},
    "clusters.read": REACH_VIBORG,
    "clusters.manage": {"coordinator", "admin"},
    "members.manage": {"secretary", "coordinator", "admin"},
    "meetings.read": REACH_VIBORG | {"plo_client"},
    "meetings.plan": {"secretary", "coordinator", "admin"},
    "meetings.answer": {"member", "secretary", "treasurer", "coordinator"},
    "meetings.read_answers": INSIDERS,
    "attendance.register": {"secretary", "coordinator", "admin"},
    "attendance.read": INSIDERS | {"plo_client"},
    "files.read": REACH_VIBORG,
    "files.write": INSIDERS,
    ("files.write", "folder"): MADE_BY_MEMBER,
    ("files.write", "file"): MADE_BY_MEMBER,
    ("files.write", "post"): MADE_BY_MEMBER,
    "posts.read": REACH_VIBORG,
    "posts.write": INSIDERS,
    ("posts.write", "post"): MADE_BY_MEMBER,
    # Every member reads the ledger; the quality unit sees no money.
    "economy.read": INSIDERS,
    ("economy.read", "rate"): PERSONS,
    "economy.write": {"admin"},
    # The treasurer and the coordinator keep the cluster's budget, fee rules and fees.
    "economy.manage": {"treasurer", "coordinator", "admin"},
    # An expense (claimed by the member): its claimant alone changes it, those who keep the
    # money (as `economy.manage`) approve it, and they, the claimant and PLO see its receipts.
    "expenses.claim": INSIDERS,
    ("expenses.claim", "expense"): {"member"},
    ("expenses.claim", "receipt"): {"member"},
    "expenses.approve": {"treasurer", "coordinator", "admin"},
    "expenses.read_private": {"member", "treasurer", "coordinator", "admin"},
    # The catalogue (the package is Viborg's region's unit's, and published): everyone reads
    # it, its unit alone writes it.
    "packages.read": SIGNED_IN,
    "packages.write": {"unit_in", "admin"},
    # Every person reads the sets; the unit that owns one (Viborg's region's) writes it, and
    # alone reads back its values per clinic (Viborg's own people see them in the data view).
    "indicators.read": PERSONS,
    "indicators.write": {"unit_in", "admin"},
    "indicators.read_values": {"unit_in", "admin"},
    # Only the cluster's own people see its data view; whoever reads its registry reads its
    # decisions on open or closed data, and the coordinators record them.
    "data.view": INSIDERS,
    "data_decisions.read": REACH_VIBORG,
    "data_decisions.manage": {"coordinator", "admin"},
    # Orders (Viborg's order of that package): the cluster's own people read them, its
    # coordinators and board order and cancel, the package's unit reads and answers them.
    "package_orders.read": INSIDERS,
    ("package_orders.read", "package_order"): INSIDERS | {"unit_in"},
    "package_orders.place": {"coordinator", "admin"},
    "package_orders.manage": {"unit_in", "admin"},
    # Proposals (Viborg's, reviewed by its region's unit): the cluster's own people read them,
    # its coordinators propose, revise and withdraw, the reviewing unit reads and reviews them.
    "package_proposals.read": INSIDERS,
    ("package_proposals.read", "package_proposal"): INSIDERS | {"unit_in"},
    "package_proposals.propose": {"coordinator", "admin"},
    "package_proposals.review": {"unit_in", "admin"},
    # Surveys, templates and surveys (a template of Viborg's region's unit, and Viborg's own
    # draft survey made from it): everyone reads the units' templates, the unit writes its
    # own; a cluster's coordinators and board make its own. The survey is read by the
    # cluster's people and its region's unit, and managed by its coordinators.
    "survey_templates.read": SIGNED_IN,
    "survey_templates.write": {"unit_in", "admin"},
    ("survey_templates.write", "cluster_insiders"): {"coordinator", "admin"},
    "surveys.read": REACH_VIBORG,
    "surveys.manage": {"coordinator", "admin"},
    ("surveys.manage", "cluster_insiders"): {"coordinator", "admin"},
    # Survey results (Viborg's own survey, closed): its owners (the coordinator) read them at
    # any time, the cluster's people once it has closed, its region's unit aggregated.
    "surveys.results": INSIDERS | {"unit_in"},
}
# Objects outside any cluster: whoever may act on them at all reaches every one.
UNBOUNDED_KINDS = {
    "organisation",
    "user",
    "client",
    "rate",
    "package",
    "indicator_set",
    "survey_template",  # a unit's: read by everyone signed in
}
# A package's draft version and its materials: found only by those who write for its unit.
DRAFT_KINDS = {"package_version", "package_material"}
PACKAGE_OWNERS = {"unit_in", "admin"}
# Your own invitation: found only by those invited (the people of Viborg).
NOT_INVITED = {"unit_in", "admin"}


def expected(op: dict[str, Any], caller: str) -> str:
    """The answer the specification gives: "allowed", "401", "403" or "404"."""
    permission = op["x-permission"]
    if permission == "public":
        return "allowed"  # no token needed (one may still be refused its credentials: 401)
    if caller == "anonymous":
        return "401"
    if permission == "authenticated":
        return "allowed"
    if caller not in COULD_EVER[permission]:
        return "403"
    kind = op.get("x-object")
    if kind is None:
        return "allowed"
    if kind in DRAFT_KINDS and caller not in PACKAGE_OWNERS:
        return "404"
    if kind not in UNBOUNDED_KINDS and caller in OUTSIDE_VIBORG:
        return "404"
    if permission == "meetings.answer" and caller in NOT_INVITED:
        return "404"
    allowed = ALLOWED_ON_VIBORG.get((permission, kind), ALLOWED_ON_VIBORG[permission])
    return "allowed" if caller in allowed else "403"


def answered(status: int) -> str:
    return str(status) if status in (401, 403, 404) else "allowed"


# --- the world the calls are made in ----------------------------------------------------------


@dataclass
class World:
    ids: dict[str, Any]
    headers: dict[str, dict[str, str]]


@pytest.fixture
def world(factory) -> World:
    people = {
        "member": doctor("viborg"),
        "secretary": doctor("viborg", role="secretary"),
        "treasurer": doctor("viborg", role="treasurer"),
        "coordinator": doctor("viborg", role="coordinator"),
        "other_member": doctor("odense"),
        "unit_in": staff("midtjylland"),
        "unit_out": staff("syddanmark"),
        "plo_client": machine("plo", "attendance:read"),
        "admin": ADMIN,
    }
    viborg = build(factory, people)
    ids = path_ids(
        factory,
        viborg,
        invited=("member", "secretary", "treasurer", "coordinator"),
        role="treasurer",
    )
    return World(ids, {**viborg.headers, "anonymous": {}})


def _url(path: str, op: dict[str, Any], world: World) -> str:
    """The path with the ids of the world's objects. Only a public operation's parameter (a
    calendar feed's secret token) names nothing of the world: an unknown one is made up."""
    names = re.findall(r"\{([^}]+)\}", path)
    if op["x-permission"] != "public":
        assert [name for name in names if name not in world.ids] == [], path
    return re.sub(r"\{([^}]+)\}", lambda m: str(world.ids.get(m.group(1), uuid.uuid4())), path)


# The totals of the whole run, printed at the end of the session (see conftest.py).
MATRIX: Counter[str] = Counter()


@pytest.mark.parametrize(
    ("path", "method", "op"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS]
)
def test_every_caller_gets_the_answer_the_table_gives(client, world, path, method, op):
    url = _url(path, op, world)
    wrong = []
    for caller in CALLERS:
        response = client.open(url, method=method.upper(), json={}, headers=world.headers[caller])
        want, got = expected(op, caller), answered(response.status_code)
        if op["x-permission"] == "public" and got in ("401", "404"):
            # A public operation checks what it is sent: a refresh token (401), a calendar
            # feed's secret token (an unknown one is not found).
            got = "allowed"
        MATRIX["cases"] += 1
        if got == want:
            continue
        if got == "allowed":
            MATRIX["unexpected allows"] += 1
        else:
            MATRIX["unexpected denies"] += 1
        wrong.append(f"{caller}: expected {want}, got {response.status_code}")
        assert response.status_code < 500, response.get_data(as_text=True)
        if got != "allowed":
            assert response.mimetype == "application/problem+json"
    assert wrong == [], f"{method.upper()} {path}"


def test_the_specification_covers_every_operation():
    """Every action of the table is specified, and so is every action on an object: a new
    domain's operations fail here until they join the matrix."""
    assert set(COULD_EVER) == set(PERMISSIONS)
    for path, _, op in OPERATIONS:
        permission = op["x-permission"]
        assert permission in COULD_EVER or permission in {"public", "authenticated"}, path
        if "x-object" in op:
            key = (permission, op["x-object"])
            assert key in ALLOWED_ON_VIBORG or permission in ALLOWED_ON_VIBORG, key


# --- the table itself -------------------------------------------------------------------------


def _principal(obj) -> Principal:
    from api.models import AuthSession, Client

    if isinstance(obj, Client):
        return Principal(session=AuthSession(), client=obj, scopes=frozenset(obj.scopes))
    return Principal(session=AuthSession(), user=obj)


def test_the_table_answers_could_ever_as_specified(factory):
    """Before any object is looked up, the table admits exactly `COULD_EVER`."""
    midt = factory.organisation(region_code="midtjylland")
    plo = factory.organisation(kind=OrganisationKind.plo)
    principals = {
        "member": factory.user(),
        "unit_in": factory.user(organisations=[midt]),
        "plo_client": factory.client(organisation=plo, scopes=["attendance:read"]),
        "admin": factory.admin(),
    }
    for action, allowed in COULD_EVER.items():
        actual = {name for name, obj in principals.items() if can(_principal(obj), action)}
        assert actual == allowed & set(principals), action


def test_who_approves_expenses_is_who_keeps_the_money(factory):
    """One rule over the cluster's roles: the treasurer and the coordinator set the budget and
    fee rules, approve expenses and see their receipts; no other role does (a co-coordinator
    neither)."""
    person = _principal(factory.user())
    for kind in ClusterRoleKind:
        standing = ExpenseAccess(cluster=None, roles=frozenset({kind}), insider=True, own=False)
        keeps = kind in {ClusterRoleKind.treasurer, ClusterRoleKind.coordinator}
        for action in ("economy.manage", "expenses.approve", "expenses.read_private"):
            assert can(person, action, standing) is keeps, (kind, action)


def test_every_operation_declares_a_known_permission():
    for path, method, op in OPERATIONS:
        permission = op["x-permission"]
        assert permission in PERMISSIONS or permission in {"public", "authenticated"}, (
            f"{method.upper()} {path}"
        )


def test_every_operation_on_an_object_finds_it_within_reach():
    """An operation with a path id declares the finder that takes it (`x-object`): the one
    place that answers 404 for what is out of the caller's reach. Only a public operation,
    reached by a secret in its path, has none."""
    undeclared = [
        f"{method.upper()} {path}"
        for path, method, op in OPERATIONS
        if "{" in path and "x-object" not in op and op["x-permission"] != "public"
    ]
    assert undeclared == []
