"""Survey e-mails, in Danish: the invitation with a recipient's personal link, and the
reminders to those who have not answered, carrying the same link.

They are written to the outbox in the transaction that sends or reminds, as rows added in one
batch (`compose`), so that a survey to the whole nation costs a few statements, not one per
person. Each has a dedupe key of survey, recipient and reminder number: a message twice for
the same cause would break the batch's transaction rather than reach someone twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from api.core import danish_dates
from api.core.extensions import db
from api.core.mail.outbox import compose
from api.models import Survey
from api.services.surveys.links import answer_url, link_token

TIME_ZONE = "Europe/Copenhagen"


@dataclass(frozen=True)
class Addressee:
    recipient_id: uuid.UUID
    email: str
    name: str


def _name(name: str) -> str:
    return " ".join(name.split())


def deadline(closes_at: datetime) -> str:
    """`mandag den 14. december 2026 kl. 12.00`, Danish time."""
    return danish_dates.moment(closes_at, TIME_ZONE)


def _body(survey: Survey, owner_name: str, person: Addressee, *, reminder: bool) -> str:
    url = answer_url(link_token(person.recipient_id))
    greeting = f"Kære {_name(person.name)}" if _name(person.name) else "Kære modtager"
    if reminder:
        ask = (
            f"Vi mangler stadig dit svar på spørgeskemaet »{survey.title}« fra {owner_name}. "
            "Det tager kun få minutter."
        )
    else:
        ask = f"{owner_name} beder dig besvare spørgeskemaet »{survey.title}«."
    anonymity = (
        "Besvarelsen er anonym: dine svar kan ikke føres tilbage til dig."
        if survey.anonymous
        else "Besvarelsen er ikke anonym: dit navn gemmes sammen med dine svar."
    )
    parts = [
        greeting,
        ask,
        survey.intro.strip(),
        f"Svar her:\n{url}",
        f"Spørgeskemaet lukker {deadline(survey.closes_at)}. {anonymity}",
        "Linket er personligt, så del det ikke med andre.",
        "Venlig hilsen\nKlyngeplatformen",
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def write_invitations(survey: Survey, owner_name: str, people: list[Addressee]) -> None:
    """One invitation per recipient, added to the outbox in one batch."""
    subject = f"Spørgeskema: {survey.title}"
    rows = []
    for person in people:
        message = compose(
            person.email,
            subject,
            _body(survey, owner_name, person, reminder=False),
            to_name=_name(person.name) or None,
        )
        message.dedupe_key = f"survey:{survey.id}:invitation:{person.recipient_id}"
        rows.append(message)
    db.session.add_all(rows)


def write_reminders(survey: Survey, owner_name: str, people: list[Addressee], number: int) -> None:
    """Reminder number `number` to each who has not answered, in one batch."""
    subject = f"Påmindelse: {survey.title}"
    rows = []
    for person in people:
        message = compose(
            person.email,
            subject,
            _body(survey, owner_name, person, reminder=True),
            to_name=_name(person.name) or None,
        )
        message.dedupe_key = f"survey:{survey.id}:reminder:{number}:{person.recipient_id}"
        rows.append(message)
    db.session.add_all(rows)
