"""Bulk upserts for scripts and integrators: clinics by provider number, members by e-mail.

A batch is all-or-nothing. Every item is checked first (its data, and whether it lies within
the caller's reach); if any item fails, nothing is written and the report says which and why.
Otherwise the changes are written in one transaction, or, with `dry_run`, only reported.

Both ends are set-wise, so a batch costs a few statements whatever its size: existing rows are
read as plain values (a national roster as ORM objects costs more than the rest of the request),
new rows are inserted through the ORM, and changed rows are written by `RowChanges`, one
executemany UPDATE per table.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, exists, inspect, select, update
from sqlalchemy.orm.exc import StaleDataError

from api.core.audit import record_updates
from api.core.batch import BatchItem, BatchReport
from api.core.error_codes import coded
from api.core.extensions import db
from api.core.security import Principal, normalise_email
from api.models import (
    Base,
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    Member,
    MemberKind,
    OrganisationKind,
    OrganisationMembership,
    PatientCount,
    Region,
    User,
)
from api.models.base import TimestampMixin, utcnow
from api.services.accounts import links
from api.services.accounts.users import NOT_ENROLLABLE
from api.services.registry.changes import today

MAX_ITEMS = 5000


class Reach:
    """Which regions the caller may write in: everywhere (platform admin), or the region of
    the regional unit that owns the client."""

    def __init__(self, principal: Principal, regions: dict[str, Region]) -> None:
        self.everywhere = principal.is_platform_admin
        self.region_ids: set[uuid.UUID] = set()
        if principal.client is not None:
            organisation = principal.client.organisation
            if organisation.kind == OrganisationKind.regional_unit and organisation.region_code:
                region = regions.get(organisation.region_code)
                if region is not None:
                    self.region_ids.add(region.id)

    def allows(self, region_id: uuid.UUID | None) -> bool:
        return self.everywhere or (region_id is not None and region_id in self.region_ids)


class RowChanges:
    """Existing rows of one table as read, and the values the batch wants them to have.

    The ORM updates rows that carry a version counter one statement at a time (it checks each
    row's count), which for a national roster is thousands of round trips. `write` sends one
    executemany instead and keeps what the ORM would keep: the version is checked and bumped
    (a row changed by someone else since it was read fails the batch with StaleDataError,
    answered 412), `updated_at` is set, and the audit log gets one entry per changed row.
    An executemany has one shape, so every written row sets all `columns`, the unchanged ones
    to the values they were read with; the version check makes sure those are still current.
    Mapper and session events do not see this UPDATE: whatever they keep for the ORM's writes
    has to be kept here too, as the audit log is.
    """

    def __init__(self, model: type[Base], columns: tuple[str, ...]) -> None:
        self.model = model
        self.columns = columns
        self._read: dict[uuid.UUID, dict[str, Any]] = {}
        self._versions: dict[uuid.UUID, int] = {}
        self._wanted: dict[uuid.UUID, dict[str, Any]] = {}

    def read(self, row_id: uuid.UUID, values: dict[str, Any], version: int | None = None) -> None:
        self._read[row_id] = values
        if version is not None:
            self._versions[row_id] = version

    def value(self, row_id: uuid.UUID, name: str) -> Any:
        """The value as the batch leaves it so far (a person's name may come in many items)."""
        return self._wanted.get(row_id, self._read[row_id])[name]

    def set(self, row_id: uuid.UUID, name: str, value: Any) -> None:
        if row_id not in self._wanted:
            self._wanted[row_id] = dict(self._read[row_id])
        self._wanted[row_id][name] = value

    def changes(self) -> dict[uuid.UUID, dict[str, tuple[Any, Any]]]:
        """Each changed row's changed columns, as (read, wanted)."""
        changed = {}
        for row_id, wanted in self._wanted.items():
            read = self._read[row_id]
            columns = {n: (read[n], wanted[n]) for n in self.columns if read[n] != wanted[n]}
            if columns:
                changed[row_id] = columns
        return changed

    def write(self, now: datetime) -> None:
        changed = self.changes()
        if not changed:
            return
        table = self.model.__table__
        statement = update(table).where(table.c.id == bindparam("row_id"))
        rows = [{"row_id": row_id, **self._wanted[row_id]} for row_id in changed]
        version = inspect(self.model).version_id_col
        if version is not None:
            statement = statement.where(version == bindparam("row_version")).values(
                {version: version + 1}
            )
            for row in rows:
                row["row_version"] = self._versions[row["row_id"]]
        if issubclass(self.model, TimestampMixin):
            # Sync feeds (`updated_since`) find changed rows by this column.
            for row in rows:
                row["updated_at"] = now
        result = db.session.execute(statement, rows)
        if result.supports_sane_multi_rowcount() and result.rowcount != len(rows):
            raise StaleDataError(
                f"UPDATE of {table.name} expected to update {len(rows)} rows; "
                f"{result.rowcount} were matched."
            )
        record_updates(db.session, self.model, changed)


def _regions() -> dict[str, Region]:
    return {r.code: r for r in db.session.scalars(select(Region))}


def _apply(report: BatchReport, changes: list[RowChanges], new_rows: list[Base]) -> BatchReport:
    """Write an applicable batch and commit; otherwise (a dry run, an error) change nothing."""
    if report.dry_run or report.status_code != 200:
        db.session.rollback()
        return report
    now = utcnow()
    # Updates go first: a clinic's current cluster period ends before its next one begins.
    for table_changes in changes:
        table_changes.write(now)
    db.session.add_all(new_rows)
    db.session.commit()
    return report


def upsert_clinics(principal: Principal, items: list[dict[str, Any]], dry_run: bool) -> BatchReport:
    regions = _regions()
    reach = Reach(principal, regions)
    numbers = [item["provider_number"] for item in items]
    clinic_changes = RowChanges(Clinic, ("name", "address"))
    period_changes = RowChanges(ClinicClusterPeriod, ("valid_to",))
    clinics: dict[str, Any] = {}
    for row in db.session.execute(
        select(
            Clinic.id,
            Clinic.provider_number,
            Clinic.name,
            Clinic.address,
            Clinic.region_id,
            Clinic.version,
            ClinicClusterPeriod.id.label("period_id"),
            ClinicClusterPeriod.cluster_id,
        )
        .outerjoin(
            ClinicClusterPeriod,
            (ClinicClusterPeriod.clinic_id == Clinic.id) & ClinicClusterPeriod.valid_to.is_(None),
        )
        .where(Clinic.provider_number.in_(numbers))
    ):
        clinics[row.provider_number] = row
        clinic_changes.read(row.id, {"name": row.name, "address": row.address}, row.version)
        if row.period_id is not None:
            period_changes.read(row.period_id, {"valid_to": None})
    cluster_ids = {item["cluster_id"] for item in items if item.get("cluster_id")}
    cluster_regions = {
        row.id: row.region_id
        for row in (
            db.session.execute(
                select(Cluster.id, Cluster.region_id).where(Cluster.id.in_(cluster_ids))
            )
            if cluster_ids
            else ()
        )
    }
    count_changes = RowChanges(PatientCount, ("patients",))
    counts: dict[tuple[uuid.UUID, date], uuid.UUID] = {}
    count_dates = {
        item["patients_counted_on"] for item in items if item.get("patients") is not None
    }
    if count_dates and clinics:
        for row in db.session.execute(
            select(
                PatientCount.id,
                PatientCount.clinic_id,
                PatientCount.counted_on,
                PatientCount.patients,
            )
            .join(Clinic, Clinic.id == PatientCount.clinic_id)
            .where(Clinic.provider_number.in_(numbers), PatientCount.counted_on.in_(count_dates))
        ):
            counts[(row.clinic_id, row.counted_on)] = row.id
            count_changes.read(row.id, {"patients": row.patients})
    new_rows: list[Base] = []
    seen: set[str] = set()
    results: list[BatchItem] = []
    start = today()
    for index, item in enumerate(items):
        number = item["provider_number"]
        result = BatchItem(index=index, key=number)
        results.append(result)
        if number in seen:
            result.fail(
                coded("The provider number appears twice in this batch.", "duplicate_in_batch")
            )
            continue
        seen.add(number)
        clinic = clinics.get(number)
        cluster_id = item.get("cluster_id")
        cluster_region_id = cluster_regions.get(cluster_id) if cluster_id else None
        if cluster_id and cluster_region_id is None:
            result.fail(coded("Unknown cluster_id.", "unknown_cluster"))
            continue
        region = regions.get(item["region"]) if item.get("region") else None
        if item.get("region") and region is None:
            result.fail(coded(f"Unknown region: {item['region']}.", "unknown_region"))
            continue
        region_id = cluster_region_id or (region.id if region else None)
        if clinic is None and region_id is None:
            result.fail(
                coded("A new clinic needs a region or a cluster_id.", "region_or_cluster_required")
            )
            continue
        if cluster_region_id is not None and region is not None and cluster_region_id != region.id:
            result.fail(coded("The cluster is in another region.", "cluster_in_other_region"))
            continue
        if clinic is not None and not reach.allows(clinic.region_id):
            result.fail(
                coded("The clinic is outside your region.", "outside_reach"), forbidden=True
            )
            continue
        if not reach.allows(region_id or (clinic.region_id if clinic else None)):
            result.fail(coded("Outside your region.", "outside_reach"), forbidden=True)
            continue
        if clinic is None:
            result.status = "created"
            clinic_id = uuid.uuid4()
            current_cluster_id = None
            new_rows.append(
                Clinic(
                    id=clinic_id,
                    provider_number=number,
                    name=item["name"],
                    address=item.get("address") or "",
                    region_id=region_id,
                )
            )
        else:
            clinic_id = clinic.id
            current_cluster_id = clinic.cluster_id
            for name in ("name", "address"):
                if (
                    item.get(name) is not None
                    and clinic_changes.value(clinic_id, name) != item[name]
                ):
                    result.change(name)
                    clinic_changes.set(clinic_id, name, item[name])
        if "cluster_id" in item and current_cluster_id != cluster_id:
            result.change("cluster")
            if clinic is not None and clinic.period_id is not None:
                period_changes.set(clinic.period_id, "valid_to", start)
            if cluster_id is not None:
                new_rows.append(
                    ClinicClusterPeriod(
                        clinic_id=clinic_id, cluster_id=cluster_id, valid_from=start
                    )
                )
        if item.get("patients") is not None:
            count_id = counts.get((clinic_id, item["patients_counted_on"]))
            if count_id is None or count_changes.value(count_id, "patients") != item["patients"]:
                result.change("patients")
                if count_id is None:
                    new_rows.append(
                        PatientCount(
                            clinic_id=clinic_id,
                            counted_on=item["patients_counted_on"],
                            patients=item["patients"],
                        )
                    )
                else:
                    count_changes.set(count_id, "patients", item["patients"])
        if result.status == "created":
            result.changes = []
    return _apply(
        BatchReport(dry_run=dry_run, items=results),
        [clinic_changes, period_changes, count_changes],
        new_rows,
    )


def upsert_members(principal: Principal, items: list[dict[str, Any]], dry_run: bool) -> BatchReport:
    regions = _regions()
    reach = Reach(principal, regions)
    numbers = {item["provider_number"] for item in items}
    clinics = {
        row.provider_number: row
        for row in db.session.execute(
            select(Clinic.provider_number, Clinic.id, Clinic.region_id).where(
                Clinic.provider_number.in_(numbers)
            )
        )
    }
    emails = {normalise_email(item["email"]) for item in items}
    user_changes = RowChanges(User, ("name",))
    member_changes = RowChanges(Member, ("kind", "work_email", "personal_email"))
    users: dict[str, uuid.UUID] = {}
    staff: set[str] = set()
    members: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = {}
    # The people and their current memberships in one statement.
    for row in db.session.execute(
        select(
            User.id,
            User.email,
            User.name,
            User.version,
            (
                User.is_platform_admin | exists().where(OrganisationMembership.user_id == User.id)
            ).label("is_staff"),
            Member.id.label("member_id"),
            Member.clinic_id,
            Member.kind,
            Member.work_email,
            Member.personal_email,
            Member.version.label("member_version"),
        )
        .outerjoin(Member, (Member.user_id == User.id) & Member.valid_to.is_(None))
        .where(User.email.in_(emails))
    ):
        if row.email not in users:
            users[row.email] = row.id
            user_changes.read(row.id, {"name": row.name}, row.version)
            if row.is_staff:
                staff.add(row.email)
        if row.member_id is not None:
            members[(row.id, row.clinic_id)] = row.member_id
            member_changes.read(
                row.member_id,
                {
                    "kind": row.kind,
                    "work_email": row.work_email,
                    "personal_email": row.personal_email,
                },
                row.member_version,
            )
    new_users: dict[str, User] = {}
    new_rows: list[Base] = []
    seen: set[tuple[str, str]] = set()
    results: list[BatchItem] = []
    start = today()
    for index, item in enumerate(items):
        email = normalise_email(item["email"])
        number = item["provider_number"]
        result = BatchItem(index=index, key=f"{email} @ {number}", name=item["name"])
        results.append(result)
        if (email, number) in seen:
            result.fail(
                coded("This person and clinic appear twice in this batch.", "duplicate_in_batch")
            )
            continue
        seen.add((email, number))
        clinic = clinics.get(number)
        if clinic is None:
            result.fail(coded(f"Unknown provider number: {number}.", "unknown_provider_number"))
            continue
        if not reach.allows(clinic.region_id):
            result.fail(
                coded("The clinic is outside your region.", "outside_reach"), forbidden=True
            )
            continue
        if email in staff:
            result.fail(
                coded(NOT_ENROLLABLE, "not_enrollable")
            )  # staff and admins are never enrolled (nor renamed)
            continue
        user_id = users.get(email)
        if user_id is not None:
            if user_changes.value(user_id, "name") != item["name"]:
                result.change("name")
                user_changes.set(user_id, "name", item["name"])
        elif email in new_users:
            # A new person's memberships are all created, so the report has no name change;
            # the last item's name is the one kept.
            new_users[email].name = item["name"]
        else:
            new_users[email] = User(id=uuid.uuid4(), email=email, name=item["name"])
            new_rows.append(new_users[email])
        member_id = members.get((user_id, clinic.id)) if user_id is not None else None
        kind = item.get("kind") or MemberKind.owner
        work_email = normalise_email(item.get("work_email") or email)
        personal = normalise_email(item["personal_email"]) if item.get("personal_email") else None
        if member_id is None:
            result.status = "created"
            result.changes = []
            new_rows.append(
                Member(
                    user_id=user_id if user_id is not None else new_users[email].id,
                    clinic_id=clinic.id,
                    kind=kind,
                    work_email=work_email,
                    personal_email=personal,
                    valid_from=item.get("valid_from") or start,
                )
            )
            continue
        # An existing member keeps what the item leaves out: a roster that knows only names
        # and clinics must not reset kinds or e-mails that the coordinator keeps.
        for name, value in (
            ("kind", kind),
            ("work_email", work_email),
            ("personal_email", personal),
        ):
            if name in item and member_changes.value(member_id, name) != value:
                result.change(name)
                member_changes.set(member_id, name, value)
    # A new account has no password: each gets an activation link by e-mail, as a doctor that
    # a coordinator adds does. They are written with the batch, so a dry run or a refused
    # batch sends nothing.
    new_rows.extend(links.activation_rows(list(new_users.values())))
    return _apply(
        BatchReport(dry_run=dry_run, items=results), [user_changes, member_changes], new_rows
    )
