"""Who may act on indicators and data views: finding an indicator set, a cluster's data view
or one of its data decisions within the caller's reach (404 otherwise), and the indicators
domain's permissions.

Quality units (KiAP and the regional units) publish indicator sets and upload their values:
each writes only its own sets, through its staff or its clients with `indicators:write`.
Everyone signed in reads what sets there are, never the values per clinic: a cluster's own
people see those only through their cluster's data view, as the cluster's decision allows. The
unit that writes a set (its staff, its clients with `indicators:write`) reads back the values it
uploaded, clinic by clinic: they are its own data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import Permission, Reached, finder, register_permissions
from api.core.security import Principal
from api.models import Cluster, DataDecision, IndicatorSet, Organisation, OrganisationKind
from api.services.registry.access import (
    COORDINATORS,
    ClusterAccess,
    cluster_in_reach,
    cluster_insider,
    cluster_insiders_in_reach,
    holds_role,
    registry_reader,
)

INDICATORS_READ_SCOPES = frozenset({"indicators:read", "indicators:write"})
INDICATORS_WRITE_SCOPES = frozenset({"indicators:write"})
QUALITY_UNITS = frozenset({OrganisationKind.regional_unit, OrganisationKind.national_unit})


def writing_units(principal: Principal) -> list[Organisation]:
    """The quality units the caller writes indicator sets for: a person's units, or the unit
    of a client with `indicators:write`."""
    if principal.client is not None:
        organisation = principal.client.organisation
        if principal.scopes & INDICATORS_WRITE_SCOPES and organisation.kind in QUALITY_UNITS:
            return [organisation]
        return []
    assert principal.user is not None
    return [
        m.organisation for m in principal.user.memberships if m.organisation.kind in QUALITY_UNITS
    ]


@dataclass(frozen=True)
class SetAccess:
    """The caller's standing on an indicator set: whether it is their own unit's."""

    own_unit: bool


def indicators_reader(principal: Principal, access: SetAccess | None) -> bool:
    """Every person, and clients with `indicators:read` or `indicators:write`."""
    return principal.user is not None or bool(principal.scopes & INDICATORS_READ_SCOPES)


def indicators_writer(principal: Principal, access: SetAccess | None) -> bool:
    """The platform admin; the staff of a quality unit and its clients with
    `indicators:write`, on their own unit's sets."""
    if principal.is_platform_admin:
        return True
    if not writing_units(principal):
        return False
    # On a set, its own unit's; asked of no set (or in general), any unit's.
    return not isinstance(access, SetAccess) or access.own_unit


def data_viewer(principal: Principal, access: ClusterAccess | None) -> bool:
    """The cluster's own doctors and role holders, and the platform admin."""
    return cluster_insider(principal, access)


# --- finding a set, a data view or a decision within reach -----------------------------------


@finder("indicator_set")
def indicator_set_in_reach(
    principal: Principal, indicator_set_id: uuid.UUID
) -> Reached[IndicatorSet]:
    """An indicator set (404 if there is none), with whether it is the caller's unit's."""
    indicator_set = db.session.get(IndicatorSet, indicator_set_id)
    if indicator_set is None:
        raise NotFound("No such indicator set.")
    own = indicator_set.organisation_id in {unit.id for unit in writing_units(principal)}
    return Reached(indicator_set, SetAccess(own_unit=own))


@dataclass(frozen=True)
class DataView:
    """What a data view shows: an indicator set, seen from a cluster."""

    cluster: Cluster
    indicator_set: IndicatorSet


@finder("data_view")
def data_view_in_reach(
    principal: Principal, cluster_id: uuid.UUID, indicator_set_id: uuid.UUID
) -> Reached[DataView]:
    """The cluster, if the caller reaches it (404), and the indicator set (404), with whether
    the caller is one of the cluster's own people."""
    cluster = cluster_insiders_in_reach(principal, cluster_id=cluster_id)
    indicator_set = db.session.get(IndicatorSet, indicator_set_id)
    if indicator_set is None:
        raise NotFound("No such indicator set.")
    return Reached(DataView(cluster.item, indicator_set), cluster.standing)


@finder("data_decision", name="decision")
def data_decision_in_reach(
    principal: Principal, cluster_id: uuid.UUID, decision_id: uuid.UUID
) -> Reached[DataDecision]:
    """A decision of a cluster the caller reaches (404), with their roles in the cluster."""
    cluster = cluster_in_reach(principal, cluster_id=cluster_id)
    decision = db.session.scalar(
        select(DataDecision).where(
            DataDecision.id == decision_id, DataDecision.cluster_id == cluster.item.id
        )
    )
    if decision is None:
        raise NotFound("No such decision of this cluster.")
    return Reached(decision, cluster.standing)


# --- the indicators domain's permissions -------------------------------------------------------

register_permissions(
    {
        "indicators.read": Permission(
            "Every person, and clients with `indicators:read` or `indicators:write`, read the "
            "indicator sets (their indicators and periods, not the values per clinic).",
            indicators_reader,
            in_cluster=False,
        ),
        "indicators.write": Permission(
            "A quality unit (KiAP or a regional unit) publishes indicator sets and uploads their "
            "values: its staff, and its clients with `indicators:write`, on its own sets only; "
            "and the platform admin.",
            indicators_writer,
            in_cluster=False,
        ),
        "indicators.read_values": Permission(
            "A quality unit reads back the values per clinic it uploaded to its own sets: those "
            "who write the set (its staff, and its clients with `indicators:write`) and the "
            "platform admin. Nobody else reads them this way: a cluster's own people see them "
            "only in their cluster's data view, as the cluster's decision allows.",
            indicators_writer,
            in_cluster=False,
        ),
        "data.view": Permission(
            "A cluster's own doctors and role holders (and the platform admin) see its data "
            "view: their own clinic, the cluster's and the nation's averages, and the other "
            "clinics by name only for a period the cluster decided to open. Others who reach "
            "the cluster (its quality unit) get 403, anyone else 404.",
            data_viewer,
        ),
        "data_decisions.read": Permission(
            "A cluster's decisions on open or closed data are read by whoever reads its registry.",
            registry_reader,
        ),
        "data_decisions.manage": Permission(
            "The coordinator and co-coordinators record the general assembly's decisions on "
            "open or closed data (and the platform admin).",
            holds_role(COORDINATORS),
        ),
    }
)
