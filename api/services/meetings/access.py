"""Who may act on meetings: finding a meeting within the caller's reach (404 otherwise, and a
draft only for those who plan it), the caller's standing on it, and the meetings domain's
permissions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import (
    Permission,
    Reached,
    can,
    finder,
    register_permissions,
)
from api.core.security import Principal
from api.models import (
    Cluster,
    FollowUpAction,
    Invitation,
    Meeting,
    MeetingState,
    Member,
    SubClusterClinic,
)
from api.services.registry.access import (
    COORDINATORS,
    MEETING_PLANNERS,
    MEETING_READ_SCOPES,
    ClusterAccess,
    InsiderAccess,
    any_person,
    cluster_access,
    cluster_insider,
    current_clusters_of_user,
    holds_role,
    plo_or_admin,
    reachable_clusters,
    roles_in_cluster,
    works_for_plo,
)


@dataclass(frozen=True)
class MeetingAccess(InsiderAccess):
    """A meeting's cluster as the caller reaches it, and how the caller stands to the meeting.

    `responsible`: the caller is the meeting's responsible party (the person, or a doctor of
    the responsible sub-cluster's or arranging clinic's clinics).
    """

    responsible: bool = False
    # The meeting is closed: its attendance is final, and only corrected.
    closed: bool = False


def meeting_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """People, and clients with a registry scope or `attendance:read`. Which meetings: their
    clusters' reach (`reachable_clusters` with `MEETING_READ_SCOPES`)."""
    return principal.user is not None or bool(principal.scopes & MEETING_READ_SCOPES)


