"""The demo landscape: `seed-demo` builds 116 clusters that reproduce the 2025 figures
(seed 004), with their meetings, file libraries and notice boards, the same every run, in
bulk, and only once.

The module's tests share one seeded database (the `seeded` fixture) and only read it; the
tables are emptied when the module ends.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import case, event, func, select

from api.core.extensions import db, limiter
from api.core.markdown import render_markdown
from api.core.storage import storage
from api.demo.board import seed_board
from api.demo.economy import allocation_years
from api.demo.landscape import (
    DEMO_CLUSTER,
    DOCTOR_DOMAIN,
    FIRST_COUNT_YEAR,
    cluster_sizes,
    latest_count_date,
)
from api.demo.meetings import DEMO_COMING, DEMO_HELD, demo_meeting_id
from api.demo.seed import ACCOUNTS
from api.models import (
    AgendaItem,
    AttachmentKind,
    Attendance,
    Client,
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    DataDecision,
    DataPolicy,
    File,
    Folder,
    FollowUpAction,
    IndicatorDirection,
    IndicatorSet,
    IndicatorValue,
    Invitation,
    Meeting,
    MeetingState,
    MeetingStatus,
    Member,
    MemberKind,
    Organisation,
    Package,
    PackageVersion,
    PatientCount,
    Post,
    Region,
    StoredBlob,
    SubCluster,
    SubClusterClinic,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyTemplate,
    User,
)
from api.services.files.uploads import SNIFF_BYTES, sniff
from api.services.indicators.decisions import decision_for, policy_for
from tests.conftest import REFERENCE_TABLES

LANDSCAPE = "/api/v1/stats/landscape"
REGIONS = ["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"]
DEMO_ACCOUNTS = len(ACCOUNTS)
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def _empty_tables() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(table.delete())
    db.session.commit()


def _counts() -> dict[str, int]:
    models = (User, Cluster, Clinic, ClinicClusterPeriod, PatientCount, Member, ClusterRole)
    models += (SubCluster, SubClusterClinic, Meeting, Invitation, Attendance)
    models += (Folder, File, StoredBlob, Post)
    models += (SurveyTemplate, Survey, SurveyQuestion, SurveyRecipient, SurveyResponse)
    models += (SurveyAnswer,)
    return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def _digest() -> str:
    """A fingerprint of the landscape by natural keys (the demo accounts' ids are random)."""
    region = select(Region.code).where(Region.id == Cluster.region_id).scalar_subquery()
    queries = [
        select(region, Cluster.name, Cluster.description, Cluster.data_policy),
        select(Clinic.provider_number, Clinic.name, Clinic.address),
        select(User.email, User.name),
        select(User.email, Clinic.provider_number, Member.kind, Member.valid_from, Member.valid_to)
        .join(User, User.id == Member.user_id)
        .join(Clinic, Clinic.id == Member.clinic_id),
        select(Cluster.name, User.email, ClusterRole.role, ClusterRole.valid_from)
        .join(User, User.id == ClusterRole.user_id)
        .join(Cluster, Cluster.id == ClusterRole.cluster_id),
        select(Clinic.provider_number, PatientCount.counted_on, PatientCount.patients).join(
            Clinic, Clinic.id == PatientCount.clinic_id
        ),
        select(Clinic.provider_number, Cluster.name, ClinicClusterPeriod.valid_from)
        .join(Clinic, Clinic.id == ClinicClusterPeriod.clinic_id)
        .join(Cluster, Cluster.id == ClinicClusterPeriod.cluster_id),
        select(SubCluster.name, Clinic.provider_number)
        .join(SubClusterClinic, SubClusterClinic.sub_cluster_id == SubCluster.id)
        .join(Clinic, Clinic.id == SubClusterClinic.clinic_id),
        select(Cluster.name, Meeting.title, Meeting.starts_at, Meeting.kind, Meeting.state).join(
            Cluster, Cluster.id == Meeting.cluster_id
        ),
        select(Meeting.starts_at, User.email, Attendance.attended)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(User, User.id == Attendance.user_id),
        *_board_queries(),
        select(Survey.title, Survey.closes_at, SurveyQuestion.position, Cluster.name)
        .add_columns(SurveyAnswer.number, SurveyAnswer.text)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(Survey, Survey.id == SurveyQuestion.survey_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .outerjoin(Cluster, Cluster.id == SurveyResponse.cluster_id),
    ]
    digest = hashlib.sha256()
    for query in queries:
        for row in sorted(repr(tuple(row)) for row in db.session.execute(query)):
            digest.update(row.encode())
    return digest.hexdigest()


def _board_queries() -> list:
    """The libraries and boards by natural keys (the demo accounts' ids are random)."""
    parent = Folder.__table__.alias("parent")
    return [
        select(Cluster.name, parent.c.name, Folder.name, Folder.created_at)
        .join(Cluster, Cluster.id == Folder.cluster_id)
        .outerjoin(parent, parent.c.id == Folder.parent_id),
        select(Cluster.name, File.attached_to, Folder.name, File.name, File.sha256)
        .add_columns(File.created_at, User.email)
        .join(Cluster, Cluster.id == File.cluster_id)
        .outerjoin(Folder, Folder.id == File.folder_id)
        .outerjoin(User, User.id == File.uploaded_by_id),
        select(StoredBlob.sha256, StoredBlob.size, StoredBlob.media_type),
        select(Cluster.name, Post.title, Post.body, Post.pinned, Post.created_at)
        .add_columns(Post.last_activity_at, User.email, Post.meeting_id.is_(None))
        .join(Cluster, Cluster.id == Post.cluster_id)
        .join(User, User.id == Post.author_id),
    ]


def _board_digest() -> str:
    digest = hashlib.sha256()
    for query in _board_queries():
        for row in sorted(repr(tuple(row)) for row in db.session.execute(query)):
            digest.update(row.encode())
    return digest.hexdigest()


@dataclass
class SeededRun:
    seconds: float
    statements: int
    counts: dict[str, int]
    counts_after_second_run: dict[str, int]
    second_run_output: str
    digest: str
    digest_of_fresh_run: str
    fresh_run_output: str


@pytest.fixture(autouse=True)
def _clean_tables() -> Iterator[None]:
    """Replaces the suite's cleaning: this module's tests share the seeded tables."""
    yield
    limiter.reset()


@pytest.fixture(scope="module")
def seeded(app: Flask) -> Iterator[SeededRun]:
    runner = app.test_cli_runner()
    statements = Counter[str]()

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements["all"] += 1

    try:
        with app.app_context():
            _empty_tables()
            event.listen(db.engine, "before_cursor_execute", count)
            started = time.perf_counter()
            try:
                first = runner.invoke(args=["seed-demo", "--quiet"])
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            seconds = time.perf_counter() - started
            assert first.exit_code == 0, first.output
            counts, digest = _counts(), _digest()
            second = runner.invoke(args=["seed-demo"])
            assert second.exit_code == 0, second.output
            counts_after_second_run = _counts()
            # A fresh database seeded again, to compare with the first; it reports what it made.
            _empty_tables()
            fresh = runner.invoke(args=["seed-demo"])
            assert fresh.exit_code == 0, fresh.output
            run = SeededRun(
                seconds=seconds,
                statements=statements["all"],
                counts=counts,
                counts_after_second_run=counts_after_second_run,
                second_run_output=second.output,
                digest=digest,
                digest_of_fresh_run=_digest(),
                fresh_run_output=fresh.output,
            )
            db.session.remove()
        yield run
    finally:
        with app.app_context():
            _empty_tables()
            db.session.remove()


@pytest.fixture
def headers(seeded, factory):
    member = db.session.scalar(select(User).where(User.email == "medlem@demo.dk"))
    return factory.auth(member)


@pytest.fixture
def landscape(client, headers) -> dict:
    response = client.get(LANDSCAPE, headers=headers)
    assert response.status_code == 200
    return response.get_json()


# --- the figures -----------------------------------------------------------------------------


def test_landscape_reproduces_the_2025_figures(landscape):
    assert landscape["region"] is None
    assert landscape["clusters"] == 116
    doctors = landscape["doctors_per_cluster"]
    assert abs(doctors["mean"] - 29) <= 0.5
    assert (doctors["min"], doctors["max"]) == (12, 72)
    assert landscape["clusters_with_only_coordinator"] == 35
    assert landscape["clusters_with_role"] == {
        "coordinator": 116,
        "co_coordinator": 12,
        "board_member": 71,
        "treasurer": 12,
        "secretary": 6,
    }
    # About 3,400 doctors and 1,700 clinics: about 15 per cluster.
    assert 3_300 <= landscape["doctors"] <= 3_500
    assert 1_650 <= landscape["clinics"] <= 1_750
    assert 14 <= landscape["clinics"] / landscape["clusters"] <= 16
    # Patients: on average 48,000 per cluster (within 1,000), about 5.6 million in all
    # (within 100,000), from about 17,000 to 110,000 (within 1,000).
    patients = landscape["patients_per_cluster"]
    assert abs(patients["mean"] - 48_000) <= 1_000
    assert abs(landscape["patients"] - 5_600_000) <= 100_000
    assert abs(patients["min"] - 17_000) <= 1_000 and abs(patients["max"] - 110_000) <= 1_000


def test_most_clusters_have_18_to_38_doctors(seeded, app_ctx):
    rows = db.session.execute(
        select(ClinicClusterPeriod.cluster_id, func.count(func.distinct(Member.user_id)))
        .join(Member, Member.clinic_id == ClinicClusterPeriod.clinic_id)
        .where(ClinicClusterPeriod.valid_to.is_(None), Member.valid_to.is_(None))
        .group_by(ClinicClusterPeriod.cluster_id)
    ).all()
    sizes = [size for _, size in rows]
    assert len(sizes) == 116
    assert sum(18 <= size <= 38 for size in sizes) / len(sizes) >= 0.6


def test_landscape_agrees_with_a_count_over_every_row(seeded, app_ctx, landscape):
    """The SQL aggregates against a plain count in Python over all rows, ended ones included."""
    current_cluster = {
        p.clinic_id: p.cluster_id
        for p in db.session.scalars(select(ClinicClusterPeriod))
        if p.valid_to is None
    }
    doctors: defaultdict = defaultdict(set)
    for m in db.session.scalars(select(Member)):
        if m.valid_to is None and m.clinic_id in current_cluster:
            doctors[current_cluster[m.clinic_id]].add(m.user_id)
    latest: dict = {}
    for count in db.session.scalars(select(PatientCount).order_by(PatientCount.counted_on)):
        latest[count.clinic_id] = count.patients
    patients: Counter = Counter()
    for clinic_id, cluster_id in current_cluster.items():
        patients[cluster_id] += latest.get(clinic_id, 0)
    roles: defaultdict = defaultdict(Counter)
    for role in db.session.scalars(select(ClusterRole).where(ClusterRole.valid_to.is_(None))):
        roles[role.cluster_id][role.role] += 1
    clusters = db.session.scalars(select(Cluster.id)).all()

    sizes = sorted(len(doctors[c]) for c in clusters)
    assert landscape["doctors_per_cluster"]["mean"] == round(sum(sizes) / len(sizes), 2)
    assert landscape["doctors_per_cluster"]["median"] == (sizes[57] + sizes[58]) / 2
    assert landscape["doctors"] == len(set().union(*doctors.values()))
    assert landscape["clinics"] == len(current_cluster)
    assert landscape["patients"] == sum(patients.values())
    assert landscape["clusters_with_only_coordinator"] == sum(
        1 for c in clusters if set(roles[c]) == {ClusterRoleKind.coordinator}
    )
    # The data has history that the figures must leave out.
    assert db.session.scalar(select(func.count()).where(ClinicClusterPeriod.valid_to.isnot(None)))
    assert db.session.scalar(select(func.count()).where(Member.valid_to.isnot(None)))
    assert db.session.scalar(select(func.count()).where(ClusterRole.valid_to.isnot(None)))


def test_regions_add_up_to_the_nation(client, headers, landscape):
    regional = [
        client.get(LANDSCAPE, query_string={"region": code}, headers=headers).get_json()
        for code in REGIONS
    ]
    assert [r["region"] for r in regional] == REGIONS
    assert all(r["clusters"] > 0 for r in regional)
    for figure in ("clusters", "clinics", "doctors", "patients"):
        assert sum(r[figure] for r in regional) == landscape[figure], figure
    assert sum(r["clusters_with_only_coordinator"] for r in regional) == 35


# --- the demo cluster ------------------------------------------------------------------------


def test_demo_cluster_holds_the_demo_accounts_in_their_roles(seeded, app_ctx):
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    assert cluster.region.code == "midtjylland"
    roles = db.session.execute(
        select(User.email, ClusterRole.role)
        .join(User, User.id == ClusterRole.user_id)
        .where(ClusterRole.cluster_id == cluster.id, ClusterRole.valid_to.is_(None))
    ).all()
    by_role: defaultdict = defaultdict(set)
    for email, role in roles:
        by_role[role].add(email)
    assert by_role[ClusterRoleKind.coordinator] == {"koordinator@demo.dk"}
    assert by_role[ClusterRoleKind.treasurer] == {"kasserer@demo.dk"}
    assert by_role[ClusterRoleKind.secretary] == {"sekretaer@demo.dk"}
    assert 1 <= len(by_role[ClusterRoleKind.board_member]) <= 4
    assert not by_role[ClusterRoleKind.co_coordinator]
    assert "medlem@demo.dk" not in {email for email, _ in roles}

    working_here = set(
        db.session.scalars(
            select(User.email)
            .join(Member, Member.user_id == User.id)
            .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
            .where(
                ClinicClusterPeriod.cluster_id == cluster.id,
                ClinicClusterPeriod.valid_to.is_(None),
                Member.valid_to.is_(None),
            )
        )
    )
    demo_doctors = {"koordinator@demo.dk", "medlem@demo.dk", "kasserer@demo.dk"}
    assert demo_doctors | {"sekretaer@demo.dk"} <= working_here
    assert 12 <= len(working_here) <= 72
    sub_clusters = db.session.scalars(
        select(SubCluster).where(SubCluster.cluster_id == cluster.id)
    ).all()
    assert len(sub_clusters) >= 2 and all(s.clinic_links for s in sub_clusters)


def test_other_accounts_are_not_doctors(seeded, app_ctx):
    for email in ("admin@demo.dk", "midtkraft@demo.dk", "plo@demo.dk"):
        user = db.session.scalar(select(User).where(User.email == email))
        assert not db.session.scalar(select(Member.id).where(Member.user_id == user.id))


def test_a_few_other_clusters_work_in_sub_clusters(seeded, app_ctx):
    clusters = db.session.scalars(select(SubCluster.cluster_id).distinct()).all()
    assert 3 <= len(clusters) <= 10
    linked = db.session.execute(
        select(SubCluster.cluster_id, ClinicClusterPeriod.cluster_id)
        .join(SubClusterClinic, SubClusterClinic.sub_cluster_id == SubCluster.id)
        .join(
            ClinicClusterPeriod,
            (ClinicClusterPeriod.clinic_id == SubClusterClinic.clinic_id)
            & ClinicClusterPeriod.valid_to.is_(None),
        )
    ).all()
    assert linked and all(sub == current for sub, current in linked)


# --- the rows --------------------------------------------------------------------------------


def test_every_clinic_has_a_provider_number_one_to_six_doctors_and_a_current_cluster(
    seeded, app_ctx
):
    clinics = db.session.scalars(select(Clinic)).all()
    assert len(clinics) == 1_700
    assert all(len(c.provider_number) == 6 and c.provider_number.isdigit() for c in clinics)
    assert all(c.name and c.address for c in clinics)
    doctors = Counter(db.session.scalars(select(Member.clinic_id).where(Member.valid_to.is_(None))))
    assert {doctors[c.id] for c in clinics} <= set(range(1, 7))
    current = db.session.execute(
        select(ClinicClusterPeriod.clinic_id, Clinic.region_id, Cluster.region_id)
        .join(Clinic, Clinic.id == ClinicClusterPeriod.clinic_id)
        .join(Cluster, Cluster.id == ClinicClusterPeriod.cluster_id)
        .where(ClinicClusterPeriod.valid_to.is_(None))
    ).all()
    assert len(current) == len(clinics)
    assert all(clinic_region == cluster_region for _, clinic_region, cluster_region in current)


def test_doctors_are_users_without_passwords_on_the_demo_domain(seeded, app_ctx):
    doctors = db.session.scalars(select(User).where(User.email.like(f"%@{DOCTOR_DOMAIN}"))).all()
    assert len(doctors) + DEMO_ACCOUNTS == seeded.counts["users"]
    assert all(u.password_hash is None and u.email == u.email.lower() for u in doctors)
    assert all(u.email.isascii() and len(u.name.split()) >= 2 for u in doctors)
    members = db.session.scalars(select(Member).where(Member.valid_to.is_(None))).all()
    per_person = Counter(m.user_id for m in members)
    assert set(per_person.values()) == {1}
    kinds = Counter(m.kind for m in members)
    assert kinds[MemberKind.owner] > len(members) / 2
    assert kinds[MemberKind.employed] and kinds[MemberKind.in_training]
    assert all(m.work_email for m in members)
    with_personal = sum(1 for m in members if m.personal_email)
    assert 0 < with_personal < len(members)


def test_role_holders_are_doctors_of_their_cluster(seeded, app_ctx):
    doctors_of = set(
        db.session.execute(
            select(ClinicClusterPeriod.cluster_id, Member.user_id)
            .join(Member, Member.clinic_id == ClinicClusterPeriod.clinic_id)
            .where(ClinicClusterPeriod.valid_to.is_(None), Member.valid_to.is_(None))
        ).all()
    )
    roles = db.session.execute(select(ClusterRole.cluster_id, ClusterRole.user_id)).all()
    assert all(tuple(role) in doctors_of for role in roles)
    board_sizes = Counter(
        db.session.scalars(
            select(ClusterRole.cluster_id).where(
                ClusterRole.role == ClusterRoleKind.board_member, ClusterRole.valid_to.is_(None)
            )
        )
    )
    assert set(board_sizes.values()) <= {1, 2, 3, 4}


def test_cluster_names_are_unique_per_region(seeded, app_ctx):
    names = db.session.execute(select(Cluster.region_id, Cluster.name)).all()
    assert len(set(names)) == len(names) == 116
    assert sum(1 for _, name in names if "klynge" in name.lower()) == 116


def test_data_policies_are_dated_from_today_so_most_are_current_and_the_demo_cluster_s_is(
    seeded, app_ctx
):
    today = date.today()
    rows = db.session.execute(
        select(Cluster.name, Cluster.data_policy_valid_from, Cluster.data_policy_valid_to).where(
            Cluster.data_policy.is_not(None)
        )
    ).all()
    current = [name for name, start, end in rows if start <= today <= end]
    expired = [name for name, _, end in rows if end < today]
    assert DEMO_CLUSTER in current
    assert len(current) > 2 * len(expired) > 0
    assert all(start <= today + timedelta(days=31) for _, start, _ in rows)


def test_every_clinic_has_a_uti_antibiotics_value_for_2023_and_2024(seeded, app_ctx):
    indicator_set = db.session.scalar(
        select(IndicatorSet).where(IndicatorSet.name == "Antibiotika til UVI")
    )
    assert [(i.unit, i.direction) for i in indicator_set.indicators] == [
        ("%", IndicatorDirection.lower)
    ]
    assert [p.label for p in indicator_set.periods] == ["2023", "2024"]
    per_period = Counter(db.session.scalars(select(IndicatorValue.period_id)))
    assert set(per_period.values()) == {seeded.counts["clinics"]}
    # KiAP's antibiotics package rests on it, and no other package does.
    resting = db.session.execute(
        select(Package.title, PackageVersion.indicator_set_id)
        .join(PackageVersion, PackageVersion.package_id == Package.id)
        .where(PackageVersion.indicator_set_id.is_not(None))
    ).all()
    assert resting == [("Antibiotika til urinvejsinfektion", indicator_set.id)]


def test_the_demo_cluster_sees_its_clinics_by_name_and_other_clusters_closed_data(
    seeded, client, headers, app_ctx
):
    indicator_set = db.session.scalar(select(IndicatorSet))
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    response = client.get(f"/api/v1/clusters/{cluster.id}/data/{indicator_set.id}", headers=headers)
    assert response.status_code == 200
    periods = response.get_json()["periods"]
    assert [p["policy"] for p in periods] == ["open", "open"]
    uvi = periods[1]["indicators"][0]
    assert uvi["own_value"] is not None and uvi["national_average"] is not None
    assert all(c["name"] for c in uvi["clinics"])
    decisions_of = defaultdict(list)
    for decision in db.session.scalars(select(DataDecision)):
        decisions_of[decision.cluster_id].append(decision)
    period = indicator_set.periods[1]
    policies = Counter(
        policy_for(decision_for(decisions, period), date.today())
        for decisions in decisions_of.values()
    )
    assert len(decisions_of) == 116
    assert policies[DataPolicy.open] > policies[DataPolicy.closed] > 20


def test_patients_are_counted_on_1_february(seeded, app_ctx):
    """Of every year from 2022 (the allocations' first) to the latest, every clinic."""
    days = Counter(db.session.scalars(select(PatientCount.counted_on)))
    latest = latest_count_date(date.today())
    first = min(FIRST_COUNT_YEAR, latest.year - 1)
    assert set(days) == {date(year, 2, 1) for year in range(first, latest.year + 1)}
    assert set(days.values()) == {seeded.counts["clinics"]}


# --- every run the same, and only once -------------------------------------------------------


def test_a_fresh_run_prints_the_demo_logins(seeded):
    assert "demo-kaffe-og-kvalitet" in seeded.fresh_run_output
    assert "koordinator@demo.dk" in seeded.fresh_run_output


def test_seeding_again_changes_no_counts(seeded, app_ctx):
    assert seeded.counts_after_second_run == seeded.counts
    # Seven demo accounts and the landscape's 3,360 other doctors (the demo accounts of
    # Demoklyngen Viborg are four of its 3,364), one machine client.
    counts = [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, User, Client)
    ]
    assert counts == [7, 3_367, 1]
    assert "left as it is" in seeded.second_run_output
    assert "clusters: 116" in seeded.second_run_output
    assert "patients: 5,590,000" in seeded.second_run_output


def test_two_fresh_runs_build_identical_data(seeded):
    assert seeded.digest == seeded.digest_of_fresh_run


# Statements of the demo cluster's spending made through the services (`api.demo.spending`).
DEMO_CLUSTER_SPENDING = 400
# Statements of the quality units' catalogue: four packages, their versions and materials
# through the package and file services, and a handful of orders (`api.demo.packages`,
# `api.demo.package_orders`); a fixed number, whatever the number of clusters.
DEMO_CATALOGUE = 100
# Statements of KiAP's survey templates and the demo's surveys (`api.demo.surveys`): a few
# queries and one insert a table, whatever the number of recipients and answers.
DEMO_SURVEYS = 25


def test_landscape_is_inserted_in_bulk(seeded):
    # Thousands of rows in a few dozen statements; one by one it would be over 10,000. The
    # allocations go through the allocation service, a few statements a year (not a row),
    # the carry-overs through the ledger service, a few statements for every cluster at
    # once, and the demo cluster's own expenses, fees and budgets through theirs (a few
    # hundred, whatever the number of clusters and meetings: its fees of this year and last
    # only, the older years' in bulk, so five years of spending cost no more statements), and
    # the catalogue's few packages through the package services; the surveys in bulk.
    assert sum(seeded.counts.values()) > 10_000
    years = len(allocation_years(date.today()))
    bound = 100 + 15 * years + DEMO_CLUSTER_SPENDING + DEMO_CATALOGUE + DEMO_SURVEYS
    assert seeded.statements < bound, seeded.statements


@pytest.mark.parametrize("seed", range(5))
def test_cluster_sizes_keep_the_figures_whatever_the_seed(seed):
    sizes = cluster_sizes(random.Random(seed), 116)
    assert sum(sizes) == 29 * 116
    assert (min(sizes), max(sizes)) == (12, 72)
    assert sum(18 <= size <= 38 for size in sizes) >= 0.6 * 116


def test_latest_count_date_is_the_last_1_february():
    assert latest_count_date(date(2026, 11, 23)) == date(2026, 2, 1)
    assert latest_count_date(date(2026, 2, 1)) == date(2026, 2, 1)
    assert latest_count_date(date(2027, 1, 31)) == date(2026, 2, 1)


# --- meetings ----------------------------------------------------------------------------------


def test_meetings_reproduce_the_seed_figures(landscape):
    meetings = landscape["meetings"]
    this_year = datetime.now(DANISH_TIME).year
    assert (meetings["first_year"], meetings["last_year"]) == (this_year - 5, this_year - 1)
    per_year = meetings["per_cluster_per_year"]
    # Every cluster meets 2-4 times a year; 83 % of the meetings held are after work.
    assert (per_year["min"], per_year["max"]) == (2, 4)
    assert 2.7 <= per_year["mean"] <= 3.3
    assert abs(meetings["after_work_share"] - 0.83) < 0.005
    assert meetings["held"] == pytest.approx(116 * 5 * 3, rel=0.1)


def test_regions_share_the_meeting_figures(client, headers):
    for region in REGIONS:
        meetings = client.get(f"{LANDSCAPE}?region={region}", headers=headers).get_json()[
            "meetings"
        ]
        assert (
            meetings["per_cluster_per_year"]["min"],
            meetings["per_cluster_per_year"]["max"],
        ) == (
            2,
            4,
        )
        assert 0.7 <= meetings["after_work_share"] <= 0.95


def test_a_national_year_of_attendance_has_about_10000_rows(seeded, app_ctx):
    last_year = datetime.now(DANISH_TIME).year - 1
    rows = db.session.scalar(
        select(func.count())
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.starts_at >= datetime(last_year, 1, 1, tzinfo=DANISH_TIME),
            Meeting.starts_at < datetime(last_year + 1, 1, 1, tzinfo=DANISH_TIME),
        )
    )
    assert 9_000 <= rows <= 11_000
    attended = db.session.scalar(select(func.avg(case((Attendance.attended, 1.0), else_=0.0))))
    assert 0.6 <= attended <= 0.85


