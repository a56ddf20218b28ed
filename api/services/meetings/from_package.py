"""Building a meeting's agenda from a package: the planner chooses parts of a published
version's agenda template, and they become the meeting's agenda items, in the version's order.

The items are copies (title, minutes, slides, method notes): a later version of the package
does not change a meeting built from an earlier one. The meeting records the version
(`package_version_id`), and the version's materials are linked to the meeting (a link, not a
copy: the file stays the package's), so the cluster reads them through the meeting.

The parts are added after the meeting's agenda (`append`, the default), or replace it: only
when asked for (`mode: replace`), so that no agenda is lost by a slip. The answer carries a
time budget: the chosen parts' minutes against the meeting's length. Over budget is reported,
not refused: the planner decides what to cut.
"""

from __future__ import annotations

import enum
import uuid
from typing import Any

from sqlalchemy import select

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    AgendaItem,
    File,
    Meeting,
    MeetingPackage,
    MeetingPackageMaterial,
    MeetingState,
    PackageAgendaItem,
    PackageState,
    PackageVersion,
    PackageVersionState,
)
from api.models.base import utcnow
from api.services.meetings.planning import MAX_AGENDA_ITEMS
from api.services.packages.access import package_version_in_reach
from api.services.packages.catalogue import materials_of


class AgendaMode(enum.StrEnum):
    append = "append"
    replace = "replace"


def time_budget(planned_minutes: int, meeting: Meeting) -> dict[str, int]:
    """The planned minutes against the meeting's length (starts_at..ends_at)."""
    meeting_minutes = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    return {
        "planned_minutes": planned_minutes,
        "meeting_minutes": meeting_minutes,
        "over_by_minutes": max(0, planned_minutes - meeting_minutes),
    }


def _chosen_parts(version: PackageVersion, item_ids: list[uuid.UUID]) -> list[PackageAgendaItem]:
    """The version's items named by `item_ids`, in the version's order (422 for an id that is
    not one of its items, or is named twice)."""
    by_id = {item.id: item for item in version.items}
    errors: dict[str, list[str]] = {}
    for index, item_id in enumerate(item_ids):
        if item_id not in by_id:
            errors[f"item_ids.{index}"] = [
                coded("Not an item of this version's agenda.", "not_in_package_version")
            ]
        elif item_ids.index(item_id) != index:
            errors[f"item_ids.{index}"] = [coded("Named twice.", "named_twice")]
    if errors:
        raise RuleViolation(errors=errors)
    chosen = set(item_ids)
    return [item for item in version.items if item.id in chosen]


def _link_materials(meeting: Meeting, version: PackageVersion, mode: AgendaMode) -> list[File]:
    """Link the version's materials to the meeting (replacing: only these stay linked); the
    materials linked now, by name."""
    links = list(
        db.session.scalars(
            select(MeetingPackageMaterial).where(MeetingPackageMaterial.meeting_id == meeting.id)
        )
    )
    materials = materials_of([version])[version.id]
    wanted = {material.id for material in materials}
    linked = set()
    for link in links:
        if mode is AgendaMode.replace and link.file_id not in wanted:
            db.session.delete(link)
        else:
            linked.add(link.file_id)
    for material in materials:
        if material.id not in linked:
            db.session.add(
                MeetingPackageMaterial(id=uuid.uuid4(), meeting_id=meeting.id, file_id=material.id)
            )
    return materials


def _record_version(meeting: Meeting, version: PackageVersion) -> None:
    record = db.session.scalar(
        select(MeetingPackage).where(MeetingPackage.meeting_id == meeting.id)
    )
    if record is None:
        db.session.add(
            MeetingPackage(id=uuid.uuid4(), meeting_id=meeting.id, package_version_id=version.id)
        )
    else:
        record.package_version_id = version.id


def agenda_from_package(
    principal: Principal, meeting: Meeting, data: dict[str, Any]
) -> dict[str, Any]:
    """Add (or replace the agenda with) the chosen parts of a published package version; the
    version is found as the catalogue finds it (404 for another unit's draft). A retired
    package is still read, but no new meeting is built from it (409)."""
    if meeting.state == MeetingState.cancelled:
        raise Conflict("The meeting is cancelled.", code="meeting_cancelled")
    version = package_version_in_reach(
        principal, package_id=data["package_id"], version_id=data["version_id"]
    ).item
    if version.package.state is PackageState.retired:
        raise Conflict(
            "The package is retired: no new meeting is built from it.", code="package_retired"
        )
    if version.state is not PackageVersionState.published:
        raise Conflict(
            "Only a published version is planned from: publish it first.",
            code="package_version_not_published",
        )
    mode = data["mode"]
    parts = _chosen_parts(version, data["item_ids"])
    kept = [] if mode is AgendaMode.replace else list(meeting.agenda_items)
    if len(kept) + len(parts) > MAX_AGENDA_ITEMS:
        raise RuleViolation(
            errors={
                "item_ids": [
                    coded(
                        f"An agenda has at most {MAX_AGENDA_ITEMS} items.",
                        "too_many",
                        max=MAX_AGENDA_ITEMS,
                    )
                ]
            }
        )
    copies = [
        AgendaItem(
            id=uuid.uuid4(),
            position=len(kept) + offset,
            title=part.title,
            duration_minutes=part.minutes,
            description=part.method_notes,
            slide_reference=part.slides,
        )
        for offset, part in enumerate(parts)
    ]
    meeting.agenda_items = kept + copies  # replaced items are deleted as orphans (and audited)
    _record_version(meeting, version)
    material_ids = [material.id for material in _link_materials(meeting, version, mode)]
    meeting.updated_at = utcnow()  # a new version of the meeting: its ETag changes
    version_id, budget = version.id, time_budget(sum(part.minutes for part in parts), meeting)
    db.session.commit()
    items = meeting.agenda_items
    # The materials again, in one statement (the commit expired what was loaded).
    materials = list(
        db.session.scalars(
            select(File).where(File.id.in_(material_ids)).order_by(File.name, File.id)
        )
    )
    return {
        "items": items,
        "total_minutes": sum(item.duration_minutes for item in items),
        "package_version_id": version_id,
        "materials": materials,
        "budget": budget,
    }


def linked_materials_query(meeting: Meeting) -> Any:
    """The package materials linked to the meeting, for a page."""
    return (
        select(File)
        .join(MeetingPackageMaterial, MeetingPackageMaterial.file_id == File.id)
        .where(MeetingPackageMaterial.meeting_id == meeting.id)
    )
