"""One real object of every kind a path of openapi.yaml names, made in a scenario's Viborg: the
ids of a world that every operation of the contract can be called in, by the name of the path
parameter that takes each (`meeting_id`, `file_id`, …).

The scenario needs a `member` (the author and uploader of the objects, the claimant of the
expense and the recipient of the survey's link), a `coordinator` (the meeting's responsible
party), a Viborg clinic `viborg`, the unit `midtjylland` and a machine client `plo_client`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from api.core.extensions import db
from api.models import (
    DataPolicy,
    MeetingPackageMaterial,
    PackageVersionState,
    Survey,
    SurveyAudience,
    SurveyRecipient,
    SurveyState,
)
from api.models.base import utcnow
from api.services.surveys.links import link_token, token_hash
from tests import survey_rows
from tests.factories import PDF_RECEIPT, Factory
from tests.scenarios import Scenario


def path_ids(
    factory: Factory,
    scenario: Scenario,
    *,
    invited: Iterable[str],
    role: str,
    data_policy: DataPolicy = DataPolicy.open,
) -> dict[str, Any]:
    """The ids by path parameter. `invited`: the people (of the scenario, at Viborg's
    clinics) invited to the meeting, each with their own clinic; `role`: whose role in
    Viborg is `role_id`; `data_policy`: Viborg's decision on its data (`decision_id`), from
    2023 on."""
    cluster, member = scenario.viborg, scenario.people["member"]
    unit = scenario.units["midtjylland"]
    meeting = factory.meeting(cluster, responsible=scenario.people["coordinator"])
    for name in invited:
        clinic = scenario.members[name].clinic if name in scenario.members else None
        factory.invitation(meeting, scenario.people[name], clinic=clinic)
    ids = {
        "cluster_id": cluster.id,
        "clinic_id": scenario.clinics["viborg"].id,
        "member_id": scenario.members["member"].id,
        "role_id": scenario.roles[role].id,
        "sub_cluster_id": factory.sub_cluster(cluster, (scenario.clinics["viborg"],)).id,
        "meeting_id": meeting.id,
        "action_id": factory.action(meeting).id,
        "folder_id": factory.folder(cluster, made_by=member).id,
        "file_id": factory.file(cluster, uploaded_by=member).id,
        "post_id": factory.post(cluster, author=member).id,
        "user_id": member.id,
        "client_uuid": scenario.ids["plo_client"],
        "organisation_id": unit.id,
        "entry_id": factory.ledger_entry(cluster).id,
        "year": factory.rate(2025).year,
        "fee_id": factory.fee_proposal(meeting).id,
        "indicator_set_id": factory.indicator_set(unit).id,
        "decision_id": factory.data_decision(cluster, data_policy).id,
    }
    expense = factory.expense(cluster, claimant=member, receipts=1)
    ids["expense_id"] = expense.id
    ids["receipt_id"] = factory.receipts_of(expense)[0].id
    # A published package of Viborg's region's unit, with a draft version (without an agenda,
    # so that no caller publishes it on the way) and its material.
    package = factory.package(
        unit, versions=(PackageVersionState.published, PackageVersionState.draft)
    )
    draft = package.versions[1]
    draft.items = []
    db.session.commit()
    ids["package_id"], ids["version_id"] = package.id, draft.id
    ids["material_id"] = factory.package_material(draft).id
    ids["order_id"] = factory.package_order(package, cluster).id
    # The published version's material, linked to the meeting built from it.
    linked = factory.package_material(package.versions[0], content=PDF_RECEIPT + b"linked")
    link = MeetingPackageMaterial(id=uuid.uuid4(), meeting_id=meeting.id, file_id=linked.id)
    db.session.add(link)
    db.session.commit()
    ids["package_material_id"] = linked.id
    ids["proposal_id"] = factory.package_proposal(cluster, unit).id
    # Surveys: a template of Viborg's region's unit (the survey's templates' operations).
    ids["template_id"] = survey_rows.template(unit=unit).id
    # Viborg's own survey (kept by its coordinator), closed a day ago: its results are the
    # cluster's to read.
    ids["survey_id"] = _closed_survey(cluster).id
    # A survey sent in Viborg with the member's personal link, so that the public answer
    # operations (`{token}`) are called with a link that works (a calendar feed's `{token}`
    # is then one that names no feed).
    ids["token"] = _open_survey_link(cluster, member)
    return ids


def _closed_survey(cluster) -> Survey:
    """A survey of the cluster's own, sent two weeks ago and closed yesterday."""
    closed_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    survey = Survey(
        id=uuid.uuid4(),
        cluster_id=cluster.id,
        audience=SurveyAudience.cluster,
        title="Evaluering af klyngemødet",
        state=SurveyState.closed,
        closes_at=closed_at,
        sent_at=closed_at - timedelta(days=14),
        closed_at=closed_at,
    )
    db.session.add(survey)
    db.session.commit()
    return survey


def _open_survey_link(cluster, user) -> str:
    """The personal link of `user` to an open survey of the cluster."""
    survey = Survey(
        id=uuid.uuid4(),
        audience=SurveyAudience.cluster,
        cluster_id=cluster.id,
        title="Evaluering",
        state=SurveyState.open,
        sent_at=utcnow(),
        closes_at=utcnow() + timedelta(days=7),
        recipient_count=1,
    )
    recipient = SurveyRecipient(id=uuid.uuid4(), survey_id=survey.id, user_id=user.id)
    recipient.token_hash = token_hash(link_token(recipient.id))
    db.session.add_all([survey, recipient])
    db.session.commit()
    return link_token(recipient.id)