def test_past_meetings_are_closed_and_coming_ones_have_no_attendance(seeded, app_ctx):
    now = datetime.now(UTC)
    past = db.session.scalars(
        select(Meeting).where(Meeting.ends_at < now - timedelta(days=4))
    ).all()
    assert past and all(m.closed_at is not None for m in past)
    assert all(m.status == MeetingStatus.held for m in past)
    unfinalised = db.session.scalar(
        select(func.count())
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.closed_at.is_not(None), Attendance.finalised_at.is_(None))
    )
    assert unfinalised == 0
    coming = select(Meeting.id).where(Meeting.starts_at > now)
    assert db.session.scalar(select(func.count()).select_from(coming.subquery())) > 0
    assert (
        db.session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.meeting_id.in_(coming))
        )
        == 0
    )


def test_demo_cluster_has_a_coming_a_held_and_a_draft_meeting(seeded, app_ctx):
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    now = datetime.now(UTC)
    meetings = db.session.scalars(select(Meeting).where(Meeting.cluster_id == cluster.id)).all()
    coming = [m for m in meetings if m.state == MeetingState.planned and m.starts_at > now]
    [stop_op] = coming
    agenda = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == stop_op.id).order_by(AgendaItem.position)
    ).all()
    assert [item.duration_minutes for item in agenda] == [10, 30, 5, 45, 40, 20, 35, 10]
    assert agenda[0].title == "Ankomst og velkomst"
    invited = db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.meeting_id == stop_op.id)
    )
    assert invited == 31
    [draft] = [m for m in meetings if m.state == MeetingState.draft]
    assert draft.starts_at > now
    held = max((m for m in meetings if m.status == MeetingStatus.held), key=lambda m: m.starts_at)
    assert held.minutes and held.decisions
    actions = db.session.scalars(
        select(FollowUpAction).where(FollowUpAction.meeting_id == held.id)
    ).all()
    assert sum(a.status.value == "open" for a in actions) == 2


