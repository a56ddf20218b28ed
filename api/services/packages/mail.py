"""Who the packages domain writes to, and how it names them: shared by orders and proposals."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from api.core.extensions import db
from api.models import OrganisationMembership, User


def person_name(user: User) -> str:
    """The name as an e-mail greets a person: single spaces, or empty."""
    return " ".join(user.name.split())


def unit_people(organisation_id: uuid.UUID) -> list[User]:
    """The active people of a quality unit, by e-mail address."""
    return list(
        db.session.scalars(
            select(User)
            .join(OrganisationMembership, OrganisationMembership.user_id == User.id)
            .where(
                OrganisationMembership.organisation_id == organisation_id,
                User.is_active.is_(True),
            )
            .order_by(User.email)
        )
    )
