"""Surveys from making to closing: a draft made from a template (whose questions it copies),
sent to its audience with a personal link each, reminded, and closed by hand or at its
deadline.

    draft ─send→ open ─close / deadline→ closed

A draft changes in whole; an open survey only its deadline (to a later one) and its minimum
of answers (409 `survey_not_draft` otherwise); only a draft is deleted. An open survey whose
deadline has passed counts as closed everywhere (`states.survey_state`); what touches it writes
that down (`close_if_due`).

Who a survey goes to is found when it is sent, in one statement per audience: the active
people working now at a clinic of the cluster (of the sub-cluster, of the region's clusters,
of every cluster), or those invited to the meeting. Each person gets one recipient row (in the
cluster they were found in first) and one e-mail, written in batches: a survey to the whole
nation costs a bounded number of statements.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select, update
from sqlalchemy.orm import lazyload

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.permissions import permissions_on
from api.core.security import Principal
from api.core.shown import Shown
from api.models import (
    ClinicClusterPeriod,
    Cluster,
    Invitation,
    Meeting,
    Member,
    Organisation,
    OrganisationKind,
    Region,
    SubCluster,
    SubClusterClinic,
    Survey,
    SurveyAudience,
    SurveyQuestion,
    SurveyRecipient,
    SurveyState,
    SurveyTemplate,
    User,
)
from api.models.base import utcnow
from api.services.surveys import mail
from api.services.surveys.access import SurveyAccess, visible_surveys
from api.services.surveys.links import link_token, token_hash
from api.services.surveys.states import close_if_due, survey_state
from api.services.surveys.templates import (
    QUESTION_FIELDS,
    owning_unit,
    template_for_use,
)

# What the caller may do with a survey, by name, as `permissions` shows it.
SURVEY_ACTIONS = {"manage": "surveys.manage", "results": "surveys.results"}
CLUSTER_AUDIENCES = frozenset(
    {SurveyAudience.cluster, SurveyAudience.sub_cluster, SurveyAudience.meeting}
)
PLACE_FIELDS = ("cluster_id", "sub_cluster_id", "meeting_id", "region_id")
# What an open survey still changes.
OPEN_FIELDS = frozenset({"closes_at", "min_responses"})


def version_etag(survey: Survey) -> dict[str, Any]:
    """Its own version, and its state as everyone sees it (a deadline passes unwritten)."""
    return {"id": str(survey.id), "version": survey.version, "state": survey_state(survey).value}


def owner_of(survey: Survey) -> dict[str, Any]:
    if survey.organisation is not None:
        return {"kind": "unit", "id": survey.organisation.id, "name": survey.organisation.name}
    assert survey.cluster is not None
    return {"kind": "cluster", "id": survey.cluster.id, "name": survey.cluster.name}


def response_counts(survey_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many have answered each survey, in one statement."""
    if not survey_ids:
        return {}
    rows = db.session.execute(
        select(SurveyRecipient.survey_id, func.count())
        .where(SurveyRecipient.survey_id.in_(survey_ids), SurveyRecipient.answered.is_(True))
        .group_by(SurveyRecipient.survey_id)
    )
    return {survey_id: count for survey_id, count in rows}


def _shown(survey: Survey, response_count: int, now: datetime, **extra: Any) -> Shown:
    return Shown(
        survey,
        state=survey_state(survey, now),
        owner=owner_of(survey),
        response_count=response_count,
        **extra,
    )


def shown_page(surveys: list[Survey]) -> list[Shown]:
    counts = response_counts([survey.id for survey in surveys])
    now = utcnow()
    return [_shown(survey, counts.get(survey.id, 0), now) for survey in surveys]


def detail(principal: Principal, access: SurveyAccess, survey: Survey) -> Shown:
    return _shown(
        survey,
        response_counts([survey.id]).get(survey.id, 0),
        utcnow(),
        permissions=permissions_on(principal, SURVEY_ACTIONS, access),
    )


