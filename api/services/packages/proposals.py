"""Proposals of packages: a cluster shares one of its held meetings as a package, and the
cluster's regional unit reviews it.

    proposed ─publish→ published      (by the unit: in the catalogue, under the cluster's name)
    proposed ─return→ returned        (by the unit, with a comment)
    returned ─resubmit→ proposed      (by the coordinator, after revising it)
    proposed | returned ─withdraw→ (deleted, draft package and all)

A proposal is a draft package of the reviewing unit that carries the proposing cluster: its
first version's agenda is the meeting's chosen agenda items, its materials copies of the
meeting's files, and its change note the cluster's notes (the meeting's minutes and decisions
unless told). The meeting's evaluation, when a survey of it has closed, is summed up below the
notes (its free texts left out), and the version offers the evaluation's template when it is a
quality unit's; `include_evaluation: false` leaves both out. Publishing it publishes that
version. The unit's people
are told of a new or resubmitted proposal, and the proposer of the unit's answer, by e-mail
through the outbox in the transaction that makes the change.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import Select, select

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.mail.outbox import enqueue
from api.core.permissions import permissions_on
from api.core.security import Principal
from api.core.shown import Shown
from api.models import (
    AgendaItem,
    AttachmentKind,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Package,
    PackageKind,
    PackageProposal,
    PackageProposalState,
    PackageState,
    PackageVersion,
    PackageVersionState,
    User,
)
from api.models.base import utcnow
from api.models.packages import SLIDES_LENGTH, TITLE_LENGTH
from api.services.files import library as files
from api.services.packages import catalogue
from api.services.packages.access import UnitCaseAccess, units_written_for
from api.services.packages.mail import person_name, unit_people
from api.services.surveys import results

# What the caller may do with a proposal, by name, as `my_permissions` shows it.
PROPOSAL_ACTIONS = {"revise": "package_proposals.propose", "review": "package_proposals.review"}
SLIDES = re.compile(r"^[0-9]{1,4}([\u2013-][0-9]{1,4})?$")
PROPOSED, RETURNED, PUBLISHED = (
    PackageProposalState.proposed,
    PackageProposalState.returned,
    PackageProposalState.published,
)


def version_etag(proposal: PackageProposal) -> dict[str, Any]:
    return {"id": str(proposal.id), "version": proposal.version}


def draft_of(proposal: PackageProposal) -> PackageVersion:
    """The version the proposal proposes: the package's first."""
    return proposal.package.versions[0]


def shown(principal: Principal, access: UnitCaseAccess, proposal: PackageProposal) -> Shown:
    """The proposal in full: its agenda and its materials."""
    version = draft_of(proposal)
    return Shown(
        proposal,
        items=version.items,
        notes=version.change_note,
        survey_template_id=version.survey_template_id,
        materials=catalogue.materials_of([version])[version.id],
        my_permissions=permissions_on(principal, PROPOSAL_ACTIONS, access),
    )


# --- reading -----------------------------------------------------------------------------------


def cluster_proposals_query(cluster: Cluster, state: PackageProposalState | None) -> Select:
    stmt = select(PackageProposal).where(PackageProposal.cluster_id == cluster.id)
    return stmt if state is None else stmt.where(PackageProposal.state == state)


def unit_proposals_query(principal: Principal, filters: dict[str, Any]) -> Select:
    """The proposals sent to the units the caller writes for (the admin: all), of one `unit`,
    one `cluster` and in one `state` if asked."""
    stmt = select(PackageProposal)
    if not principal.is_platform_admin:
        stmt = stmt.where(PackageProposal.organisation_id.in_(units_written_for(principal)))
    if filters.get("unit") is not None:
        stmt = stmt.where(PackageProposal.organisation_id == filters["unit"])
    if filters.get("cluster") is not None:
        stmt = stmt.where(PackageProposal.cluster_id == filters["cluster"])
    if filters.get("state") is not None:
        stmt = stmt.where(PackageProposal.state == filters["state"])
    return stmt


# --- proposing ---------------------------------------------------------------------------------


def reviewing_unit(cluster: Cluster) -> Organisation:
    """The cluster's regional quality unit, which reviews its proposals."""
    unit = db.session.scalar(
        select(Organisation)
        .where(
            Organisation.kind == OrganisationKind.regional_unit,
            Organisation.region_code == cluster.region.code,
        )
        .order_by(Organisation.name)
        .limit(1)
    )
    if unit is None:
        raise Conflict(
            "The cluster's region has no quality unit to review a proposal.",
            code="no_regional_unit",
        )
    return unit


