"""Accounts: creating and changing people and machine clients, with their invariants."""

from __future__ import annotations

import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.security import hash_secret, normalise_email
from api.models import Attendance, Client, Organisation, OrganisationMembership, User
from api.services.accounts import links
from api.services.accounts.sessions import revoke_all_sessions

# Said alike whether the e-mail's account is staff, an admin, or someone of another name, so
# that adding a member tells the coordinator nothing about an account they did not know.
NOT_ENROLLABLE = (
    "This e-mail belongs to an account that cannot be added under the name given. Check the "
    "e-mail and the name, or ask the person."
)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: case, width and spacing aside."""

    def folded(name: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", name).casefold().split())

    return folded(a) == folded(b)


def is_staff_account(user: User) -> bool:
    """An account of the platform's staff or of an organisation (a quality unit, KiAP, PLO):
    never made a cluster member through the registry."""
    return user.is_platform_admin or bool(user.memberships)


def matches(q: str) -> ColumnElement[bool]:
    """Accounts whose name or e-mail contains `q`, in any case. The name also as typed:
    SQLite's lower() folds only ASCII, so "Øster" still finds "Østergaard" there."""
    typed = q.strip()
    folded = typed.lower()
    return or_(
        func.lower(User.name).contains(folded, autoescape=True),
        User.name.contains(typed, autoescape=True),
        User.email.contains(folded, autoescape=True),
    )


def _organisations(ids: Iterable[uuid.UUID], field: str) -> list[Organisation]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = {
        o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted)))
    }
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise RuleViolation(
            errors={
                field: [
                    coded(f"Unknown organisation: {', '.join(missing)}.", "unknown_organisation")
                ]
            }
        )
    return [found[i] for i in wanted]


def _ensure_email_free(email: str, *, except_user: User | None = None) -> None:
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is not None and existing is not except_user:
        raise Conflict(
            "Another account already uses this e-mail.",
            code="email_taken",
            errors={"email": [coded("Already in use.", "already_in_use")]},
        )


def set_memberships(user: User, organisations: list[Organisation]) -> None:
    wanted = {o.id for o in organisations}
    for membership in list(user.memberships):
        if membership.organisation_id not in wanted:
            user.memberships.remove(membership)
    present = {m.organisation_id for m in user.memberships}
    for organisation in organisations:
        if organisation.id not in present:
            user.memberships.append(OrganisationMembership(organisation=organisation))


def create_user(data: dict[str, Any]) -> User:
    email = normalise_email(data["email"])
    _ensure_email_free(email)
    organisations = _organisations(data.get("organisation_ids", []), "organisation_ids")
    user = User(
        id=uuid.uuid4(),
        email=email,
        name=data["name"].strip(),
        password_hash=hash_secret(data["password"]) if data.get("password") else None,
        is_platform_admin=data.get("is_platform_admin", False),
    )
    set_memberships(user, organisations)
    db.session.add(user)
    if user.password_hash is None:
        # The person chooses their own password through a link by e-mail.
        links.issue_activation(user)
    db.session.commit()
    return user


def _ensure_another_admin(user: User) -> None:
    """The platform keeps at least one active admin, or nobody could manage it."""
    if not (user.is_platform_admin and user.is_active):
        return
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.is_platform_admin.is_(True), User.is_active.is_(True), User.id != user.id)
    )
    if not others:
        raise Conflict(
            "This is the last active platform admin: make someone else admin first.",
            code="last_admin",
        )


def update_user(user: User, data: dict[str, Any]) -> User:
    if data.get("is_platform_admin") is False or data.get("is_active") is False:
        _ensure_another_admin(user)
    if "email" in data:
        email = normalise_email(data["email"])
        _ensure_email_free(email, except_user=user)
        user.email = email
    if "name" in data:
        user.name = data["name"].strip()
    if "is_platform_admin" in data:
        user.is_platform_admin = data["is_platform_admin"]
    if "organisation_ids" in data:
        set_memberships(user, _organisations(data["organisation_ids"], "organisation_ids"))
    if "password" in data:
        user.password_hash = hash_secret(data["password"])
        revoke_all_sessions(user_id=user.id, reason="password_changed")
    if "is_active" in data:
        user.is_active = data["is_active"]
        if not user.is_active:
            revoke_all_sessions(user_id=user.id, reason="deactivated")
    db.session.commit()
    return user


def delete_user(user: User) -> None:
    """Delete an account, unless it has attendance at meetings: PLO pays fees from those
    rows, and its feed must be able to hand out every change to them, which a deleted row
    cannot be. Such an account is deactivated instead."""
    _ensure_another_admin(user)
    if db.session.scalar(select(exists().where(Attendance.user_id == user.id))):
        raise Conflict(
            "The person has attendance at meetings, the basis of PLO's fees: "
            "deactivate the account instead.",
            code="has_attendance",
        )
    db.session.delete(user)
    db.session.commit()


def new_client_secret() -> str:
    return secrets.token_urlsafe(32)


def create_client(data: dict[str, Any]) -> tuple[Client, str]:
    if db.session.scalar(select(Client).where(Client.client_id == data["client_id"])):
        raise Conflict(
            "A client with this id exists.",
            code="client_id_taken",
            errors={"client_id": [coded("Already in use.", "already_in_use")]},
        )
    organisation = _organisations([data["organisation_id"]], "organisation_id")[0]
    secret = new_client_secret()
    client = Client(
        id=uuid.uuid4(),
        client_id=data["client_id"],
        name=data["name"].strip(),
        organisation=organisation,
        scopes=sorted(set(data.get("scopes", []))),
        secret_hash=hash_secret(secret),
    )
    db.session.add(client)
    db.session.commit()
    return client, secret


def update_client(client: Client, data: dict[str, Any]) -> Client:
    if "name" in data:
        client.name = data["name"].strip()
    if "scopes" in data:
        client.scopes = sorted(set(data["scopes"]))
    if "is_active" in data:
        client.is_active = data["is_active"]
        if not client.is_active:
            revoke_all_sessions(client_id=client.id, reason="deactivated")
    db.session.commit()
    return client


def rotate_client_secret(client: Client) -> str:
    secret = new_client_secret()
    client.secret_hash = hash_secret(secret)
    revoke_all_sessions(client_id=client.id, reason="secret_rotated")
    db.session.commit()
    return secret


def delete_client(client: Client) -> None:
    """Remove the client: its sessions, and with them its tokens, go with it."""
    db.session.delete(client)
    db.session.commit()