# --- reading -----------------------------------------------------------------------------------


def surveys_query(principal: Principal, filters: dict[str, Any]) -> Select:
    """The surveys the caller finds, filtered by cluster, state (as everyone sees it), purpose,
    meeting, template and owning unit."""
    stmt = (
        select(Survey)
        .outerjoin(Cluster, Cluster.id == Survey.cluster_id)
        .where(visible_surveys(principal))
        .options(lazyload(Survey.questions))
    )
    for name, column in (
        ("cluster_id", Survey.cluster_id),
        ("purpose", Survey.purpose),
        ("meeting_id", Survey.meeting_id),
        ("template_id", Survey.template_id),
        ("unit_id", Survey.organisation_id),
    ):
        if filters.get(name) is not None:
            stmt = stmt.where(column == filters[name])
    state = filters.get("state")
    if state is not None:
        now = utcnow()
        due = and_(Survey.state == SurveyState.open, Survey.closes_at <= now)
        if state is SurveyState.draft:
            stmt = stmt.where(Survey.state == SurveyState.draft)
        elif state is SurveyState.open:
            stmt = stmt.where(Survey.state == SurveyState.open, Survey.closes_at > now)
        else:
            stmt = stmt.where(or_(Survey.state == SurveyState.closed, due))
    return stmt


# --- making and changing -----------------------------------------------------------------------


def _refuse(field: str, message: str, code: str) -> RuleViolation:
    return RuleViolation(errors={field: [coded(message, code)]})


def _check_deadline(closes_at: datetime) -> None:
    if closes_at <= utcnow():
        raise _refuse("closes_at", "Must be in the future.", "not_in_future")


def _cluster_part(
    cluster: Cluster, audience: SurveyAudience, place: dict[str, Any]
) -> dict[str, Any]:
    """The sub-cluster or meeting of a survey in `cluster`, checked to be the cluster's."""
    result: dict[str, Any] = {
        "cluster_id": cluster.id,
        "sub_cluster_id": None,
        "meeting_id": None,
        "region_id": None,
    }
    if audience is SurveyAudience.sub_cluster:
        sub_cluster_id = place.get("sub_cluster_id")
        if sub_cluster_id is None:
            raise _refuse("sub_cluster_id", "A sub-cluster's survey names it.", "required")
        found = db.session.scalar(
            select(SubCluster.id).where(
                SubCluster.id == sub_cluster_id, SubCluster.cluster_id == cluster.id
            )
        )
        if found is None:
            raise _refuse(
                "sub_cluster_id",
                "Not a sub-cluster of this cluster.",
                "not_a_sub_cluster_of_cluster",
            )
        result["sub_cluster_id"] = sub_cluster_id
    if audience is SurveyAudience.meeting:
        meeting_id = place.get("meeting_id")
        if meeting_id is None:
            raise _refuse("meeting_id", "A meeting's survey names it.", "required")
        found = db.session.scalar(
            select(Meeting.id).where(Meeting.id == meeting_id, Meeting.cluster_id == cluster.id)
        )
        if found is None:
            raise _refuse(
                "meeting_id", "No such meeting of this cluster.", "unknown_meeting_of_cluster"
            )
        result["meeting_id"] = meeting_id
    return result


def _not_for_audience(audience: SurveyAudience, place: dict[str, Any], allowed: set[str]) -> None:
    errors = {
        name: [coded(f"Not taken by a survey to a {audience.value}.", "not_for_audience")]
        for name in PLACE_FIELDS
        if place.get(name) is not None and name not in allowed
    }
    if errors:
        raise RuleViolation(errors=errors)


ALLOWED_PLACES = {
    SurveyAudience.cluster: {"cluster_id"},
    SurveyAudience.sub_cluster: {"cluster_id", "sub_cluster_id"},
    SurveyAudience.meeting: {"cluster_id", "meeting_id"},
    SurveyAudience.region: {"region_id"},
    SurveyAudience.nation: set(),
}


