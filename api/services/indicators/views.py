"""A cluster's data view of an indicator set: per period and indicator, the caller's own
clinic's value, the cluster's and the nation's averages, and the cluster's clinics.

The cluster's decision for each period (`decisions.policy_for`) decides how the other clinics
are shown. Open: by name and provider number. Closed: only as "Klinik A", "Klinik B", … with no
name, provider number or id, so that nothing in the answer leads back to a clinic. The letters
follow a keyed hash of the cluster, the period and the clinic, so they are stable for a period
and say nothing of the clinics' names or provider numbers; the caller's own clinic is always
shown as theirs.

The cluster's clinics are those in it now. A view costs the same few statements whatever the
number of clinics.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    IndicatorPeriod,
    IndicatorSet,
    IndicatorValue,
    Member,
)
from api.services.indicators import decisions as decision_rules
from api.services.indicators.decisions import decisions_query

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def pseudonym(position: int) -> str:
    """ "Klinik A" … "Klinik Z", then "Klinik AA", "Klinik AB", …"""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = LETTERS[rest] + letters
    return f"Klinik {letters}"


def _shuffle_key(cluster: Cluster, period: IndicatorPeriod, clinic_id: uuid.UUID) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{cluster.id}:{period.id}:{clinic_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).digest()


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def data_view(
    principal: Principal, cluster: Cluster, indicator_set: IndicatorSet, today: date
) -> dict[str, Any]:
    indicators = list(indicator_set.indicators)
    periods = list(indicator_set.periods)
    indicator_ids = [i.id for i in indicators]
    decisions = list(db.session.scalars(decisions_query(cluster)))
    own: set[uuid.UUID] = set()
    if principal.user is not None:
        own = set(
            db.session.scalars(
                select(Member.clinic_id)
                .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
                .where(
                    Member.user_id == principal.user.id,
                    Member.valid_to.is_(None),
                    ClinicClusterPeriod.cluster_id == cluster.id,
                    ClinicClusterPeriod.valid_to.is_(None),
                )
            )
        )
    clinics = {
        row.id: row
        for row in db.session.execute(
            select(Clinic.id, Clinic.name, Clinic.provider_number)
            .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Clinic.id)
            .where(
                ClinicClusterPeriod.cluster_id == cluster.id,
                ClinicClusterPeriod.valid_to.is_(None),
            )
        )
    }
    values: dict[tuple[uuid.UUID, uuid.UUID], dict[uuid.UUID, float]] = defaultdict(dict)
    if clinics and indicator_ids:
        for row in db.session.execute(
            select(
                IndicatorValue.indicator_id,
                IndicatorValue.period_id,
                IndicatorValue.clinic_id,
                IndicatorValue.value,
            )
            .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == IndicatorValue.clinic_id)
            .where(
                IndicatorValue.indicator_id.in_(indicator_ids),
                ClinicClusterPeriod.cluster_id == cluster.id,
                ClinicClusterPeriod.valid_to.is_(None),
            )
        ):
            values[(row.indicator_id, row.period_id)][row.clinic_id] = row.value
    national = {
        (row.indicator_id, row.period_id): (row.average, row.clinics)
        for row in (
            db.session.execute(
                select(
                    IndicatorValue.indicator_id,
                    IndicatorValue.period_id,
                    func.avg(IndicatorValue.value).label("average"),
                    func.count().label("clinics"),
                )
                .where(IndicatorValue.indicator_id.in_(indicator_ids))
                .group_by(IndicatorValue.indicator_id, IndicatorValue.period_id)
            )
            if indicator_ids
            else ()
        )
    }

    shown_periods = []
    for period in periods:
        decision = decision_rules.decision_for(decisions, period)
        policy = decision_rules.policy_for(decision, today)
        order = sorted(clinics, key=lambda clinic_id: _shuffle_key(cluster, period, clinic_id))
        labels = {clinic_id: pseudonym(position) for position, clinic_id in enumerate(order)}
        shown_indicators = []
        for indicator in indicators:
            in_cluster = values.get((indicator.id, period.id), {})
            national_average, national_count = national.get((indicator.id, period.id), (None, 0))
            own_values = [in_cluster[c] for c in own if c in in_cluster]
            shown_indicators.append(
                {
                    "indicator_id": indicator.id,
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "own_value": own_values[0] if len(own_values) == 1 else _average(own_values),
                    "cluster_average": _average(list(in_cluster.values())),
                    "cluster_clinic_count": len(in_cluster),
                    "national_average": (
                        None if national_average is None else round(float(national_average), 4)
                    ),
                    "national_clinic_count": national_count,
                    "clinics": [
                        _clinic(clinics[clinic_id], labels[clinic_id], in_cluster, own, policy)
                        for clinic_id in order
                        if clinic_id in in_cluster
                    ],
                }
            )
        shown_periods.append(
            {
                "period_id": period.id,
                "label": period.label,
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "policy": policy,
                "decision_id": None if decision is None else decision.id,
                "decision_expired": (
                    False if decision is None else decision_rules.expired(decision, today)
                ),
                "indicators": shown_indicators,
            }
        )
    return {
        "cluster_id": cluster.id,
        "indicator_set_id": indicator_set.id,
        "name": indicator_set.name,
        "periods": shown_periods,
    }


def _clinic(
    clinic: Any, label: str, values: dict[uuid.UUID, float], own: set[uuid.UUID], policy: Any
) -> dict[str, Any]:
    """A clinic's value, and who it is only if the period is open or the clinic the caller's."""
    mine = clinic.id in own
    named = mine or policy == "open"
    return {
        "label": label,
        "own": mine,
        "clinic_id": clinic.id if named else None,
        "name": clinic.name if named else None,
        "provider_number": clinic.provider_number if named else None,
        "value": values[clinic.id],
    }
