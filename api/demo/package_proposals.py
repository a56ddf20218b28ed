"""The demo's package proposal: Demoklyngen Viborg's coordinator shares the cluster's held
meeting on antibiotics for urinary tract infections as a package, and it awaits review by
MidtKraft, the unit of Region Midtjylland (the demo login midtkraft@demo.dk sees it in the
queue). Made as the proposal service makes one, in a fixed number of statements."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select

from api.core.extensions import db
from api.demo.landscape import DEMO_CLUSTER
from api.demo.meetings import DEMO_HELD, demo_meeting_id
from api.models import (
    AttachmentKind,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    File,
    Meeting,
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
from api.services.files.library import package_version_key
from api.services.packages.proposals import meeting_notes, reviewing_unit, template_item

TITLE = "Antibiotika ved UVI – klyngens egne data"
SUMMARY = (
    "Et fyraftensmøde, hvor klyngen ser på klinikkernes ordination af antibiotika ved "
    "urinvejsinfektion 2023 mod 2024, drøfter forskellene og aftaler en PDSA på dyrkning før "
    "behandling. Holdt i Demoklyngen Viborg med en mikrobiolog som oplægsholder."
)
THEMES = ("Rationel farmakoterapi", "Data")
AUDIENCE = "Hele klyngen"


def proposals_present() -> bool:
    return bool(db.session.scalar(select(exists().where(PackageProposal.id.isnot(None)))))


def seed_package_proposals(now: datetime | None = None) -> bool:
    """Insert the demo cluster's proposal, unless there are proposals or no held meeting to
    make it from. True when inserted."""
    if proposals_present():
        return False
    now = now or datetime.now(UTC)
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    if cluster is None:
        return False
    meeting = db.session.get(Meeting, demo_meeting_id(cluster.id, DEMO_HELD))
    if meeting is None or not meeting.agenda_items:
        return False
    unit = reviewing_unit(cluster)
    coordinator = db.session.scalar(
        select(ClusterRole.user_id).where(
            ClusterRole.cluster_id == cluster.id,
            ClusterRole.role == ClusterRoleKind.coordinator,
            ClusterRole.valid_to.is_(None),
        )
    )
    items = [template_item(i) for i in meeting.agenda_items if i.duration_minutes > 0]
    proposed_at = now - timedelta(days=4)
    version = PackageVersion(
        id=uuid.uuid4(),
        number=1,
        state=PackageVersionState.draft,
        change_note=meeting_notes(meeting),
        created_at=proposed_at,
        items=[
            PackageAgendaItem(id=uuid.uuid4(), position=position, **item)
            for position, item in enumerate(items)
        ],
    )
    package = Package(
        id=uuid.uuid4(),
        organisation_id=unit.id,
        cluster_id=cluster.id,
        kind=PackageKind.package,
        title=TITLE,
        summary=SUMMARY,
        audience=AUDIENCE,
        estimated_minutes=sum(item["minutes"] for item in items),
        state=PackageState.draft,
        created_at=proposed_at,
        theme_rows=[
            PackageTheme(id=uuid.uuid4(), position=position, name=name)
            for position, name in enumerate(THEMES)
        ],
        versions=[version],
    )
    db.session.add(package)
    db.session.flush()
    originals = db.session.scalars(select(File).where(File.meeting_id == meeting.id)).all()
    db.session.add_all(
        File(
            id=uuid.uuid4(),
            cluster_id=None,
            attached_to=AttachmentKind.package,
            attachment_key=package_version_key(version.id),
            package_version_id=version.id,
            name=original.name,
            media_type=original.media_type,
            size=original.size,
            sha256=original.sha256,
            uploaded_by_id=coordinator,
            created_at=proposed_at,
        )
        for original in originals
    )
    db.session.add(
        PackageProposal(
            id=uuid.uuid4(),
            package_id=package.id,
            cluster_id=cluster.id,
            organisation_id=unit.id,
            meeting_id=meeting.id,
            state=PackageProposalState.proposed,
            proposed_by_id=coordinator,
            submitted_at=proposed_at,
            created_at=proposed_at,
            updated_at=proposed_at,
        )
    )
    db.session.commit()
    return True