def meeting_planner(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin; the coordinator, co-coordinators, board members and secretary;
    and, for one meeting, its responsible party."""
    if principal.is_platform_admin:
        return True
    if principal.user is None:
        return False
    if access is None:
        return True
    if access.roles & MEETING_PLANNERS:
        return True
    return isinstance(access, MeetingAccess) and access.responsible


def attendance_recorder(principal: Principal, access: ClusterAccess | None) -> bool:
    """Until the meeting is closed, those who plan it; after, those who correct it
    (`attendance.correct`)."""
    if isinstance(access, MeetingAccess) and access.closed:
        return holds_role(COORDINATORS)(principal, access)
    return meeting_planner(principal, access)


def attendance_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """PLO (staff, and its clients with `attendance:read`) everywhere; the cluster's own
    people; the platform admin."""
    if principal.client is not None:
        return works_for_plo(principal)
    return works_for_plo(principal) or cluster_insider(principal, access)


# --- finding a meeting within reach ---------------------------------------------------


def _my_clinics(user_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return select(Member.clinic_id).where(Member.user_id == user_id, Member.valid_to.is_(None))


def responsible_for(user_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Meetings the person is the responsible party of: a predicate over `Meeting`."""
    clinics = _my_clinics(user_id)
    return or_(
        Meeting.responsible_user_id == user_id,
        Meeting.responsible_clinic_id.in_(clinics),
        Meeting.responsible_sub_cluster_id.in_(
            select(SubClusterClinic.sub_cluster_id).where(SubClusterClinic.clinic_id.in_(clinics))
        ),
    )


@finder("meeting")
def meeting_in_reach(principal: Principal, meeting_id: uuid.UUID) -> Reached[Meeting]:
    """The meeting, if the caller reaches it (404; a draft only for its planners), and the
    caller's standing to it."""
    meeting = db.session.scalar(
        select(Meeting)
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .where(Meeting.id == meeting_id, reachable_clusters(principal, MEETING_READ_SCOPES))
        .options(
            joinedload(Meeting.cluster),
            joinedload(Meeting.responsible_user),
            joinedload(Meeting.responsible_sub_cluster),
            joinedload(Meeting.responsible_clinic),
        )
    )
    if meeting is None:
        raise NotFound("No such meeting.")
    insider = responsible = False
    roles = roles_in_cluster(principal, meeting.cluster_id)
    if principal.user is not None:
        standing = db.session.execute(
            select(
                Meeting.cluster_id.in_(current_clusters_of_user(principal.user.id)),
                responsible_for(principal.user.id),
            ).where(Meeting.id == meeting.id)
        ).one()
        insider, responsible = bool(standing[0]), bool(standing[1])
    access = MeetingAccess(
        cluster=meeting.cluster,
        roles=roles,
        insider=insider,
        responsible=responsible,
        closed=meeting.is_closed,
    )
    if meeting.state == MeetingState.draft and not can(principal, "meetings.plan", access):
        raise NotFound("No such meeting.")
    return Reached(meeting, access)


@finder("own_invitation", name="invitation")
def own_invitation_in_reach(principal: Principal, meeting_id: uuid.UUID) -> Reached[Invitation]:
    """The caller's own invitation to a meeting they reach (404 if they are not invited),
    with their standing to the meeting."""
    meeting = meeting_in_reach(principal, meeting_id=meeting_id)
    invitation = None
    if principal.user is not None:
        invitation = db.session.scalar(
            select(Invitation).where(
                Invitation.meeting_id == meeting.item.id, Invitation.user_id == principal.user.id
            )
        )
    if invitation is None:
        raise NotFound("You are not invited to this meeting.")
    return Reached(invitation, meeting.standing)


@finder("action")
def action_in_reach(
    principal: Principal, meeting_id: uuid.UUID, action_id: uuid.UUID
) -> Reached[FollowUpAction]:
    """A follow-up action of a meeting the caller reaches (404), with their standing to the
    meeting."""
    meeting = meeting_in_reach(principal, meeting_id=meeting_id)
    action = db.session.scalar(
        select(FollowUpAction).where(
            FollowUpAction.id == action_id, FollowUpAction.meeting_id == meeting.item.id
        )
    )
    if action is None:
        raise NotFound("No such action at this meeting.")
    return Reached(action, meeting.standing)


@finder("cluster_meetings", name="cluster")
def cluster_meetings_in_reach(principal: Principal, cluster_id: uuid.UUID) -> Reached[Cluster]:
    """A cluster whose meetings the caller reaches (with the meeting scopes: PLO's attendance
    clients too), and the caller's roles there."""
    access = cluster_access(principal, cluster_id, MEETING_READ_SCOPES)
    return Reached(access.cluster, access)


# --- the meetings domain's permissions -----------------------------------------------------

register_permissions(
    {
        "me.calendar_feed": Permission(
            "A person makes, reads and stops their own calendar subscription (the feed's URL "
            "itself is fetched without a token).",
            any_person,
            in_cluster=False,
        ),
        "me.meetings": Permission(
            "A person reads the meetings they are invited to, with their own answers.",
            any_person,
            in_cluster=False,
        ),
        "meetings.read": Permission(
            "A cluster's meetings, agendas, minutes and actions are read by whoever reaches the "
            "cluster (as `clusters.read`; PLO's clients with `attendance:read` too). Drafts only "
            "by those who may plan them. Anyone else gets 404.",
            meeting_reader,
        ),
        "meetings.plan": Permission(
            "The coordinator, co-coordinators, board members and secretary plan meetings, edit "
            "agendas, minutes and actions, invite, remind, close and cancel; so does the meeting's "
            "responsible party (the person, or the doctors of the responsible sub-cluster or "
            "arranging clinic) for that meeting.",
            meeting_planner,
        ),
        "meetings.answer": Permission(
            "A person answers their own invitation (404 without one).", any_person
        ),
        "meetings.read_answers": Permission(
            "Who is invited and what they answered is read by the cluster's doctors and role "
            "holders and the platform admin; not by the quality units.",
            cluster_insider,
        ),
        "attendance.register": Permission(
            "Those who plan a meeting register its attendance until it is closed; after "
            "closing, the coordinator and co-coordinators (and the platform admin) correct it, "
            "as `attendance.correct`.",
            attendance_recorder,
        ),
        "attendance.correct": Permission(
            "After a meeting is closed, the coordinator and co-coordinators (and the platform "
            "admin) correct its attendance; each correction carries its reason and is audited.",
            holds_role(COORDINATORS),
        ),
        "attendance.read": Permission(
            "Attendance is read by the cluster's doctors and role holders, by PLO (staff, and "
            "clients with `attendance:read`) everywhere, and by the platform admin.",
            attendance_reader,
        ),
        "attendance.feed": Permission(
            "The attendance feed of every cluster (the basis of fees) is read by PLO (staff, and "
            "clients with `attendance:read`) and by the platform admin.",
            plo_or_admin,
            in_cluster=False,
        ),
    }
)