# --- the file libraries and notice boards --------------------------------------------------


def _current_doctors() -> set[tuple]:
    """(cluster id, user id) of every doctor now working in a clinic of the cluster."""
    return set(
        db.session.execute(
            select(ClinicClusterPeriod.cluster_id, Member.user_id)
            .join(Member, Member.clinic_id == ClinicClusterPeriod.clinic_id)
            .where(ClinicClusterPeriod.valid_to.is_(None), Member.valid_to.is_(None))
        ).all()
    )


def test_every_cluster_has_folders_files_and_posts_with_replies(seeded, app_ctx):
    clusters = db.session.scalars(select(Cluster.id)).all()
    folders = Counter(db.session.scalars(select(Folder.cluster_id)))
    nested = set(db.session.scalars(select(Folder.cluster_id).where(Folder.parent_id.isnot(None))))
    library = Counter(
        db.session.scalars(
            select(File.cluster_id).where(File.attached_to == AttachmentKind.library)
        )
    )
    threads = Counter(db.session.scalars(select(Post.cluster_id).where(Post.parent_id.is_(None))))
    replies = Counter(db.session.scalars(select(Post.cluster_id).where(Post.parent_id.isnot(None))))
    pinned = Counter(db.session.scalars(select(Post.cluster_id).where(Post.pinned)))
    for cluster_id in clusters:
        assert folders[cluster_id] >= 3 and cluster_id in nested
        assert library[cluster_id] >= 4
        assert threads[cluster_id] >= 4 and replies[cluster_id] >= 4
        assert pinned[cluster_id] == 1
    # Every file is named and placed as the files service would name and place it.
    for file in db.session.scalars(select(File)):
        if file.attached_to is AttachmentKind.library:
            expected = (
                f"folder:{file.folder_id}" if file.folder_id else f"library:{file.cluster_id}"
            )
        elif file.attached_to is AttachmentKind.package:
            assert file.cluster_id is None
            expected = f"package-version:{file.package_version_id}"
        else:
            attached = file.meeting_id or file.post_id or file.expense_id
            expected = f"{file.attached_to.value}:{attached}"
        assert file.attachment_key == expected
    assert {f.cluster_id for f in db.session.scalars(select(Folder))} == set(clusters)


