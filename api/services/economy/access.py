"""Who may act on the economy: finding a cluster's ledger, an entry of it or a year's rate
within the caller's reach (404 otherwise), and the economy domain's permissions.

Every member reads their cluster's ledger (the transparency principle); PLO, which holds the
clusters' funds, reads every ledger and alone books allocations and corrections. The regional
quality units see no money.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import Permission, Reached, finder, register_permissions
from api.core.security import Principal
from api.models import (
    AllocationRate,
    AttachmentKind,
    Cluster,
    ClusterRoleKind,
    Expense,
    FeeProposal,
    File,
    LedgerEntry,
    OrganisationKind,
)
from api.services.registry.access import (
    ClusterAccess,
    InsiderAccess,
    cluster_insider,
    insider_access,
    reachable_clusters,
)

# The years a rate may be set for (as the ledger's and the attendance feed's years).
FIRST_YEAR, LAST_YEAR = 2000, 2100

ECONOMY_READ_SCOPES = frozenset({"economy:read", "economy:write"})
ECONOMY_WRITE_SCOPES = frozenset({"economy:write"})


def _plo_client_with(principal: Principal, scopes: frozenset[str]) -> bool:
    return (
        principal.client is not None
        and bool(principal.scopes & scopes)
        and principal.client.organisation.kind == OrganisationKind.plo
    )


def _plo_staff(principal: Principal) -> bool:
    return principal.user is not None and any(
        m.organisation.kind == OrganisationKind.plo for m in principal.user.memberships
    )


def economy_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin; PLO's staff and its clients with `economy:read` or `economy:write`,
    everywhere; and the cluster's own doctors and role holders. Not the quality units."""
    if principal.is_platform_admin or _plo_client_with(principal, ECONOMY_READ_SCOPES):
        return True
    if principal.user is None:
        return False
    if _plo_staff(principal) or access is None:
        return True
    return bool(access.roles) or (isinstance(access, InsiderAccess) and access.insider)


def economy_writer(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin, PLO's staff and PLO's clients with `economy:write`."""
    return (
        principal.is_platform_admin
        or _plo_staff(principal)
        or _plo_client_with(principal, ECONOMY_WRITE_SCOPES)
    )


# Who keeps a cluster's money: they set its budget and fee rules and confirm its fees.
KEEPERS = frozenset({ClusterRoleKind.treasurer, ClusterRoleKind.coordinator})


def economy_keeper(principal: Principal, access: ClusterAccess | None) -> bool:
    """The cluster's treasurer and coordinator, and PLO (staff, clients with
    `economy:write`) and the platform admin. Before a cluster is known: any person."""
    if economy_writer(principal, access):
        return True
    if principal.user is None:
        return False
    return access is None or bool(access.roles & KEEPERS)


# Who approves, rejects and returns a cluster's expenses (never their own), and, with the
# claimant and PLO, sees their bank details and receipts: those who keep its money, one rule.
EXPENSE_APPROVERS = KEEPERS


@dataclass(frozen=True)
class ExpenseAccess(InsiderAccess):
    """The caller's standing on an expense: their standing in its cluster, and whether they
    are its claimant (`own`)."""


def expense_claimant(principal: Principal, access: ClusterAccess | None) -> bool:
    """The cluster's own people (and the platform admin) claim expenses; on one expense,
    only its claimant acts as claimant."""
    if principal.user is None or not cluster_insider(principal, access):
        return False
    return access is None or access.own is not False


def expense_approver(principal: Principal, access: ClusterAccess | None) -> bool:
    """The cluster's treasurer and coordinator, and the platform admin. That no one approves
    their own expense is checked with the expense (403 `own_expense`)."""
    if principal.is_platform_admin:
        return True
    if principal.user is None:
        return False
    return access is None or bool(access.roles & EXPENSE_APPROVERS)


def expense_private_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """The claimant, the cluster's treasurer and coordinator, PLO (staff, and clients with an
    economy scope) and the platform admin."""
    if principal.is_platform_admin or _plo_client_with(principal, ECONOMY_READ_SCOPES):
        return True
    if principal.user is None:
        return False
    if _plo_staff(principal) or access is None:
        return True
    return bool(access.own) or bool(access.roles & EXPENSE_APPROVERS)


def plo_queue_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """PLO (staff, and clients with an economy scope) and the platform admin."""
    return (
        principal.is_platform_admin
        or _plo_staff(principal)
        or _plo_client_with(principal, ECONOMY_READ_SCOPES)
    )


# --- finding a ledger, an entry or a rate within reach -----------------------------------------


@finder("ledger", name="cluster")
def cluster_ledger_in_reach(principal: Principal, cluster_id: uuid.UUID) -> Reached[Cluster]:
    """The cluster whose ledger it is, if the caller reaches the cluster (404; a PLO client
    with an economy scope reaches every one), with whether the caller is one of its people."""
    cluster = db.session.scalar(
        select(Cluster).where(
            Cluster.id == cluster_id, reachable_clusters(principal, ECONOMY_READ_SCOPES)
        )
    )
    if cluster is None:
        raise NotFound("No such cluster.")
    return Reached(cluster, insider_access(principal, cluster))


@finder("ledger_entry", name="entry")
def ledger_entry_in_reach(
    principal: Principal, cluster_id: uuid.UUID, entry_id: uuid.UUID
) -> Reached[LedgerEntry]:
    """An entry of a ledger the caller reaches (404), with their standing in its cluster."""
    ledger = cluster_ledger_in_reach(principal, cluster_id=cluster_id)
    entry = db.session.scalar(
        select(LedgerEntry).where(
            LedgerEntry.id == entry_id, LedgerEntry.cluster_id == ledger.item.id
        )
    )
    if entry is None:
        raise NotFound("No such entry in this ledger.")
    return Reached(entry, ledger.standing)


@finder("rate")
def rate_in_reach(principal: Principal, year: int) -> Reached[AllocationRate]:
    """A year's rate (404 for a year without one). Rates belong to no cluster."""
    rate = None
    if FIRST_YEAR <= year <= LAST_YEAR:  # beyond, no rate (and no number the database takes)
        rate = db.session.scalar(select(AllocationRate).where(AllocationRate.year == year))
    if rate is None:
        raise NotFound("No rate is set for this year.")
    return Reached(rate, None)