def _held_meeting(cluster: Cluster, meeting_id: uuid.UUID) -> Meeting:
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id, Meeting.cluster_id == cluster.id)
    )
    if meeting is None:
        raise RuleViolation(
            errors={
                "meeting_id": [
                    coded("No such meeting of this cluster.", "unknown_meeting_of_cluster")
                ]
            }
        )
    if meeting.status is not MeetingStatus.held:
        raise Conflict(
            f"The meeting is {meeting.status.value}; only a held meeting is shared as a package.",
            code="meeting_not_held",
        )
    return meeting


def _chosen_items(meeting: Meeting, chosen: list[uuid.UUID] | None) -> list[dict[str, Any]]:
    """The meeting's agenda items chosen (all with minutes, unless told), in the agenda's
    order, as a package's agenda template."""
    agenda = list(meeting.agenda_items)
    if chosen is None:
        picked = [item for item in agenda if item.duration_minutes > 0]
    else:
        by_id = {item.id: item for item in agenda}
        errors: dict[str, list[Any]] = {}
        for index, item_id in enumerate(chosen):
            item = by_id.get(item_id)
            if item is None:
                errors[f"agenda_item_ids.{index}"] = [
                    coded("Not an item of this meeting's agenda.", "not_in_agenda")
                ]
            elif item.duration_minutes <= 0:
                errors[f"agenda_item_ids.{index}"] = [
                    coded(
                        "An agenda item without minutes is not part of a package.",
                        "agenda_item_without_minutes",
                    )
                ]
        if errors:
            raise RuleViolation(errors=errors)
        wanted = set(chosen)
        picked = [item for item in agenda if item.id in wanted]
    if not picked:
        raise RuleViolation(
            errors={
                "agenda_item_ids": [
                    coded("Choose at least one item of the agenda.", "agenda_required")
                ]
            }
        )
    return [template_item(item) for item in picked]


def template_item(item: AgendaItem) -> dict[str, Any]:
    """A meeting's agenda item as an item of a package's template: a slide reference the
    template does not take (`3-5` does) goes to the method notes."""
    notes = item.description
    slides = (item.slide_reference or "").strip() or None
    if slides is not None and (len(slides) > SLIDES_LENGTH or not SLIDES.match(slides)):
        notes = "\n\n".join(part for part in (notes, f"Dias: {slides}") if part)
        slides = None
    return {
        "title": item.title[:TITLE_LENGTH],
        "minutes": item.duration_minutes,
        "slides": slides,
        "method_notes": notes,
    }


def meeting_notes(meeting: Meeting) -> str:
    parts = []
    if meeting.decisions.strip():
        parts.append(f"Beslutninger:\n{meeting.decisions.strip()}")
    if meeting.minutes.strip():
        parts.append(f"Referat:\n{meeting.minutes.strip()}")
    return "\n\n".join(parts)


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def evaluation_notes(evaluation: results.Evaluation) -> str:
    """The meeting's evaluation in a few Danish lines for the package's change note: how many
    answered, and per question its share who agree, its mean, its NPS score or its most chosen
    option; only the counts when too few answered. Free texts are never passed on."""
    counted = evaluation.results
    lines = [
        f"Evaluering ({evaluation.survey.title}): {counted['responses']} af "
        f"{counted['recipients']} svarede ({_percent(counted['response_rate'])})."
    ]
    if counted["suppressed"]:
        lines.append(
            f"For få svar til at vise resultaterne (mindst {evaluation.survey.min_responses})."
        )
        return "\n".join(lines)
    for question in counted["questions"]:
        said = None
        if question["agree_share"] is not None:
            said = f"{_percent(question['agree_share'])} helt eller delvist enig"
            if question["mean"] is not None:
                said += f" (gennemsnit {_decimal(question['mean'])})"
        elif question["nps"] is not None:
            said = f"NPS {round(question['nps'])}"
        elif question["mean"] is not None:
            said = f"gennemsnit {_decimal(question['mean'])}"
        elif question["distribution"] and question["answered"]:
            top = max(question["distribution"], key=lambda point: point["count"])
            if top["count"]:
                said = f"oftest »{top['label']}« ({_percent(top['share'])})"
        if said is not None:
            lines.append(f"- {question['text']} – {said}")
    return "\n".join(lines)