def test_the_files_content_is_in_storage_once_and_matches_its_rows(seeded, app_ctx):
    blobs = {b.sha256: b for b in db.session.scalars(select(StoredBlob))}
    files = db.session.scalars(select(File)).all()
    assert {f.sha256 for f in files} == set(blobs)
    # A handful of documents, shared by the clusters: stored once each. Each receipt of an
    # expense is its own (its seller, date and amount).
    receipts = {f.sha256 for f in files if f.attached_to is AttachmentKind.expense}
    shared = [f for f in files if f.attached_to is not AttachmentKind.expense]
    assert 10 <= len({f.sha256 for f in shared}) <= 40 < len(shared)
    assert len(receipts) + len({f.sha256 for f in shared}) == len(blobs)
    contents = {key: b"".join(storage().read(key)) for key in blobs}
    for key, blob in blobs.items():
        assert hashlib.sha256(contents[key]).hexdigest() == key
        assert blob.size == len(contents[key])
    for file in files:
        blob = blobs[file.sha256]
        assert (file.size, file.media_type) == (blob.size, blob.media_type)
        # The type an upload of the content under this name would have been given.
        assert sniff(contents[file.sha256][:SNIFF_BYTES], file.name) == file.media_type
    types = Counter(blob.media_type for blob in blobs.values())
    assert types["application/pdf"] >= 5 and types["text/plain"] and types["text/csv"]


