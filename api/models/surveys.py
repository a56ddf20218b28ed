"""Surveys: questionnaire templates, surveys sent from them, the recipients' one-time links and
the responses.

A template (owned by a quality unit, national or regional, or by one cluster) holds ordered
questions. A survey copies its template's questions when it is made, so that a later edit of
the template changes no survey already out; each copied question keeps the template question
it came from, which is how a cluster's evaluations are compared across meetings and with the
nation.

A survey goes to an audience (a cluster, a sub-cluster, a meeting's participants, a region or
the whole nation). Each recipient has a row with the SHA-256 of a personal link token; the
token itself is derived from the server's secret and the recipient row, so that a reminder can
carry the same link again and a copy of the database alone cannot make one.

Anonymity: in an anonymous survey the recipient row only marks *that* the person answered (a
flag with no time), and the response row holds no reference to the recipient, no submission
time and no sequential id (a random UUID primary key; on SQLite the tables are WITHOUT ROWID, so
not even the hidden row number records the order of arrival). Neither table is in the audit
log, which would otherwise stamp the moment of answering next to the person. A named survey
keeps the recipient and the time on the response.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.accounts import Organisation, User
from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin
from api.models.registry import Cluster, _enum

# The smallest number of answers a result is shown for (suppression), unless a survey says more.
DEFAULT_MIN_RESPONSES = 5


class QuestionKind(enum.StrEnum):
    likert = "likert"  # 1 to 5, "Helt uenig" … "Helt enig"
    single_choice = "single_choice"
    multiple_choice = "multiple_choice"
    number = "number"  # a whole number, optionally within min_value…max_value
    free_text = "free_text"
    nps = "nps"  # 0 to 10, "how likely are you to recommend"


class SurveyPurpose(enum.StrEnum):
    evaluation = "evaluation"  # after a meeting
    pre_meeting = "pre_meeting"  # before a meeting
    member = "member"  # a member survey (KiAP's national one)
    other = "other"


class SurveyAudience(enum.StrEnum):
    cluster = "cluster"
    sub_cluster = "sub_cluster"
    meeting = "meeting"
    region = "region"
    nation = "nation"


class SurveyState(enum.StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


# --- templates ---------------------------------------------------------------------------------


class SurveyTemplate(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A questionnaire to send again and again: a unit's (KiAP's national ones, a regional
    unit's) or one cluster's own."""

    __tablename__ = "survey_templates"

    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[SurveyPurpose] = mapped_column(
        _enum(SurveyPurpose), default=SurveyPurpose.other
    )
    # A retired template is no longer offered for new surveys; its surveys keep it.
    retired: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    cluster: Mapped[Cluster | None] = relationship(lazy="joined")
    questions: Mapped[list[SurveyTemplateQuestion]] = relationship(
        cascade="all, delete-orphan",
        order_by="SurveyTemplateQuestion.position",
        lazy="selectin",
    )

    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (cluster_id IS NULL)", name="one_owner"),
        Index("ix_survey_templates_organisation", "organisation_id"),
        Index("ix_survey_templates_cluster", "cluster_id"),
    )


class QuestionFields:
    """What a question says and accepts, the same in a template and in a survey."""

    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind))
    text: Mapped[str] = mapped_column(String(500))
    help: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    # The choices of a single or multiple choice question, in order; answers name them by index.
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_value: Mapped[int | None]
    max_value: Mapped[int | None]


