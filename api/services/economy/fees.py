"""Fees from attendance: a cluster's fee rules, the fee proposals a closed meeting gives,
and their way into the ledger (proposed → confirmed → booked).

When a meeting is closed, its finalised attendance and agenda give the proposals:
- the coordinator's fee (`coordinator`): the rules' flat fee per held meeting, to the
  cluster's coordinator when they attended;
- a speaker's fee (`speaker`): for each guest speaker named in the agenda (an item's
  `responsible_name`), the minutes of their items at the rules' rate per hour.

A correction of attendance after closing computes the proposals again: those not booked are
updated (an amount that changes sends a confirmed proposal back to `proposed`), added or
removed; a booked one is never touched, and no second proposal is made beside it.

Integer arithmetic only. A fee by the hour is `rate_ore * minutes / 60` rounded half up to
the whole øre: `(rate_ore * minutes + 30) // 60` (so 1 minute at 107,202 øre per hour is
1,786.7 → 1,787 øre, and 30 øre an hour for 1 minute is 0.5 → 1 øre).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from api.core.errors import Conflict
from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    AgendaItem,
    Attendance,
    ClusterRole,
    ClusterRoleKind,
    FeeBasis,
    FeeProposal,
    FeeRules,
    FeeState,
    LedgerCategory,
    LedgerEntry,
    LedgerEntryKind,
    Meeting,
)
from api.models.base import utcnow
from api.models.economy import DEFAULT_SPEAKER_RATE_ORE_PER_HOUR
from api.services.economy.ledger import booked_by

SOURCE_KIND = "fee_proposal"
CATEGORY_OF_BASIS = {
    FeeBasis.coordinator: LedgerCategory.coordinator_pay,
    FeeBasis.speaker: LedgerCategory.speaker,
}


def fee_by_the_hour(rate_ore_per_hour: int, minutes: int) -> int:
    """`rate_ore_per_hour * minutes / 60`, rounded half up to the whole øre, in integers."""
    return (rate_ore_per_hour * minutes + 30) // 60


# --- the rules -----------------------------------------------------------------------------


def rules_of(cluster_id: uuid.UUID) -> FeeRules:
    """The cluster's rules, or the defaults (not stored, version 0) when it has none."""
    rules = db.session.scalar(select(FeeRules).where(FeeRules.cluster_id == cluster_id))
    if rules is None:
        rules = FeeRules(
            cluster_id=cluster_id,
            coordinator_fee_ore=0,
            speaker_rate_ore_per_hour=DEFAULT_SPEAKER_RATE_ORE_PER_HOUR,
            version=0,
        )
    return rules


def rules_etag(rules: FeeRules) -> dict[str, Any]:
    return {"cluster_id": str(rules.cluster_id), "version": rules.version}


def update_rules(rules: FeeRules, data: dict[str, Any]) -> FeeRules:
    if rules.version == 0:  # the defaults: stored from now on
        rules.id = uuid.uuid4()
        rules.version = 1
        db.session.add(rules)
    for name, value in data.items():
        setattr(rules, name, value)
    db.session.commit()
    return rules


# --- proposals from a closed meeting -------------------------------------------------------


def _key(basis: FeeBasis, user_id: uuid.UUID | None, name: str | None) -> tuple:
    return (basis, user_id, (name or "").strip().casefold() or None)


def _wanted(meeting: Meeting) -> dict[tuple, dict[str, Any]]:
    """The proposals the meeting's finalised attendance, agenda and rules give now."""
    rules = rules_of(meeting.cluster_id)
    wanted: dict[tuple, dict[str, Any]] = {}
    if rules.coordinator_fee_ore > 0:
        coordinators = db.session.scalars(
            select(ClusterRole.user_id)
            .join(
                Attendance,
                (Attendance.user_id == ClusterRole.user_id) & (Attendance.meeting_id == meeting.id),
            )
            .where(
                ClusterRole.cluster_id == meeting.cluster_id,
                ClusterRole.role == ClusterRoleKind.coordinator,
                ClusterRole.valid_to.is_(None),
                Attendance.attended.is_(True),
                Attendance.deleted_at.is_(None),
            )
        ).all()
        for user_id in coordinators:
            wanted[_key(FeeBasis.coordinator, user_id, None)] = {
                "basis": FeeBasis.coordinator,
                "recipient_user_id": user_id,
                "speaker_name": None,
                "minutes": None,
                "rate_ore": rules.coordinator_fee_ore,
                "amount_ore": rules.coordinator_fee_ore,
            }
    if rules.speaker_rate_ore_per_hour > 0:
        minutes: dict[tuple, tuple[str, int]] = {}
        for name, duration in db.session.execute(
            select(AgendaItem.responsible_name, AgendaItem.duration_minutes)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.responsible_name.is_not(None))
            .order_by(AgendaItem.position)
        ):
            if not name.strip():
                continue
            key = _key(FeeBasis.speaker, None, name)
            shown, total = minutes.get(key, (name.strip(), 0))
            minutes[key] = (shown, total + duration)
        for key, (name, total) in minutes.items():
            if total <= 0:
                continue
            wanted[key] = {
                "basis": FeeBasis.speaker,
                "recipient_user_id": None,
                "speaker_name": name,
                "minutes": total,
                "rate_ore": rules.speaker_rate_ore_per_hour,
                "amount_ore": fee_by_the_hour(rules.speaker_rate_ore_per_hour, total),
            }
    return wanted


