"""Factories for test data, one method per kind of object of every domain: each builds a valid
object with overridable fields, so that a test says in one line what it needs."""

from __future__ import annotations

import hashlib
import itertools
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from api.core.extensions import db
from api.core.markdown import render_markdown
from api.core.security import hash_secret
from api.models import (
    ActionStatus,
    AllocationRate,
    AttachmentKind,
    Client,
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    DataDecision,
    DataPolicy,
    Expense,
    ExpenseLine,
    ExpenseState,
    FeeBasis,
    FeeProposal,
    FeeState,
    File,
    Folder,
    FollowUpAction,
    Indicator,
    IndicatorDirection,
    IndicatorPeriod,
    IndicatorSet,
    IndicatorValue,
    Invitation,
    InvitationAnswer,
    LedgerCategory,
    LedgerEntry,
    LedgerEntryKind,
    Meeting,
    MeetingState,
    Member,
    MemberKind,
    Organisation,
    OrganisationKind,
    Package,
    PackageAgendaItem,
    PackageOrder,
    PackageOrderState,
    PackageProposal,
    PackageProposalState,
    PackageState,
    PackageTheme,
    PackageVersion,
    PackageVersionState,
    PatientCount,
    Post,
    Region,
    SubCluster,
    SubClusterClinic,
    User,
)
from api.services.accounts.sessions import issue_client_token, start_user_session
from api.services.accounts.users import set_memberships
from api.services.files import library as files
from api.services.files.uploads import Received

