"""Factories for test data: each builds a valid object with overridable fields."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from functools import cache
from typing import Any

from flask import Flask
from sqlalchemy import select

from api.core.extensions import db
from api.core.security import hash_secret
from api.models import (
    Client,
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Member,
    MemberKind,
    Organisation,
    OrganisationKind,
    PatientCount,
    Region,
    User,
)
from api.services.accounts.sessions import issue_client_token, start_user_session
from api.services.accounts.users import set_memberships

PASSWORD = "correct-horse-battery"
CLIENT_SECRET = "client-secret-for-tests"
_sequence = itertools.count(1)


@cache
def _password_hash() -> str:
    return hash_secret(PASSWORD)


@cache
def _client_secret_hash() -> str:
    return hash_secret(CLIENT_SECRET)


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def organisation(self, **fields: Any) -> Organisation:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "code": f"org-{n}",
            "name": f"Organisation {n}",
            "kind": OrganisationKind.regional_unit,
            "region_code": "midtjylland",
        }
        if fields.get("kind", OrganisationKind.regional_unit) != OrganisationKind.regional_unit:
            values["region_code"] = None
        values.update(fields)
        organisation = Organisation(**values)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    def user(self, organisations: list[Organisation] | None = None, **fields: Any) -> User:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "email": f"person{n}@example.dk",
            "name": f"Person {n}",
            "password_hash": _password_hash(),
        }
        values.update(fields)
        user = User(**values)
        set_memberships(user, organisations or [])
        db.session.add(user)
        db.session.commit()
        return user

    def admin(self, **fields: Any) -> User:
        return self.user(is_platform_admin=True, **fields)

    def client(self, organisation: Organisation | None = None, **fields: Any) -> Client:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "client_id": f"client-{n}",
            "name": f"Client {n}",
            "secret_hash": _client_secret_hash(),
            "scopes": ["clusters:read"],
        }
        values.update(fields)
        client = Client(organisation=organisation or self.organisation(), **values)
        db.session.add(client)
        db.session.commit()
        return client

    def token(self, principal: User | Client, scopes: set[str] | None = None) -> str:
        if isinstance(principal, Client):
            return issue_client_token(principal, scopes).access_token
        return start_user_session(principal).access_token

    def auth(self, principal: User | Client) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(principal)}"}

    def login_pair(self, user: User) -> tuple[str, str]:
        tokens = start_user_session(user)
        assert tokens.refresh_token is not None
        return tokens.access_token, tokens.refresh_token

    # --- the cluster registry ----------------------------------------------------------------

    def region(self, code: str = "midtjylland") -> Region:
        """One of the five regions (reference rows from the migration)."""
        region = db.session.scalar(select(Region).where(Region.code == code))
        assert region is not None, code
        return region

    def cluster(self, region: str = "midtjylland", **fields: Any) -> Cluster:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "name": f"Klynge {n}",
            "region_id": self.region(region).id,
            "description": "",
        }
        values.update(fields)
        cluster = Cluster(**values)
        db.session.add(cluster)
        db.session.commit()
        return cluster

    def clinic(
        self,
        cluster: Cluster | None = None,
        *,
        since: date = date(2018, 4, 1),
        until: date | None = None,
        patients: int | None = None,
        **fields: Any,
    ) -> Clinic:
        """A clinic; in `cluster` from `since` (to `until`), with a patient count if given."""
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "provider_number": f"{n:06d}",
            "name": f"Klinik {n}",
            "address": f"Vestergade {n}, 8800 Viborg",
            "region_id": cluster.region_id if cluster is not None else self.region().id,
        }
        values.update(fields)
        clinic = Clinic(**values)
        db.session.add(clinic)
        db.session.flush()
        if cluster is not None:
            self.clinic_period(clinic, cluster, since=since, until=until)
        if patients is not None:
            self.patient_count(clinic, patients)
        db.session.commit()
        return clinic

    def clinic_period(
        self,
        clinic: Clinic,
        cluster: Cluster,
        *,
        since: date = date(2018, 4, 1),
        until: date | None = None,
    ) -> ClinicClusterPeriod:
        period = ClinicClusterPeriod(
            id=uuid.uuid4(),
            clinic_id=clinic.id,
            cluster_id=cluster.id,
            valid_from=since,
            valid_to=until,
        )
        db.session.add(period)
        db.session.commit()
        return period

    def patient_count(
        self, clinic: Clinic, patients: int, counted_on: date = date(2026, 2, 1)
    ) -> PatientCount:
        count = PatientCount(
            id=uuid.uuid4(), clinic_id=clinic.id, counted_on=counted_on, patients=patients
        )
        db.session.add(count)
        db.session.commit()
        return count

    def member(
        self,
        clinic: Clinic,
        user: User | None = None,
        *,
        kind: MemberKind = MemberKind.owner,
        since: date = date(2020, 1, 1),
        until: date | None = None,
        **fields: Any,
    ) -> Member:
        """A doctor working at `clinic` (a new person unless `user` is given)."""
        user = user or self.user()
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "user_id": user.id,
            "clinic_id": clinic.id,
            "kind": kind,
            "work_email": user.email,
            "valid_from": since,
            "valid_to": until,
        }
        values.update(fields)
        member = Member(**values)
        db.session.add(member)
        db.session.commit()
        return member

    def role(
        self,
        cluster: Cluster,
        user: User | None = None,
        role: ClusterRoleKind = ClusterRoleKind.coordinator,
        *,
        since: date = date(2020, 1, 1),
        until: date | None = None,
    ) -> ClusterRole:
        """A role in `cluster` (held by a new person unless `user` is given)."""
        user = user or self.user()
        cluster_role = ClusterRole(
            id=uuid.uuid4(),
            cluster_id=cluster.id,
            user_id=user.id,
            role=role,
            valid_from=since,
            valid_to=until,
        )
        db.session.add(cluster_role)
        db.session.commit()
        return cluster_role
