"""Meeting e-mails: invitations, updates, reminders and cancellations, each in Danish with the
meeting's `.ics`, written to the outbox by the meeting service's signals.

The signals are sent inside the transaction of the change (before its commit), so an e-mail
exists exactly when its cause does. Who gets what:

- an invitation: the newly invited (`invitations_sent`);
- an update, when a meeting that has not been held moves in time or place
  (`meeting_rescheduled`): everyone invited who has not declined;
- a reminder: exactly those the meeting service reminds, the unanswered (`reminders_sent`);
- a cancellation (`meeting_cancelled`): everyone invited, those who declined too, since it is
  the last word on the meeting and removes it from any calendar it reached.

An invitation and an update are iTIP REQUESTs at the meeting's current SEQUENCE, and a
cancellation a CANCEL at its new one, so calendars move or strike the same entry (one UID).
Each e-mail has a dedupe key of meeting, person and sequence (a reminder: its count), so a
request retried after its commit, or a signal sent twice, writes nothing new.

People are written to at their work e-mail at a clinic of the meeting's cluster (the clinic
they were invited from first), else at their login e-mail. Logs name people by id only.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select

from api.core import danish_dates
from api.core.extensions import db
from api.core.mail.outbox import Attachment, enqueue
from api.models import (
    AgendaItem,
    ClinicClusterPeriod,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingStatus,
    Member,
    User,
)
from api.services.meetings.calendars import meeting_document, meeting_url
from api.services.meetings.ical import Method, Party
from api.services.meetings.planning import (
    invitations_sent,
    meeting_cancelled,
    meeting_rescheduled,
    reminders_sent,
)

log = logging.getLogger("api.mail")

# Fields of a move that change when the meeting is; the others change where.
TIME_FIELDS = frozenset({"starts_at", "ends_at", "time_zone"})


class MeetingMail(enum.Enum):
    invitation = "invitation"
    update = "update"
    reminder = "reminder"
    cancellation = "cancellation"


@dataclass(frozen=True)
class _Kind:
    subject: str
    # Invitations and updates share a key: one REQUEST per person per sequence is enough.
    key: str
    method: Method
    filename: str


KINDS = {
    MeetingMail.invitation: _Kind("Invitation", "invite", Method.request, "invitation.ics"),
    MeetingMail.update: _Kind("Ændret", "invite", Method.request, "invitation.ics"),
    MeetingMail.reminder: _Kind("Påmindelse", "reminder", Method.request, "invitation.ics"),
    MeetingMail.cancellation: _Kind("Aflyst", "cancel", Method.cancel, "aflysning.ics"),
}


@dataclass(frozen=True)
class Recipient:
    user_id: uuid.UUID
    name: str
    # The addresses to try, best first: work e-mails in the cluster, then the login e-mail.
    addresses: tuple[str, ...]


# --- the signals -----------------------------------------------------------------------------


def connect_signals() -> None:
    """Let the meeting service's signals write e-mails. Connecting again changes nothing."""
    invitations_sent.connect(_on_invitations_sent, weak=False)
    reminders_sent.connect(_on_reminders_sent, weak=False)
    meeting_rescheduled.connect(_on_rescheduled, weak=False)
    meeting_cancelled.connect(_on_cancelled, weak=False)


def _on_invitations_sent(meeting: Meeting, invitations: Sequence[Invitation]) -> None:
    send_meeting_mail(meeting, MeetingMail.invitation, invitations)


def _on_reminders_sent(meeting: Meeting, invitations: Sequence[Invitation]) -> None:
    send_meeting_mail(meeting, MeetingMail.reminder, invitations)


def _on_rescheduled(meeting: Meeting, changed: Sequence[str]) -> None:
    if meeting.status != MeetingStatus.planned:
        return  # a held meeting is history: a corrected place is not news to send
    invitations = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.meeting_id == meeting.id,
            Invitation.answer != InvitationAnswer.declined.value,
        )
        .order_by(Invitation.created_at, Invitation.id)
    )
    send_meeting_mail(meeting, MeetingMail.update, list(invitations), changed=changed)


def _on_cancelled(meeting: Meeting) -> None:
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.meeting_id == meeting.id)
        .order_by(Invitation.created_at, Invitation.id)
    )
    send_meeting_mail(meeting, MeetingMail.cancellation, list(invitations))


# --- writing the e-mails ------------------------------------------------------------------


def send_meeting_mail(
    meeting: Meeting,
    mail: MeetingMail,
    invitations: Sequence[Invitation],
    *,
    changed: Iterable[str] = (),
) -> int:
    """Write one e-mail of `mail` per invitation to the outbox, in the current transaction;
    returns how many were written or found written already (by their dedupe key)."""
    if not invitations:
        return 0
    kind = KINDS[mail]
    agenda = list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        )
    )

    def ics(invitation: Invitation, recipient: Recipient, address: str) -> Attachment:
        # The person's own copy: an iTIP document names whom it is for, with their answer
        # (an update must not reset an accepted meeting to unanswered in their calendar).
        attendee = Party(address, recipient.name, PARTSTAT[invitation.answer])
        return Attachment(
            kind.filename,
            f"text/calendar; method={kind.method.value}; charset=utf-8",
            meeting_document(meeting, kind.method, agenda, attendee),
        )

    subject = (
        f"{kind.subject}: {_one_line(meeting.title)} "
        f"{danish_dates.local_day(meeting.starts_at, meeting.time_zone)}"
    )
    cluster_name = meeting.cluster.name
    written = 0
    for invitation, recipient in _recipients(meeting, invitations):
        text = _body(mail, meeting, agenda, cluster_name, recipient.name, set(changed))
        number = invitation.reminder_count if mail is MeetingMail.reminder else meeting.sequence
        key = f"meeting:{meeting.id}:{kind.key}:{recipient.user_id}:{number}"
        own_ics = partial(ics, invitation)
        if _enqueue_first_valid(recipient, subject, text, own_ics, key):
            written += 1
        else:
            log.warning(
                "meeting %s: no %s e-mail for user %s: no usable address",
                meeting.id,
                mail.value,
                recipient.user_id,
            )
    return written