# A one-page PDF receipt, as small as one gets (its type is sniffed from the first bytes).
PDF_RECEIPT = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

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

    def sub_cluster(
        self, cluster: Cluster, clinics: tuple[Clinic, ...] = (), **fields: Any
    ) -> SubCluster:
        """A sub-cluster of `cluster`, of `clinics`."""
        n = next(_sequence)
        values: dict[str, Any] = {"id": uuid.uuid4(), "name": f"Underklynge {n}", **fields}
        sub = SubCluster(cluster_id=cluster.id, **values)
        db.session.add(sub)
        db.session.flush()
        for clinic in clinics:
            db.session.add(SubClusterClinic(sub_cluster_id=sub.id, clinic_id=clinic.id))
        db.session.commit()
        return sub

    # --- meetings ------------------------------------------------------------------------------

    def meeting(
        self,
        cluster: Cluster,
        responsible: User | None = None,
        *,
        starts_in: timedelta = timedelta(days=7),
        hours: int = 3,
        state: MeetingState = MeetingState.planned,
        **fields: Any,
    ) -> Meeting:
        """A meeting of `cluster`, `starts_in` from now (planned, with a place, unless told)."""
        meeting_id = uuid.uuid4()
        starts_at = datetime.now(UTC).replace(microsecond=0) + starts_in
        values: dict[str, Any] = {
            "id": meeting_id,
            "cluster_id": cluster.id,
            "title": "Klyngemøde",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "place_name": "Lægehuset",
            "responsible_user_id": (responsible or self.user()).id,
            "ical_uid": f"meeting-{meeting_id}@test",
            "state": state,
        }
        values.update(fields)
        meeting = Meeting(**values)
        db.session.add(meeting)
        db.session.commit()
        return meeting

    def invitation(
        self,
        meeting: Meeting,
        user: User,
        *,
        answer: InvitationAnswer = InvitationAnswer.invited,
        clinic: Clinic | None = None,
    ) -> Invitation:
        invitation = Invitation(
            id=uuid.uuid4(),
            meeting_id=meeting.id,
            user_id=user.id,
            clinic_id=clinic.id if clinic is not None else None,
            answer=answer,
        )
        db.session.add(invitation)
        db.session.commit()
        return invitation

    def action(self, meeting: Meeting, **fields: Any) -> FollowUpAction:
        """A follow-up action decided at `meeting`."""
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "meeting_id": meeting.id,
            "cluster_id": meeting.cluster_id,
            "title": "Opfølgning på UVI-data",
            "status": ActionStatus.open,
        }
        values.update(fields)
        action = FollowUpAction(**values)
        db.session.add(action)
        db.session.commit()
        return action

    # --- files ---------------------------------------------------------------------------------

    def folder(
        self, cluster: Cluster, made_by: User | None = None, parent: Folder | None = None
    ) -> Folder:
        """A folder of the cluster's library (at its root unless `parent` is given)."""
        n = next(_sequence)
        parent_id = parent.id if parent is not None else None
        folder = Folder(
            id=uuid.uuid4(),
            cluster_id=cluster.id,
            parent_id=parent_id,
            name=f"Mappe {n}",
            created_by_id=made_by.id if made_by is not None else None,
            placement_key=files.library_key(cluster.id, parent_id),
        )
        db.session.add(folder)
        db.session.commit()
        return folder

    def file(
        self,
        cluster: Cluster,
        uploaded_by: User | None = None,
        *,
        meeting: Meeting | None = None,
        post: Post | None = None,
        folder: Folder | None = None,
        content: bytes = b"Referat af klyngemoedet\n",
        name: str = "Referat.txt",
    ) -> File:
        """A stored file: in the cluster's library (or `folder`), or on `meeting` or `post`."""
        if post is not None:
            target = files.Target(cluster.id, AttachmentKind.post, post_id=post.id)
        elif meeting is not None:
            target = files.Target(cluster.id, AttachmentKind.meeting, meeting_id=meeting.id)
        else:
            folder_id = folder.id if folder is not None else None
            target = files.Target(cluster.id, AttachmentKind.library, folder_id=folder_id)
        fd, temporary = tempfile.mkstemp(prefix="factory-upload-")
        with open(fd, "wb") as handle:
            handle.write(content)
        received = Received(
            Path(temporary), hashlib.sha256(content).hexdigest(), len(content), "text/plain", name
        )
        try:
            return files.store(received, target, uploaded_by.id if uploaded_by else None)
        finally:
            Path(temporary).unlink(missing_ok=True)

    # --- the board -----------------------------------------------------------------------------

    def post(
        self,
        cluster: Cluster,
        author: User | None = None,
        *,
        meeting: Meeting | None = None,
        thread: Post | None = None,
        body: str = "Hvem deltager i temamødet?",
        **fields: Any,
    ) -> Post:
        """A thread on the cluster's board (or `meeting`'s), or a reply to `thread`."""
        meeting_id = meeting.id if meeting is not None else (thread.meeting_id if thread else None)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "cluster_id": cluster.id,
            "meeting_id": meeting_id,
            "parent_id": thread.id if thread is not None else None,
            "title": None if thread is not None else "Temamøde",
            "body": body,
            "body_html": render_markdown(body),
            "author_id": (author or self.user()).id,
        }
        values.update(fields)
        post = Post(**values)
        db.session.add(post)
        db.session.commit()
        return post

    # --- the economy ---------------------------------------------------------------------------

    def indicator_set(
        self, organisation: Organisation, *, years: tuple[int, ...] = (2023, 2024), **fields: Any
    ) -> IndicatorSet:
        """A unit's set with one indicator (`uvi`, lower is better, in %) and a period per
        year (labelled by the year)."""
        indicator_set = IndicatorSet(
            id=uuid.uuid4(),
            organisation_id=organisation.id,
            name=fields.pop("name", f"Indikatorer {next(_sequence)}"),
            indicators=[
                Indicator(
                    id=uuid.uuid4(),
                    code="uvi",
                    name="Antibiotika til UVI",
                    unit="%",
                    direction=IndicatorDirection.lower,
                )
            ],
            periods=[
                IndicatorPeriod(
                    id=uuid.uuid4(),
                    label=str(year),
                    starts_on=date(year, 1, 1),
                    ends_on=date(year, 12, 31),
                )
                for year in years
            ],
            **fields,
        )
        db.session.add(indicator_set)
        db.session.commit()
        return indicator_set

    def indicator_value(
        self, indicator_set: IndicatorSet, clinic: Clinic, year: int, value: float
    ) -> IndicatorValue:
        period = next(p for p in indicator_set.periods if p.label == str(year))
        row = IndicatorValue(
            id=uuid.uuid4(),
            indicator_id=indicator_set.indicators[0].id,
            period_id=period.id,
            clinic_id=clinic.id,
            value=value,
        )
        db.session.add(row)
        db.session.commit()
        return row

    def data_decision(
        self,
        cluster: Cluster,
        policy: DataPolicy = DataPolicy.open,
        *,
        valid_from: date = date(2023, 1, 1),
        valid_to: date | None = None,
        decided_on: date | None = None,
    ) -> DataDecision:
        decision = DataDecision(
            id=uuid.uuid4(),
            cluster_id=cluster.id,
            policy=policy,
            decided_on=decided_on or valid_from,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        db.session.add(decision)
        db.session.commit()
        return decision

    def rate(self, year: int = 2025, ore_per_patient: int = 365) -> AllocationRate:
        """A year's rate per patient, in øre: the migration seeds some years, which the first
        test of a run still sees and every later test has cleaned away."""
        rate = db.session.scalar(select(AllocationRate).where(AllocationRate.year == year))
        if rate is None:
            rate = AllocationRate(id=uuid.uuid4(), year=year)
            db.session.add(rate)
        rate.ore_per_patient = ore_per_patient
        db.session.commit()
        return rate

    def ledger_entry(
        self,
        cluster: Cluster,
        amount_ore: int = -150_000,
        *,
        booked_on: date = date(2025, 5, 1),
        kind: LedgerEntryKind = LedgerEntryKind.expense,
        category: LedgerCategory = LedgerCategory.catering,
        **fields: Any,
    ) -> LedgerEntry:
        """A booked entry of the cluster's ledger (spending by default), in øre."""
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "cluster_id": cluster.id,
            "kind": kind,
            "category": category,
            "booked_on": booked_on,
            "amount_ore": amount_ore,
            "text": "Forplejning til temamøde",
        }
        values.update(fields)
        entry = LedgerEntry(**values)
        db.session.add(entry)
        db.session.commit()
        return entry

    def fee_proposal(
        self,
        meeting: Meeting,
        *,
        speaker_name: str = "Overlæge Hanne Holm",
        minutes: int = 45,
        rate_ore: int = 107_202,
        state: FeeState = FeeState.proposed,
    ) -> FeeProposal:
        """A speaker's fee proposed from a meeting (not booked: that needs a ledger entry)."""
        fee = FeeProposal(
            id=uuid.uuid4(),
            cluster_id=meeting.cluster_id,
            meeting_id=meeting.id,
            basis=FeeBasis.speaker,
            speaker_name=speaker_name,
            minutes=minutes,
            rate_ore=rate_ore,
            amount_ore=(rate_ore * minutes + 30) // 60,
            state=state,
        )
        db.session.add(fee)
        db.session.commit()
        return fee

    def expense(
        self,
        cluster: Cluster,
        claimant: User | None = None,
        *,
        state: ExpenseState = ExpenseState.draft,
        lines: tuple[tuple[str, int], ...] = (("Forplejning", 120_000), ("Kaffe", 30_050)),
        category: LedgerCategory = LedgerCategory.catering,
        bank: tuple[str, str] | None = ("1234", "0012345678"),
        receipts: int = 0,
        **fields: Any,
    ) -> Expense:
        """An expense of `cluster` claimed by `claimant`, in `state` as if it had gone there
        (a booked or paid one with its ledger entry), with `receipts` PDF receipts."""
        claimant = claimant or self.user()
        expense_id = uuid.uuid4()
        expense = Expense(
            id=expense_id,
            cluster_id=cluster.id,
            claimant_id=claimant.id,
            category=category,
            title="Forplejning til temamøde",
            description="",
            state=state,
            bank_reg_no=bank[0] if bank else None,
            bank_account_no=bank[1] if bank else None,
            lines=[
                ExpenseLine(id=uuid.uuid4(), position=i, text=text, amount_ore=amount)
                for i, (text, amount) in enumerate(lines)
            ],
            **fields,
        )
        if state is not ExpenseState.draft:
            expense.submitted_at = datetime.now(UTC)
        if state is ExpenseState.rejected:
            expense.rejection_reason = "Ikke klyngens udgift"
        if state in (ExpenseState.booked, ExpenseState.paid):
            entry = self.ledger_entry(
                cluster,
                -sum(amount for _, amount in lines),
                category=category,
                source_kind="expense",
                source_id=expense_id,
            )
            expense.ledger_entry_id = entry.id
        if state is ExpenseState.paid:
            expense.paid_on = date(2025, 6, 1)
        db.session.add(expense)
        db.session.commit()
        for n in range(receipts):
            self.receipt(expense, content=PDF_RECEIPT + str(n).encode(), name=f"Kvittering{n}.pdf")
        return expense

    def receipt(
        self, expense: Expense, *, content: bytes = b"", name: str = "Kvittering.pdf"
    ) -> File:
        """A PDF receipt of `expense`, uploaded by its claimant."""
        content = content or PDF_RECEIPT
        target = files.Target(expense.cluster_id, AttachmentKind.expense, expense_id=expense.id)
        fd, temporary = tempfile.mkstemp(prefix="factory-upload-")
        with open(fd, "wb") as handle:
            handle.write(content)
        received = Received(
            Path(temporary),
            hashlib.sha256(content).hexdigest(),
            len(content),
            "application/pdf",
            name,
        )
        try:
            return files.store(received, target, expense.claimant_id)
        finally:
            Path(temporary).unlink(missing_ok=True)

    def receipts_of(self, expense: Expense) -> list[File]:
        return list(
            db.session.scalars(
                select(File).where(File.expense_id == expense.id).order_by(File.name)
            )
        )

    # --- packages ------------------------------------------------------------------------------

    def package(
        self,
        unit: Organisation,
        *,
        state: PackageState = PackageState.published,
        versions: tuple[PackageVersionState, ...] = (PackageVersionState.published,),
        items: int = 2,
        themes: tuple[str, ...] = ("Faglig kvalitet",),
        **fields: Any,
    ) -> Package:
        """A package of `unit`, with a version in each of `versions` (numbered in order),
        each with `items` agenda items of 20 minutes."""
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "organisation_id": unit.id,
            "title": f"Klyngepakke {n}",
            "summary": "Et temamøde med oplæg og gruppearbejde.",
            "audience": "Hele klyngen",
            "estimated_minutes": 120,
            "state": state,
        }
        values.update(fields)
        package = Package(**values)
        package.theme_rows = [
            PackageTheme(id=uuid.uuid4(), position=i, name=name) for i, name in enumerate(themes)
        ]
        package.versions = [
            PackageVersion(
                id=uuid.uuid4(),
                number=number,
                state=version_state,
                published_at=(
                    datetime.now(UTC) if version_state is PackageVersionState.published else None
                ),
                items=[
                    PackageAgendaItem(
                        id=uuid.uuid4(),
                        position=i,
                        title=f"Punkt {i + 1}",
                        minutes=20,
                        slides=str(i + 1),
                    )
                    for i in range(items)
                ],
            )
            for number, version_state in enumerate(versions, start=1)
        ]
        db.session.add(package)
        db.session.commit()
        return package

    def package_order(
        self,
        package: Package,
        cluster: Cluster,
        *,
        state: PackageOrderState = PackageOrderState.requested,
        **fields: Any,
    ) -> PackageOrder:
        """An order of `package` by `cluster`, for a period from a month ahead."""
        start = date.today() + timedelta(days=30)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "package_id": package.id,
            "organisation_id": package.organisation_id,
            "cluster_id": cluster.id,
            "wished_from": start,
            "wished_to": start + timedelta(days=30),
            "message": "Vi vil gerne have pakken til vores næste møde.",
            "state": state,
        }
        if state is PackageOrderState.declined:
            values["decline_reason"] = "Vi har ikke kapacitet i perioden."
        values.update(fields)
        order = PackageOrder(**values)
        db.session.add(order)
        db.session.commit()
        return order

    def package_proposal(
        self,
        cluster: Cluster,
        unit: Organisation,
        *,
        meeting: Meeting | None = None,
        state: PackageProposalState = PackageProposalState.proposed,
        proposed_by: User | None = None,
        **fields: Any,
    ) -> PackageProposal:
        """`cluster`'s proposal of a package (a draft of `unit` crediting the cluster, with a
        draft version of two agenda items), for `unit` to review."""
        package = self.package(
            unit,
            state=PackageState.draft,
            versions=(PackageVersionState.draft,),
            cluster_id=cluster.id,
            estimated_minutes=40,
            **fields,
        )
        proposal = PackageProposal(
            id=uuid.uuid4(),
            package_id=package.id,
            cluster_id=cluster.id,
            organisation_id=unit.id,
            meeting_id=meeting.id if meeting is not None else None,
            state=state,
            proposed_by_id=proposed_by.id if proposed_by is not None else None,
            submitted_at=datetime.now(UTC),
            review_comment=(
                "Tilføj gerne dias til punkterne."
                if state is PackageProposalState.returned
                else None
            ),
        )
        db.session.add(proposal)
        db.session.commit()
        return proposal

    def package_material(
        self,
        version: PackageVersion,
        *,
        content: bytes = PDF_RECEIPT,
        name: str = "Vejledning.pdf",
        media_type: str = "application/pdf",
    ) -> File:
        """A material of `version`, stored as an upload would store it."""
        target = files.Target(None, AttachmentKind.package, package_version_id=version.id)
        fd, temporary = tempfile.mkstemp(prefix="factory-upload-")
        with open(fd, "wb") as handle:
            handle.write(content)
        received = Received(
            Path(temporary), hashlib.sha256(content).hexdigest(), len(content), media_type, name
        )
        try:
            return files.store(received, target, None)
        finally:
            Path(temporary).unlink(missing_ok=True)