def _unit_place(
    unit: Organisation, audience: SurveyAudience, place: dict[str, Any]
) -> dict[str, Any]:
    """Where a unit's survey goes: the nation (KiAP only), a region (its own; KiAP any), or a
    cluster of its region (KiAP any) or its sub-cluster or meeting."""
    _not_for_audience(audience, place, ALLOWED_PLACES[audience])
    national = unit.kind is OrganisationKind.national_unit
    empty = dict.fromkeys(PLACE_FIELDS)
    if audience is SurveyAudience.nation:
        if not national:
            raise _refuse(
                "audience", "Only KiAP sends a survey to the whole nation.", "audience_not_allowed"
            )
        return empty
    if audience is SurveyAudience.region:
        region_id = place.get("region_id")
        if region_id is None:
            raise _refuse("region_id", "A region's survey names it.", "required")
        region = db.session.get(Region, region_id)
        if region is None:
            raise _refuse("region_id", "No such region.", "unknown_region")
        if not national and region.code != unit.region_code:
            raise _refuse("region_id", "Outside the unit's region.", "outside_reach")
        return {**empty, "region_id": region_id}
    cluster_id = place.get("cluster_id")
    if cluster_id is None:
        raise _refuse("cluster_id", "A cluster's survey names it.", "required")
    cluster = db.session.get(Cluster, cluster_id)
    if cluster is None:
        raise _refuse("cluster_id", "No such cluster.", "unknown_cluster")
    if not national and cluster.region.code != unit.region_code:
        raise _refuse("cluster_id", "Outside the unit's region.", "outside_reach")
    return _cluster_part(cluster, audience, place)


def _own_cluster_place(
    cluster: Cluster, audience: SurveyAudience, place: dict[str, Any]
) -> dict[str, Any]:
    """Where a cluster's own survey goes: the cluster, one of its sub-clusters or meetings."""
    if audience not in CLUSTER_AUDIENCES:
        raise _refuse(
            "audience",
            "A cluster's own survey goes to the cluster, a sub-cluster or a meeting.",
            "audience_not_allowed",
        )
    _not_for_audience(audience, place, ALLOWED_PLACES[audience])
    if place.get("cluster_id") not in (None, cluster.id):
        raise _refuse(
            "cluster_id", "A cluster's own survey stays in the cluster.", "not_for_audience"
        )
    return _cluster_part(cluster, audience, place)


def _copy_questions(survey: Survey, template: SurveyTemplate) -> None:
    """The survey's own copies of the template's questions (the old copies go first)."""
    if survey.questions:
        survey.questions.clear()
        db.session.flush()
    survey.questions = [
        SurveyQuestion(
            id=uuid.uuid4(),
            template_question_id=question.id,
            position=question.position,
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
        )
        for question in template.questions
    ]


def _describe(survey: Survey, template: SurveyTemplate, data: dict[str, Any]) -> None:
    """Its words, from the body or else from the template."""
    survey.title = data.get("title") or template.title
    survey.intro = data["intro"] if data.get("intro") is not None else template.description
    survey.purpose = data.get("purpose") or template.purpose


def _new_survey(
    principal: Principal, data: dict[str, Any], place: dict[str, Any], unit_id: uuid.UUID | None
) -> Survey:
    template = template_for_use(principal, data["template_id"])
    _check_deadline(data["closes_at"])
    survey = Survey(
        id=uuid.uuid4(),
        template_id=template.id,
        organisation_id=unit_id,
        audience=data["audience"],
        anonymous=data["anonymous"],
        min_responses=data["min_responses"],
        closes_at=data["closes_at"],
        state=SurveyState.draft,
        created_by_id=principal.user.id if principal.user else None,
        recipient_count=0,
        response_count=0,
        reminder_count=0,
        **place,
    )
    _describe(survey, template, data)
    _copy_questions(survey, template)
    db.session.add(survey)
    db.session.commit()
    return survey