@finder("fee")
def fee_in_reach(principal: Principal, fee_id: uuid.UUID) -> Reached[FeeProposal]:
    """A fee proposal of a cluster whose ledger the caller reaches (404), with their
    standing in that cluster."""
    fee = db.session.get(FeeProposal, fee_id)
    if fee is None:
        raise NotFound("No such fee.")
    try:
        ledger = cluster_ledger_in_reach(principal, cluster_id=fee.cluster_id)
    except NotFound:
        raise NotFound("No such fee.") from None
    return Reached(fee, ledger.standing)


@finder("expense")
def expense_in_reach(principal: Principal, expense_id: uuid.UUID) -> Reached[Expense]:
    """An expense of a cluster whose ledger the caller reaches (404), with their standing
    in its cluster and whether they claimed it."""
    row = db.session.execute(
        select(Expense, Cluster)
        .join(Cluster, Cluster.id == Expense.cluster_id)
        .where(Expense.id == expense_id, reachable_clusters(principal, ECONOMY_READ_SCOPES))
    ).first()
    if row is None:
        raise NotFound("No such expense.")
    expense, cluster = row
    access = insider_access(principal, cluster)
    own = principal.user is not None and expense.claimant_id == principal.user.id
    return Reached(
        expense,
        ExpenseAccess(cluster=cluster, roles=access.roles, insider=access.insider, own=own),
    )


@finder("receipt")
def receipt_in_reach(
    principal: Principal, expense_id: uuid.UUID, receipt_id: uuid.UUID
) -> Reached[File]:
    """A receipt of an expense the caller reaches (404), with their standing on the
    expense."""
    expense = expense_in_reach(principal, expense_id=expense_id)
    receipt = db.session.scalar(
        select(File).where(
            File.id == receipt_id,
            File.expense_id == expense.item.id,
            File.attached_to == AttachmentKind.expense,
        )
    )
    if receipt is None:
        raise NotFound("No such receipt of this expense.")
    return Reached(receipt, expense.standing)


# --- the economy domain's permissions --------------------------------------------------------

register_permissions(
    {
        "economy.read": Permission(
            "A cluster's ledger (its balance, totals per category and entries) is read by every "
            "member and role holder of the cluster, by PLO (staff, and clients with "
            "`economy:read` or `economy:write`) for every cluster, and by the platform admin; "
            "so are the yearly rates. The quality units see no money (403). Another cluster's "
            "people get 404.",
            economy_reader,
        ),
        "economy.write": Permission(
            "PLO (staff, and clients with `economy:write`) and the platform admin set the "
            "yearly rates, run the allocations and book correcting entries.",
            economy_writer,
            in_cluster=False,
        ),
        "economy.manage": Permission(
            "A cluster's treasurer and coordinator set its budget and its fee rules and "
            "confirm the fees its closed meetings propose; so do PLO (staff, and clients with "
            "`economy:write`) and the platform admin. Booking a fee is PLO's "
            "(`economy.write`).",
            economy_keeper,
        ),
        "expenses.claim": Permission(
            "The cluster's own doctors and role holders (and the platform admin) claim "
            "expenses; an expense's claimant alone changes, deletes and submits it and adds "
            "and removes its receipts (while it is a draft).",
            expense_claimant,
        ),
        "expenses.approve": Permission(
            "The cluster's treasurer and coordinator, who keep its money (as "
            "`economy.manage`), and the platform admin approve, reject and return its "
            "submitted expenses; never their own (403 `own_expense`).",
            expense_approver,
        ),
        "expenses.read_private": Permission(
            "An expense's receipts and bank details are seen by its claimant, the cluster's "
            "treasurer and coordinator, PLO (staff, and clients with "
            "`economy:read` or `economy:write`) and the platform admin. Other members read "
            "the expense without them (403 on its receipts).",
            expense_private_reader,
        ),
        "expenses.queue": Permission(
            "PLO (staff, and clients with `economy:read` or `economy:write`) and the platform "
            "admin read the expenses of every cluster, such as those approved and waiting "
            "to be booked.",
            plo_queue_reader,
            in_cluster=False,
        ),
    }
)