def _notes(meeting: Meeting, notes: str | None, evaluation: results.Evaluation | None) -> str:
    """The version's change note: the cluster's notes (the meeting's decisions and minutes
    when none are given), with the evaluation below them."""
    parts = [meeting_notes(meeting) if notes is None else notes.strip()]
    if evaluation is not None:
        parts.append(evaluation_notes(evaluation))
    return "\n\n".join(part for part in parts if part)


def _copy_meeting_files(meeting: Meeting, version: PackageVersion, principal: Principal) -> None:
    """The meeting's files, copied as the version's materials (the content is shared)."""
    originals = list(db.session.scalars(files.files_query(files.meeting_key(meeting.id))))
    target = files.Target(None, AttachmentKind.package, package_version_id=version.id)
    files.copy_files(originals, target, principal.user.id if principal.user else None)


def propose(principal: Principal, cluster: Cluster, data: dict[str, Any]) -> PackageProposal:
    """The cluster proposes one of its held meetings as a package."""
    meeting = _held_meeting(cluster, data["meeting_id"])
    items = _chosen_items(meeting, data.get("agenda_item_ids"))
    unit = reviewing_unit(cluster)
    evaluation = (
        results.meeting_evaluation(meeting.id) if data.get("include_evaluation", True) else None
    )
    package = Package(
        id=uuid.uuid4(),
        organisation_id=unit.id,
        cluster_id=cluster.id,
        kind=PackageKind.package,
        state=PackageState.draft,
    )
    catalogue.write_package(
        package,
        {
            "title": data["title"],
            "summary": data.get("summary", ""),
            "themes": data.get("themes", []),
            "audience": data.get("audience", ""),
            "estimated_minutes": sum(item["minutes"] for item in items),
        },
    )
    version = PackageVersion(
        id=uuid.uuid4(), number=1, state=PackageVersionState.draft, change_note=""
    )
    package.versions.append(version)
    db.session.add(package)
    db.session.flush()
    catalogue.write_version(
        version,
        {
            "items": items,
            "change_note": _notes(meeting, data.get("notes"), evaluation),
            "survey_template_id": evaluation.unit_template_id if evaluation else None,
        },
    )
    now = utcnow()
    proposal = PackageProposal(
        id=uuid.uuid4(),
        package_id=package.id,
        cluster_id=cluster.id,
        organisation_id=unit.id,
        meeting_id=meeting.id,
        state=PROPOSED,
        proposed_by_id=principal.user.id if principal.user is not None else None,
        submitted_at=now,
    )
    db.session.add(proposal)
    db.session.flush()
    _copy_meeting_files(meeting, version, principal)
    _tell_unit(proposal, resubmitted=False)
    db.session.commit()
    return proposal


def _not_published(proposal: PackageProposal, step: str) -> None:
    if proposal.state is PUBLISHED:
        raise Conflict(
            f"The proposal is published; it is not {step}: it is a package of the catalogue.",
            code="package_proposal_published",
        )


def revise(proposal: PackageProposal, data: dict[str, Any]) -> PackageProposal:
    """The coordinator changes a proposal not yet published: its description, its agenda and
    its notes (each replaced when given)."""
    _not_published(proposal, "revised")
    package, version = proposal.package, draft_of(proposal)
    described = {
        name: data[name] for name in ("title", "summary", "themes", "audience") if name in data
    }
    if "items" in data:
        described["estimated_minutes"] = sum(item["minutes"] for item in data["items"])
    catalogue.write_package(package, described)
    written = {"items": data["items"]} if "items" in data else {}
    if "notes" in data:
        written["change_note"] = data["notes"]
    catalogue.write_version(version, written)
    package.updated_at = version.updated_at = proposal.updated_at = utcnow()
    db.session.commit()
    return proposal


def resubmit(proposal: PackageProposal) -> PackageProposal:
    if proposal.state is not RETURNED:
        raise Conflict(
            f"The proposal is {proposal.state.value}; only a returned one is resubmitted.",
            code="package_proposal_not_returned",
        )
    proposal.state = PROPOSED
    proposal.submitted_at = utcnow()
    db.session.flush()
    _tell_unit(proposal, resubmitted=True)
    db.session.commit()
    return proposal


def withdraw(proposal: PackageProposal) -> None:
    """The cluster withdraws a proposal not yet published: it is deleted, with its draft
    package and the copies of the meeting's files."""
    _not_published(proposal, "withdrawn")
    package = proposal.package
    db.session.delete(proposal)
    db.session.flush()
    catalogue.delete_package(package)


# --- reviewing ---------------------------------------------------------------------------------