def test_demo_pdfs_are_well_formed(seeded, app_ctx):
    """Each object is where the cross-reference table says, and each stream as long as its
    dictionary says."""
    keys = db.session.scalars(
        select(StoredBlob.sha256).where(StoredBlob.media_type == "application/pdf")
    ).all()
    for key in keys:
        pdf = b"".join(storage().read(key))
        assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")
        startxref = int(pdf[pdf.rindex(b"startxref") + 9 :].split()[0])
        assert pdf[startxref:].startswith(b"xref\n0 ")
        table = pdf[startxref:].split(b"trailer")[0].splitlines()[3:]
        assert table and all(entry.endswith(b" 00000 n ") for entry in table)
        for number, entry in enumerate(table, start=1):
            assert pdf[int(entry[:10]) :].startswith(b"%d 0 obj" % number)
        length = int(pdf.split(b"/Length ")[1].split()[0])
        stream = pdf.split(b"stream\n", 1)[1]
        assert stream[length:].startswith(b"\nendstream")


def test_post_html_is_the_rendering_of_its_markdown(seeded, app_ctx):
    posts = db.session.execute(select(Post.body, Post.body_html)).all()
    assert len(posts) > 1_000
    for body, html in posts:
        assert html == render_markdown(body)
    assert any("<strong>" in html for _, html in posts)
    assert any('<a href="https://' in html for _, html in posts)


def test_posts_and_files_are_by_doctors_of_their_cluster(seeded, app_ctx):
    doctors = _current_doctors()
    authors = db.session.execute(select(Post.cluster_id, Post.author_id)).all()
    assert authors and all(tuple(row) in doctors for row in authors)
    # A package's materials are the quality units', in no cluster.
    uploaders = db.session.execute(
        select(File.cluster_id, File.uploaded_by_id).where(
            File.attached_to != AttachmentKind.package
        )
    ).all()
    assert uploaders and all(tuple(row) in doctors for row in uploaders)
    makers = db.session.execute(select(Folder.cluster_id, Folder.created_by_id)).all()
    assert all(tuple(row) in doctors for row in makers)


