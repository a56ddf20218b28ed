"""The demo's surveys: KiAP's three national templates (the standard evaluation after every
meeting, a questionnaire before a meeting and the member survey), the evaluation template
offered with the "Stop op" package, Demoklyngen Viborg's closed evaluations of its latest held
meetings (a trend) and its open questionnaire before its coming "Stop op" meeting, and KiAP's
national member survey of 2023, sent to every member doctor, with the figures KiAP reported:
a response rate of 67 %, 79 % who agree fully or partly that the meetings are satisfying and
89 % that their topics are relevant (seed 004).

Generation is seeded and reproducible for a given day; rows are inserted in bulk (one
statement a table, bypassing the audit log like the rest of the demo landscape). Made once: if
there are survey templates, nothing is added.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, exists, insert, select

from api.core.extensions import db
from api.demo.landscape import DEMO_CLUSTER, derived_id
from api.demo.meetings import DANISH_TIME, DEMO_COMING, cluster_facts, demo_meeting_id
from api.demo.packages import STOP_OP, set_on_versions
from api.models import (
    Cluster,
    Invitation,
    Meeting,
    MeetingState,
    Organisation,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyPurpose,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyState,
    SurveyTemplate,
    SurveyTemplateQuestion,
    User,
)
from api.services.surveys.links import answer_url, link_token, token_hash

SEED = 20231016
# The demo GP, who has not yet answered the questionnaire before the coming meeting.
DEMO_RESPONDENT = "medlem@demo.dk"

# The national member survey of 2023 and KiAP's figures from it.
MEMBER_SURVEY_TITLE = "KiAPs medlemsundersøgelse 2023"
MEMBER_SURVEY_SENT = datetime(2023, 9, 18, 7, 0, tzinfo=UTC)
MEMBER_SURVEY_REMINDED = datetime(2023, 10, 2, 7, 0, tzinfo=UTC)
MEMBER_SURVEY_CLOSES = datetime(2023, 10, 16, 21, 59, tzinfo=UTC)
RESPONSE_RATE = 0.67
SATISFIED_SHARE = 0.79  # "Klyngemøderne er tilfredsstillende": 4 or 5
RELEVANT_SHARE = 0.89  # "De faglige emner … er relevante": 4 or 5

# Demoklyngen Viborg's evaluations: the latest held meetings whose evaluation has closed.
EVALUATED_MEETINGS = 6
EVALUATION_OPEN = timedelta(days=14)


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    text: str
    help: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    description: str
    purpose: SurveyPurpose
    questions: tuple[Question, ...]


def _likert(text: str, help: str = "") -> Question:
    return Question(QuestionKind.likert, text, help, required=True)


EVALUATION = Template(
    key="evaluation",
    title="Evaluering af klyngemødet",
    description=(
        "Klyngens faste spørgsmål efter hvert møde (klyngepakken »Stop op«). Send den samme "
        "evaluering hver gang, så klyngen kan følge udviklingen fra møde til møde og se sig "
        "selv ved siden af landet."
    ),
    purpose=SurveyPurpose.evaluation,
    questions=(
        _likert("Mødet var tilfredsstillende"),
        _likert(
            "Emnet var relevant for min praksis",
            "Tænk på dine egne patienter og din hverdag i klinikken.",
        ),
        _likert("Alle kom til orde", "Både i plenum og i gruppearbejdet."),
        _likert(
            "Jeg tager noget konkret med hjem til klinikken",
            "For eksempel en aftale, en PDSA eller en ny arbejdsgang.",
        ),
        Question(
            QuestionKind.nps,
            "Hvor sandsynligt er det, at du vil anbefale klyngemøderne til en kollega?",
            "0 er slet ikke sandsynligt, 10 er meget sandsynligt.",
        ),
        Question(
            QuestionKind.free_text,
            "Hvad skal vi gøre anderledes næste gang?",
            "Dit svar er anonymt; klyngen ser kun alle svar samlet.",
        ),
    ),
)

PRE_MEETING_TOPICS = (
    "Antibiotika og infektioner",
    "Diabetes og hjerte-kar-sygdom",
    "Lungesygdomme",
    "Ældre og multisygdom",
    "Psykiatri",
    "Trivsel og arbejdsmiljø",
    "Data og kvalitetsarbejde",
    "Samarbejde med kommune og sygehus",
)
PRE_MEETING = Template(
    key="pre_meeting",
    title="Før mødet",
    description=(
        "Et kort spørgeskema til klyngen inden et møde: ønsker til mødeform og emner, så "
        "planlægningen bygger på det, medlemmerne siger."
    ),
    purpose=SurveyPurpose.pre_meeting,
    questions=(
        Question(
            QuestionKind.single_choice,
            "Hvilken mødeform foretrækker du?",
            required=True,
            options=("Fyraftensmøde", "Dagsmøde", "Internat", "Virtuelt møde"),
        ),
        Question(
            QuestionKind.multiple_choice,
            "Hvilke emner vil du gerne have på programmet det næste år?",
            "Vælg gerne flere.",
            options=PRE_MEETING_TOPICS,
        ),
        Question(
            QuestionKind.number,
            "Hvor mange klyngemøder om året synes du, vi skal holde?",
            min_value=1,
            max_value=8,
        ),
        Question(
            QuestionKind.free_text,
            "Er der andet, du gerne vil have, at vi tager op på mødet?",
        ),
    ),
)

YEARS_IN_CLUSTER = ("Under 1 år", "1-3 år", "4-6 år", "Mere end 6 år")
MEMBER = Template(
    key="member",
    title="KiAPs medlemsundersøgelse",
    description=(
        "KiAPs landsdækkende undersøgelse blandt klyngernes medlemmer: udbytte af "
        "klyngemøderne, relevans og samarbejdet i klyngen."
    ),
    purpose=SurveyPurpose.member,
    questions=(
        _likert("Klyngemøderne er tilfredsstillende"),
        _likert("De faglige emner på klyngemøderne er relevante"),
        Question(
            QuestionKind.single_choice,
            "Hvor længe har du været med i din klynge?",
            required=True,
            options=YEARS_IN_CLUSTER,
        ),
        Question(
            QuestionKind.likert,
            "Vi er enige i klyngen om, hvad vi vil med klyngearbejdet",
        ),
        Question(QuestionKind.likert, "Der er et godt sammenhold i klyngen"),
        Question(
            QuestionKind.free_text,
            "Hvad ville gøre klyngearbejdet bedre for dig?",
        ),
    ),
)

TEMPLATES = (EVALUATION, PRE_MEETING, MEMBER)

EVALUATION_TEXTS = (
    "Mere tid til gruppearbejdet og lidt kortere oplæg.",
    "Godt med klinikkernes egne data – gerne igen.",
    "Start præcis til tiden, så vi også slutter til tiden.",
    "Send materialet ud en uge før, så man kan nå at læse det.",
    "Maden var god, men lokalet var for lille.",
    "Flere konkrete cases fra vores egne klinikker.",
    "Det var svært at høre oplægsholderen bagerst i lokalet.",
    "Lad os følge op på PDSA'erne i starten af næste møde.",
    "Inviter gerne sygeplejerskerne med næste gang.",
    "Fint møde. Jeg savnede en kort opsamling til sidst.",
    "Mindre tid på praktiske meddelelser.",
    "Gruppearbejdet fungerede rigtig godt i små grupper.",
    "Vi kunne godt bruge en fast mødeleder, der holder tiden.",
    "Det ville være godt at få slides bagefter.",
    "Mere om, hvad vi konkret gør anderledes i morgen.",
    "Intet – det var et af de bedste møder i klyngen.",
)
PRE_MEETING_TEXTS = (
    "Samarbejdet med kommunens hjemmesygepleje om de ældre patienter.",
    "Hvordan vi bruger vores data uden at det bliver en konkurrence.",
    "Jeg vil gerne tale om, hvordan vi fastholder de yngre kolleger i klyngen.",
    "Mødetidspunktet: fyraftensmøder kl. 16.30 er svære for os med børn.",
    "Et internat igen – det gav meget sidst.",
    "Kan vi dele instrukser og arbejdsgange mellem klinikkerne?",
    "Mere tid til det sociale.",
    "Polyfarmaci hos plejehjemsbeboere.",
)
MEMBER_TEXTS = (
    "Mere tid til at arbejde med egne data.",
    "Flere møder med sygeplejersker og andet personale.",
    "Bedre forberedelse af møderne fra koordinatorens side.",
    "Kortere møder, men flere af dem.",
    "Færre oplæg og mere erfaringsudveksling.",
    "Honorar for forberedelse til koordinatoren.",
    "Mødestedet skiftede for ofte.",
    "Emner, der passer til små klinikker.",
    "Flere pakker fra KiAP, der er lige til at bruge.",
    "At alle møder op og bidrager.",
    "En fælles retning for, hvad klyngen vil med arbejdet.",
    "Mere samarbejde med sygehuset om henvisninger.",
    "Bedre it: det er svært at finde materialet fra møderne.",
    "Et årshjul, så vi kender emnerne i god tid.",
    "Trivsel: vi er mange, der er pressede.",
    "Mere opfølgning på det, vi aftaler.",
)


def surveys_present() -> bool:
    return bool(db.session.scalar(select(exists().where(SurveyTemplate.id.isnot(None)))))


@dataclass
class SurveyRows:
    templates: list[dict[str, Any]] = field(default_factory=list)
    template_questions: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)

    def by_model(self) -> list[tuple[type, list[dict[str, Any]]]]:
        return [
            (SurveyTemplate, self.templates),
            (SurveyTemplateQuestion, self.template_questions),
            (Survey, self.surveys),
            (SurveyQuestion, self.questions),
            (SurveyRecipient, self.recipients),
            (SurveyResponse, self.responses),
            (SurveyAnswer, self.answers),
        ]


@dataclass
class _Meeting:
    id: uuid.UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    invited: list[uuid.UUID]


def _question_fields(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text": question.text,
        "help": question.help,
        "required": question.required,
        "options": list(question.options),
        "min_value": question.min_value,
        "max_value": question.max_value,
    }


class _Generator:
    def __init__(self, kiap: uuid.UUID, now: datetime) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
        self.kiap = kiap
        self.now = now
        self.stamp = datetime.combine(
            now.astimezone(DANISH_TIME).date(), time(6, 0), tzinfo=DANISH_TIME
        ).astimezone(UTC)
        self.rows = SurveyRows()
        # Template key -> its question ids by position.
        self.template_questions: dict[str, list[uuid.UUID]] = {}
        self.template_ids: dict[str, uuid.UUID] = {}

    def _uuid(self) -> uuid.UUID:
        """A random-looking id, reproducible (responses and answers carry no order)."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # --- templates -----------------------------------------------------------------------

    def templates(self) -> None:
        created_at = datetime(2023, 8, 1, 7, 0, tzinfo=UTC)
        for template in TEMPLATES:
            template_id = derived_id("survey-template", template.key)
            self.template_ids[template.key] = template_id
            self.rows.templates.append(
                {
                    "id": template_id,
                    "organisation_id": self.kiap,
                    "cluster_id": None,
                    "title": template.title,
                    "description": template.description,
                    "purpose": template.purpose,
                    "retired": False,
                    "created_at": created_at,
                    "updated_at": created_at,
                    "version": 1,
                }
            )
            ids = []
            for position, question in enumerate(template.questions):
                question_id = derived_id("survey-template-question", template_id, position)
                ids.append(question_id)
                self.rows.template_questions.append(
                    {
                        "id": question_id,
                        "template_id": template_id,
                        "position": position,
                        **_question_fields(question),
                    }
                )
            self.template_questions[template.key] = ids

    # --- surveys -------------------------------------------------------------------------

    def _survey(
        self,
        template: Template,
        key: tuple[object, ...],
        *,
        title: str,
        intro: str,
        audience: SurveyAudience,
        state: SurveyState,
        sent_at: datetime,
        closes_at: datetime,
        organisation_id: uuid.UUID | None = None,
        cluster_id: uuid.UUID | None = None,
        meeting_id: uuid.UUID | None = None,
        created_by_id: uuid.UUID | None = None,
        reminded_at: datetime | None = None,
    ) -> tuple[uuid.UUID, list[uuid.UUID]]:
        """Add a survey and its copies of the template's questions: (id, question ids)."""
        survey_id = derived_id("survey", *key)
        created_at = sent_at - timedelta(days=1)
        closed = state is SurveyState.closed
        self.rows.surveys.append(
            {
                "id": survey_id,
                "template_id": self.template_ids[template.key],
                "organisation_id": organisation_id,
                "audience": audience,
                "cluster_id": cluster_id,
                "sub_cluster_id": None,
                "meeting_id": meeting_id,
                "region_id": None,
                "title": title,
                "intro": intro,
                "purpose": template.purpose,
                "anonymous": True,
                "min_responses": 5,
                "state": state,
                "closes_at": closes_at,
                "sent_at": sent_at,
                "closed_at": closes_at if closed else None,
                "created_by_id": created_by_id,
                "recipient_count": 0,  # set with the recipients
                "response_count": 0,
                "reminder_count": 0 if reminded_at is None else 1,
                "last_reminded_at": reminded_at,
                "created_at": created_at,
                "updated_at": closes_at if closed else (reminded_at or sent_at),
                "version": 1,
            }
        )
        question_ids = []
        for position, (question, template_question_id) in enumerate(
            zip(template.questions, self.template_questions[template.key], strict=True)
        ):
            question_id = derived_id("survey-question", survey_id, position)
            question_ids.append(question_id)
            self.rows.questions.append(
                {
                    "id": question_id,
                    "survey_id": survey_id,
                    "template_question_id": template_question_id,
                    "position": position,
                    **_question_fields(question),
                }
            )
        return survey_id, question_ids

    def _recipients(
        self,
        survey_id: uuid.UUID,
        people: list[tuple[uuid.UUID, uuid.UUID]],
        answering: int,
        *,
        never_answers: frozenset[uuid.UUID] | set[uuid.UUID] = frozenset(),
        reminded: bool = False,
    ) -> list[uuid.UUID]:
        """One recipient row for each (user, cluster); `answering` of them answered, chosen at
        random. Returns the answering people's clusters, in random order."""
        candidates = [i for i, (user_id, _) in enumerate(people) if user_id not in never_answers]
        answered = set(self.rng.sample(candidates, min(answering, len(candidates))))
        clusters = []
        for index, (user_id, cluster_id) in enumerate(people):
            recipient_id = derived_id("survey-recipient", survey_id, user_id)
            has_answered = index in answered
            self.rows.recipients.append(
                {
                    "id": recipient_id,
                    "survey_id": survey_id,
                    "user_id": user_id,
                    "cluster_id": cluster_id,
                    "token_hash": token_hash(link_token(recipient_id)),
                    "answered": has_answered,
                    # A reminder went to those who had not answered by then (some have since).
                    "reminder_count": int(
                        reminded and (not has_answered or self.rng.random() < 0.3)
                    ),
                }
            )
            if has_answered:
                clusters.append(cluster_id)
        next(s for s in self.rows.surveys if s["id"] == survey_id)["recipient_count"] = len(people)
        self.rng.shuffle(clusters)
        return clusters

    def _response(self, survey_id: uuid.UUID, cluster_id: uuid.UUID | None) -> uuid.UUID:
        """An anonymous response: neither the recipient nor the time."""
        response_id = self._uuid()
        self.rows.responses.append(
            {
                "id": response_id,
                "survey_id": survey_id,
                "cluster_id": cluster_id,
                "recipient_id": None,
                "submitted_at": None,
            }
        )
        return response_id

    def _answer(
        self,
        response_id: uuid.UUID,
        question_id: uuid.UUID,
        number: int | None = None,
        text: str | None = None,
    ) -> None:
        self.rows.answers.append(
            {
                "id": self._uuid(),
                "response_id": response_id,
                "question_id": question_id,
                "number": number,
                "text": text,
            }
        )

    def _scale(self, mean: float, spread: float, low: int, high: int) -> int:
        return max(low, min(high, round(self.rng.gauss(mean, spread))))

    # --- Demoklyngen Viborg ----------------------------------------------------------------

    def evaluations(
        self, cluster_id: uuid.UUID, coordinator: uuid.UUID | None, meetings: list[_Meeting]
    ) -> None:
        """A closed evaluation after each meeting, the meetings a little better over time."""
        count = len(meetings)
        for index, meeting in enumerate(meetings):
            sent_at = meeting.ends_at + timedelta(hours=1)
            survey_id, questions = self._survey(
                EVALUATION,
                ("evaluation", meeting.id),
                title=f"Evaluering: {meeting.title}",
                intro=(
                    "Tak for mødet! Svar på de seks spørgsmål om mødet – det tager to "
                    "minutter, og dine svar er anonyme."
                ),
                audience=SurveyAudience.meeting,
                state=SurveyState.closed,
                sent_at=sent_at,
                closes_at=sent_at + EVALUATION_OPEN,
                cluster_id=cluster_id,
                meeting_id=meeting.id,
                created_by_id=coordinator,
                reminded_at=sent_at + timedelta(days=7),
            )
            people = [(user_id, cluster_id) for user_id in meeting.invited]
            answering = round(len(people) * self.rng.uniform(0.6, 0.8))
            clusters = self._recipients(survey_id, people, answering, reminded=True)
            # From a little under to a little over 4 on average, with some noise.
            level = 3.75 + 0.45 * index / max(1, count - 1) + self.rng.uniform(-0.12, 0.12)
            offsets = (0.1, 0.25, -0.15, -0.05)
            texts = self.rng.sample(EVALUATION_TEXTS, min(len(EVALUATION_TEXTS), 6))
            for respondent, cluster in enumerate(clusters):
                response_id = self._response(survey_id, cluster)
                for question_id, offset in zip(questions[:4], offsets, strict=True):
                    self._answer(response_id, question_id, self._scale(level + offset, 0.8, 1, 5))
                if self.rng.random() < 0.9:
                    nps = self._scale(2 * level + 0.3, 1.6, 0, 10)
                    self._answer(response_id, questions[4], nps)
                if respondent < len(texts):
                    self._answer(response_id, questions[5], text=texts[respondent])

    def pre_meeting(
        self,
        cluster_id: uuid.UUID,
        coordinator: uuid.UUID | None,
        meeting: _Meeting,
        members: list[uuid.UUID],
        never_answers: set[uuid.UUID],
    ) -> None:
        """The open questionnaire before the coming meeting: sent a week ago, reminded
        yesterday, closing two days before the meeting; about half have answered."""
        sent_at = self.stamp - timedelta(days=7) + timedelta(hours=2)
        closes_at = meeting.starts_at - timedelta(days=2)
        survey_id, questions = self._survey(
            PRE_MEETING,
            ("pre-meeting", meeting.id),
            title=f"Før mødet: {meeting.title}",
            intro=(
                "Inden »Stop op«-mødet vil vi gerne høre, hvordan du vil have klyngens møder "
                "det næste år. Svar senest to dage før mødet."
            ),
            audience=SurveyAudience.cluster,
            state=SurveyState.open,
            sent_at=sent_at,
            closes_at=closes_at,
            cluster_id=cluster_id,
            meeting_id=meeting.id,
            created_by_id=coordinator,
            reminded_at=self.stamp - timedelta(days=1) + timedelta(hours=2),
        )
        people = [(user_id, cluster_id) for user_id in members]
        answering = round(len(people) * 0.48)
        clusters = self._recipients(
            survey_id, people, answering, never_answers=never_answers, reminded=True
        )
        kinds, topics, meetings_a_year, comment = questions
        texts = self.rng.sample(PRE_MEETING_TEXTS, min(len(PRE_MEETING_TEXTS), 5))
        for respondent, cluster in enumerate(clusters):
            response_id = self._response(survey_id, cluster)
            kind = self.rng.choices(range(4), weights=(0.6, 0.15, 0.15, 0.1))[0]
            self._answer(response_id, kinds, kind)
            if self.rng.random() < 0.9:
                chosen = self.rng.sample(
                    range(len(PRE_MEETING_TOPICS)),
                    self.rng.randint(1, 3),
                )
                for option in sorted(chosen):
                    self._answer(response_id, topics, option)
            if self.rng.random() < 0.85:
                self._answer(
                    response_id, meetings_a_year, self.rng.choice((2, 3, 3, 4, 4, 4, 5, 6))
                )
            if respondent < len(texts):
                self._answer(response_id, comment, text=texts[respondent])

    # --- the nation ------------------------------------------------------------------------

    def member_survey(self, people: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
        """KiAP's member survey of autumn 2023, to every member doctor of every cluster."""
        survey_id, questions = self._survey(
            MEMBER,
            ("member", 2023),
            title=MEMBER_SURVEY_TITLE,
            intro=(
                "KiAP spørger alle klyngernes medlemmer om deres udbytte af klyngearbejdet. "
                "Det tager fem minutter, og dine svar er anonyme: resultaterne vises kun samlet."
            ),
            audience=SurveyAudience.nation,
            state=SurveyState.closed,
            sent_at=MEMBER_SURVEY_SENT,
            closes_at=MEMBER_SURVEY_CLOSES,
            organisation_id=self.kiap,
            reminded_at=MEMBER_SURVEY_REMINDED,
        )
        answering = round(len(people) * RESPONSE_RATE)
        clusters = self._recipients(survey_id, people, answering, reminded=True)
        satisfied = self._exact_likert(len(clusters), SATISFIED_SHARE, top=0.4)
        relevant = self._exact_likert(len(clusters), RELEVANT_SHARE, top=0.5)
        satisfying, topics, years, agreement, cohesion, comment = questions
        texts = list(MEMBER_TEXTS)
        for respondent, cluster in enumerate(clusters):
            response_id = self._response(survey_id, cluster)
            self._answer(response_id, satisfying, satisfied[respondent])
            self._answer(response_id, topics, relevant[respondent])
            year = self.rng.choices(range(4), weights=(0.08, 0.3, 0.42, 0.2))[0]
            self._answer(response_id, years, year)
            if self.rng.random() < 0.95:
                self._answer(response_id, agreement, self._scale(3.7, 1.0, 1, 5))
            if self.rng.random() < 0.95:
                self._answer(response_id, cohesion, self._scale(3.9, 0.9, 1, 5))
            if self.rng.random() < 0.2:
                self._answer(response_id, comment, text=self.rng.choice(texts))

    def _exact_likert(self, count: int, agree_share: float, top: float) -> list[int]:
        """`count` Likert answers, exactly round(agree_share * count) of them 4 or 5 (`top` of
        those 5), the others spread over 3, 2 and 1; shuffled."""
        agree = round(count * agree_share)
        fives = round(agree * top)
        rest = count - agree
        threes, twos = round(rest * 0.55), round(rest * 0.3)
        values = [5] * fives + [4] * (agree - fives) + [3] * threes + [2] * twos
        values += [1] * (count - len(values))
        self.rng.shuffle(values)
        return values


def _viborg_meetings(
    cluster_id: uuid.UUID, now: datetime
) -> tuple[list[_Meeting], _Meeting | None]:
    """The latest held meetings whose evaluation has closed, oldest first, and the coming
    "Stop op" meeting, each with the people invited."""
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.ends_at)
        .where(
            Meeting.cluster_id == cluster_id,
            Meeting.state == MeetingState.planned,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    coming_id = demo_meeting_id(cluster_id, DEMO_COMING)
    meetings = {
        row.id: _Meeting(row.id, row.title, _utc(row.starts_at), _utc(row.ends_at), [])
        for row in rows
    }
    held = [
        m for m in meetings.values() if m.ends_at + timedelta(hours=1) + EVALUATION_OPEN <= now
    ][-EVALUATED_MEETINGS:]
    coming = meetings.get(coming_id)
    wanted = [m.id for m in held] + ([coming_id] if coming else [])
    for meeting_id, user_id in db.session.execute(
        select(Invitation.meeting_id, Invitation.user_id)
        .join(User, User.id == Invitation.user_id)
        .where(Invitation.meeting_id.in_(wanted))
        .order_by(User.email)
    ):
        meetings[meeting_id].invited.append(user_id)
    return held, coming


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def generate_surveys(now: datetime) -> SurveyRows | None:
    kiap = db.session.scalar(select(Organisation.id).where(Organisation.code == "kiap"))
    if kiap is None:
        return None
    generator = _Generator(kiap, now)
    generator.templates()
    facts = cluster_facts()
    # One recipient a person, in the first cluster (by name) they are a doctor of.
    people: dict[uuid.UUID, uuid.UUID] = {}
    for cluster in facts:
        for user_id, _ in cluster.doctors:
            people.setdefault(user_id, cluster.id)
    generator.member_survey(list(people.items()))
    viborg = next((c for c in facts if c.name == DEMO_CLUSTER), None)
    if viborg is not None:
        held, coming = _viborg_meetings(viborg.id, now)
        generator.evaluations(viborg.id, viborg.coordinator, held)
        if coming is not None:
            respondent = db.session.scalar(select(User.id).where(User.email == DEMO_RESPONDENT))
            members = [user_id for user_id, _ in viborg.doctors]
            generator.pre_meeting(
                viborg.id,
                viborg.coordinator,
                coming,
                members,
                {respondent} if respondent else set(),
            )
    return generator.rows


def seed_surveys(now: datetime | None = None) -> bool:
    """Insert the templates and surveys, unless there are templates. True when inserted."""
    if surveys_present():
        return False
    rows = generate_surveys(now or datetime.now(UTC))
    if rows is None:
        return False
    for model, model_rows in rows.by_model():
        if model_rows:
            db.session.execute(insert(model).execution_options(render_nulls=True), model_rows)
    # The evaluation template goes with every version of MidtKraft's "Stop op".
    set_on_versions(STOP_OP, survey_template_id=derived_id("survey-template", EVALUATION.key))
    db.session.commit()
    return True


def demo_respondent_recipient() -> Select[tuple[uuid.UUID]]:
    """The demo GP's recipient row of Demoklyngen Viborg's open questionnaire, if unanswered:
    whose link the seed prints and a browser test opens."""
    return (
        select(SurveyRecipient.id)
        .join(Survey, Survey.id == SurveyRecipient.survey_id)
        .join(Cluster, Cluster.id == Survey.cluster_id)
        .join(User, User.id == SurveyRecipient.user_id)
        .where(
            Cluster.name == DEMO_CLUSTER,
            Survey.state == SurveyState.open,
            Survey.purpose == SurveyPurpose.pre_meeting,
            User.email == DEMO_RESPONDENT,
            SurveyRecipient.answered.is_(False),
        )
        .order_by(Survey.closes_at.desc())
        .limit(1)
    )


def demo_answer_link() -> str | None:
    """The demo GP's link to answer Demoklyngen Viborg's open questionnaire, if unanswered."""
    recipient_id = db.session.scalar(demo_respondent_recipient())
    return answer_url(link_token(recipient_id)) if recipient_id else None