def _proposed(proposal: PackageProposal, step: str) -> None:
    if proposal.state is not PROPOSED:
        raise Conflict(
            f"The proposal is {proposal.state.value}; it is {step} only while proposed.",
            code="package_proposal_not_proposed",
        )


def _reviewed(proposal: PackageProposal, principal: Principal) -> None:
    proposal.reviewed_by_id = principal.user.id if principal.user is not None else None
    proposal.reviewed_at = utcnow()


def publish(principal: Principal, proposal: PackageProposal) -> PackageProposal:
    """The unit publishes the proposal: its version, and so the package, in the catalogue,
    under the cluster's name."""
    _proposed(proposal, "published")
    proposal.state = PUBLISHED
    _reviewed(proposal, principal)
    db.session.flush()
    _tell_cluster(proposal)
    catalogue.publish_version(proposal.package, draft_of(proposal))  # commits
    return proposal


def return_to_cluster(
    principal: Principal, proposal: PackageProposal, comment: str
) -> PackageProposal:
    """The unit sends the proposal back to the cluster with a comment."""
    _proposed(proposal, "returned")
    proposal.state = RETURNED
    proposal.review_comment = comment
    _reviewed(proposal, principal)
    db.session.flush()
    _tell_cluster(proposal)
    db.session.commit()
    return proposal


# --- e-mail ------------------------------------------------------------------------------------


def _tell_unit(proposal: PackageProposal, *, resubmitted: bool) -> None:
    """E-mail the reviewing unit's active people of a new or resubmitted proposal."""
    people = unit_people(proposal.organisation_id)
    cluster, title = proposal.cluster.name, proposal.package.title
    if resubmitted:
        subject = f"{cluster} har sendt pakkeforslaget »{title}« igen"
        opening = f"{cluster} har rettet pakkeforslaget »{title}« og sendt det til jer igen."
    else:
        subject = f"Nyt pakkeforslag fra {cluster}: »{title}«"
        opening = f"{cluster} foreslår at dele et af klyngens møder som klyngepakken »{title}«."
    body = [
        opening,
        proposal.package.summary,
        "Se forslaget, og udgiv det i kataloget eller send det tilbage med en kommentar, på "
        "klyngeplatformen.",
        "Venlig hilsen\nKlyngeplatformen",
    ]
    text = "\n\n".join(part for part in body if part) + "\n"
    # Each submission is told once: the proposal's version counter tells them apart.
    step = proposal.version
    for person in people:
        enqueue(
            person.email,
            subject,
            text,
            to_name=person_name(person) or None,
            dedupe_key=f"package-proposal:{proposal.id}:proposed:{step}:{person.id}",
        )


def _recipient(proposal: PackageProposal) -> User | None:
    """Who hears the unit's answer: the proposer, else the cluster's coordinator."""
    if proposal.proposed_by_id is not None:
        proposer = db.session.get(User, proposal.proposed_by_id)
        if proposer is not None and proposer.is_active:
            return proposer
    return db.session.scalar(
        select(User)
        .join(ClusterRole, ClusterRole.user_id == User.id)
        .where(
            ClusterRole.cluster_id == proposal.cluster_id,
            ClusterRole.role == ClusterRoleKind.coordinator,
            ClusterRole.valid_to.is_(None),
            User.is_active.is_(True),
        )
    )


def _tell_cluster(proposal: PackageProposal) -> None:
    """E-mail the proposer the unit's answer."""
    person = _recipient(proposal)
    if person is None:
        return
    unit, title = proposal.organisation.name, proposal.package.title
    if proposal.state is PUBLISHED:
        subject = f"{unit} har udgivet jeres pakkeforslag »{title}«"
        answer = [
            f"{unit} har udgivet »{title}« i kataloget over klyngepakker under "
            f"{proposal.cluster.name}s navn. Tak, fordi I deler!"
        ]
    else:
        subject = f"{unit} har sendt jeres pakkeforslag »{title}« tilbage"
        answer = [
            f"{unit} har sendt pakkeforslaget »{title}« tilbage til klyngen med denne kommentar:",
            proposal.review_comment or "",
            "Ret forslaget og send det igen, eller træk det tilbage, på klyngeplatformen.",
        ]
    text = "\n\n".join([f"Kære {person_name(person)}", *answer, "Venlig hilsen\nKlyngeplatformen"])
    step = proposal.version
    enqueue(
        person.email,
        subject,
        text + "\n",
        to_name=person_name(person) or None,
        dedupe_key=f"package-proposal:{proposal.id}:{proposal.state.value}:{step}",
    )
