"""Invitations to a meeting: inviting the cluster's people (or some of them), reminding
those who have not answered, and each person's own answer."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select

from api.core.batch import BatchReport
from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    ClinicClusterPeriod,
    ClusterRole,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingState,
    Member,
    SubCluster,
    SubClusterClinic,
    User,
)
from api.models.base import utcnow
from api.services.meetings.planning import (
    MAX_INVITEES,
    insiders_among,
    invitations_sent,
    reminders_sent,
)

# --- invitations ------------------------------------------------------------------------


def _require_open_for_answers(meeting: Meeting) -> None:
    if meeting.state != MeetingState.planned:
        raise Conflict(
            f"The meeting is {meeting.state.value}: plan it first.", code="meeting_not_planned"
        )
    if meeting.has_started:
        raise Conflict("The meeting has begun.", code="meeting_begun")


def _invitees(meeting: Meeting, data: dict[str, Any]) -> dict[uuid.UUID, uuid.UUID | None]:
    """The people to invite, each with their clinic in the cluster (if they have one)."""
    cluster_id = meeting.cluster_id
    members = (
        select(Member.user_id, Member.clinic_id)
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
        .where(
            Member.valid_to.is_(None),
            ClinicClusterPeriod.cluster_id == cluster_id,
            ClinicClusterPeriod.valid_to.is_(None),
        )
        .order_by(Member.created_at, Member.id)
    )
    people: dict[uuid.UUID, uuid.UUID | None] = {}
    if data.get("sub_cluster_id") is not None:
        sub = db.session.get(SubCluster, data["sub_cluster_id"])
        if sub is None or sub.cluster_id != cluster_id:
            raise RuleViolation(
                errors={
                    "sub_cluster_id": [
                        coded("Not a sub-cluster of this cluster.", "not_a_sub_cluster_of_cluster")
                    ]
                }
            )
        members = members.where(
            Member.clinic_id.in_(
                select(SubClusterClinic.clinic_id).where(SubClusterClinic.sub_cluster_id == sub.id)
            )
        )
    elif data.get("user_ids") is not None:
        wanted = list(dict.fromkeys(data["user_ids"]))
        strangers = [str(u) for u in wanted if u not in insiders_among(cluster_id, wanted)]
        if strangers:
            raise RuleViolation(
                errors={
                    "user_ids": [
                        coded(
                            f"Not members of this cluster: {', '.join(strangers)}.",
                            "not_a_member_of_cluster",
                        )
                    ]
                }
            )
        members = members.where(Member.user_id.in_(wanted))
        for user_id, clinic_id in db.session.execute(members):
            people.setdefault(user_id, clinic_id)
        return {user_id: people.get(user_id) for user_id in wanted}
    for user_id, clinic_id in db.session.execute(members):
        people.setdefault(user_id, clinic_id)
    if data.get("everyone"):
        # Role holders are invited too, also one without a clinic in the cluster.
        for user_id in db.session.scalars(
            select(ClusterRole.user_id)
            .where(ClusterRole.cluster_id == cluster_id, ClusterRole.valid_to.is_(None))
            .order_by(ClusterRole.created_at)
        ):
            people.setdefault(user_id, None)
    return people


def invite(
    meeting: Meeting, principal: Principal, data: dict[str, Any], dry_run: bool
) -> BatchReport:
    """Invite the whole cluster, a sub-cluster or chosen people. Inviting someone who is
    invited already changes nothing for them (`unchanged`)."""
    _require_open_for_answers(meeting)
    people = _invitees(meeting, data)
    if len(people) > MAX_INVITEES:
        raise RuleViolation(
            errors={
                "user_ids": [
                    coded(f"At most {MAX_INVITEES} people at a time.", "too_many", max=MAX_INVITEES)
                ]
            }
        )
    already = set(
        db.session.scalars(
            select(Invitation.user_id).where(
                Invitation.meeting_id == meeting.id, Invitation.user_id.in_(list(people))
            )
        )
    )
    names = dict(
        db.session.execute(select(User.id, User.name).where(User.id.in_(list(people)))).all()
    )
    report = BatchReport(dry_run=dry_run)
    created: list[Invitation] = []
    for user_id, clinic_id in people.items():
        result = "unchanged" if user_id in already else "created"
        report.add(str(user_id), status=result, user_id=user_id, name=names.get(user_id, ""))
        if result == "created" and not dry_run:
            invitation = Invitation(
                id=uuid.uuid4(),
                meeting_id=meeting.id,
                user_id=user_id,
                clinic_id=clinic_id,
                invited_by_id=principal.user.id if principal.user else None,
            )
            db.session.add(invitation)
            created.append(invitation)
    if dry_run:
        db.session.rollback()
        return report
    if created:
        db.session.flush()
        invitations_sent.send(meeting, invitations=created)
    db.session.commit()
    return report


def remind(meeting: Meeting, dry_run: bool) -> BatchReport:
    """Remind those who have not answered: counts the reminder on each invitation and hands
    them to the e-mail feature (`reminders_sent`)."""
    _require_open_for_answers(meeting)
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.meeting_id == meeting.id,
                Invitation.answer == InvitationAnswer.invited.value,
            )
            .order_by(Invitation.created_at, Invitation.id)
        )
    )
    report = BatchReport(dry_run=dry_run)
    now = utcnow()
    for invitation in invitations:
        report.add(
            str(invitation.user_id),
            status="reminded",
            user_id=invitation.user_id,
            name=invitation.user.name,
        )
        if not dry_run:
            invitation.reminder_count += 1
            invitation.last_reminded_at = now
    if invitations and not dry_run:
        reminders_sent.send(meeting, invitations=invitations)
        db.session.commit()
    return report


def answer(invitation: Invitation, answer: InvitationAnswer) -> Invitation:
    """The person's own answer, until the meeting begins. The same answer again is a no-op."""
    meeting = db.session.get(Meeting, invitation.meeting_id)
    assert meeting is not None  # an invitation goes with its meeting
    _require_open_for_answers(meeting)
    if invitation.answer != answer:
        invitation.answer = answer
        invitation.answered_at = utcnow()
        db.session.commit()
    return invitation


def invitations_query(meeting_id: uuid.UUID, answer: InvitationAnswer | None) -> Select:
    stmt = select(Invitation).where(Invitation.meeting_id == meeting_id)
    if answer is not None:
        stmt = stmt.where(Invitation.answer == answer.value)
    return stmt
