"""Questionnaire templates: a quality unit's (KiAP's national ones, a regional unit's) or one
cluster's own, with their ordered questions.

A template is changed in whole (`PUT`): a question sent with its id is kept, so that its answers
in surveys already made stay comparable with those to come; one without an id is new; one left
out is removed (the surveys that copied it keep their copy). A template some survey was made
from is not deleted (409 `survey_template_in_use`): it is retired, and no longer sent.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, exists, or_, select

from api.core.error_codes import coded
from api.core.errors import Conflict, Forbidden, RuleViolation
from api.core.extensions import db
from api.core.permissions import permissions_on
from api.core.security import Principal
from api.core.shown import Shown
from api.models import (
    Cluster,
    Organisation,
    PackageVersion,
    Survey,
    SurveyTemplate,
    SurveyTemplateQuestion,
)
from api.models.base import utcnow
from api.services.surveys.access import (
    QUALITY_UNITS,
    SurveyTemplateAccess,
    unit_ids,
    visible_templates,
)

# What the caller may do with a template, by name, as `permissions` shows it.
TEMPLATE_ACTIONS = {"change": "survey_templates.write"}
QUESTION_FIELDS = ("kind", "text", "help", "required", "options", "min_value", "max_value")
# Kept questions move through positions above any real one (at most 100 questions), so that
# the unique (template, position) index holds at every flush.
PARKING = 1000


def version_etag(template: SurveyTemplate) -> dict[str, Any]:
    return {"id": str(template.id), "version": template.version}


def owner_of(template: SurveyTemplate) -> dict[str, Any]:
    if template.organisation is not None:
        return {"kind": "unit", "id": template.organisation.id, "name": template.organisation.name}
    assert template.cluster is not None
    return {"kind": "cluster", "id": template.cluster.id, "name": template.cluster.name}


def shown(template: SurveyTemplate) -> Shown:
    return Shown(template, owner=owner_of(template))


def detail(principal: Principal, access: SurveyTemplateAccess, template: SurveyTemplate) -> Shown:
    return Shown(
        template,
        owner=owner_of(template),
        permissions=permissions_on(principal, TEMPLATE_ACTIONS, access),
    )


# --- reading -----------------------------------------------------------------------------------


def templates_query(principal: Principal, filters: dict[str, Any]) -> Select:
    """The templates the caller finds, filtered: `q` in the title or description, a `purpose`,
    one `cluster_id`'s own, the units' or the clusters' (`owner`), retired ones only if asked."""
    stmt = select(SurveyTemplate).where(visible_templates(principal))
    if filters.get("q"):
        q = filters["q"]
        stmt = stmt.where(
            or_(
                SurveyTemplate.title.icontains(q, autoescape=True),
                SurveyTemplate.description.icontains(q, autoescape=True),
            )
        )
    if filters.get("purpose") is not None:
        stmt = stmt.where(SurveyTemplate.purpose == filters["purpose"])
    if filters.get("cluster_id") is not None:
        stmt = stmt.where(SurveyTemplate.cluster_id == filters["cluster_id"])
    if filters.get("owner") == "unit":
        stmt = stmt.where(SurveyTemplate.organisation_id.is_not(None))
    elif filters.get("owner") == "cluster":
        stmt = stmt.where(SurveyTemplate.cluster_id.is_not(None))
    if not filters.get("include_retired"):
        stmt = stmt.where(SurveyTemplate.retired.is_(False))
    return stmt


# --- writing -----------------------------------------------------------------------------------


def owning_unit(principal: Principal, unit_id: uuid.UUID | None, what: str) -> Organisation:
    """The unit a new template or survey belongs to: the one named, a quality unit the caller
    writes for; without a name, the caller's one unit."""
    units = unit_ids(principal)
    if not units and not principal.is_platform_admin:
        raise Forbidden(
            f"Only a quality unit makes a unit's {what}; you write for none.",
            code="not_your_unit",
        )
    if unit_id is None:
        if len(units) != 1:
            raise RuleViolation(
                errors={"unit_id": [coded(f"Name the unit the {what} belongs to.", "required")]}
            )
        unit_id = next(iter(units))
    unit = db.session.get(Organisation, unit_id)
    if unit is None or unit.kind not in QUALITY_UNITS:
        raise RuleViolation(
            errors={"unit_id": [coded("No such quality unit.", "unknown_organisation")]}
        )
    if not principal.is_platform_admin and unit_id not in units:
        raise Forbidden(f"You write only your own unit's {what}s.", code="not_your_unit")
    return unit


