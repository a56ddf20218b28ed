"""Changes to a cluster's registry: clinics in and out, members, roles and sub-clusters.

Nothing is deleted that has a history: a clinic leaving, a member leaving and a role ending
all set `valid_to`, so the past stays visible. Every change goes through the ORM, so the
audit log records it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.security import normalise_email
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Member,
    SubCluster,
    SubClusterClinic,
    User,
)
from api.services.accounts import links
from api.services.accounts.users import NOT_ENROLLABLE, is_staff_account, same_name
from api.services.registry.access import current_period

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def today() -> date:
    """Registry dates are Danish calendar dates."""
    return datetime.now(DANISH_TIME).date()


def add_clinic(cluster: Cluster, data: dict[str, Any]) -> Clinic:
    """Bring a clinic into the cluster: a new one, or a known one that is in no cluster now."""
    since = data.get("valid_from") or today()
    clinic = db.session.scalar(
        select(Clinic).where(Clinic.provider_number == data["provider_number"])
    )
    if clinic is None:
        clinic = Clinic(
            id=uuid.uuid4(),
            provider_number=data["provider_number"],
            name=data["name"],
            address=data.get("address", ""),
            region_id=cluster.region_id,
        )
        db.session.add(clinic)
    else:
        current = current_period(clinic.id)
        if current is not None:
            raise Conflict(
                "The clinic is in a cluster now: it must leave that cluster first.",
                code="clinic_in_cluster",
                errors={
                    "provider_number": [
                        coded("In another cluster now.", "in_other_cluster")
                        if current.cluster_id != cluster.id
                        else coded("Already in this cluster.", "already_in_cluster")
                    ]
                },
            )
        last_end = db.session.scalar(
            select(ClinicClusterPeriod.valid_to)
            .where(ClinicClusterPeriod.clinic_id == clinic.id)
            .order_by(ClinicClusterPeriod.valid_to.desc())
        )
        if last_end is not None and since < last_end:
            raise RuleViolation(
                errors={
                    "valid_from": [
                        coded(
                            f"Must not be before {last_end.isoformat()}.",
                            "before_earliest",
                            date=last_end.isoformat(),
                        )
                    ]
                }
            )
    db.session.add(ClinicClusterPeriod(clinic=clinic, cluster_id=cluster.id, valid_from=since))
    db.session.commit()
    return clinic


def update_clinic(clinic: Clinic, data: dict[str, Any]) -> None:
    for field in ("name", "address"):
        if field in data:
            setattr(clinic, field, data[field])
    db.session.commit()


def remove_clinic(cluster: Cluster, clinic: Clinic, until: date | None) -> None:
    """The clinic leaves the cluster: its period ends, and it leaves the sub-clusters."""
    period = current_period(clinic.id)
    assert period is not None
    _end(period, until)
    for link in db.session.scalars(
        select(SubClusterClinic)
        .join(SubCluster, SubCluster.id == SubClusterClinic.sub_cluster_id)
        .where(SubCluster.cluster_id == cluster.id, SubClusterClinic.clinic_id == clinic.id)
    ):
        db.session.delete(link)
    db.session.commit()


def add_member(cluster: Cluster, data: dict[str, Any]) -> Member:
    """A doctor starts at one of the cluster's clinics; the account is made if it is new."""
    period = current_period(data["clinic_id"])
    if period is None or period.cluster_id != cluster.id:
        raise RuleViolation(
            errors={
                "clinic_id": [coded("Not a clinic of this cluster now.", "not_a_clinic_of_cluster")]
            }
        )
    email = normalise_email(data["email"])
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(id=uuid.uuid4(), email=email, name=data["name"].strip())
        db.session.add(user)
        # The new account has no password: the doctor chooses one through a link by e-mail.
        links.issue_activation(user)
    elif is_staff_account(user) or not same_name(user.name, data["name"]):
        # The coordinator learns nothing they did not type: neither the account's name nor
        # what kind of account it is. Staff and admins are never enrolled.
        raise RuleViolation(errors={"email": [coded(NOT_ENROLLABLE, "not_enrollable")]})
    elif db.session.scalar(
        select(Member.id).where(
            Member.user_id == user.id,
            Member.clinic_id == data["clinic_id"],
            Member.valid_to.is_(None),
        )
    ):
        raise Conflict(
            "This person already works at that clinic.",
            code="already_member",
            errors={"email": [coded("Already a member.", "already_member")]},
        )
    member = Member(
        id=uuid.uuid4(),
        user=user,
        clinic_id=data["clinic_id"],
        kind=data["kind"],
        work_email=normalise_email(data.get("work_email") or email),
        personal_email=normalise_email(data["personal_email"])
        if data.get("personal_email")
        else None,
        valid_from=data.get("valid_from") or today(),
    )
    db.session.add(member)
    db.session.commit()
    return member