def propose_fees(meeting: Meeting) -> None:
    """Make the meeting's proposals agree with what it gives now, without committing (the
    caller's transaction: closing the meeting, or correcting its attendance). Booked
    proposals stay as they are, and nothing is proposed again beside them."""
    if not meeting.is_closed:
        return
    db.session.flush()
    existing = db.session.scalars(
        select(FeeProposal).where(FeeProposal.meeting_id == meeting.id)
    ).all()
    wanted = _wanted(meeting)
    gone: list[uuid.UUID] = []
    for proposal in existing:
        key = _key(proposal.basis, proposal.recipient_user_id, proposal.speaker_name)
        values = wanted.pop(key, None)
        if proposal.state == FeeState.booked:
            continue
        if values is None:
            gone.append(proposal.id)
            continue
        changed = any(
            getattr(proposal, name) != values[name]
            for name in ("minutes", "rate_ore", "amount_ore")
        )
        if changed:
            for name in ("minutes", "rate_ore", "amount_ore", "speaker_name"):
                setattr(proposal, name, values[name])
            proposal.state = FeeState.proposed
            proposal.confirmed_by_user_id = None
            proposal.confirmed_at = None
    if gone:
        for proposal in existing:
            if proposal.id in gone:
                db.session.delete(proposal)
    for values in wanted.values():
        db.session.add(
            FeeProposal(
                id=uuid.uuid4(),
                cluster_id=meeting.cluster_id,
                meeting_id=meeting.id,
                state=FeeState.proposed,
                **values,
            )
        )


def on_meeting_closed(meeting: Meeting, **_: Any) -> None:
    propose_fees(meeting)


def on_attendance_corrected(meeting: Meeting, **_: Any) -> None:
    propose_fees(meeting)


def connect_signals() -> None:
    """Let closing a meeting, and correcting its attendance after, propose fees."""
    from api.services.meetings.planning import attendance_corrected, meeting_closed

    meeting_closed.connect(on_meeting_closed)
    attendance_corrected.connect(on_attendance_corrected)


# --- the list, and the way into the ledger -----------------------------------------------


def fees_query(cluster_id: uuid.UUID, args: dict[str, Any]) -> Select:
    stmt = select(FeeProposal).where(FeeProposal.cluster_id == cluster_id)
    if args.get("meeting_id") is not None:
        stmt = stmt.where(FeeProposal.meeting_id == args["meeting_id"])
    if args.get("state") is not None:
        stmt = stmt.where(FeeProposal.state == args["state"])
    return stmt


def confirm_fee(fee: FeeProposal, principal: Principal) -> FeeProposal:
    if fee.state != FeeState.proposed:
        raise Conflict(
            f"Only a proposed fee is confirmed; this one is {fee.state.value}.",
            code="fee_not_proposed",
        )
    fee.state = FeeState.confirmed
    fee.confirmed_by_user_id = principal.user.id if principal.user is not None else None
    fee.confirmed_at = utcnow()
    db.session.commit()
    return fee


def _text(fee: FeeProposal) -> str:
    meeting = db.session.get(Meeting, fee.meeting_id)
    title = meeting.title if meeting is not None else ""
    if fee.basis == FeeBasis.coordinator:
        return f"Koordinatorhonorar: {title}"[:500]
    return f"Honorar til oplægsholder {fee.speaker_name}: {title}"[:500]


def book_fee(fee: FeeProposal, principal: Principal, today: date) -> FeeProposal:
    """Book a confirmed fee: a ledger entry of kind `fee` (spending, so negative) that links
    to the proposal and its meeting."""
    if fee.state != FeeState.confirmed:
        raise Conflict(
            f"Only a confirmed fee is booked; this one is {fee.state.value}.",
            code="fee_not_confirmed",
        )
    entry = LedgerEntry(
        id=uuid.uuid4(),
        cluster_id=fee.cluster_id,
        kind=LedgerEntryKind.fee,
        category=CATEGORY_OF_BASIS[fee.basis],
        booked_on=today,
        amount_ore=-fee.amount_ore,
        text=_text(fee),
        source_kind=SOURCE_KIND,
        source_id=fee.id,
        meeting_id=fee.meeting_id,
        **booked_by(principal),
    )
    db.session.add(entry)
    db.session.flush()
    fee.ledger_entry_id = entry.id
    fee.state = FeeState.booked
    db.session.commit()
    return fee
