"""All models, imported once so that Alembic and the app see the whole schema."""

from api.models.auth import AuthSession, Client, RefreshToken
from api.models.base import Base
from api.models.calendar import CalendarFeed
from api.models.clusters import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    DataPolicy,
    Member,
    MemberKind,
    PatientCount,
    Region,
    SubCluster,
    SubClusterClinic,
)
from api.models.files import AttachmentKind, File, Folder, StoredBlob
from api.models.mail import MailAttachment, OutboxMessage, OutboxStatus
from api.models.meetings import (
    ActionStatus,
    AgendaItem,
    Attendance,
    FollowUpAction,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingKind,
    MeetingState,
    MeetingStatus,
    ResponsibleKind,
)
from api.models.operations import AuditLogEntry, IdempotencyKey
from api.models.people import Organisation, OrganisationKind, OrganisationMembership, User
from api.models.posts import BoardVisit, Post

__all__ = [
    "ActionStatus",
    "AgendaItem",
    "AttachmentKind",
    "Attendance",
    "AuditLogEntry",
    "AuthSession",
    "Base",
    "BoardVisit",
    "CalendarFeed",
    "Client",
    "Clinic",
    "ClinicClusterPeriod",
    "Cluster",
    "ClusterRole",
    "ClusterRoleKind",
    "DataPolicy",
    "File",
    "Folder",
    "FollowUpAction",
    "IdempotencyKey",
    "Invitation",
    "InvitationAnswer",
    "MailAttachment",
    "Meeting",
    "MeetingKind",
    "MeetingState",
    "MeetingStatus",
    "Member",
    "MemberKind",
    "Organisation",
    "OrganisationKind",
    "OrganisationMembership",
    "OutboxMessage",
    "OutboxStatus",
    "PatientCount",
    "Post",
    "RefreshToken",
    "Region",
    "ResponsibleKind",
    "StoredBlob",
    "SubCluster",
    "SubClusterClinic",
    "User",
]