class SurveyTemplateQuestion(IdMixin, QuestionFields, Audited, Base):
    __tablename__ = "survey_template_questions"

    template_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_templates.id", ondelete="CASCADE")
    )

    __table_args__ = (
        UniqueConstraint("template_id", "position", name="uq_survey_template_questions_position"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )


# --- surveys -----------------------------------------------------------------------------------


class Survey(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A questionnaire sent to an audience, with a deadline. Owned by a unit (`organisation_id`)
    or, when that is empty, by the cluster it is sent in (`cluster_id`)."""

    __tablename__ = "surveys"

    template_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("survey_templates.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    audience: Mapped[SurveyAudience] = mapped_column(_enum(SurveyAudience))
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE")
    )
    sub_cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sub_clusters.id", ondelete="SET NULL")
    )
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    region_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"))
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[SurveyPurpose] = mapped_column(
        _enum(SurveyPurpose), default=SurveyPurpose.other
    )
    anonymous: Mapped[bool] = mapped_column(default=True)
    min_responses: Mapped[int] = mapped_column(default=DEFAULT_MIN_RESPONSES)
    state: Mapped[SurveyState] = mapped_column(_enum(SurveyState), default=SurveyState.draft)
    closes_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    recipient_count: Mapped[int] = mapped_column(default=0)
    response_count: Mapped[int] = mapped_column(default=0)
    reminder_count: Mapped[int] = mapped_column(default=0)
    last_reminded_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    cluster: Mapped[Cluster | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(lazy="joined")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="SurveyQuestion.position", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("min_responses >= 1", name="min_responses_positive"),
        CheckConstraint("(state = 'draft') = (sent_at IS NULL)", name="sent_when_not_draft"),
        CheckConstraint("(state = 'closed') = (closed_at IS NOT NULL)", name="closed_has_time"),
        CheckConstraint("organisation_id IS NOT NULL OR cluster_id IS NOT NULL", name="has_owner"),
        CheckConstraint(
            "(audience NOT IN ('cluster', 'sub_cluster', 'meeting')) OR cluster_id IS NOT NULL",
            name="cluster_audience_has_cluster",
        ),
        CheckConstraint(
            "audience <> 'sub_cluster' OR sub_cluster_id IS NOT NULL", name="sub_cluster_set"
        ),
        CheckConstraint("audience <> 'meeting' OR meeting_id IS NOT NULL", name="meeting_set"),
        CheckConstraint("audience <> 'region' OR region_id IS NOT NULL", name="region_set"),
        CheckConstraint("response_count >= 0 AND response_count <= recipient_count", name="counts"),
        Index("ix_surveys_cluster", "cluster_id", "closes_at"),
        Index("ix_surveys_organisation", "organisation_id", "closes_at"),
        Index("ix_surveys_template", "template_id"),
        Index("ix_surveys_meeting", "meeting_id"),
    )


class SurveyQuestion(IdMixin, QuestionFields, Base):
    """A survey's own copy of a question (not audited: it is written once, with the survey)."""

    __tablename__ = "survey_questions"

    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    # The template question this is a copy of: the key for trends and national comparison.
    template_question_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("survey_template_questions.id", ondelete="SET NULL"), index=True
    )

    __table_args__ = (
        UniqueConstraint("survey_id", "position", name="uq_survey_questions_position"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )


class SurveyRecipient(IdMixin, Base):
    """One person a survey was sent to, with the SHA-256 of their link's token.

    Not audited, and `answered` carries no time: in an anonymous survey nothing may tell when
    this person answered."""

    __tablename__ = "survey_recipients"

    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The cluster the person was in when the survey was sent: results by cluster and region.
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answered: Mapped[bool] = mapped_column(default=False)
    reminder_count: Mapped[int] = mapped_column(default=0)

    user: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("survey_id", "user_id", name="uq_survey_recipients_person"),
        CheckConstraint("reminder_count >= 0", name="reminders_not_negative"),
        Index("ix_survey_recipients_pending", "survey_id", "answered"),
    )


class SurveyResponse(Base):
    """One submitted questionnaire. In an anonymous survey it names neither the recipient nor
    the time; its id is random and, on SQLite, the table keeps no row number."""

    __tablename__ = "survey_responses"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    # The respondent's cluster (from the recipient row): for results by cluster and region.
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL")
    )
    # Named surveys only: both null in an anonymous survey (the service writes them only for a
    # named one), both set in a named one.
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("survey_recipients.id", ondelete="SET NULL"), unique=True
    )
    submitted_at: Mapped[datetime | None]

    answers: Mapped[list[SurveyAnswer]] = relationship(cascade="all, delete-orphan")

    __table_args__: Any = (
        CheckConstraint("(recipient_id IS NULL) = (submitted_at IS NULL)", name="named_together"),
        Index("ix_survey_responses_survey", "survey_id", "cluster_id"),
        {"sqlite_with_rowid": False},
    )


class SurveyAnswer(Base):
    """One answer to one question: `number` is the Likert or NPS value, the number given, or
    the chosen option's index (a multiple choice answer has a row per option); `text` is a
    free-text answer."""

    __tablename__ = "survey_answers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    response_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE")
    )
    number: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    __table_args__: Any = (
        CheckConstraint("(number IS NULL) <> (text IS NULL)", name="one_value"),
        Index("ix_survey_answers_question", "question_id", "number"),
        Index("ix_survey_answers_response", "response_id"),
        {"sqlite_with_rowid": False},
    )