def test_a_threads_last_activity_is_its_latest_reply(seeded, app_ctx):
    now = datetime.now(UTC)
    posts = db.session.scalars(select(Post)).all()
    threads = {p.id: p for p in posts if p.parent_id is None}
    replies: defaultdict = defaultdict(list)
    for post in posts:
        assert post.created_at < now and post.updated_at >= post.created_at
        if post.parent_id is not None:
            thread = threads[post.parent_id]
            assert post.title is None and not post.pinned
            assert (post.cluster_id, post.meeting_id) == (thread.cluster_id, thread.meeting_id)
            assert post.created_at > thread.created_at
            replies[post.parent_id].append(post.created_at)
    assert sum(1 for t in threads.values() if replies[t.id]) / len(threads) > 0.9
    for thread in threads.values():
        assert thread.title
        assert thread.last_activity_at == max([thread.created_at, *replies[thread.id]])
    # Spread over the last months.
    created = sorted(p.created_at for p in posts)
    assert created[0] < now - timedelta(days=120) and created[-1] > now - timedelta(days=30)
    # A folder is made before what is in it.
    folders = {f.id: f for f in db.session.scalars(select(Folder))}
    for file in db.session.scalars(select(File).where(File.folder_id.isnot(None))):
        folder = folders[file.folder_id]
        while folder is not None:
            assert folder.created_at <= file.created_at
            folder = folders.get(folder.parent_id)


def test_demo_cluster_shares_files_and_talks_about_its_meetings(seeded, app_ctx):
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    held_id = demo_meeting_id(cluster.id, DEMO_HELD)
    coming_id = demo_meeting_id(cluster.id, DEMO_COMING)
    held = db.session.get(Meeting, held_id)
    assert held.minutes  # the held meeting is the one with minutes

    def meeting_files(meeting_id) -> dict[str, str]:
        rows = db.session.execute(
            select(File.name, File.media_type).where(
                File.attached_to == AttachmentKind.meeting, File.meeting_id == meeting_id
            )
        )
        return dict(rows.all())

    assert meeting_files(held_id) == {
        "Oplæg – antibiotika ved urinvejsinfektioner.pdf": "application/pdf",
        "Klinikkernes data 2023-2024.csv": "text/csv",
    }
    assert meeting_files(coming_id) == {
        "Dagsorden – Stop op.pdf": "application/pdf",
        "Stop op – slides.pdf": "application/pdf",
    }

    on_meeting = db.session.scalars(select(Post).where(Post.meeting_id == coming_id)).all()
    threads = [p for p in on_meeting if p.parent_id is None]
    assert threads and len(on_meeting) - len(threads) >= 3
    assert all(p.cluster_id == cluster.id for p in on_meeting)

    [attachment] = db.session.scalars(
        select(File).where(File.cluster_id == cluster.id, File.attached_to == AttachmentKind.post)
    ).all()
    post = db.session.get(Post, attachment.post_id)
    assert post.cluster_id == cluster.id and post.parent_id is None
    assert attachment.media_type == "application/pdf"
    assert attachment.attachment_key == f"post:{post.id}"

    authors = set(
        db.session.scalars(
            select(User.email)
            .join(Post, Post.author_id == User.id)
            .where(Post.cluster_id == cluster.id)
        )
    )
    assert {"koordinator@demo.dk", "medlem@demo.dk", "kasserer@demo.dk"} <= authors
    assert "sekretaer@demo.dk" in authors
    [welcome] = db.session.scalars(
        select(Post).where(Post.cluster_id == cluster.id, Post.pinned)
    ).all()
    assert welcome.author.email == "koordinator@demo.dk"


def test_a_member_lists_and_downloads_the_demo_files(client, headers, seeded):
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    folders = client.get(f"/api/v1/clusters/{cluster.id}/folders", headers=headers)
    assert folders.status_code == 200
    names = {folder["name"] for folder in folders.get_json()["items"]}
    assert "Skabeloner" in names
    # Cluster packages are in the catalogue, not copied into each cluster's library.
    assert "Klyngepakker" not in names
    coming = demo_meeting_id(cluster.id, DEMO_COMING)
    listed = client.get(f"/api/v1/meetings/{coming}/files", headers=headers)
    assert listed.status_code == 200
    for file in listed.get_json()["items"]:
        download = client.get(f"/api/v1/files/{file['id']}/content", headers=headers)
        assert download.status_code == 200
        assert download.mimetype == "application/pdf"
        assert hashlib.sha256(download.data).hexdigest() == file["sha256"]


def test_a_database_seeded_before_the_board_gets_it_on_the_next_run(app, seeded):
    """Seeding again adds nothing while the demo cluster has a library or a board; without
    one (a database seeded before they existed), it makes them, the same as a fresh run."""
    with app.app_context():
        before, counts = _board_digest(), _counts()
        assert seed_board() is False
        # The library and the boards, not the expenses' receipts nor the packages' materials.
        db.session.execute(
            File.__table__.delete().where(
                File.expense_id.is_(None), File.package_version_id.is_(None)
            )
        )
        for model in (Post, Folder):
            db.session.execute(model.__table__.delete())
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["seed-demo", "--quiet"])
        assert result.exit_code == 0 and result.output == ""
        assert _board_digest() == before and _counts() == counts
        db.session.remove()


def test_the_catalogue_holds_stop_op_the_well_being_session_and_two_more(client, headers):
    """MidtKraft's "Stop op" with the agenda of DOMAIN.md, KiAP's well-being session and two
    more, each published with a one-page PDF guide; MidtKraft's next draft of "Stop op" is
    not shown to a member."""
    listed = client.get(
        "/api/v1/packages", query_string={"state": "published", "kind": "package"}, headers=headers
    )
    assert listed.status_code == 200
    packages = {item["title"]: item for item in listed.get_json()["items"]}
    assert len(packages) == 4
    assert packages["Stop op"]["unit_name"] == "MidtKraft"
    assert packages["Trivsel i klyngen"]["unit_name"].startswith("KiAP")
    shown = {}
    for title, package in packages.items():
        detail = client.get(f"/api/v1/packages/{package['id']}", headers=headers).get_json()
        version = detail["published_version"]
        assert version["number"] == 1
        assert version["total_minutes"] == detail["estimated_minutes"]
        [guide] = version["materials"]
        assert guide["media_type"] == "application/pdf"
        content = client.get(
            f"/api/v1/packages/{package['id']}/versions/{version['id']}/materials/{guide['id']}",
            headers=headers,
        )
        assert content.status_code == 200 and content.data.startswith(b"%PDF-1.")
        shown[title] = version
    stop_op = shown["Stop op"]
    assert stop_op["total_minutes"] == 195
    assert [item["minutes"] for item in stop_op["items"]] == [10, 30, 5, 45, 40, 20, 35, 10]
    assert [item["slides"] for item in stop_op["items"]] == [
        "1", "2", "3–5", "6", "7", "8", "9–10", "11–16"
    ]  # fmt: skip
    trivsel = shown["Trivsel i klyngen"]
    assert [item["minutes"] for item in trivsel["items"]] == [5, 15, 10, 10, 15, 10, 10]
    versions = client.get(
        f"/api/v1/packages/{packages['Stop op']['id']}/versions", headers=headers
    ).get_json()
    assert [v["number"] for v in versions["items"]] == [1]


def test_demo_accounts_log_in(client, seeded):
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "midtkraft@demo.dk", "password": "demo-kaffe-og-kvalitet"},
    )
    me = client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {login.get_json()['access_token']}"}
    )
    assert [o["code"] for o in me.get_json()["organisations"]] == ["midtkraft"]
    token = client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "plo-economy",
            "client_secret": "demo-plo-secret",
        },
    )
    assert token.get_json()["scope"] == "attendance:read economy:read"


