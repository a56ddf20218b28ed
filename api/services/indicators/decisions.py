"""A cluster's decisions on open or closed data, each taken by its general assembly for a span
of dates, and the policy that follows for a period of data.

The rule, kept in one place (`policy_for`): a period of data is open only under an open
decision that covers the whole period and has not expired; otherwise it is closed: no
decision, one that covers only part of the period, a closed one, or an expired one. Where
decisions overlap, the one decided last holds.

The cluster's registry row keeps its one decision as before (`data_policy` and its dates): it
shows the latest decision by the date it begins, written here whenever a decision changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from api.core.extensions import db
from api.models import Cluster, DataDecision, DataPolicy, IndicatorPeriod


def version_etag(decision: DataDecision) -> dict[str, Any]:
    return {"id": str(decision.id), "version": decision.version}


def decisions_query(cluster: Cluster) -> Select:
    return select(DataDecision).where(DataDecision.cluster_id == cluster.id)


def expired(decision: DataDecision, today: date) -> bool:
    return decision.valid_to is not None and decision.valid_to < today


def decision_for(decisions: Iterable[DataDecision], period: IndicatorPeriod) -> DataDecision | None:
    """The decision a period of data falls under: the latest decided of those covering it."""
    covering = [
        d
        for d in decisions
        if d.valid_from <= period.starts_on and (d.valid_to is None or d.valid_to >= period.ends_on)
    ]
    return max(covering, key=lambda d: (d.decided_on, d.valid_from, d.created_at), default=None)


def policy_for(decision: DataDecision | None, today: date) -> DataPolicy:
    """Open only under an open decision that has not expired."""
    if decision is None or expired(decision, today) or decision.policy != DataPolicy.open:
        return DataPolicy.closed
    return DataPolicy.open


def _mirror(cluster: Cluster) -> None:
    """Show the latest decision (by the date it begins) on the cluster's registry row."""
    db.session.flush()
    latest = db.session.scalar(
        decisions_query(cluster)
        .order_by(
            DataDecision.valid_from.desc(),
            DataDecision.decided_on.desc(),
            DataDecision.created_at.desc(),
        )
        .limit(1)
    )
    cluster.data_policy = latest.policy if latest else None
    cluster.data_policy_decided_on = latest.decided_on if latest else None
    cluster.data_policy_valid_from = latest.valid_from if latest else None
    cluster.data_policy_valid_to = latest.valid_to if latest else None


def record_decision(cluster: Cluster, data: dict[str, Any]) -> DataDecision:
    decision = DataDecision(id=uuid.uuid4(), cluster_id=cluster.id, **data)
    db.session.add(decision)
    _mirror(cluster)
    db.session.commit()
    return decision


def update_decision(decision: DataDecision, data: dict[str, Any]) -> DataDecision:
    for name, value in data.items():
        setattr(decision, name, value)
    _mirror(db.session.get(Cluster, decision.cluster_id))  # type: ignore[arg-type]
    db.session.commit()
    return decision


def delete_decision(decision: DataDecision) -> None:
    cluster = db.session.get(Cluster, decision.cluster_id)
    db.session.delete(decision)
    _mirror(cluster)  # type: ignore[arg-type]
    db.session.commit()
