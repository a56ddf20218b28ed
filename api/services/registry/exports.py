"""The registry's spreadsheets for people: a cluster's member list as an Excel workbook (see
`api.core.xlsx_export`), with names, Danish words and each doctor's roles in the cluster."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from api.core.extensions import db
from api.core.pagination import rows_of
from api.core.xlsx_export import Column, Kind, Sheet, file_slug
from api.models import Cluster, ClusterRole, ClusterRoleKind, Member, MemberKind
from api.services.registry.queries import members_query, roles_query

MEMBER_KINDS = {
    MemberKind.owner: "Praktiserende læge (ejer)",
    MemberKind.employed: "Ansat læge",
    MemberKind.in_training: "Læge under uddannelse",
}
ROLE_NAMES = {
    ClusterRoleKind.coordinator: "Klyngekoordinator",
    ClusterRoleKind.co_coordinator: "Medkoordinator",
    ClusterRoleKind.board_member: "Bestyrelsesmedlem",
    ClusterRoleKind.treasurer: "Kasserer",
    ClusterRoleKind.secretary: "Sekretær",
}
# Rows fetched at a time: memory stays flat for the largest cluster.
BATCH = 500

MEMBER_COLUMNS = (
    Column("Navn", lambda row: row["name"]),
    Column("Klinik", lambda row: row["clinic_name"]),
    Column("Ydernummer", lambda row: row["provider_number"]),
    Column("Lægetype", lambda row: MEMBER_KINDS[row["kind"]]),
    Column("Roller i klyngen", lambda row: ", ".join(row["roles"])),
    Column("Arbejds-e-mail", lambda row: row["work_email"]),
    Column("Privat e-mail", lambda row: row["personal_email"]),
    Column("Ansat siden", lambda row: row["valid_from"], Kind.date),
    Column("Klynge", lambda row: row["cluster"]),
)


def member_sheet(cluster: Cluster) -> Sheet:
    return Sheet(
        name="Medlemmer",
        title=f"Medlemmer af {cluster.name}",
        filename=f"medlemmer-{file_slug(cluster.name)}.xlsx",
    )


def _role_names(cluster: Cluster) -> dict[Any, list[str]]:
    """Each person's current roles in the cluster, in Danish, in one statement."""
    roles: dict[Any, list[str]] = defaultdict(list)
    order = list(ClusterRoleKind)
    stmt = roles_query(cluster.id).with_only_columns(ClusterRole.user_id, ClusterRole.role)
    for user_id, role in sorted(db.session.execute(stmt), key=lambda r: order.index(r[1])):
        roles[user_id].append(ROLE_NAMES[role])
    return roles


def member_rows(cluster: Cluster, shows_personal_email: Callable[[Member], bool]) -> Iterator[dict]:
    """The cluster's members as the spreadsheet shows them, in the list's order: a statement
    for the roles, and the members with their clinics a batch at a time."""
    roles = _role_names(cluster)
    stmt = members_query(cluster.id).order_by(Member.created_at, Member.id)
    for member in rows_of(stmt, yield_per=BATCH):
        yield {
            "name": member.user.name,
            "clinic_name": member.clinic.name,
            "provider_number": member.clinic.provider_number,
            "kind": member.kind,
            "roles": roles.get(member.user_id, []),
            "work_email": member.work_email,
            "personal_email": member.personal_email if shows_personal_email(member) else None,
            "valid_from": member.valid_from,
            "cluster": cluster.name,
        }