def test_the_catalogue_holds_kiap_s_templates_and_guides(client, headers):
    """KiAP's statutes, agenda and minutes templates and the coordinator's yearly wheel, and
    guides by KiAP and MidtKraft, published with their documents for every member."""
    listed = client.get("/api/v1/packages", query_string={"kind": "template"}, headers=headers)
    templates = {item["title"]: item for item in listed.get_json()["items"]}
    assert set(templates) == {
        "Vedtægter for klynger",
        "Dagsorden for klyngemøde",
        "Beslutningsreferat",
        "Koordinatorens årshjul",
    }
    assert all(
        t["state"] == "published" and t["unit_name"].startswith("KiAP") for t in templates.values()
    )
    listed = client.get("/api/v1/packages", query_string={"kind": "guide"}, headers=headers)
    guides = {item["title"]: item for item in listed.get_json()["items"]}
    assert len(guides) >= 2
    assert guides["Åbne og lukkede data i klyngen"]["unit_name"] == "MidtKraft"
    for item in [*templates.values(), *guides.values()]:
        detail = client.get(f"/api/v1/packages/{item['id']}", headers=headers).get_json()
        version = detail["published_version"]
        assert version["items"] == []
        [material] = version["materials"]
        content = client.get(
            f"/api/v1/packages/{item['id']}/versions/{version['id']}/materials/{material['id']}",
            headers=headers,
        )
        assert content.status_code == 200 and len(content.data) == material["size"]


def test_midtkraft_reviews_demoklyngen_viborg_s_proposal(client, factory, seeded):
    """Demoklyngen Viborg's held meeting, proposed as a package by its coordinator, awaits
    MidtKraft's review: in MidtKraft's queue and on the cluster's list, not in a member's
    catalogue."""
    consultant = db.session.scalar(select(User).where(User.email == "midtkraft@demo.dk"))
    coordinator = db.session.scalar(select(User).where(User.email == "koordinator@demo.dk"))
    queue = client.get(
        "/api/v1/package-proposals",
        query_string={"state": "proposed"},
        headers=factory.auth(consultant),
    )
    assert queue.status_code == 200
    (proposal,) = queue.get_json()["items"]
    assert proposal["cluster_name"] == DEMO_CLUSTER
    assert proposal["unit_name"] == "MidtKraft"
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    assert proposal["meeting_id"] == str(demo_meeting_id(cluster.id, DEMO_HELD))
    detail = client.get(
        f"/api/v1/package-proposals/{proposal['id']}", headers=factory.auth(coordinator)
    ).get_json()
    assert detail["state"] == "proposed"
    assert detail["items"][0]["title"] == "Velkomst"
    assert detail["estimated_minutes"] == sum(item["minutes"] for item in detail["items"])
    assert detail["materials"]
    assert "PDSA" in detail["notes"]
    assert detail["my_permissions"] == {"revise": True, "review": False}


# --- surveys ---------------------------------------------------------------------------------


def _survey(title: str) -> Survey:
    return db.session.scalar(select(Survey).where(Survey.title == title))


def _agree_share(question_id) -> float:
    numbers = db.session.scalars(
        select(SurveyAnswer.number).where(SurveyAnswer.question_id == question_id)
    ).all()
    return sum(n >= 4 for n in numbers) / len(numbers)


def test_kiap_s_member_survey_2023_reproduces_its_figures(seeded, app_ctx):
    """Sent in the autumn of 2023 to every current member doctor, once each and in their
    cluster; 67 % answered; 79 % agree fully or partly that the meetings are satisfying and
    89 % that the topics are relevant."""
    survey = _survey("KiAPs medlemsundersøgelse 2023")
    kiap = db.session.scalar(select(Organisation).where(Organisation.code == "kiap"))
    assert (survey.organisation_id, survey.audience, survey.state) == (kiap.id, "nation", "closed")
    assert survey.anonymous and survey.template_id is not None
    assert survey.sent_at.year == survey.closes_at.year == survey.closed_at.year == 2023
    assert 9 <= survey.sent_at.month <= survey.closed_at.month <= 11
    recipients = db.session.execute(
        select(SurveyRecipient.user_id, SurveyRecipient.cluster_id, SurveyRecipient.answered).where(
            SurveyRecipient.survey_id == survey.id
        )
    ).all()
    doctors = _current_doctors()
    assert {user for _, user in doctors} == {user for user, _, _ in recipients}
    assert len(recipients) == len({user for user, _, _ in recipients}) > 3_300
    assert all((cluster, user) in doctors for user, cluster, _ in recipients)
    assert survey.recipient_count == len(recipients)
    answered = sum(a for _, _, a in recipients)
    responses = db.session.execute(
        select(SurveyResponse.cluster_id).where(SurveyResponse.survey_id == survey.id)
    ).all()
    assert len(responses) == answered == round(0.67 * len(recipients))
    assert round(100 * answered / len(recipients)) == 67
    # The respondents' clusters are the answering recipients' clusters.
    assert Counter(c for (c,) in responses) == Counter(c for _, c, a in recipients if a)
    questions = {
        q.text: q
        for q in db.session.scalars(
            select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id)
        )
    }
    satisfying = questions["Klyngemøderne er tilfredsstillende"]
    relevant = questions["De faglige emner på klyngemøderne er relevante"]
    assert satisfying.kind == relevant.kind == "likert" and satisfying.required
    assert round(100 * _agree_share(satisfying.id)) == 79
    assert round(100 * _agree_share(relevant.id)) == 89
    answers = Counter(
        db.session.scalars(select(SurveyAnswer.question_id).where(SurveyAnswer.number.isnot(None)))
    )
    assert answers[satisfying.id] == answers[relevant.id] == answered
    texts = db.session.scalars(
        select(SurveyAnswer.text).where(
            SurveyAnswer.question_id.in_(q.id for q in questions.values()),
            SurveyAnswer.text.isnot(None),
        )
    ).all()
    assert texts and all(text.strip() for text in texts)


def test_anonymous_responses_name_neither_the_recipient_nor_the_time(seeded, app_ctx):
    anonymous = select(Survey.id).where(Survey.anonymous.is_(True))
    assert db.session.scalar(select(func.count()).select_from(Survey)) == db.session.scalar(
        select(func.count()).select_from(anonymous.subquery())
    )
    named = db.session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .where(
            SurveyResponse.survey_id.in_(anonymous),
            (SurveyResponse.recipient_id.isnot(None)) | (SurveyResponse.submitted_at.isnot(None)),
        )
    )
    assert named == 0
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(SurveyResponse)
            .where(SurveyResponse.cluster_id.is_(None))
        )
        == 0
    )


