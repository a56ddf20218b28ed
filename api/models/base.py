"""The declarative base, column types and mixins that every model shares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, Uuid
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry
from sqlalchemy.sql.functions import FunctionElement

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware (UTC).

    SQLite keeps no time zone, so values are normalised on the way in; comparisons and
    keyset cursors then behave the same on SQLite and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not accepted; use UTC-aware values")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class UuidText(String):
    """A UUID column read as its canonical text (`8-4-4-4-12`, lower case) rather than as a
    `uuid.UUID`: for rows that go straight out as JSON or CSV, where building and printing
    tens of thousands of UUID objects would cost more than the query. Use `uuid_text()`."""

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        if dialect.name != "sqlite":
            return None  # PostgreSQL casts the uuid to this text itself

        def punctuate(value: str | None) -> str | None:
            # SQLite keeps a UUID as 32 hex digits.
            if value is None:
                return None
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"

        return punctuate


class uuid_text(FunctionElement[str]):
    """`uuid_text(Model.id)`: the column as `UuidText` (PostgreSQL casts it to text; SQLite
    hands out its stored hex, which `UuidText` punctuates)."""

    type = UuidText()
    inherit_cache = True


@compiles(uuid_text)
def _uuid_text_cast(element: uuid_text, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS TEXT)"


@compiles(uuid_text, "sqlite")
def _uuid_text_sqlite(element: uuid_text, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), uuid.UUID: Uuid()},
    )


class IdMixin:
    """An opaque UUID primary key: public ids are never sequential."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class VersionedMixin:
    """Optimistic locking: an UPDATE that lost a race raises StaleDataError (answered 412).

    The ETag check catches a stale If-Match; the version counter closes the window between
    that check and the write when two requests arrive at the same moment.
    """

    version: Mapped[int] = mapped_column(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Audited:
    """Marker: inserts, updates and deletes of this model are written to the audit log.

    `__audit_redacted__` names columns whose values never reach the log (secrets); the log
    still records that they changed.
    """

    __audit_redacted__: tuple[str, ...] = ()
