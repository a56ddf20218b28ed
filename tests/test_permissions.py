"""Who may do what: every operation of openapi.yaml, walked for every kind of caller."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml

from api.core.permissions import PERMISSIONS, can
from api.core.security import Principal
from api.models import OrganisationKind

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
OPERATIONS = [
    (path, method, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in {"get", "post", "put", "patch", "delete"}
]
CALLERS = ["anonymous", "member", "consultant", "plo_staff", "admin", "client"]

# The table, read as a specification: the callers each permission admits at this stage.
EXPECTED_MATRIX = {
    "me.read": {"member", "consultant", "plo_staff", "admin"},
    "me.calendar_feed": {"member", "consultant", "plo_staff", "admin"},
    "me.meetings": {"member", "consultant", "plo_staff", "admin"},
    "organisations.read": {"member", "consultant", "plo_staff", "admin", "client"},
    "users.read": {"admin"},
    "users.write": {"admin"},
    "clients.read": {"admin"},
    "clients.write": {"admin"},
    "audit.read": {"admin"},
    "landscape.read": {"member", "consultant", "plo_staff", "admin", "client"},
    "regions.read": {"member", "consultant", "plo_staff", "admin", "client"},
    # Cluster-scoped actions, checked without a cluster: who could ever do this somewhere.
    # Which clusters, and which roles there, is tested in tests/resources/test_clusters.py.
    "clusters.read": {"member", "consultant", "plo_staff", "admin"},
    "clusters.manage": {"member", "consultant", "plo_staff", "admin"},
    "members.manage": {"member", "consultant", "plo_staff", "admin"},
    "members.read_personal_email": {"member", "consultant", "plo_staff", "admin"},
    "registry.bulk_write": {"admin"},
    # Meetings: which meetings, and the caller's standing there: tests/resources/test_meetings.py
    "meetings.read": {"member", "consultant", "plo_staff", "admin", "client"},
    "meetings.plan": {"member", "consultant", "plo_staff", "admin"},
    "meetings.answer": {"member", "consultant", "plo_staff", "admin"},
    "meetings.read_answers": {"member", "consultant", "plo_staff", "admin"},
    "attendance.register": {"member", "consultant", "plo_staff", "admin"},
    "attendance.correct": {"member", "consultant", "plo_staff", "admin"},
    # PLO's client (attendance:read) reads attendance; no other client ever does.
    "attendance.read": {"member", "consultant", "plo_staff", "admin", "client"},
    # The feed of every cluster at once: PLO and the admin only.
    "attendance.feed": {"plo_staff", "admin", "client"},
    # Files: which clusters and meetings, and who may change whose files:
    # tests/resources/test_files.py. Machine clients read no files.
    "files.read": {"member", "consultant", "plo_staff", "admin"},
    "files.write": {"member", "consultant", "plo_staff", "admin"},
    "files.manage": {"member", "consultant", "plo_staff", "admin"},
    # The notice board: which boards, and who may change whose posts:
    # tests/resources/test_posts.py. Machine clients read no posts.
    "posts.read": {"member", "consultant", "plo_staff", "admin"},
    "posts.write": {"member", "consultant", "plo_staff", "admin"},
    "posts.moderate": {"member", "consultant", "plo_staff", "admin"},
}


@pytest.fixture
def callers(factory):
    unit = factory.organisation(code="midtkraft-test", kind=OrganisationKind.regional_unit)
    plo = factory.organisation(code="plo-test", kind=OrganisationKind.plo)
    principals = {
        "member": factory.user(),
        "consultant": factory.user(organisations=[unit]),
        "plo_staff": factory.user(organisations=[plo]),
        "admin": factory.admin(),
        "client": factory.client(organisation=plo, scopes=["attendance:read", "economy:read"]),
    }
    return {name: (p, factory.auth(p)) for name, p in principals.items()}


def _principal(obj) -> Principal:
    from api.models import AuthSession, Client

    if isinstance(obj, Client):
        return Principal(session=AuthSession(), client=obj, scopes=frozenset(obj.scopes))
    return Principal(session=AuthSession(), user=obj)


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


def test_permission_table_matches_the_specification(callers):
    assert set(PERMISSIONS) == set(EXPECTED_MATRIX)
    for action, allowed in EXPECTED_MATRIX.items():
        actual = {name for name, (obj, _) in callers.items() if can(_principal(obj), action)}
        assert actual == allowed, action


def test_every_operation_declares_a_known_permission():
    for path, method, op in OPERATIONS:
        permission = op["x-permission"]
        assert permission in PERMISSIONS or permission in {"public", "authenticated"}, (
            f"{method.upper()} {path}"
        )


@pytest.mark.parametrize(
    ("path", "method", "op"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS]
)
def test_operation_admits_exactly_the_permitted_callers(client, callers, path, method, op):
    permission = op["x-permission"]
    url = _url(path)
    anonymous = client.open(url, method=method.upper(), json={})
    if permission == "public":
        assert anonymous.status_code != 403
    else:
        assert anonymous.status_code == 401, f"anonymous {method.upper()} {path}"
        assert anonymous.mimetype == "application/problem+json"
    if permission in {"public", "authenticated"}:
        return
    for name, (obj, headers) in callers.items():
        response = client.open(url, method=method.upper(), json={}, headers=headers)
        if can(_principal(obj), permission):
            assert response.status_code not in (401, 403), f"{name} {method.upper()} {path}"
        else:
            assert response.status_code == 403, f"{name} {method.upper()} {path}"
            assert response.mimetype == "application/problem+json"