def test_every_survey_has_as_many_responses_as_answered_recipients(seeded, app_ctx):
    answered = dict(
        db.session.execute(
            select(SurveyRecipient.survey_id, func.count())
            .where(SurveyRecipient.answered.is_(True))
            .group_by(SurveyRecipient.survey_id)
        ).all()
    )
    responses = dict(
        db.session.execute(
            select(SurveyResponse.survey_id, func.count()).group_by(SurveyResponse.survey_id)
        ).all()
    )
    assert answered == responses
    recipients = dict(
        db.session.execute(
            select(SurveyRecipient.survey_id, func.count()).group_by(SurveyRecipient.survey_id)
        ).all()
    )
    assert recipients == dict(db.session.execute(select(Survey.id, Survey.recipient_count)).all())
    # Every answer is to a question of its response's survey, within the question's range.
    stray = db.session.scalar(
        select(func.count())
        .select_from(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyQuestion.survey_id != SurveyResponse.survey_id)
    )
    assert stray == 0
    for kind, number in db.session.execute(
        select(SurveyQuestion.kind, SurveyAnswer.number)
        .join(SurveyAnswer, SurveyAnswer.question_id == SurveyQuestion.id)
        .where(SurveyAnswer.number.isnot(None))
        .distinct()
    ):
        low, high = {"likert": (1, 5), "nps": (0, 10), "number": (1, 8)}.get(kind, (0, 19))
        assert low <= number <= high, (kind, number)


def test_demoklyngen_viborg_evaluates_its_meetings_and_asks_before_the_next(seeded, app_ctx):
    """A closed evaluation after each of its latest held meetings (a trend, made from KiAP's
    evaluation template, copies of its questions), and an open questionnaire before its
    coming "Stop op" meeting that the demo GP has not answered yet."""
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    surveys = db.session.scalars(select(Survey).where(Survey.cluster_id == cluster.id)).all()
    template = db.session.scalar(
        select(SurveyTemplate).where(SurveyTemplate.title == "Evaluering af klyngemødet")
    )
    assert template.organisation.code == "kiap" and template.purpose == "evaluation"
    evaluations = sorted(
        (s for s in surveys if s.purpose == "evaluation"), key=lambda s: s.closes_at
    )
    assert len(evaluations) >= 3
    now = datetime.now(UTC)
    shares = []
    for survey in evaluations:
        assert survey.state == "closed" and survey.audience == "meeting" and survey.anonymous
        assert survey.template_id == template.id and survey.min_responses == 5
        assert survey.organisation_id is None and survey.closed_at <= now
        meeting = db.session.get(Meeting, survey.meeting_id)
        assert meeting.cluster_id == cluster.id and meeting.ends_at < survey.sent_at
        invited = set(
            db.session.scalars(
                select(Invitation.user_id).where(Invitation.meeting_id == meeting.id)
            )
        )
        recipients = db.session.execute(
            select(SurveyRecipient.user_id, SurveyRecipient.answered).where(
                SurveyRecipient.survey_id == survey.id
            )
        ).all()
        assert {user for user, _ in recipients} == invited
        share = sum(a for _, a in recipients) / len(recipients)
        assert 0.58 <= share <= 0.82
        assert [(q.template_question_id, q.text, q.kind, q.required) for q in survey.questions] == [
            (q.id, q.text, q.kind, q.required) for q in template.questions
        ]
        satisfying = survey.questions[0]
        shares.append(_agree_share(satisfying.id))
        texts = db.session.scalars(
            select(SurveyAnswer.text).where(SurveyAnswer.question_id == survey.questions[-1].id)
        ).all()
        assert texts
    assert len(set(shares)) > 1  # the meetings differ a little
    assert demo_meeting_id(cluster.id, DEMO_HELD) in {s.meeting_id for s in evaluations}
    [open_survey] = [s for s in surveys if s.state == "open"]
    coming = db.session.get(Meeting, demo_meeting_id(cluster.id, DEMO_COMING))
    assert open_survey.purpose == "pre_meeting" and open_survey.audience == "cluster"
    assert open_survey.meeting_id == coming.id
    assert now < open_survey.closes_at < coming.starts_at
    assert open_survey.reminder_count == 1 and open_survey.last_reminded_at < now
    kinds = [q.kind for q in open_survey.questions]
    assert {"single_choice", "multiple_choice", "number", "free_text"} <= set(kinds)
    recipients = db.session.execute(
        select(User.email, SurveyRecipient.answered, SurveyRecipient.reminder_count)
        .join(User, User.id == SurveyRecipient.user_id)
        .where(SurveyRecipient.survey_id == open_survey.id)
    ).all()
    assert {user for in_cluster, user in _current_doctors() if in_cluster == cluster.id} == set(
        db.session.scalars(
            select(SurveyRecipient.user_id).where(SurveyRecipient.survey_id == open_survey.id)
        )
    )
    answered = sum(a for _, a, _ in recipients)
    assert 0 < answered < len(recipients)
    assert all(reminders == 1 for _, a, reminders in recipients if not a)
    assert ("medlem@demo.dk", False, 1) in recipients


def test_stop_op_offers_the_evaluation_template(seeded, app_ctx):
    template = db.session.scalar(
        select(SurveyTemplate.id).where(SurveyTemplate.title == "Evaluering af klyngemødet")
    )
    versions = db.session.execute(
        select(PackageVersion.state, PackageVersion.survey_template_id)
        .join(Package, Package.id == PackageVersion.package_id)
        .where(Package.title == "Stop op")
    ).all()
    assert ("published", template) in versions
    assert {t for _, t in versions} == {template}


def test_kiap_has_the_three_national_survey_templates(seeded, app_ctx):
    templates = db.session.scalars(select(SurveyTemplate).order_by(SurveyTemplate.title)).all()
    assert [(t.title, t.purpose, t.organisation.code) for t in templates] == [
        ("Evaluering af klyngemødet", "evaluation", "kiap"),
        ("Før mødet", "pre_meeting", "kiap"),
        ("KiAPs medlemsundersøgelse", "member", "kiap"),
    ]
    evaluation = templates[0]
    assert [q.kind for q in evaluation.questions] == ["likert"] * 4 + ["nps", "free_text"]
    assert all(q.required for q in evaluation.questions[:4])
    for template in templates:
        for question in template.questions:
            choice = question.kind in ("single_choice", "multiple_choice")
            assert (len(question.options) >= 2) == choice


def test_the_demo_prints_a_link_to_answer_the_open_questionnaire(seeded, app, app_ctx):
    [line] = [line for line in seeded.fresh_run_output.splitlines() if "/svar/" in line]
    token = line.rsplit("/svar/", 1)[1]
    assert line.startswith("Besvar et spørgeskema")
    assert line.split(": ", 1)[1].startswith(app.config["WEB_APP_URL"].rstrip("/"))
    recipient = db.session.scalar(
        select(SurveyRecipient).where(
            SurveyRecipient.token_hash == hashlib.sha256(token.encode()).hexdigest()
        )
    )
    assert recipient.user.email == "medlem@demo.dk" and not recipient.answered
    survey = db.session.get(Survey, recipient.survey_id)
    assert survey.state == "open" and survey.purpose == "pre_meeting"
