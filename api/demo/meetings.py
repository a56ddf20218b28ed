"""Five years of meeting history for the demo landscape, and the demo cluster's meetings.

Every cluster meets 2-4 times a year (seed 004); 83 % of the meetings held are after-work
meetings (fyraftensmøder), the rest daytime, residential or virtual. Every current doctor of the
cluster is invited; most answer, and attendance follows the answers, so PLO's feed has about
10,000 rows a year. Past meetings are closed and their attendance final; this year's coming
meetings are planned, with the answers given so far.

"Demoklyngen Viborg" also has, for the demo people: a planned coming meeting with the agenda of
the "Stop op" package, a held meeting with minutes, decisions and open follow-up actions, and a
draft.

Generation is seeded and reproducible for a given day; rows are inserted in bulk in the
caller's transaction (bypassing the audit log, like the rest of the demo landscape). The history
is made once: if the demo cluster has meetings, nothing is added.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, select

from api.core.extensions import db
from api.demo.landscape import DEMO_CLUSTER, derived_id
from api.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    FollowUpAction,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingKind,
    MeetingState,
    Member,
    SubCluster,
    User,
)
from api.services.meetings.ical import meeting_uid

SEED = 20251024
HISTORY_YEARS = 5
AFTER_WORK_SHARE = 0.83
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
# Months clusters meet in (not in the summer holidays, nor in December's rush).
MEETING_MONTHS = [2, 3, 4, 5, 6, 9, 10, 11]
# Days after a meeting its attendance is closed (final) by the coordinator.
CLOSED_AFTER = timedelta(days=3)

TOPICS = [
    "Antibiotika ved urinvejsinfektioner",
    "Type 2-diabetes: data og opfølgning",
    "KOL og inhalationsteknik",
    "Polyfarmaci hos ældre",
    "Demens i almen praksis",
    "Trivsel i almen praksis",
    "Depression og angst",
    "Kronisk smerte og opioider",
    "Hjertesvigt i almen praksis",
    "Forløbsplaner for kronikere",
    "Henvisninger: hvad viser vores data?",
    "Sårbare gravide",
    "Børn med feber",
    "Stop op – hvad vil vi med klyngen?",
    "Kvalitetsarbejde med PDSA",
]

KIND_TIMES: dict[MeetingKind, tuple[time, time]] = {
    MeetingKind.after_work: (time(16, 30), time(19, 30)),
    MeetingKind.daytime: (time(9, 0), time(15, 0)),
    MeetingKind.virtual: (time(19, 30), time(21, 0)),
    # A residential meeting runs from Friday morning to Saturday afternoon.
    MeetingKind.residential: (time(10, 0), time(14, 0)),
}
OTHER_KINDS = [MeetingKind.daytime, MeetingKind.residential, MeetingKind.virtual]

# (answer, probability) for a held meeting and a coming one.
HELD_ANSWERS = [
    (InvitationAnswer.accepted, 0.72),
    (InvitationAnswer.declined, 0.14),
    (InvitationAnswer.tentative, 0.06),
    (InvitationAnswer.invited, 0.08),
]
COMING_ANSWERS = [
    (InvitationAnswer.accepted, 0.45),
    (InvitationAnswer.declined, 0.07),
    (InvitationAnswer.tentative, 0.06),
    (InvitationAnswer.invited, 0.42),
]
# Chance of attending, by answer.
ATTENDS = {
    InvitationAnswer.accepted: 0.93,
    InvitationAnswer.tentative: 0.5,
    InvitationAnswer.declined: 0.03,
    InvitationAnswer.invited: 0.25,
}

# The "Stop op" package (seed 001): (title, minutes, slides).
STOP_OP_AGENDA = [
    ("Ankomst og velkomst", 10, "1"),
    ("Tilbageblik: hvad har klyngen lavet indtil nu?", 30, "2"),
    ("Hvad er klyngerne til for? OK18, formål, vedtægter og lidt om data", 5, "3–5"),
    ("Hvad er kvalitet i klyngearbejdet for os?", 45, "6"),
    ("Hvilken mødestruktur vil vi have næste år?", 40, "7"),
    ("Data: åbne eller lukkede?", 20, "8"),
    ("Hvilke emner og pakker næste år?", 35, "9–10"),
    ("Hvilke spørgsmål stiller vi os selv efter hvert møde?", 10, "11–16"),
]
# The demo cluster's held meeting (with minutes) and coming one, by their keys.
DEMO_HELD = ("demo", "held")
DEMO_COMING = ("demo", "coming")
DEMO_HELD_TITLE = "Antibiotika ved urinvejsinfektioner – hvad viser vores data?"
DEMO_HELD_MINUTES = (
    "Klyngen gennemgik datavisningen for antibiotika ved urinvejsinfektion pr. "
    "klinik. Flere klinikker lå over landsgennemsnittet i 2023, men alle er faldet "
    "i 2024. Drøftelse af urinstiks, dyrkning og telefonkonsultationer."
)
DEMO_HELD_DECISIONS = (
    "Hver klinik laver en PDSA på dyrkning før behandling.\nData følges op på mødet til foråret."
)
# The guest speaker who presents the data at the held meeting (paid a fee by the hour).
DEMO_HELD_SPEAKER = "Overlæge Jens Holm, Klinisk Mikrobiologi"
# The well-being session (seed 003).
WELL_BEING_AGENDA = [
    ("Introduktion", 5),
    ("Hvad er trivsel for dig?", 15),
    ("Hvad siger medlemmerne?", 10),
    ("Teori om trivsel", 10),
    ("Gruppearbejde", 15),
    ("Plenum", 10),
    ("Afrunding", 10),
]


@dataclass
class ClusterFacts:
    id: uuid.UUID
    name: str
    coordinator: uuid.UUID | None
    # (user id, clinic id) of each current doctor, one clinic per person, by e-mail.
    doctors: list[tuple[uuid.UUID, uuid.UUID]]
    # (name, address) of the cluster's clinics, where meetings take place.
    places: list[tuple[str, str]]
    sub_clusters: list[uuid.UUID]


@dataclass
class MeetingRows:
    meetings: list[dict[str, Any]] = field(default_factory=list)
    agenda_items: list[dict[str, Any]] = field(default_factory=list)
    invitations: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)

    def by_model(self) -> list[tuple[type, list[dict[str, Any]]]]:
        return [
            (Meeting, self.meetings),
            (AgendaItem, self.agenda_items),
            (Invitation, self.invitations),
            (Attendance, self.attendance),
            (FollowUpAction, self.actions),
        ]


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=DANISH_TIME).astimezone(UTC)


def _weekday_in(rng: random.Random, year: int, month: int, weekdays: tuple[int, ...]) -> date:
    days = [
        date(year, month, d) for d in range(1, 29) if date(year, month, d).weekday() in weekdays
    ]
    return rng.choice(days)


def _choose(rng: random.Random, weighted: list[tuple[InvitationAnswer, float]]) -> InvitationAnswer:
    roll = rng.random()
    for answer, chance in weighted:
        if roll < chance:
            return answer
        roll -= chance
    return weighted[-1][0]


@dataclass
class _Slot:
    cluster: ClusterFacts
    year: int
    index: int
    month: int


class _Generator:
    def __init__(self, clusters: list[ClusterFacts], now: datetime) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
        self.clusters = clusters
        self.now = now
        self.rows = MeetingRows()
        self.this_year = now.astimezone(DANISH_TIME).year
        # Made-at times hang on the day, not the instant, so a day's runs build the same rows.
        self.stamp = datetime.combine(
            now.astimezone(DANISH_TIME).date(), time(6, 0), tzinfo=DANISH_TIME
        ).astimezone(UTC)

    def build(self) -> MeetingRows:
        slots = self._slots()
        kinds = self._kinds(slots)
        for slot, kind in zip(slots, kinds, strict=True):
            self._history_meeting(slot, kind)
        demo = next((c for c in self.clusters if c.name == DEMO_CLUSTER), None)
        if demo is not None:
            self._demo_meetings(demo)
        return self.rows

    def _slots(self) -> list[_Slot]:
        slots = []
        for cluster in self.clusters:
            for year in range(self.this_year - HISTORY_YEARS, self.this_year + 1):
                count = self.rng.choice((2, 3, 3, 4))
                months = sorted(self.rng.sample(MEETING_MONTHS, count))
                for index, month in enumerate(months):
                    slot = _Slot(cluster, year, index, month)
                    # The demo cluster's coming meetings this year are made by hand.
                    if (
                        cluster.name == DEMO_CLUSTER
                        and year == self.this_year
                        and (month >= self.now.astimezone(DANISH_TIME).month)
                    ):
                        continue
                    slots.append(slot)
        return slots

    def _kinds(self, slots: list[_Slot]) -> list[MeetingKind]:
        """After-work meetings are exactly 83 % of those in the complete years, and about 83 %
        of this year's."""
        kinds: list[MeetingKind] = [MeetingKind.after_work] * len(slots)
        complete = [i for i, slot in enumerate(slots) if slot.year < self.this_year]
        others = len(complete) - round(len(complete) * AFTER_WORK_SHARE)
        for i in self.rng.sample(complete, others):
            kinds[i] = self.rng.choice(OTHER_KINDS)
        for i, slot in enumerate(slots):
            if slot.year == self.this_year and self.rng.random() > AFTER_WORK_SHARE:
                kinds[i] = self.rng.choice(OTHER_KINDS)
        return kinds

    def _times(self, slot: _Slot, kind: MeetingKind) -> tuple[datetime, datetime]:
        start_at, end_at = KIND_TIMES[kind]
        if kind is MeetingKind.residential:
            day = _weekday_in(self.rng, slot.year, slot.month, (4,))
            return _local(day, start_at), _local(day + timedelta(days=1), end_at)
        day = _weekday_in(self.rng, slot.year, slot.month, (1, 2, 3))
        return _local(day, start_at), _local(day, end_at)

    def _meeting_row(
        self,
        cluster: ClusterFacts,
        key: tuple[object, ...],
        title: str,
        kind: MeetingKind,
        starts_at: datetime,
        ends_at: datetime,
        *,
        state: MeetingState = MeetingState.planned,
        responsible_sub_cluster: uuid.UUID | None = None,
        description: str = "",
        minutes: str = "",
        decisions: str = "",
    ) -> dict[str, Any]:
        meeting_id = derived_id("meeting", cluster.id, *key)
        created_at = min(starts_at - timedelta(days=42), self.stamp)
        closed_at = ends_at + CLOSED_AFTER
        closed = state is MeetingState.planned and closed_at <= self.now
        place_name, place_address = self.rng.choice(cluster.places)
        virtual = kind is MeetingKind.virtual
        row = {
            "id": meeting_id,
            "cluster_id": cluster.id,
            "title": title,
            "description": description,
            "kind": kind,
            "state": state,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "time_zone": "Europe/Copenhagen",
            "place_name": None if virtual else place_name,
            "place_address": None if virtual else place_address,
            "video_url": f"https://video.klyngeplatformen.dk/{meeting_id.hex[:10]}"
            if virtual
            else None,
            "rsvp_by": starts_at - timedelta(days=7),
            "responsible_user_id": None if responsible_sub_cluster else cluster.coordinator,
            "responsible_sub_cluster_id": responsible_sub_cluster,
            "responsible_clinic_id": None,
            "minutes": minutes,
            "decisions": decisions,
            "ical_uid": meeting_uid(meeting_id),
            "sequence": 0,
            "cancelled_at": None,
            "closed_at": closed_at if closed else None,
            "closed_by_id": cluster.coordinator if closed else None,
            "created_by_id": cluster.coordinator,
            "created_at": created_at,
            "updated_at": closed_at if closed else created_at,
            "version": 1,
        }
        self.rows.meetings.append(row)
        return row

    def _history_meeting(self, slot: _Slot, kind: MeetingKind) -> None:
        cluster = slot.cluster
        if cluster.coordinator is None or not cluster.doctors:
            return
        starts_at, ends_at = self._times(slot, kind)
        # Sub-clusters take turns arranging every other meeting.
        sub = None
        if cluster.sub_clusters and slot.index % 2 == 1:
            sub = cluster.sub_clusters[(slot.year + slot.index) % len(cluster.sub_clusters)]
        title = self.rng.choice(TOPICS)
        held = ends_at <= self.now
        meeting = self._meeting_row(
            cluster,
            (slot.year, slot.index),
            title,
            kind,
            starts_at,
            ends_at,
            responsible_sub_cluster=sub,
            minutes=f"Referat af klyngemødet om {title.lower()}." if held else "",
        )
        self._invite(meeting, cluster, held)

    def _invite(self, meeting: dict[str, Any], cluster: ClusterFacts, held: bool) -> None:
        rng = self.rng
        starts_at: datetime = meeting["starts_at"]
        invited_at: datetime = meeting["created_at"] + timedelta(days=1)
        rsvp_by: datetime = meeting["rsvp_by"]
        for user_id, clinic_id in cluster.doctors:
            answer = _choose(rng, HELD_ANSWERS if held else COMING_ANSWERS)
            answered_at = None
            if answer is not InvitationAnswer.invited:
                latest = min(starts_at, self.now)
                span = max(1, int((latest - invited_at).total_seconds() // 3600))
                answered_at = invited_at + timedelta(hours=rng.randrange(1, span + 1))
            reminded = answer is InvitationAnswer.invited and rsvp_by - timedelta(days=2) < self.now
            reminded_at = rsvp_by - timedelta(days=2) if reminded else None
            self.rows.invitations.append(
                {
                    "id": derived_id("invitation", meeting["id"], user_id),
                    "meeting_id": meeting["id"],
                    "user_id": user_id,
                    "clinic_id": clinic_id,
                    "answer": answer,
                    "answered_at": answered_at,
                    "reminder_count": 1 if reminded else 0,
                    "last_reminded_at": reminded_at,
                    "invited_by_id": cluster.coordinator,
                    "created_at": invited_at,
                    "updated_at": answered_at or reminded_at or invited_at,
                }
            )
            if held:
                registered_at = starts_at + timedelta(minutes=rng.randrange(0, 20))
                closed_at = meeting["closed_at"]
                self.rows.attendance.append(
                    {
                        "id": derived_id("attendance", meeting["id"], user_id),
                        "meeting_id": meeting["id"],
                        "user_id": user_id,
                        "clinic_id": clinic_id,
                        "attended": rng.random() < ATTENDS[answer],
                        "registered_by_id": cluster.coordinator,
                        "registered_at": registered_at,
                        "finalised_at": closed_at,
                        "correction_reason": None,
                        "deleted_at": None,
                        "created_at": registered_at,
                        "updated_at": closed_at or registered_at,
                    }
                )

    # --- the demo cluster ------------------------------------------------------------------

    def _demo_meetings(self, cluster: ClusterFacts) -> None:
        if cluster.coordinator is None:
            return
        today = self.now.astimezone(DANISH_TIME).date()
        self._demo_held(cluster, today)
        self._demo_coming(cluster, today)
        self._demo_draft(cluster, today)

    def _demo_held(self, cluster: ClusterFacts, today: date) -> None:
        day = today - timedelta(days=45)
        while day.weekday() != 2:
            day -= timedelta(days=1)
        meeting = self._meeting_row(
            cluster,
            DEMO_HELD,
            DEMO_HELD_TITLE,
            MeetingKind.after_work,
            _local(day, time(16, 30)),
            _local(day, time(19, 30)),
            description=(
                "Vi ser på klinikkernes ordinationer 2023 mod 2024 og på landsgennemsnittet."
            ),
            minutes=DEMO_HELD_MINUTES,
            decisions=DEMO_HELD_DECISIONS,
        )
        self._invite(meeting, cluster, held=True)
        self._agenda(
            meeting["id"],
            [
                ("Velkomst", 10, None),
                ("Klinikkernes data 2023 mod 2024", 40, "Datavisning"),
                ("Hvad gør vi forskelligt?", 45, None),
                ("Aftaler og PDSA", 25, None),
            ],
            speakers={"Klinikkernes data 2023 mod 2024": DEMO_HELD_SPEAKER},
        )
        clinics = list(dict.fromkeys(clinic for _, clinic in cluster.doctors))
        actions = [
            ("PDSA: dyrkning før behandling", clinics[0], 30, ActionStatus.open),
            (
                "Gennemgå telefonkonsultationer med urinvejssymptomer",
                clinics[1],
                60,
                ActionStatus.open,
            ),
            ("Del klinikkens instruks om urinstiks", clinics[2], 14, ActionStatus.done),
        ]
        for index, (title_, clinic_id, due, status) in enumerate(actions):
            done = status is ActionStatus.done
            self.rows.actions.append(
                {
                    "id": derived_id("action", meeting["id"], index),
                    "meeting_id": meeting["id"],
                    "cluster_id": cluster.id,
                    "title": title_,
                    "description": "",
                    "clinic_id": clinic_id,
                    "due_on": day + timedelta(days=due),
                    "status": status,
                    "completed_at": meeting["ends_at"] + timedelta(days=10) if done else None,
                    "created_at": meeting["ends_at"],
                    "updated_at": meeting["ends_at"],
                    "version": 1,
                }
            )

    def _demo_coming(self, cluster: ClusterFacts, today: date) -> None:
        day = today + timedelta(days=10)
        while day.weekday() != 3:
            day += timedelta(days=1)
        minutes = sum(item[1] for item in STOP_OP_AGENDA)
        starts_at = _local(day, time(16, 30))
        meeting = self._meeting_row(
            cluster,
            DEMO_COMING,
            "Stop op – hvad vil vi med klyngen?",
            MeetingKind.after_work,
            starts_at,
            starts_at + timedelta(minutes=minutes + 15),
            description=(
                "Klyngepakken »Stop op«: vi ser tilbage, taler om kvalitet og beslutter "
                "mødestruktur, data og emner for næste år."
            ),
        )
        self._invite(meeting, cluster, held=False)
        self._agenda(meeting["id"], STOP_OP_AGENDA)

    def _demo_draft(self, cluster: ClusterFacts, today: date) -> None:
        day = today + timedelta(days=80)
        while day.weekday() != 2:
            day += timedelta(days=1)
        meeting = self._meeting_row(
            cluster,
            ("demo", "draft"),
            "Trivsel i klyngen",
            MeetingKind.after_work,
            _local(day, time(17, 0)),
            _local(day, time(18, 30)),
            state=MeetingState.draft,
        )
        self._agenda(
            meeting["id"], [(title, minutes, None) for title, minutes in WELL_BEING_AGENDA]
        )

    def _agenda(
        self,
        meeting_id: uuid.UUID,
        items: list[tuple[str, int, str | None]],
        speakers: dict[str, str] | None = None,
    ) -> None:
        """The meeting's agenda; `speakers` names the guest speaker of an item by its title."""
        for position, (title, minutes, slides) in enumerate(items):
            self.rows.agenda_items.append(
                {
                    "id": derived_id("agenda-item", meeting_id, position),
                    "meeting_id": meeting_id,
                    "position": position,
                    "title": title,
                    "duration_minutes": minutes,
                    "description": "",
                    "slide_reference": f"Slide {slides}" if slides else None,
                    "responsible_user_id": None,
                    "responsible_name": (speakers or {}).get(title),
                    "created_at": self.stamp,
                    "updated_at": self.stamp,
                }
            )


def demo_meeting_id(cluster_id: uuid.UUID, key: tuple[str, str]) -> uuid.UUID:
    """The id of one of the demo cluster's meetings (`DEMO_HELD`, `DEMO_COMING`)."""
    return derived_id("meeting", cluster_id, *key)


def cluster_facts() -> list[ClusterFacts]:
    """Each cluster with its coordinator, current doctors, clinics and sub-clusters."""
    clusters = db.session.execute(select(Cluster.id, Cluster.name).order_by(Cluster.name)).all()
    coordinators = dict(
        db.session.execute(
            select(ClusterRole.cluster_id, ClusterRole.user_id).where(
                ClusterRole.role == ClusterRoleKind.coordinator, ClusterRole.valid_to.is_(None)
            )
        ).all()
    )
    period = ClinicClusterPeriod
    doctors: dict[uuid.UUID, dict[uuid.UUID, uuid.UUID]] = defaultdict(dict)
    places: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    for cluster_id, name, address in db.session.execute(
        select(period.cluster_id, Clinic.name, Clinic.address)
        .join(Clinic, Clinic.id == period.clinic_id)
        .where(period.valid_to.is_(None))
        .order_by(Clinic.name, Clinic.id)
    ):
        places[cluster_id].append((name, address))
    # Ordered by e-mail, not id: the demo accounts' ids differ between databases, and the
    # order decides who gets which random answer.
    for cluster_id, user_id, clinic_id in db.session.execute(
        select(period.cluster_id, Member.user_id, Member.clinic_id)
        .join(Member, and_(Member.clinic_id == period.clinic_id, Member.valid_to.is_(None)))
        .join(User, User.id == Member.user_id)
        .join(Clinic, Clinic.id == Member.clinic_id)
        .where(period.valid_to.is_(None))
        .order_by(User.email, Clinic.provider_number)
    ):
        doctors[cluster_id].setdefault(user_id, clinic_id)
    subs: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for cluster_id, sub_id in db.session.execute(
        select(SubCluster.cluster_id, SubCluster.id).order_by(SubCluster.name, SubCluster.id)
    ):
        subs[cluster_id].append(sub_id)
    return [
        ClusterFacts(
            id=cluster_id,
            name=name,
            coordinator=coordinators.get(cluster_id),
            doctors=list(doctors[cluster_id].items()),
            places=places[cluster_id] or [("Klyngens mødelokale", "")],
            sub_clusters=subs[cluster_id],
        )
        for cluster_id, name in clusters
    ]


def generate_meetings(clusters: list[ClusterFacts], now: datetime) -> MeetingRows:
    """Every meeting row of the demo (without touching the database)."""
    return _Generator(clusters, now).build()


def seed_meetings(now: datetime | None = None) -> bool:
    """Insert the meeting history unless the demo cluster has meetings. True when inserted."""
    demo_cluster = db.session.scalar(select(Cluster.id).where(Cluster.name == DEMO_CLUSTER))
    if demo_cluster is None:
        return False
    if db.session.scalar(select(Meeting.id).where(Meeting.cluster_id == demo_cluster).limit(1)):
        return False
    rows = generate_meetings(cluster_facts(), now or datetime.now(UTC))
    for model, model_rows in rows.by_model():
        if model_rows:
            db.session.execute(insert(model).execution_options(render_nulls=True), model_rows)
    return True
