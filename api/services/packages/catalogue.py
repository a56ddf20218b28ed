"""The catalogue: a quality unit's packages and their versions, from draft to published to
retired.

    package:  draft ─(its first version published)→ published ─retire→ retired
    version:  draft ─publish→ published (never changes again)

A package is written by its unit only (`access.py`); a retired one no longer changes. A
version is changed only as a draft: a published version is immutable (409
`package_version_published`), so a meeting built from it can always point back to what it
was. A meeting kit's version needs an agenda to be published (409 `package_version_empty`);
a template's or a guide's is its materials. A cluster's proposal (`proposals.py`) is
published through the proposal (409 `package_proposal_pending`).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, exists, func, or_, select

from api.core.error_codes import coded
from api.core.errors import Conflict, Forbidden, RuleViolation
from api.core.extensions import db
from api.core.permissions import permissions_on
from api.core.security import Principal
from api.core.shown import Shown
from api.models import (
    AttachmentKind,
    File,
    Organisation,
    Package,
    PackageAgendaItem,
    PackageKind,
    PackageProposal,
    PackageProposalState,
    PackageState,
    PackageTheme,
    PackageVersion,
    PackageVersionState,
)
from api.models.base import utcnow
from api.services.files import library as files
from api.services.files.uploads import Received
from api.services.indicators.sets import set_for_package
from api.services.packages.access import QUALITY_UNITS, PackageAccess, units_written_for
from api.services.surveys.templates import unit_template_for_package

# What the caller may do with a package or a version, by name, as `my_permissions` shows it.
PACKAGE_ACTIONS = {"change": "packages.write"}


def version_etag(row: Package | PackageVersion) -> dict[str, Any]:
    """What the ETag of a package or a version covers: its own version (its themes and
    agenda items change with it)."""
    return {"id": str(row.id), "version": row.version}


def shown(principal: Principal, access: PackageAccess, row: Any) -> Shown:
    return Shown(row, my_permissions=permissions_on(principal, PACKAGE_ACTIONS, access))


# --- reading -----------------------------------------------------------------------------------


def packages_query(visible: Any, filters: dict[str, Any]) -> Select:
    """The packages the caller finds (`visible`), filtered: `q` in the title, summary or a
    theme, the owning `unit`, a `theme`, a `state`, a `kind`."""
    stmt = select(Package).where(visible)
    if filters.get("q"):
        q = filters["q"]
        stmt = stmt.where(
            or_(
                Package.title.icontains(q, autoescape=True),
                Package.summary.icontains(q, autoescape=True),
                exists().where(
                    PackageTheme.package_id == Package.id,
                    PackageTheme.name.icontains(q, autoescape=True),
                ),
            )
        )
    if filters.get("unit") is not None:
        stmt = stmt.where(Package.organisation_id == filters["unit"])
    if filters.get("theme"):
        stmt = stmt.where(
            exists().where(
                PackageTheme.package_id == Package.id,
                func.lower(PackageTheme.name) == filters["theme"].lower(),
            )
        )
    if filters.get("state") is not None:
        stmt = stmt.where(Package.state == filters["state"])
    if filters.get("kind") is not None:
        stmt = stmt.where(Package.kind == filters["kind"])
    return stmt


def versions_query(package: Package, access: PackageAccess) -> Select:
    """A package's versions the caller finds: the drafts only for its unit's writers."""
    stmt = select(PackageVersion).where(PackageVersion.package_id == package.id)
    if not access.owner:
        stmt = stmt.where(PackageVersion.state == PackageVersionState.published)
    return stmt


def materials_query(version: PackageVersion) -> Select:
    return files.files_query(files.package_version_key(version.id))


def version_of(material: File) -> PackageVersion:
    version = db.session.get(PackageVersion, material.package_version_id)
    assert version is not None
    return version


def materials_of(versions: list[PackageVersion]) -> dict[uuid.UUID, list[File]]:
    """The materials of several versions in one statement, by version, by name."""
    by_version: dict[uuid.UUID, list[File]] = {v.id: [] for v in versions}
    if by_version:
        for material in db.session.scalars(
            select(File)
            .where(File.package_version_id.in_(list(by_version)))
            .order_by(File.name, File.id)
        ):
            by_version[material.package_version_id].append(material)  # type: ignore[index]
    return by_version


def version_detail(principal: Principal, access: PackageAccess, version: PackageVersion) -> Shown:
    materials = materials_of([version])[version.id]
    return Shown(
        version,
        materials=materials,
        my_permissions=permissions_on(principal, PACKAGE_ACTIONS, access),
    )


def package_detail(principal: Principal, access: PackageAccess, package: Package) -> Shown:
    """The package with its latest published version (its agenda and materials) in full."""
    published = package.published_version
    return Shown(
        package,
        published_version=version_detail(principal, access, published) if published else None,
        my_permissions=permissions_on(principal, PACKAGE_ACTIONS, access),
    )


# --- packages ----------------------------------------------------------------------------------


def _owning_unit(principal: Principal, unit_id: uuid.UUID | None) -> uuid.UUID:
    """The unit a new package belongs to: the one named, which must be a quality unit the
    caller writes for; without a name, the caller's one unit."""
    units = units_written_for(principal)
    if unit_id is None:
        if len(units) != 1:
            raise RuleViolation(
                errors={"unit_id": [coded("Name the unit the package belongs to.", "required")]}
            )
        return next(iter(units))
    unit = db.session.get(Organisation, unit_id)
    if unit is None or unit.kind not in QUALITY_UNITS:
        raise RuleViolation(
            errors={"unit_id": [coded("No such quality unit.", "unknown_organisation")]}
        )
    if not principal.is_platform_admin and unit_id not in units:
        raise Forbidden("You write only your own unit's packages.", code="not_your_unit")
    return unit_id


