"""Follow-up actions decided at a meeting: what is to be done, by which clinic, and whether
it is done."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, exists, select

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.models import (
    ActionStatus,
    ClinicClusterPeriod,
    FollowUpAction,
    Meeting,
    MeetingState,
)
from api.models.base import utcnow

# --- follow-up actions ------------------------------------------------------------------


def _check_clinic(cluster_id: uuid.UUID, clinic_id: uuid.UUID | None) -> None:
    if clinic_id is None:
        return
    in_cluster = db.session.scalar(
        select(
            exists().where(
                ClinicClusterPeriod.clinic_id == clinic_id,
                ClinicClusterPeriod.cluster_id == cluster_id,
                ClinicClusterPeriod.valid_to.is_(None),
            )
        )
    )
    if not in_cluster:
        raise RuleViolation(
            errors={
                "clinic_id": [coded("Not a clinic of this cluster now.", "not_a_clinic_of_cluster")]
            }
        )


def create_action(meeting: Meeting, data: dict[str, Any]) -> FollowUpAction:
    _check_clinic(meeting.cluster_id, data.get("clinic_id"))
    status = data.pop("status", ActionStatus.open)
    action = FollowUpAction(
        id=uuid.uuid4(),
        meeting_id=meeting.id,
        cluster_id=meeting.cluster_id,
        status=status,
        completed_at=None if status == ActionStatus.open else utcnow(),
        **data,
    )
    db.session.add(action)
    db.session.commit()
    return action


def update_action(action: FollowUpAction, data: dict[str, Any]) -> None:
    if "clinic_id" in data:
        _check_clinic(action.cluster_id, data["clinic_id"])
    status = data.pop("status", None)
    if status is not None and status != action.status:
        action.status = status
        action.completed_at = None if status == ActionStatus.open else utcnow()
    for key, value in data.items():
        setattr(action, key, value)
    db.session.commit()


def delete_action(action: FollowUpAction) -> None:
    db.session.delete(action)
    db.session.commit()


def actions_query(
    *,
    meeting_id: uuid.UUID | None = None,
    cluster_id: uuid.UUID | None = None,
    status: ActionStatus | None = None,
) -> Select:
    stmt = select(FollowUpAction)
    if meeting_id is not None:
        stmt = stmt.where(FollowUpAction.meeting_id == meeting_id)
    if cluster_id is not None:
        # Only actions of meetings the members see (not of drafts).
        stmt = stmt.join(Meeting, Meeting.id == FollowUpAction.meeting_id).where(
            FollowUpAction.cluster_id == cluster_id, Meeting.state != MeetingState.draft.value
        )
    if status is not None:
        stmt = stmt.where(FollowUpAction.status == status.value)
    return stmt