def create_unit_survey(principal: Principal, data: dict[str, Any]) -> Survey:
    unit = owning_unit(principal, data.pop("unit_id", None), "survey")
    place = _unit_place(unit, data["audience"], data)
    return _new_survey(principal, data, place, unit.id)


def create_cluster_survey(principal: Principal, cluster: Cluster, data: dict[str, Any]) -> Survey:
    place = _own_cluster_place(cluster, data["audience"], data)
    return _new_survey(principal, data, place, None)


def _require_draft(survey: Survey, detail: str) -> None:
    if survey.state is not SurveyState.draft:
        raise Conflict(detail, code="survey_not_draft")


def update_survey(principal: Principal, survey: Survey, data: dict[str, Any]) -> None:
    """A draft: every field given (the others keep their values). An open survey: only a later
    deadline and its minimum of answers."""
    now = utcnow()
    if close_if_due(survey, now):
        db.session.commit()
    if survey.state is SurveyState.open:
        changed = {
            name for name, value in data.items() if getattr(survey, name, None) != value
        } - OPEN_FIELDS
        if changed:
            raise Conflict(
                "An open survey changes only its deadline and its minimum of answers "
                f"(not {', '.join(sorted(changed))}).",
                code="survey_not_draft",
            )
    else:
        _require_draft(survey, "A closed survey no longer changes.")
    if "closes_at" in data:
        _check_deadline(data["closes_at"])
    if survey.state is SurveyState.draft:
        audience = data.get("audience", survey.audience)
        # A place left out keeps its value where the audience still takes it.
        place = {
            name: data[name]
            if name in data
            else (getattr(survey, name) if name in ALLOWED_PLACES[audience] else None)
            for name in PLACE_FIELDS
        }
        if survey.organisation is not None:
            placed = _unit_place(survey.organisation, audience, place)
        else:
            assert survey.cluster is not None
            placed = _own_cluster_place(survey.cluster, audience, place)
        survey.audience = audience
        for name, value in placed.items():
            setattr(survey, name, value)
        if data.get("template_id") is not None and data["template_id"] != survey.template_id:
            template = template_for_use(principal, data["template_id"])
            survey.template_id = template.id
            _copy_questions(survey, template)
        for name in ("title", "intro", "purpose", "anonymous"):
            if name in data:
                setattr(survey, name, data[name])
    for name in OPEN_FIELDS:
        if name in data:
            setattr(survey, name, data[name])
    survey.updated_at = now
    db.session.commit()


def delete_survey(survey: Survey) -> None:
    _require_draft(survey, "Only a draft is deleted; an open survey is closed.")
    db.session.delete(survey)
    db.session.commit()


# --- sending, reminding, closing ---------------------------------------------------------------


def _current_members() -> Select:
    """The active people working now at a clinic of a cluster, with that cluster."""
    return (
        select(User.id, User.email, User.name, ClinicClusterPeriod.cluster_id)
        .select_from(Member)
        .join(User, User.id == Member.user_id)
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
        .where(
            Member.valid_to.is_(None),
            ClinicClusterPeriod.valid_to.is_(None),
            User.is_active.is_(True),
        )
    )


def audience_query(survey: Survey) -> Select:
    """The survey's audience now, as (user id, e-mail, name, cluster id) rows: one statement."""
    if survey.audience is SurveyAudience.meeting:
        meeting = select(Meeting.cluster_id).where(Meeting.id == survey.meeting_id)
        return (
            select(User.id, User.email, User.name, meeting.scalar_subquery())
            .select_from(Invitation)
            .join(User, User.id == Invitation.user_id)
            .where(Invitation.meeting_id == survey.meeting_id, User.is_active.is_(True))
        )
    stmt = _current_members()
    if survey.audience is SurveyAudience.cluster:
        stmt = stmt.where(ClinicClusterPeriod.cluster_id == survey.cluster_id)
    elif survey.audience is SurveyAudience.sub_cluster:
        stmt = stmt.join(SubClusterClinic, SubClusterClinic.clinic_id == Member.clinic_id).where(
            SubClusterClinic.sub_cluster_id == survey.sub_cluster_id,
            ClinicClusterPeriod.cluster_id == survey.cluster_id,
        )
    elif survey.audience is SurveyAudience.region:
        stmt = stmt.join(Cluster, Cluster.id == ClinicClusterPeriod.cluster_id).where(
            Cluster.region_id == survey.region_id
        )
    return stmt.order_by(User.id, ClinicClusterPeriod.cluster_id)