def write_package(package: Package, data: dict[str, Any]) -> None:
    for name in ("title", "summary", "audience", "estimated_minutes"):
        if name in data:
            setattr(package, name, data[name])
    if "themes" in data:
        themes = list(dict.fromkeys(data["themes"]))
        kept = {row.name: row for row in package.theme_rows}
        package.theme_rows = [
            kept.get(name) or PackageTheme(id=uuid.uuid4(), name=name) for name in themes
        ]
        for position, row in enumerate(package.theme_rows):
            row.position = position


def _require_not_retired(package: Package) -> None:
    if package.state is PackageState.retired:
        raise Conflict("The package is retired; it no longer changes.", code="package_retired")


def create_package(principal: Principal, data: dict[str, Any]) -> Package:
    unit_id = _owning_unit(principal, data.pop("unit_id", None))
    package = Package(
        id=uuid.uuid4(),
        organisation_id=unit_id,
        kind=data.pop("kind", PackageKind.package),
        state=PackageState.draft,
    )
    write_package(package, data)
    db.session.add(package)
    db.session.commit()
    return package


def update_package(package: Package, data: dict[str, Any]) -> None:
    """Change the package's description (its versions are written apart). Not once retired."""
    _require_not_retired(package)
    write_package(package, data)
    package.updated_at = utcnow()  # its themes alone would not move it
    db.session.commit()


def _delete_materials(version_ids: list[uuid.UUID]) -> list[str]:
    """Delete the materials of these versions; the content they had, to collect after the
    commit."""
    if not version_ids:
        return []
    where = File.package_version_id.in_(version_ids)
    sha256s = list(db.session.scalars(select(File.sha256).where(where)))
    db.session.execute(File.__table__.delete().where(where))
    return sha256s


def delete_package(package: Package) -> None:
    """Delete a package that was never published, with its versions and materials."""
    if package.state is not PackageState.draft:
        raise Conflict(
            "Only a package that was never published is deleted; retire it instead.",
            code="package_not_draft",
        )
    sha256s = _delete_materials([v.id for v in package.versions])
    db.session.delete(package)
    db.session.commit()
    files.collect_quietly(sha256s)


