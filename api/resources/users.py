"""User accounts, maintained by the platform admin."""

from __future__ import annotations

import uuid

from flask import url_for
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.errors import abort
from api.extensions import Blueprint, db
from api.idempotency import idempotent
from api.models import User
from api.pagination import paginate
from api.schemas.common import page_schema
from api.schemas.people import UserCreateSchema, UserListArgsSchema, UserSchema, UserUpdateSchema
from api.security import normalise_email
from api.services import accounts

URL_PREFIX = "/users"
blp = Blueprint("users", __name__, description="People's accounts (platform admin).")


def get_user_or_404(user_id: uuid.UUID) -> User:
    user = db.session.scalar(
        select(User).where(User.id == user_id).options(selectinload(User.memberships))
    )
    if user is None:
        abort(404, "No such user.")
    return user


@blp.route("")
class Users(MethodView):
    @blp.access("users.read")
    @blp.arguments(UserListArgsSchema, location="query")
    @blp.response(200, page_schema(UserSchema))
    @blp.doc(operationId="listUsers")
    def get(self, args):
        """List user accounts

        Ordered by creation. Filter by exact `email`.
        """
        stmt = select(User).options(selectinload(User.memberships))
        if args.get("email"):
            stmt = stmt.where(User.email == normalise_email(args["email"]))
        return paginate(stmt, args, order=(User.created_at, User.id))

    @blp.access("users.write")
    @idempotent
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="createUser")
    def post(self, data):
        """Create a user account

        Without `password`, the account exists but cannot log in yet.
        """
        user = accounts.create_user(data)
        return user, 201, {"Location": url_for("users.UserById", user_id=user.id)}


@blp.route("/<uuid:user_id>")
class UserById(MethodView):
    @blp.access("users.read")
    @blp.etag
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getUser")
    def get(self, user_id: uuid.UUID):
        """Get a user account"""
        return get_user_or_404(user_id)

    @blp.access("users.write")
    @blp.etag
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateUser")
    def patch(self, data, user_id: uuid.UUID):
        """Change a user account

        Requires `If-Match` with the ETag from GET. Changing the password or deactivating
        the account ends all its sessions.
        """
        user = get_user_or_404(user_id)
        blp.check_etag(user, UserSchema)
        return accounts.update_user(user, data)

    @blp.access("users.write")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteUser")
    def delete(self, user_id: uuid.UUID):
        """Delete a user account

        Requires `If-Match`. The person's sessions and memberships go with it; the audit log
        keeps the history. A person with attendance at meetings (the basis of PLO's fees) is
        not deleted (409): deactivate the account instead.
        """
        user = get_user_or_404(user_id)
        blp.check_etag(user, UserSchema)
        accounts.delete_user(user)