def _write_questions(template: SurveyTemplate, questions: list[dict[str, Any]]) -> None:
    """Replace the template's questions: those named by id are kept (and changed), the others
    are new, those left out are removed."""
    kept = {question.id: question for question in template.questions}
    errors: dict[str, Any] = {}
    seen: set[uuid.UUID] = set()
    for index, data in enumerate(questions):
        question_id = data.get("id")
        if question_id is None:
            continue
        if question_id not in kept:
            errors[str(index)] = {
                "id": [coded("Not a question of this template.", "unknown_question")]
            }
        elif question_id in seen:
            errors[str(index)] = {"id": [coded("Named twice in the request.", "named_twice")]}
        seen.add(question_id)
    if errors:
        raise RuleViolation(errors={"questions": errors})
    # The removed go first, and the kept park above every position, so that the unique
    # (template, position) index holds at each flush.
    for question_id, question in kept.items():
        if question_id not in seen:
            template.questions.remove(question)
    for position, question in enumerate(template.questions):
        question.position = PARKING + position
    db.session.flush()
    ordered = []
    for position, data in enumerate(questions):
        question = kept.get(data["id"]) if data.get("id") else None
        if question is None:
            question = SurveyTemplateQuestion(id=uuid.uuid4())
        for name in QUESTION_FIELDS:
            setattr(question, name, data[name])
        question.position = position
        ordered.append(question)
    template.questions = ordered


def _write(template: SurveyTemplate, data: dict[str, Any]) -> None:
    for name in ("title", "description", "purpose", "retired"):
        if name in data:
            setattr(template, name, data[name])
    _write_questions(template, data["questions"])


def create_unit_template(principal: Principal, data: dict[str, Any]) -> SurveyTemplate:
    unit = owning_unit(principal, data.pop("unit_id", None), "template")
    template = SurveyTemplate(id=uuid.uuid4(), organisation_id=unit.id, retired=False)
    db.session.add(template)
    _write(template, data)
    db.session.commit()
    return template


def create_cluster_template(cluster: Cluster, data: dict[str, Any]) -> SurveyTemplate:
    template = SurveyTemplate(id=uuid.uuid4(), cluster_id=cluster.id, retired=False)
    db.session.add(template)
    _write(template, data)
    db.session.commit()
    return template


def update_template(template: SurveyTemplate, data: dict[str, Any]) -> None:
    _write(template, data)
    template.updated_at = utcnow()  # its questions alone would not move it
    db.session.commit()


def delete_template(template: SurveyTemplate) -> None:
    """Delete a template no survey was made from (and no package version offers)."""
    in_use = db.session.scalar(
        select(
            exists().where(Survey.template_id == template.id)
            | exists().where(PackageVersion.survey_template_id == template.id)
        )
    )
    if in_use:
        raise Conflict(
            "A survey was made from the template, or a package offers it: retire it instead.",
            code="survey_template_in_use",
        )
    db.session.delete(template)
    db.session.commit()


def template_for_use(principal: Principal, template_id: uuid.UUID) -> SurveyTemplate:
    """A template to make a survey from: one the caller finds, not retired (422 otherwise)."""
    template = db.session.scalar(
        select(SurveyTemplate).where(SurveyTemplate.id == template_id, visible_templates(principal))
    )
    if template is None:
        raise RuleViolation(
            errors={"template_id": [coded("No such survey template.", "unknown_survey_template")]}
        )
    if template.retired:
        raise RuleViolation(
            errors={
                "template_id": [
                    coded(
                        "The template is retired; it is no longer sent.", "survey_template_retired"
                    )
                ]
            }
        )
    return template


def unit_template_for_package(template_id: uuid.UUID | None) -> uuid.UUID | None:
    """A package version's survey template: a quality unit's (422 otherwise)."""
    if template_id is None:
        return None
    found = db.session.scalar(
        select(SurveyTemplate.id).where(
            SurveyTemplate.id == template_id, SurveyTemplate.organisation_id.is_not(None)
        )
    )
    if found is None:
        raise RuleViolation(
            errors={
                "survey_template_id": [
                    coded("No such survey template of a quality unit.", "unknown_survey_template")
                ]
            }
        )
    return found