def owner_name(survey: Survey) -> str:
    return str(owner_of(survey)["name"])


def send(survey: Survey) -> None:
    """Draft → open: a recipient row and an invitation for each person of the audience now."""
    now = utcnow()
    _require_draft(survey, "The survey has been sent already.")
    if survey.closes_at <= now:
        raise Conflict(
            "The survey's deadline has passed: move it before sending.",
            code="survey_deadline_passed",
        )
    people: dict[uuid.UUID, tuple[str, str, uuid.UUID | None]] = {}
    for user_id, email, name, cluster_id in db.session.execute(audience_query(survey)):
        people.setdefault(user_id, (email, name, cluster_id))
    if not people:
        raise Conflict(
            "The survey's audience has no one to send it to.", code="survey_no_recipients"
        )
    rows = []
    addressees = []
    for user_id, (email, name, cluster_id) in people.items():
        recipient_id = uuid.uuid4()
        rows.append(
            {
                "id": recipient_id,
                "survey_id": survey.id,
                "user_id": user_id,
                "cluster_id": cluster_id,
                "token_hash": token_hash(link_token(recipient_id)),
                "answered": False,
                "reminder_count": 0,
            }
        )
        addressees.append(mail.Addressee(recipient_id, email, name))
    db.session.execute(insert(SurveyRecipient), rows)
    survey.state = SurveyState.open
    survey.sent_at = now
    survey.recipient_count = len(rows)
    mail.write_invitations(survey, owner_name(survey), addressees)
    db.session.commit()


def _require_open(survey: Survey, now: datetime) -> None:
    if close_if_due(survey, now):
        db.session.commit()
    if survey.state is not SurveyState.open:
        raise Conflict(
            f"The survey is {survey.state.value}; only an open survey is reminded or closed.",
            code="survey_not_open",
        )


def remind(survey: Survey) -> int:
    """E-mail the link again to each recipient who has not answered; how many."""
    now = utcnow()
    _require_open(survey, now)
    pending = [
        mail.Addressee(recipient_id, email, name)
        for recipient_id, email, name in db.session.execute(
            select(SurveyRecipient.id, User.email, User.name)
            .join(User, User.id == SurveyRecipient.user_id)
            .where(
                SurveyRecipient.survey_id == survey.id,
                SurveyRecipient.answered.is_(False),
                User.is_active.is_(True),
            )
            .order_by(SurveyRecipient.id)
        )
    ]
    if not pending:
        return 0
    db.session.execute(
        update(SurveyRecipient)
        .where(
            SurveyRecipient.survey_id == survey.id,
            SurveyRecipient.answered.is_(False),
            SurveyRecipient.user_id.in_(select(User.id).where(User.is_active.is_(True))),
        )
        .values(reminder_count=SurveyRecipient.reminder_count + 1)
        .execution_options(synchronize_session=False)
    )
    survey.reminder_count += 1
    survey.last_reminded_at = now
    mail.write_reminders(survey, owner_name(survey), pending, survey.reminder_count)
    db.session.commit()
    return len(pending)


def close(survey: Survey) -> None:
    """Open → closed, now."""
    now = utcnow()
    _require_open(survey, now)
    survey.state = SurveyState.closed
    survey.closed_at = now
    db.session.commit()
