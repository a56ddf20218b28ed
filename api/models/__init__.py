"""All models, imported once so that Alembic and the app see the whole schema."""

from api.models.auth import AuthSession, Client, RefreshToken
from api.models.base import Base
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
from api.models.mail import MailAttachment, OutboxMessage, OutboxStatus
from api.models.operations import AuditLogEntry, IdempotencyKey
from api.models.people import Organisation, OrganisationKind, OrganisationMembership, User

__all__ = [
    "AuditLogEntry",
    "AuthSession",
    "Base",
    "Client",
    "Clinic",
    "ClinicClusterPeriod",
    "Cluster",
    "ClusterRole",
    "ClusterRoleKind",
    "DataPolicy",
    "IdempotencyKey",
    "MailAttachment",
    "Member",
    "MemberKind",
    "Organisation",
    "OrganisationKind",
    "OrganisationMembership",
    "OutboxMessage",
    "OutboxStatus",
    "PatientCount",
    "RefreshToken",
    "Region",
    "SubCluster",
    "SubClusterClinic",
    "User",
]
