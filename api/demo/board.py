"""The demo's file libraries and notice boards ("opslag"): what every cluster of the demo
landscape has shared, and what its members have written to one another.

Every cluster's library has folders (minutes by year, slides, data, and some of statutes,
templates and packages) with files in them: minutes of its held meetings, slides of some of
its topics, data extracts. Its notice board has a pinned welcome from the coordinator and a
few threads with replies by its doctors, spread over the last months: meeting practicalities,
a question about the cluster's data, a guideline shared, topics for next year, PDSA
experiences, the treasurer on receipts.

"Demoklyngen Viborg" has more, for the demo people: files on its held meeting (slides and
data) and its coming one (the agenda and slides of the "Stop op" package), a thread on the
coming meeting's board with replies, minutes attached to a post, and posts by the demo
accounts (the coordinator, the member, the treasurer and the secretary) so that whoever logs
in sees their own.

The files' content is a handful of documents (`api.demo.documents`), each stored
once whatever number of clusters shares it, through the files service (`keep_contents`):
in storage, with its row in `stored_blobs`, as an upload would be. Like the rest of the demo,
generation is seeded and reproducible for a given day (times hang on the day, not the
instant), the rows are inserted in bulk in the caller's transaction without the audit log,
and it happens once: if the demo cluster has folders, files or posts, nothing is added.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, insert, select

from api.core.danish_dates import MONTHS, clock, long_day, span
from api.core.extensions import db
from api.core.markdown import render_markdown
from api.demo import documents
from api.demo.documents import Document
from api.demo.landscape import DEMO_CLUSTER, DEMO_DOCTORS, derived_id
from api.demo.meetings import (
    DEMO_COMING,
    DEMO_HELD,
    ClusterFacts,
    cluster_facts,
    demo_meeting_id,
)
from api.models import (
    AttachmentKind,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    File,
    Folder,
    Meeting,
    MeetingKind,
    MeetingState,
    Post,
    Region,
    User,
)
from api.services.files.library import Content, Target, keep_contents, library_key
from api.services.files.uploads import numbered, safe_name

SEED = 20251124
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
# The years of minutes in a library: this year's and last year's.
MINUTES_YEARS = 2
# Days a thread's replies come within, at most; threads are at least this old.
REPLY_DAYS = 4
# The regional quality unit of each region (the clusters' consultants).
REGIONAL_UNITS = {
    "hovedstaden": "KAP-H",
    "sjaelland": "KAP-S",
    "syddanmark": "SydKIP",
    "midtjylland": "MidtKraft",
    "nordjylland": "Nord-KAP",
}
KIAP_TASKS = "https://kiap.dk/kiap/klynge/klyngekoordinator/hjaelp/opgaveliste.php"
DSAM_GUIDELINES = "https://www.dsam.dk/vejledninger"
DSAM_UTI = (
    "https://www.dsam.dk/vejledninger/urinvejsinfektioner/urinvejsinfektioner-i-almen-praksis"
)
# Indicators a doctor may ask about: (in a title, in a sentence).
INDICATORS = [
    ("antibiotika ved UVI", "antibiotika ved urinvejsinfektion"),
    ("årskontrol ved diabetes", "årskontrol hos patienter med type 2-diabetes"),
    ("spirometri ved KOL", "spirometri hos patienter med KOL"),
    ("opioider", "langvarig opioidbehandling"),
    ("henvisninger", "henvisninger til billeddiagnostik"),
]
# The demo accounts that are doctors of the demo cluster (its coordinator, member, treasurer
# and secretary).
DEMO_ACCOUNTS = tuple(email for email, _, _ in DEMO_DOCTORS)


@dataclass(frozen=True)
class MeetingFacts:
    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    kind: MeetingKind
    place_name: str | None
    time_zone: str


@dataclass
class BoardCluster:
    facts: ClusterFacts
    unit: str
    secretary: uuid.UUID | None
    treasurer: uuid.UUID | None
    # Planned meetings held (ended a day before the board's day), oldest first, and the next.
    held: list[MeetingFacts]
    coming: MeetingFacts | None

    @property
    def id(self) -> uuid.UUID:
        return self.facts.id

    @property
    def coordinator(self) -> uuid.UUID:
        assert self.facts.coordinator is not None
        return self.facts.coordinator

    @property
    def doctors(self) -> list[uuid.UUID]:
        return [user_id for user_id, _ in self.facts.doctors]


@dataclass
class BoardRows:
    contents: dict[str, Content] = field(default_factory=dict)
    folders: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    threads: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)

    def by_model(self) -> list[tuple[type, list[dict[str, Any]]]]:
        """In the order the foreign keys need: folders before the folders and files in
        them, threads before their replies, posts before their files."""
        return [
            (Folder, sorted(self.folders, key=lambda row: row["_depth"])),
            (Post, self.threads),
            (Post, self.replies),
            (File, self.files),
        ]


@dataclass(frozen=True)
class People:
    """Who is who on a board: names (for greetings) and the demo accounts' ids."""

    names: dict[uuid.UUID, str]
    demo: dict[str, uuid.UUID]

    def first_name(self, user_id: uuid.UUID) -> str:
        return self.names.get(user_id, "").split(" ")[0]