def retire_package(package: Package) -> None:
    """Withdraw a published package from the catalogue; it is still read."""
    if package.state is not PackageState.published:
        raise Conflict(
            f"The package is {package.state.value}; only a published one is retired.",
            code="package_not_published",
        )
    package.state = PackageState.retired
    db.session.commit()


# --- versions ----------------------------------------------------------------------------------


def write_version(version: PackageVersion, data: dict[str, Any]) -> None:
    if "change_note" in data:
        version.change_note = data["change_note"]
    if "survey_template_id" in data:
        version.survey_template_id = unit_template_for_package(data["survey_template_id"])
    if "indicator_set_id" in data:
        version.indicator_set_id = set_for_package(data["indicator_set_id"])
    if "items" in data:
        # The old items go first: the new ones take their positions (a unique index).
        version.items.clear()
        db.session.flush()
        version.items = [
            PackageAgendaItem(
                id=uuid.uuid4(),
                position=position,
                title=item["title"],
                minutes=item["minutes"],
                slides=item.get("slides"),
                method_notes=item.get("method_notes", ""),
            )
            for position, item in enumerate(data["items"])
        ]


def _require_draft(version: PackageVersion) -> None:
    if version.state is not PackageVersionState.draft:
        raise Conflict(
            "The version is published; a published version never changes. Make a new version.",
            code="package_version_published",
        )


def create_version(package: Package, data: dict[str, Any]) -> PackageVersion:
    """A new draft version, numbered after the package's last one. Without `items`, it starts
    from the agenda of the latest version."""
    _require_not_retired(package)
    # One new number at a time per package (the unique index refuses a second anyway).
    db.session.execute(select(Package.id).where(Package.id == package.id).with_for_update())
    number = 1 + max((v.number for v in package.versions), default=0)
    version = PackageVersion(
        id=uuid.uuid4(), package_id=package.id, number=number, state=PackageVersionState.draft
    )
    for kept in ("survey_template_id", "indicator_set_id"):
        if kept not in data and package.versions:
            data = {**data, kept: getattr(package.versions[-1], kept)}
    if "items" not in data and package.versions:
        latest = package.versions[-1]
        data = {
            **data,
            "items": [
                {
                    "title": i.title,
                    "minutes": i.minutes,
                    "slides": i.slides,
                    "method_notes": i.method_notes,
                }
                for i in latest.items
            ],
        }
    write_version(version, data)
    package.versions.append(version)
    db.session.commit()
    return version


def update_version(package: Package, version: PackageVersion, data: dict[str, Any]) -> None:
    _require_not_retired(package)
    _require_draft(version)
    write_version(version, data)
    version.updated_at = utcnow()  # its items alone would not move it
    db.session.commit()


def publish_version(package: Package, version: PackageVersion) -> None:
    """Publish a draft version: it never changes again, and the package (published from its
    first version on) shows it."""
    _require_not_retired(package)
    _require_draft(version)
    # A template or a guide is its materials; a meeting kit needs its agenda.
    if package.kind is PackageKind.package and not version.items:
        raise Conflict(
            "A version is published with its agenda: add its items first.",
            code="package_version_empty",
        )
    if package.cluster_id is not None and db.session.scalar(
        select(PackageProposal.id).where(
            PackageProposal.package_id == package.id,
            PackageProposal.state != PackageProposalState.published,
        )
    ):
        raise Conflict(
            "The package is a cluster's proposal: publish it through the proposal.",
            code="package_proposal_pending",
        )
    version.state = PackageVersionState.published
    version.published_at = utcnow()
    package.state = PackageState.published
    db.session.commit()


# --- materials ---------------------------------------------------------------------------------


def add_material(
    package: Package, version: PackageVersion, principal: Principal, received: Received
) -> File:
    """Keep an uploaded material with a draft version (a name taken there gets a number)."""
    _require_not_retired(package)
    _require_draft(version)
    target = files.Target(None, AttachmentKind.package, package_version_id=version.id)
    return files.store(received, target, principal.user.id if principal.user else None)


def delete_material(package: Package, version: PackageVersion, material: File) -> None:
    _require_not_retired(package)
    _require_draft(version)
    files.delete_file(material)
