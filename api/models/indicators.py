"""Indicators and data views: the quality units' indicator sets with their values per clinic
and period, and each cluster's decisions on open or closed data.

Invariants live in the database: an indicator's code and a period's label are unique within
their set; a clinic has at most one value per indicator and period; a period and a decision end
on or after they begin.

A cluster's decision holds for a span of dates (`valid_from` to `valid_to`, open-ended if
`valid_to` is null): the general assembly decides it for a period. Which decision a data
period falls under is derived (`api.services.indicators.decisions`), never stored.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin
from api.models.registry import DataPolicy


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, validate_strings=True)


class IndicatorDirection(enum.StrEnum):
    """Which way is better: fewer antibiotic prescriptions (lower), more check-ups (higher)."""

    lower = "lower"
    higher = "higher"


class IndicatorSet(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A set of indicators published by a quality unit (KiAP or a regional unit)."""

    __tablename__ = "indicator_sets"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    indicators: Mapped[list[Indicator]] = relationship(
        cascade="all, delete-orphan", order_by="Indicator.position"
    )
    periods: Mapped[list[IndicatorPeriod]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorPeriod.starts_on"
    )

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)


class Indicator(IdMixin, Audited, Base):
    __tablename__ = "indicators"

    indicator_set_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("indicator_sets.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[IndicatorDirection] = mapped_column(_enum(IndicatorDirection))
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("indicator_set_id", "code"),)


class IndicatorPeriod(IdMixin, Audited, Base):
    """A period the values are measured over (a year: "2024", 1 January to 31 December)."""

    __tablename__ = "indicator_periods"

    indicator_set_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("indicator_sets.id", ondelete="CASCADE")
    )
    label: Mapped[str] = mapped_column(String(40))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    __table_args__ = (
        UniqueConstraint("indicator_set_id", "label"),
        CheckConstraint("ends_on >= starts_on", name="period"),
    )


class IndicatorValue(IdMixin, TimestampMixin, Base):
    """A clinic's value of an indicator in a period. Written in bulk by a unit's upload; not
    audited row by row (a national upload is thousands of rows): the upload is the record."""

    __tablename__ = "indicator_values"

    indicator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("indicator_periods.id", ondelete="CASCADE")
    )
    clinic_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clinics.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        UniqueConstraint("indicator_id", "period_id", "clinic_id"),
        Index("ix_indicator_values_period", "period_id", "indicator_id"),
    )


class DataDecision(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A cluster's decision on open or closed data, taken by its general assembly on a date,
    for a span of dates. Past the span it has expired, and expired counts as closed."""

    __tablename__ = "data_decisions"

    cluster_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), index=True
    )
    policy: Mapped[DataPolicy] = mapped_column(_enum(DataPolicy))
    decided_on: Mapped[date]
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    __table_args__ = (CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),)
