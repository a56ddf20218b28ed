"""A way in: links by e-mail that let a person set their password once, to reset a forgotten
one or to activate an account made for them.

A link carries a random token (`secrets.token_urlsafe`); only its SHA-256 hash is stored. It
works once, until it expires (a reset after `PASSWORD_RESET_TTL`, an activation after
`ACTIVATION_TTL`), and setting the password spends every open link of the account and ends
its sessions. The e-mail is written to the outbox in the transaction that makes the link.

Asking for a reset answers alike whether or not the address has an account: the caller
learns nothing, and the work done is nearly the same.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from api.core.error_codes import coded
from api.core.errors import PROBLEM_TYPE_PREFIX, Conflict, DomainError, RuleViolation
from api.core.extensions import db
from api.core.mail.outbox import compose, enqueue
from api.core.passwords import password_problem
from api.core.security import hash_secret, normalise_email, token_digest
from api.models import AccountToken, AccountTokenPurpose, OutboxMessage, User
from api.models.base import utcnow
from api.services.accounts.sessions import revoke_all_sessions

# The path of the web app's page that sets a password with a link's token.
SET_PASSWORD_PATH = "/adgangskode"


class InvalidLink(DomainError):
    """The link is unknown, used or expired: one answer for all three."""

    status = 404
    type_ = PROBLEM_TYPE_PREFIX + "invalid-link"


INVALID_LINK = (
    "The link is not valid: it was already used, it has expired, or it was never issued. "
    "Ask for a new one."
)


def link_url(token: str) -> str:
    return f"{current_app.config['WEB_APP_URL'].rstrip('/')}{SET_PASSWORD_PATH}/{token}"


def _ttl(purpose: AccountTokenPurpose) -> timedelta:
    if purpose is AccountTokenPurpose.activation:
        return current_app.config["ACTIVATION_TTL"]
    return current_app.config["PASSWORD_RESET_TTL"]


def _issue(user: User, purpose: AccountTokenPurpose) -> str:
    """A new link for `user`; earlier open links of the same purpose stop working."""
    now = utcnow()
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    row = AccountToken(
        id=uuid.uuid4(),
        user_id=user.id,
        purpose=purpose,
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + _ttl(purpose),
    )
    db.session.add(row)
    db.session.flush()
    _send(user, purpose, token, row.id)
    return token


def _message(user: User, purpose: AccountTokenPurpose, token: str) -> tuple[str, str]:
    """The subject and text of the e-mail that carries a link."""
    url = link_url(token)
    if purpose is AccountTokenPurpose.activation:
        subject = "Velkommen til Klyngeplatformen: vælg din adgangskode"
        days = _ttl(purpose).days
        intro = (
            "Der er oprettet en konto til dig på Klyngeplatformen, kvalitetsklyngernes fælles "
            "system. Vælg din adgangskode for at tage den i brug."
        )
        expiry = f"Linket virker én gang og udløber om {days} dage."
    else:
        subject = "Nulstil din adgangskode til Klyngeplatformen"
        minutes = int(_ttl(purpose).total_seconds() // 60)
        intro = "Vi har fået en anmodning om at nulstille adgangskoden til din konto."
        expiry = (
            f"Linket virker én gang og udløber om {minutes} minutter. Har du ikke bedt om "
            "det, kan du se bort fra denne e-mail: din adgangskode er uændret."
        )
    text = "\n\n".join(
        [
            f"Kære {' '.join(user.name.split())}",
            intro,
            f"Vælg adgangskode her:\n{url}",
            expiry,
            f"Du logger ind med din e-mail: {user.email}",
            "Venlig hilsen\nKlyngeplatformen",
        ]
    )
    return subject, text + "\n"


def _send(user: User, purpose: AccountTokenPurpose, token: str, token_id: uuid.UUID) -> None:
    subject, text = _message(user, purpose, token)
    enqueue(
        user.email,
        subject,
        text,
        to_name=" ".join(user.name.split()) or None,
        dedupe_key=f"account:{user.id}:{purpose.value}:{token_id}",
    )


def request_password_reset(email: str) -> None:
    """Send a reset link if the address is an active account's; otherwise nothing, at a
    similar cost (a token is made and hashed either way)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.is_active:
        token_digest(secrets.token_urlsafe(32))
        db.session.rollback()
        return
    _issue(user, AccountTokenPurpose.password_reset)
    db.session.commit()


def send_activation(user: User) -> None:
    """Send an activation link to an account without a password (409 if it has one)."""
    if user.activated:
        raise Conflict(
            "The account is already activated: the person has a password.",
            code="account_activated",
        )
    if not user.is_active:
        raise Conflict(
            "The account is deactivated: activate it again first.", code="account_deactivated"
        )
    _issue(user, AccountTokenPurpose.activation)
    db.session.commit()


def issue_activation(user: User) -> None:
    """Write an activation link for a new account in the caller's transaction."""
    _issue(user, AccountTokenPurpose.activation)


def activation_rows(users: list[User]) -> list[AccountToken | OutboxMessage]:
    """The activation links of accounts made in a batch, and their e-mails, as rows for the
    caller to add with the batch's own: a roster of many new doctors costs a few statements.
    The accounts are new, so they have no earlier links to spend."""
    now = utcnow()
    rows: list[AccountToken | OutboxMessage] = []
    for user in users:
        token = secrets.token_urlsafe(32)
        rows.append(
            AccountToken(
                id=uuid.uuid4(),
                user_id=user.id,
                purpose=AccountTokenPurpose.activation,
                token_hash=token_digest(token),
                created_at=now,
                expires_at=now + _ttl(AccountTokenPurpose.activation),
            )
        )
        subject, text = _message(user, AccountTokenPurpose.activation, token)
        rows.append(compose(user.email, subject, text, to_name=" ".join(user.name.split()) or None))
    return rows


def set_password(token: str, password: str) -> User:
    """Set the password with a link's token: the link and every other open link of the
    account are spent, and every session of the account ends."""
    now = utcnow()
    row = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == token_digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise InvalidLink(INVALID_LINK)
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidLink(INVALID_LINK)
    problem = password_problem(password, [user.email, user.name])
    if problem:
        raise RuleViolation(errors={"password": [coded(problem, "weak_password")]})
    # Spend the link atomically: of two concurrent uses, exactly one wins.
    spent = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        db.session.rollback()
        raise InvalidLink(INVALID_LINK)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    user.password_hash = hash_secret(password)
    revoke_all_sessions(user_id=user.id, reason="password_changed")
    db.session.commit()
    return user


def purge_spent_links() -> int:
    """Delete links that were used or have expired: they can open nothing any more."""
    result = db.session.execute(
        delete(AccountToken).where(
            or_(AccountToken.used_at.is_not(None), AccountToken.expires_at <= utcnow())
        )
    )
    db.session.commit()
    return result.rowcount or 0