def update_member(member: Member, data: dict[str, Any]) -> None:
    if "kind" in data:
        member.kind = data["kind"]
    if "work_email" in data:
        member.work_email = normalise_email(data["work_email"])
    if "personal_email" in data:
        value = data["personal_email"]
        member.personal_email = normalise_email(value) if value else None
    db.session.commit()


def _end(row: ClinicClusterPeriod | Member | ClusterRole, until: date | None) -> None:
    """End a period on `until` (today if omitted), never before it began; keep the row."""
    end = until or today()
    if end < row.valid_from:
        raise RuleViolation(
            errors={
                "valid_to": [
                    coded(
                        f"Must not be before {row.valid_from.isoformat()}.",
                        "before_earliest",
                        date=row.valid_from.isoformat(),
                    )
                ]
            }
        )
    row.valid_to = end


def end_member(member: Member, until: date | None) -> None:
    _end(member, until)
    db.session.commit()


def assign_role(cluster: Cluster, data: dict[str, Any]) -> ClusterRole:
    """A doctor of the cluster takes a role. One coordinator at a time; a role once per person."""
    from api.services.registry.access import current_clusters_of_user

    user = db.session.get(User, data["user_id"])
    if user is None or cluster.id not in set(db.session.scalars(current_clusters_of_user(user.id))):
        raise RuleViolation(
            errors={"user_id": [coded("Not a member of this cluster.", "not_a_member_of_cluster")]}
        )
    held = db.session.scalars(
        select(ClusterRole).where(
            ClusterRole.cluster_id == cluster.id,
            ClusterRole.role == data["role"],
            ClusterRole.valid_to.is_(None),
        )
    ).all()
    if any(r.user_id == user.id for r in held):
        raise Conflict(
            "The person holds this role already.",
            code="role_already_held",
            errors={"role": [coded("Already held.", "already_held")]},
        )
    if data["role"] == ClusterRoleKind.coordinator and held:
        raise Conflict(
            "The cluster has a coordinator: end that role first.",
            code="role_taken",
            errors={"role": [coded("Taken.", "name_taken")]},
        )
    role = ClusterRole(
        id=uuid.uuid4(),
        cluster_id=cluster.id,
        user=user,
        role=data["role"],
        valid_from=data.get("valid_from") or today(),
    )
    db.session.add(role)
    db.session.commit()
    return role


def end_role(role: ClusterRole, until: date | None) -> None:
    _end(role, until)
    db.session.commit()


def _set_sub_cluster_clinics(
    cluster: Cluster, sub: SubCluster, clinic_ids: list[uuid.UUID]
) -> None:
    wanted = list(dict.fromkeys(clinic_ids))
    current = set(
        db.session.scalars(
            select(ClinicClusterPeriod.clinic_id).where(
                ClinicClusterPeriod.cluster_id == cluster.id,
                ClinicClusterPeriod.valid_to.is_(None),
                ClinicClusterPeriod.clinic_id.in_(wanted),
            )
        )
    )
    strangers = [str(i) for i in wanted if i not in current]
    if strangers:
        raise RuleViolation(
            errors={
                "clinic_ids": [
                    coded(
                        f"Not clinics of this cluster now: {', '.join(strangers)}.",
                        "not_a_clinic_of_cluster",
                    )
                ]
            },
        )
    for link in list(sub.clinic_links):
        if link.clinic_id not in wanted:
            sub.clinic_links.remove(link)
    present = {link.clinic_id for link in sub.clinic_links}
    for clinic_id in wanted:
        if clinic_id not in present:
            sub.clinic_links.append(SubClusterClinic(clinic_id=clinic_id))


def _ensure_name_free(cluster: Cluster, name: str, sub: SubCluster | None = None) -> None:
    other = db.session.scalar(
        select(SubCluster).where(SubCluster.cluster_id == cluster.id, SubCluster.name == name)
    )
    if other is not None and other is not sub:
        raise Conflict(
            "The cluster has a sub-cluster of that name.",
            code="name_taken",
            errors={"name": [coded("Taken.", "name_taken")]},
        )


def create_sub_cluster(cluster: Cluster, data: dict[str, Any]) -> SubCluster:
    _ensure_name_free(cluster, data["name"])
    sub = SubCluster(id=uuid.uuid4(), cluster_id=cluster.id, name=data["name"])
    db.session.add(sub)
    _set_sub_cluster_clinics(cluster, sub, data.get("clinic_ids", []))
    db.session.commit()
    return sub


def update_sub_cluster(cluster: Cluster, sub: SubCluster, data: dict[str, Any]) -> None:
    if "name" in data:
        _ensure_name_free(cluster, data["name"], sub)
        sub.name = data["name"]
    if "clinic_ids" in data:
        _set_sub_cluster_clinics(cluster, sub, data["clinic_ids"])
    db.session.commit()


def delete_sub_cluster(sub: SubCluster) -> None:
    db.session.delete(sub)
    db.session.commit()