# An answer as iCalendar's participation status (RFC 5545, 3.2.12).
PARTSTAT = {
    InvitationAnswer.invited: "NEEDS-ACTION",
    InvitationAnswer.accepted: "ACCEPTED",
    InvitationAnswer.declined: "DECLINED",
    InvitationAnswer.tentative: "TENTATIVE",
}


def _enqueue_first_valid(
    recipient: Recipient,
    subject: str,
    text: str,
    ics: Callable[[Recipient, str], Attachment],
    key: str,
) -> bool:
    for address in recipient.addresses:
        try:
            enqueue(
                address,
                subject,
                text,
                None,
                [ics(recipient, address)],
                to_name=_one_line(recipient.name) or None,
                dedupe_key=key,
            )
        except ValueError:
            # Not an address (a typo in the registry), or this e-mail was written already to
            # an address the person has since changed: neither breaks the meeting's change.
            continue
        return True
    return False


def _recipients(
    meeting: Meeting, invitations: Sequence[Invitation]
) -> list[tuple[Invitation, Recipient]]:
    """Each invitation with where to write to its person; people whose account is closed are
    left out. Two queries, whatever the number of people."""
    user_ids = list({invitation.user_id for invitation in invitations})
    users = {
        row.id: row
        for row in db.session.execute(
            select(User.id, User.name, User.email, User.is_active).where(User.id.in_(user_ids))
        )
    }
    work: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for user_id, clinic_id, address in db.session.execute(
        select(Member.user_id, Member.clinic_id, Member.work_email)
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
        .where(
            Member.user_id.in_(user_ids),
            Member.valid_to.is_(None),
            ClinicClusterPeriod.cluster_id == meeting.cluster_id,
            ClinicClusterPeriod.valid_to.is_(None),
        )
        .order_by(Member.created_at, Member.id)
    ):
        work.setdefault(user_id, []).append((clinic_id, address))
    result = []
    for invitation in invitations:
        user = users.get(invitation.user_id)
        if user is None or not user.is_active:
            continue
        at_clinic = [a for c, a in work.get(user.id, []) if c == invitation.clinic_id]
        elsewhere = [a for _, a in work.get(user.id, [])]
        addresses = tuple(dict.fromkeys(a.strip() for a in [*at_clinic, *elsewhere, user.email]))
        result.append((invitation, Recipient(user.id, user.name, addresses)))
    return result


# --- the text -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Text for a header: a line break in a title or a name must not cost the e-mail."""
    return " ".join(text.split())


def _change_in_words(changed: set[str]) -> str:
    moved, elsewhere = bool(changed & TIME_FIELDS), bool(changed - TIME_FIELDS)
    if moved and elsewhere:
        return "Mødet er flyttet til et nyt tidspunkt og et nyt sted."
    if moved:
        return "Mødet er flyttet til et nyt tidspunkt."
    return "Mødet holdes et nyt sted."


def _body(
    mail: MeetingMail,
    meeting: Meeting,
    agenda: Sequence[AgendaItem],
    cluster_name: str,
    name: str,
    changed: set[str],
) -> str:
    intro = {
        MeetingMail.invitation: f"Du er inviteret til klyngemøde i {cluster_name}.",
        MeetingMail.update: f"Klyngemødet i {cluster_name} er ændret. {_change_in_words(changed)}",
        MeetingMail.reminder: (
            f"Du har endnu ikke svaret på invitationen til klyngemødet i {cluster_name}."
        ),
        MeetingMail.cancellation: f"Klyngemødet i {cluster_name} er aflyst.",
    }[mail]
    cancelled = mail is MeetingMail.cancellation
    when = danish_dates.span(meeting.starts_at, meeting.ends_at, meeting.time_zone)
    facts = [meeting.title, f"Tid: {when}"]
    place = ", ".join(p for p in (meeting.place_name, meeting.place_address) if p)
    if place:
        facts.append(f"Sted: {place}")
    if meeting.video_url:
        facts.append(f"Online: {meeting.video_url}")
    if meeting.rsvp_by is not None and not cancelled:
        facts.append(f"Svar senest: {danish_dates.moment(meeting.rsvp_by, meeting.time_zone)}")
    parts = [f"Kære {name}", intro, "\n".join(facts)]
    if agenda and not cancelled:
        parts.append(
            "Dagsorden:\n" + "\n".join(f"{n}. {i.title}" for n, i in enumerate(agenda, start=1))
        )
    action = {
        MeetingMail.invitation: "Se mødet og svar her:",
        MeetingMail.update: "Se mødet og ret eventuelt dit svar her:",
        MeetingMail.reminder: "Se mødet og svar her:",
        MeetingMail.cancellation: "Se mødet her:",
    }[mail]
    parts.append(f"{action}\n{meeting_url(meeting.id)}")
    parts.append(
        {
            MeetingMail.invitation: "Mødet er vedhæftet som kalenderfil, så du kan lægge det i "
            "din kalender.",
            MeetingMail.update: "Den vedhæftede kalenderfil flytter mødet i din kalender.",
            MeetingMail.reminder: "Mødet er vedhæftet som kalenderfil, så du kan lægge det i "
            "din kalender.",
            MeetingMail.cancellation: "Den vedhæftede kalenderfil fjerner mødet fra din kalender.",
        }[mail]
    )
    parts.append("Venlig hilsen\nKlyngeplatformen")
    return "\n\n".join(parts) + "\n"