def _file_title(title: str) -> str:
    """A meeting title as part of a file name (no colon, no question mark)."""
    return title.replace(": ", " – ").replace(":", "").replace("?", "").strip()


class _Generator:
    def __init__(self, clusters: list[BoardCluster], people: People, now: datetime) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
        self.clusters = clusters
        self.people = people
        self.rows = BoardRows()
        # The board's day: everything shared or written happened before today began.
        self.today = now.astimezone(DANISH_TIME).date()
        self.day_start = datetime.combine(self.today, time(0, 0), tzinfo=DANISH_TIME).astimezone(
            UTC
        )
        self.html: dict[str, str] = {}
        self.folder_rows: dict[uuid.UUID, dict[str, Any]] = {}
        self.names_taken: dict[str, set[str]] = defaultdict(set)

    def build(self) -> BoardRows:
        for cluster in self.clusters:
            demo = cluster.facts.name == DEMO_CLUSTER
            self._library(cluster, demo)
            if demo:
                self._demo_meeting_files(cluster)
                self._demo_board(cluster)
            else:
                self._board(cluster)
        for row in self.rows.folders:
            row["updated_at"] = row["created_at"]
        return self.rows

    # --- time ----------------------------------------------------------------------------

    def _moment(self, day: date) -> datetime:
        """A time of day someone in general practice writes: early, at lunch or at night."""
        hour = self.rng.choice((7, 8, 12, 12, 13, 15, 16, 20, 21, 21, 22))
        at = time(hour, self.rng.randrange(60))
        return datetime.combine(day, at, tzinfo=DANISH_TIME).astimezone(UTC)

    def _days_ago(self, low: int, high: int) -> datetime:
        return self._moment(self.today - timedelta(days=self.rng.randint(low, high)))

    def _before_today(self, at: datetime) -> datetime:
        """`at`, or yesterday evening if that is earlier."""
        return min(at, self.day_start - timedelta(minutes=self.rng.randrange(60, 240)))

    def _awake(self, at: datetime) -> datetime:
        """`at`, or the next morning if it is in the night."""
        local = at.astimezone(DANISH_TIME)
        if 7 <= local.hour < 23:
            return at
        day = local.date() + timedelta(days=1) if local.hour >= 23 else local.date()
        morning = time(7, self.rng.randrange(60))
        return datetime.combine(day, morning, tzinfo=DANISH_TIME).astimezone(UTC)

    def _after(self, start: datetime, low_hours: float, high_hours: float) -> datetime:
        """A waking moment some hours after `start`, before the board's day."""
        later = start + timedelta(
            minutes=self.rng.randint(int(low_hours * 60), int(high_hours * 60))
        )
        return max(start + timedelta(minutes=1), self._before_today(self._awake(later)))

    # --- the library ---------------------------------------------------------------------

    def _folder(self, cluster: BoardCluster, path: tuple[str, ...], by: uuid.UUID) -> uuid.UUID:
        folder_id = derived_id("folder", cluster.id, *path)
        if folder_id in self.folder_rows:
            return folder_id
        parent_id = self._folder(cluster, path[:-1], by) if len(path) > 1 else None
        row = {
            "id": folder_id,
            "cluster_id": cluster.id,
            "parent_id": parent_id,
            "name": safe_name(path[-1], typed=True),
            "placement_key": library_key(cluster.id, parent_id),
            "created_by_id": by,
            # Moved back to just before the first file put in it (`_put`).
            "created_at": self.day_start - timedelta(days=1),
            "updated_at": None,
            "version": 1,
            "_depth": len(path),
        }
        self.folder_rows[folder_id] = row
        self.rows.folders.append(row)
        return folder_id

    def _put(
        self,
        target: Target,
        document: Document,
        by: uuid.UUID,
        at: datetime,
        name: str | None = None,
    ) -> dict[str, Any]:
        """A file with `document`'s content at `target`, its name numbered if taken there."""
        wanted = safe_name(name or document.name)
        taken = self.names_taken[target.key]
        name = next(
            numbered(wanted, n)
            for n in range(1, len(taken) + 2)
            if numbered(wanted, n) not in taken
        )
        taken.add(name)
        content = document.content
        self.rows.contents[content.sha256] = content
        row = {
            "id": derived_id("file", target.key, name),
            "cluster_id": target.cluster_id,
            "attached_to": target.kind,
            "attachment_key": target.key,
            "folder_id": target.folder_id,
            "meeting_id": target.meeting_id,
            "post_id": target.post_id,
            "name": name,
            "media_type": content.media_type,
            "size": content.size,
            "sha256": content.sha256,
            "uploaded_by_id": by,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
        self.rows.files.append(row)
        folder_id = target.folder_id
        while folder_id is not None:
            folder = self.folder_rows[folder_id]
            folder["created_at"] = min(folder["created_at"], at - timedelta(minutes=5))
            folder_id = folder["parent_id"]
        return row

    def _in_folder(
        self,
        cluster: BoardCluster,
        path: tuple[str, ...],
        document: Document,
        by: uuid.UUID,
        at: datetime,
        name: str | None = None,
    ) -> None:
        folder_id = self._folder(cluster, path, by)
        target = Target(cluster.id, AttachmentKind.library, folder_id=folder_id)
        self._put(target, document, by, at, name)

    def _library(self, cluster: BoardCluster, demo: bool) -> None:
        rng = self.rng
        coordinator = cluster.coordinator
        scribe = cluster.secretary or coordinator
        minutes_folder = rng.choice(("Referater", "Referater", "Mødereferater"))
        slides_folder = rng.choice(("Oplæg og slides", "Slides fra møderne", "Præsentationer"))
        data_folder = rng.choice(("Kvalitetsdata", "Data", "Datatræk"))
        first_year = self.today.year - MINUTES_YEARS + 1
        recent = [m for m in cluster.held if m.starts_at.astimezone(DANISH_TIME).year >= first_year]

        for meeting in recent:
            local = meeting.starts_at.astimezone(DANISH_TIME)
            at = self._after(meeting.ends_at, 20, 96)
            if demo and meeting.id == demo_meeting_id(cluster.id, DEMO_HELD):
                document = documents.demo_minutes()
                title = "Antibiotika ved urinvejsinfektioner"
            else:
                document = documents.meeting_minutes(meeting.title)
                title = meeting.title
            extension = document.name.rsplit(".", 1)[1]
            name = f"{local.date().isoformat()} Referat – {_file_title(title)}.{extension}"
            self._in_folder(cluster, (minutes_folder, str(local.year)), document, scribe, at, name)

        slide_meetings = [m for m in recent if m.title in documents.SLIDE_TOPICS]
        for meeting in slide_meetings:
            local = meeting.starts_at.astimezone(DANISH_TIME)
            name = f"{_file_title(meeting.title)} ({MONTHS[local.month - 1]} {local.year}).pdf"
            at = self._after(meeting.ends_at, 2, 30)
            by = rng.choice((coordinator, rng.choice(cluster.doctors)))
            self._in_folder(
                cluster, (slides_folder,), documents.topic_slides(meeting.title), by, at, name
            )
        if not slide_meetings or demo:
            topic = rng.choice(documents.SLIDE_TOPICS)
            at = self._days_ago(30, 300)
            self._in_folder(
                cluster, (slides_folder,), documents.topic_slides(topic), coordinator, at
            )

        variant = rng.randrange(documents.UTI_DATA_VARIANTS)
        at = self._days_ago(40, 330)
        self._in_folder(cluster, (data_folder,), documents.uti_data(variant), coordinator, at)
        if demo or rng.random() < 0.5:
            at = self._days_ago(20, 200)
            self._in_folder(cluster, (data_folder,), documents.diabetes_data(), coordinator, at)

        if demo or rng.random() < 0.6:
            at = self._days_ago(200, 700)
            self._in_folder(
                cluster, ("Vedtægter og aftaler",), documents.statutes(), coordinator, at
            )
        if demo or rng.random() < 0.5:
            for document in (documents.minutes_template(), documents.pdsa_guide()):
                at = self._days_ago(60, 500)
                self._in_folder(cluster, ("Skabeloner",), document, scribe, at)
        # No folder of cluster packages: the catalogue keeps them, one copy for every cluster.
        if demo or rng.random() < 0.5:
            at = self._days_ago(100, 400)
            root = Target(cluster.id, AttachmentKind.library)
            self._put(root, documents.practical_information(), coordinator, at)

    @staticmethod
    def _demo_meetings(cluster: BoardCluster) -> tuple[MeetingFacts | None, MeetingFacts | None]:
        """The demo cluster's held meeting (with minutes) and its coming one, if they are
        there (and the coming one may have been held, if the data were seeded long ago)."""
        meetings = {m.id: m for m in cluster.held}
        if cluster.coming is not None:
            meetings[cluster.coming.id] = cluster.coming
        return (
            meetings.get(demo_meeting_id(cluster.id, DEMO_HELD)),
            meetings.get(demo_meeting_id(cluster.id, DEMO_COMING)),
        )

    def _demo_meeting_files(self, cluster: BoardCluster) -> None:
        coordinator = cluster.coordinator
        held, coming = self._demo_meetings(cluster)
        if held is not None:
            target = Target(cluster.id, AttachmentKind.meeting, meeting_id=held.id)
            at = self._before_today(held.starts_at - timedelta(days=3, hours=2))
            slides = documents.topic_slides("Antibiotika ved urinvejsinfektioner")
            self._put(
                target, slides, coordinator, at, "Oplæg – antibiotika ved urinvejsinfektioner.pdf"
            )
            at = self._before_today(held.starts_at - timedelta(days=3))
            self._put(
                target, documents.uti_data(0), coordinator, at, "Klinikkernes data 2023-2024.csv"
            )
        if coming is not None:
            target = Target(cluster.id, AttachmentKind.meeting, meeting_id=coming.id)
            at = self._before_today(coming.created_at + timedelta(days=1, hours=3))
            self._put(target, documents.stop_op_agenda(), coordinator, at)
            scribe = cluster.secretary or coordinator
            at = self._after(at, 20, 60)
            self._put(target, documents.stop_op_slides(), scribe, at)

    # --- the notice board ----------------------------------------------------------------

    def _rendered(self, body: str) -> str:
        html = self.html.get(body)
        if html is None:
            html = self.html[body] = render_markdown(body)
        return html

    def _post(
        self,
        cluster: BoardCluster,
        key: tuple[object, ...],
        author: uuid.UUID,
        at: datetime,
        body: str,
        *,
        title: str | None = None,
        parent: dict[str, Any] | None = None,
        meeting_id: uuid.UUID | None = None,
        pinned: bool = False,
    ) -> dict[str, Any]:
        row = {
            "id": derived_id("post", cluster.id, *key),
            "cluster_id": cluster.id,
            "meeting_id": meeting_id,
            "parent_id": parent["id"] if parent else None,
            "title": title,
            "body": body,
            "body_html": self._rendered(body),
            "author_id": author,
            "pinned": pinned,
            "edited_at": None,
            "last_activity_at": at,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
        if parent is None:
            self.rows.threads.append(row)
        else:
            self.rows.replies.append(row)
            parent["last_activity_at"] = max(parent["last_activity_at"], at)
        return row

    def _thread(
        self,
        cluster: BoardCluster,
        key: str,
        author: uuid.UUID,
        at: datetime,
        title: str,
        body: str,
        replies: Iterable[tuple[uuid.UUID, str]],
        *,
        meeting_id: uuid.UUID | None = None,
        pinned: bool = False,
    ) -> dict[str, Any]:
        """A thread and its replies, each some hours after the one before."""
        thread = self._post(
            cluster, (key,), author, at, body, title=title, meeting_id=meeting_id, pinned=pinned
        )
        for index, (replier, text) in enumerate(replies):
            at = self._after(at, 0.5, REPLY_DAYS * 24 / 4)
            self._post(
                cluster, (key, index), replier, at, text, parent=thread, meeting_id=meeting_id
            )
        return thread

    def _others(
        self, cluster: BoardCluster, *besides: uuid.UUID, count: int = 1
    ) -> list[uuid.UUID]:
        """`count` different doctors of the cluster other than `besides` (some again if the
        cluster has too few)."""
        pool = [d for d in cluster.doctors if d not in besides] or cluster.doctors
        chosen = self.rng.sample(pool, min(count, len(pool)))
        return (chosen * count)[:count]

    def _member(self, cluster: BoardCluster, *besides: uuid.UUID) -> uuid.UUID:
        return self._others(cluster, *besides)[0]

    def _board(self, cluster: BoardCluster) -> None:
        self._welcome(cluster)
        makers = [self._data_question, self._guideline, self._topics, self._pdsa]
        if self._talked_about(cluster.coming):
            makers.append(self._practicalities)
        if cluster.held:
            makers.append(self._minutes_shared)
        if cluster.treasurer is not None:
            makers.append(self._receipts)
        for make in self.rng.sample(makers, self.rng.randint(3, 4)):
            make(cluster)

    def _talked_about(self, meeting: MeetingFacts | None) -> bool:
        """Whether a coming meeting has practicalities to talk about (an after-work meeting at
        a clinic) and was planned long enough ago."""
        return (
            meeting is not None
            and meeting.kind is MeetingKind.after_work
            and meeting.place_name is not None
            and meeting.created_at < self.day_start - timedelta(days=REPLY_DAYS + 2)
        )

    def _welcome(self, cluster: BoardCluster) -> None:
        coordinator = cluster.coordinator
        name = self.people.first_name(coordinator)
        body = (
            "Velkommen til klyngens opslagstavle. Her deler vi praktiske beskeder, spørgsmål og "
            "erfaringer mellem møderne.\n\n"
            "**Praktisk**\n\n"
            "- Vi holder 2-4 møder om året, oftest som fyraftensmøder kl. 16.30-19.30.\n"
            "- Svar på invitationen her på platformen, så vi kan bestille forplejning til det "
            "rigtige antal.\n"
            "- Afbud efter tilmeldingsfristen sender I direkte til mig.\n"
            "- Referater, slides og data ligger i filbiblioteket.\n\n"
            f"Har I spørgsmål til klyngearbejdet, kan I også spørge vores konsulent hos "
            f"{cluster.unit}. KiAP's [opgaveliste for klyngekoordinatorer]({KIAP_TASKS}) "
            "viser, hvad koordinatoren tager sig af.\n\n"
            f"Hilsen {name}"
        )
        replies = [
            (self._member(cluster, coordinator), text)
            for text in self.rng.sample(
                [
                    "Tak, godt med et fast sted til det praktiske.",
                    "Dejligt. Så ved vi, hvor vi skal kigge.",
                    f"Tak {name} – og tak for indsatsen som koordinator.",
                ],
                self.rng.randint(1, 2),
            )
        ]
        at = self._days_ago(150, 320)
        self._thread(
            cluster,
            "welcome",
            coordinator,
            at,
            "Velkommen og praktisk information",
            body,
            replies,
            pinned=True,
        )

    def _practicalities(self, cluster: BoardCluster) -> None:
        meeting = cluster.coming
        assert meeting is not None
        host = cluster.secretary or cluster.coordinator
        place = f" hos {meeting.place_name}" if meeting.place_name else ""
        starts = meeting.starts_at.astimezone(DANISH_TIME)
        body = (
            f"Næste klyngemøde er {span(meeting.starts_at, meeting.ends_at, meeting.time_zone)}"
            f"{place}. Emnet er **{meeting.title}**.\n\n"
            f"- Der er sandwich og kaffe fra kl. {clock(starts - timedelta(minutes=15))}.\n"
            "- Se gerne klinikkens egne data igennem inden mødet, så vi kan bruge tiden på "
            "drøftelsen.\n\n"
            "Skriv her, hvis I har ønsker til forplejningen."
        )
        first, second = self._others(cluster, host, count=2)
        replies = [
            (first, "Vegetar her, tak."),
            (second, "Jeg kommer ca. 20 minutter senere på grund af en sen konsultation."),
            (host, "Noteret begge dele. Vi starter med det faglige, så du når det meste."),
        ]
        # Two weeks before the meeting, or soon after it was planned if that was later.
        day = max(meeting.created_at + timedelta(days=2), meeting.starts_at - timedelta(days=14))
        at = self._moment(min(day.astimezone(DANISH_TIME).date(), self.today - timedelta(days=1)))
        self._thread(
            cluster,
            "practicalities",
            host,
            self._before_today(at),
            f"Praktisk om mødet {long_day(starts.date())}",
            body,
            replies[: self.rng.randint(2, 3)],
        )

    def _data_question(self, cluster: BoardCluster) -> None:
        coordinator = cluster.coordinator
        asker = self._member(cluster, coordinator)
        short, long = self.rng.choice(INDICATORS)
        body = (
            f"Jeg har kigget på klinikkens tal for {long} inden mødet, og vi ligger højere end "
            "klyngens gennemsnit. Er der andre, der har set på, om det skyldes registreringen "
            "snarere end behandlingen?\n\n"
            "Vi har fx en del telefonkonsultationer, hvor der ikke bliver registreret en "
            "diagnosekode."
        )
        other = self._member(cluster, coordinator, asker)
        replies = [
            (
                other,
                "Det samme så vi hos os. Da vi gennemgik 20 tilfældige konsultationer, manglede "
                "koden i næsten halvdelen.",
            ),
            (
                coordinator,
                f"Godt spørgsmål. Jeg spørger vores konsulent hos {cluster.unit}, om de kan vise "
                "tallene med og uden telefonkonsultationer, og så tager vi det op under "
                "punktet om data.",
            ),
        ]
        if self.rng.random() < 0.5:
            replies.append((asker, "Tak, det lyder godt."))
        self._thread(
            cluster,
            "data-question",
            asker,
            self._days_ago(REPLY_DAYS + 1, 110),
            f"Spørgsmål til datatrækket om {short}",
            body,
            replies,
        )

    def _guideline(self, cluster: BoardCluster) -> None:
        sharer = self._member(cluster)
        uti = self.rng.random() < 0.5
        if uti:
            title = "DSAM's faktaark om urinvejsinfektioner"
            body = (
                "Til inspiration: DSAM's [faktaark om urinvejsinfektioner i almen praksis]"
                f"({DSAM_UTI}) har en god oversigt over urinstiks, dyrkning og "
                "førstevalgsbehandling. Passer fint til vores data om antibiotika."
            )
        else:
            title = "DSAM's kliniske vejledninger"
            body = (
                f"Til dem, der ikke har dem som bogmærke: DSAM samler de kliniske vejledninger "
                f"[her]({DSAM_GUIDELINES}). Jeg bruger dem, når vi forbereder klyngemøderne."
            )
        replies = [(self._member(cluster, sharer), "Tak for linket!")]
        if self.rng.random() < 0.6:
            replies.append(
                (
                    self._member(cluster, sharer),
                    "Vi har printet oversigten og hængt den op i laboratoriet.",
                )
            )
        self._thread(
            cluster, "guideline", sharer, self._days_ago(REPLY_DAYS + 1, 120), title, body, replies
        )

    def _topics(self, cluster: BoardCluster) -> None:
        coordinator = cluster.coordinator
        body = (
            "Vi skal snart lægge næste års møder. Skriv jeres forslag til emner og klyngepakker "
            "her, gerne med en linje om hvorfor.\n\n"
            "Forslag indtil nu:\n\n"
            "1. Polyfarmaci hos ældre\n"
            "2. Trivsel i almen praksis"
        )
        proposals = [
            "+1 til trivsel. Det er længe siden, vi har talt om, hvordan vi selv har det.",
            "Demens: vi får flere og flere henvendelser fra pårørende.",
            "Sårbare gravide – samarbejdet med kommunen kunne godt blive bedre.",
            "Hvad med et internat? Det giver mere tid til gruppearbejdet.",
            "Kronisk smerte og opioider, gerne med data pr. klinik.",
        ]
        texts = self.rng.sample(proposals, self.rng.randint(2, 3))
        replies = [(self._member(cluster, coordinator), text) for text in texts]
        self._thread(
            cluster,
            "topics",
            coordinator,
            self._days_ago(REPLY_DAYS + 1, 90),
            "Forslag til emner næste år",
            body,
            replies,
        )

    def _pdsa(self, cluster: BoardCluster) -> None:
        author = self._member(cluster)
        body = (
            "Vi har nu kørt to PDSA-cyklusser efter sidste møde. Første runde var for "
            "ambitiøs; anden gang prøvede vi kun med én læge i én uge, og så lykkedes det.\n\n"
            "Hvordan er det gået hos jer?"
        )
        replies = [
            (
                self._member(cluster, author),
                "Vi er ikke kommet i gang endnu. Godt tip med at starte så småt.",
            ),
            (
                self._member(cluster, author),
                "Hos os var det sygeplejersken, der fik det til at lykkes. Hun holdt styr på "
                "målingerne.",
            ),
        ]
        self._thread(
            cluster,
            "pdsa",
            author,
            self._days_ago(REPLY_DAYS + 1, 150),
            "Erfaringer med PDSA",
            body,
            replies[: self.rng.randint(1, 2)],
        )

    def _minutes_shared(self, cluster: BoardCluster) -> None:
        meeting = cluster.held[-1]
        scribe = cluster.secretary or cluster.coordinator
        year = meeting.starts_at.astimezone(DANISH_TIME).year
        body = (
            f"Referatet fra mødet »{meeting.title}« ligger nu i filbiblioteket under "
            f"referaterne for {year}.\n\n"
            "Tak for et godt møde og for en god drøftelse i grupperne. Husk jeres PDSA."
        )
        replies = [(self._member(cluster, scribe), "Tak for referatet.")]
        at = self._after(meeting.ends_at, 24, 96)
        self._thread(cluster, "minutes", scribe, at, f"Referat: {meeting.title}", body, replies)

    def _receipts(self, cluster: BoardCluster) -> None:
        treasurer = cluster.treasurer
        assert treasurer is not None
        body = (
            "En påmindelse om udlæg: send bilag senest 14 dage efter mødet, så jeg kan sende "
            "dem videre til PLO.\n\n"
            "Et bilag viser, hvad der er købt, hvor og hvornår, beløbet og sælgeren. En "
            "kortkvittering alene er **ikke** et bilag."
        )
        asker = self._member(cluster, treasurer)
        replies = [
            (asker, "Gælder det også parkering ved mødet?"),
            (treasurer, "Ja, hvis parkeringen er en del af mødet. Send kvitteringen fra appen."),
        ]
        self._thread(
            cluster,
            "receipts",
            treasurer,
            self._days_ago(REPLY_DAYS + 1, 100),
            "Udlæg og bilag efter møderne",
            body,
            replies,
        )

    # --- the demo cluster ----------------------------------------------------------------

    def _demo_board(self, cluster: BoardCluster) -> None:
        """The demo cluster's board, written by hand around its meetings and the demo people."""
        demo = self.people.demo
        coordinator = demo.get("koordinator@demo.dk", cluster.coordinator)
        member = demo.get("medlem@demo.dk") or self._member(cluster, coordinator)
        treasurer = demo.get("kasserer@demo.dk") or cluster.treasurer or coordinator
        secretary = demo.get("sekretaer@demo.dk") or cluster.secretary or coordinator
        people = {coordinator, member, treasurer, secretary}
        others = self._others(cluster, *people, count=4)
        held, coming = self._demo_meetings(cluster)
        first = self.people.first_name

        welcome = self._thread(
            cluster,
            "welcome",
            coordinator,
            self._days_ago(200, 220),
            "Velkommen til Demoklyngen Viborgs opslagstavle",
            "Velkommen! Her på opslagstavlen deler vi praktiske beskeder, spørgsmål og "
            "erfaringer mellem klyngemøderne.\n\n"
            "**Hvem gør hvad**\n\n"
            f"- {first(coordinator)} er koordinator og leder møderne.\n"
            f"- {first(secretary)} er sekretær: sender invitationer, registrerer fremmøde og "
            "skriver referat.\n"
            f"- {first(treasurer)} er kasserer: send bilag for udlæg til {first(treasurer)}.\n\n"
            "Referater, slides og data ligger i filbiblioteket. Spørgsmål om data kan også "
            f"stilles til vores konsulent hos {cluster.unit}.\n\n"
            f"KiAP's [opgaveliste for klyngekoordinatorer]({KIAP_TASKS}) viser, hvad "
            "koordinatoren tager sig af.",
            [
                (member, f"Tak {first(coordinator)}, godt med et fast sted til det praktiske."),
                (others[0], "Super. Så kan vi også dele materiale fra klinikkerne her."),
            ],
            pinned=True,
        )
        welcome["edited_at"] = welcome["updated_at"] = self._after(welcome["created_at"], 72, 200)

        if held is not None:
            self._thread(
                cluster,
                "data-question",
                member,
                self._before_today(held.starts_at - timedelta(days=6, hours=4)),
                "Spørgsmål til datavisningen om antibiotika",
                "Jeg har kigget på datavisningen inden mødet. Vores klinik ligger over "
                "landsgennemsnittet i 2023, men under i 2024. Er der andre, der har ændret "
                "noget, eller er det registreringen, der er blevet bedre?\n\n"
                "Vi har en del telefonkonsultationer med urinvejssymptomer, hvor der ikke bliver "
                "sat en diagnosekode.",
                [
                    (
                        others[1],
                        "Vi begyndte at bede om en urinprøve før behandling i efteråret 2023. "
                        "Det kan ses i vores tal.",
                    ),
                    (
                        coordinator,
                        f"Godt spørgsmål, {first(member)}. Vi tager telefonkonsultationerne op "
                        "under punktet »Hvad gør vi forskelligt?« på mødet.",
                    ),
                    (member, "Tak, så tager jeg vores eksempler med."),
                ],
            )
            minutes = self._thread(
                cluster,
                "minutes",
                secretary,
                self._after(held.ends_at, 40, 48),
                "Referat fra mødet om antibiotika ved urinvejsinfektioner",
                "Hermed referatet fra mødet. Det ligger også i filbiblioteket under "
                "referaterne.\n\n"
                "**Beslutninger**\n\n"
                "- Hver klinik laver en PDSA på dyrkning før behandling.\n"
                "- Data følges op på mødet til foråret.\n\n"
                "Husk at sætte jeres opfølgningspunkter i gang.",
                [
                    (member, f"Tak for et fint referat, {first(secretary)}."),
                    (others[2], "Vi er gået i gang med PDSA'en i denne uge."),
                ],
            )
            target = Target(cluster.id, AttachmentKind.post, post_id=minutes["id"])
            self._put(target, documents.demo_minutes(), secretary, minutes["created_at"])
            self._thread(
                cluster,
                "guideline",
                others[3],
                self._after(held.ends_at, 120, 150),
                "DSAM's faktaark om urinvejsinfektioner",
                "Efter mødet: DSAM's [faktaark om urinvejsinfektioner i almen praksis]"
                f"({DSAM_UTI}) samler urinstiks, dyrkning og førstevalgsbehandling på én side. "
                "Godt til vores PDSA.",
                [(member, "Tak! Det printer jeg til laboratoriet.")],
            )

        self._thread(
            cluster,
            "receipts",
            treasurer,
            self._days_ago(18, 24),
            "Udlæg og bilag efter møderne",
            "En påmindelse om udlæg: send bilag senest 14 dage efter mødet, så jeg kan sende "
            "dem videre til PLO sammen med deltagerlisten.\n\n"
            "Et bilag viser, hvad der er købt, hvor og hvornår, beløbet og sælgeren. En "
            "kortkvittering alene er **ikke** et bilag.",
            [
                (others[0], "Gælder det også parkering ved mødet?"),
                (treasurer, "Ja, når parkeringen hører til mødet. Send kvitteringen fra appen."),
            ],
        )

        if coming is not None:
            starts = coming.starts_at.astimezone(DANISH_TIME)
            place = f" hos {coming.place_name}" if coming.place_name else ""
            board_start = coming.created_at + timedelta(days=2)
            self._thread(
                cluster,
                "meeting-practicalities",
                coordinator,
                self._before_today(board_start),
                "Praktisk om mødet",
                f"Vi mødes {span(coming.starts_at, coming.ends_at, coming.time_zone)}{place}. "
                f"Der er sandwich og kaffe fra kl. {clock(starts - timedelta(minutes=15))}.\n\n"
                "Vi bruger klyngepakken **Stop op**: dagsorden og slides ligger ved mødet. "
                "Besvar gerne det korte spørgeskema inden mødet.\n\n"
                "Skriv her, hvis I har ønsker til forplejningen eller kommer senere.",
                [
                    (member, "Jeg kommer ca. kl. 17 på grund af en sen konsultation."),
                    (
                        coordinator,
                        f"Fint, {first(member)}. Vi starter med tilbageblikket, så du når det "
                        "hele.",
                    ),
                    (others[1], "Vegetar her, tak."),
                    (secretary, "Noteret. Jeg giver cateringen besked."),
                ],
                meeting_id=coming.id,
            )
            topics = [
                m.title for m in cluster.held if m.id != demo_meeting_id(cluster.id, DEMO_HELD)
            ]
            remembered = topics[-1] if topics else "Polyfarmaci hos ældre"
            self._thread(
                cluster,
                "meeting-look-back",
                secretary,
                self._before_today(board_start + timedelta(days=3)),
                "Tilbageblik: hvad har klyngen lavet indtil nu?",
                "Til punkt 2 på dagsordenen: skriv de møder og emner, I husker bedst, og hvad "
                "I tog med hjem til klinikken. Jeg samler det på et slide.",
                [
                    (others[2], f"Mødet »{remembered}« var en øjenåbner for mange af os."),
                    (
                        member,
                        "Datavisningen om antibiotika. Vi ændrede vores instruks til "
                        "telefonkonsultationer bagefter.",
                    ),
                    (others[3], "Spisningen efter møderne betyder meget for sammenholdet."),
                ],
                meeting_id=coming.id,
            )


# --- facts from the database --------------------------------------------------------------


def _board_clusters(now: datetime) -> list[BoardCluster]:
    facts = cluster_facts()
    units = {
        cluster_id: REGIONAL_UNITS.get(code, "den regionale kvalitetsenhed")
        for cluster_id, code in db.session.execute(
            select(Cluster.id, Region.code).join(Region, Region.id == Cluster.region_id)
        )
    }
    roles: dict[tuple[uuid.UUID, ClusterRoleKind], uuid.UUID] = {}
    for cluster_id, role, user_id in db.session.execute(
        select(ClusterRole.cluster_id, ClusterRole.role, ClusterRole.user_id)
        .where(
            ClusterRole.valid_to.is_(None),
            ClusterRole.role.in_([ClusterRoleKind.secretary, ClusterRoleKind.treasurer]),
        )
        .order_by(ClusterRole.valid_from, ClusterRole.id)
    ):
        roles.setdefault((cluster_id, role), user_id)
    day_start = datetime.combine(
        now.astimezone(DANISH_TIME).date(), time(0, 0), tzinfo=DANISH_TIME
    ).astimezone(UTC)
    # The meetings of the years whose minutes are in the libraries, and the coming ones.
    first_year = now.astimezone(DANISH_TIME).year - MINUTES_YEARS + 1
    since = datetime(first_year, 1, 1, tzinfo=DANISH_TIME)
    held: dict[uuid.UUID, list[MeetingFacts]] = defaultdict(list)
    coming: dict[uuid.UUID, MeetingFacts] = {}
    for row in db.session.execute(
        select(
            Meeting.cluster_id,
            Meeting.id,
            Meeting.title,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.created_at,
            Meeting.kind,
            Meeting.place_name,
            Meeting.time_zone,
        )
        .where(Meeting.state == MeetingState.planned, Meeting.starts_at >= since)
        .order_by(Meeting.starts_at, Meeting.id)
    ):
        meeting = MeetingFacts(*row[1:])
        if meeting.ends_at <= day_start - timedelta(days=1):
            held[row.cluster_id].append(meeting)
        elif meeting.starts_at > now:
            coming.setdefault(row.cluster_id, meeting)
    return [
        BoardCluster(
            facts=cluster,
            unit=units.get(cluster.id, "den regionale kvalitetsenhed"),
            secretary=roles.get((cluster.id, ClusterRoleKind.secretary)),
            treasurer=roles.get((cluster.id, ClusterRoleKind.treasurer)),
            held=held[cluster.id],
            coming=coming.get(cluster.id),
        )
        for cluster in facts
        if cluster.coordinator is not None and cluster.doctors
    ]


def _people() -> People:
    names: dict[uuid.UUID, str] = {}
    demo: dict[str, uuid.UUID] = {}
    for user_id, name, email in db.session.execute(select(User.id, User.name, User.email)):
        names[user_id] = name
        if email in DEMO_ACCOUNTS:
            demo[email] = user_id
    return People(names, demo)


def generate_board(clusters: list[BoardCluster], people: People, now: datetime) -> BoardRows:
    """Every folder, file and post of the demo (without touching the database)."""
    return _Generator(clusters, people, now).build()


def board_present(cluster_id: uuid.UUID) -> bool:
    """Whether the cluster has anything in its library or on its boards (its expenses'
    receipts are not)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(Folder.cluster_id == cluster_id)
                | exists().where(File.cluster_id == cluster_id, File.expense_id.is_(None))
                | exists().where(Post.cluster_id == cluster_id)
            )
        )
    )


def seed_board(now: datetime | None = None) -> bool:
    """Insert the libraries and boards unless the demo cluster has some. True when inserted."""
    demo_cluster = db.session.scalar(select(Cluster.id).where(Cluster.name == DEMO_CLUSTER))
    if demo_cluster is None or board_present(demo_cluster):
        return False
    now = now or datetime.now(UTC)
    rows = generate_board(_board_clusters(now), _people(), now)
    keep_contents(rows.contents.values())
    for model, model_rows in rows.by_model():
        if model_rows:
            values = [{k: v for k, v in row.items() if not k.startswith("_")} for row in model_rows]
            db.session.execute(insert(model).execution_options(render_nulls=True), values)
    return True
