"""Schemas of the accounts domain: signing in, people, organisations and machine clients.

Schemas of the auth endpoints: login, refresh, logout and the client-credentials grant.

Schemas of people, organisations and machine clients.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from api.core.errors import rule
from api.core.passwords import MAX_LENGTH, MIN_LENGTH, RULE, password_problem
from api.models import OrganisationKind
from api.schemas.common import BaseSchema, PageArgsSchema, Password, Pattern, StrictBoolean
from api.schemas.registry import MyClusterSchema

# --- auth --------------------------------------------------------------------------------------


class LoginSchema(BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = Password(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    use_cookie = StrictBoolean(
        load_default=False,
        metadata={
            "description": (
                "For the browser app: deliver the refresh token in an HttpOnly cookie "
                "instead of the body."
            )
        },
    )


class RefreshSchema(BaseSchema):
    refresh_token = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The refresh token; omit it when it is sent as the cookie."},
    )


class LogoutSchema(RefreshSchema):
    pass


class TokenPairSchema(BaseSchema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True, dump_default="Bearer")
    expires_in = fields.Integer(required=True, metadata={"description": "Seconds."})
    refresh_token = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Null when it was delivered as an HttpOnly cookie."},
    )


class PasswordResetRequestSchema(BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class PasswordResetAcceptedSchema(BaseSchema):
    detail = fields.String(
        required=True,
        metadata={"description": "The same answer whether or not the address has an account."},
    )


class PasswordSetSchema(BaseSchema):
    token = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The token of the link sent by e-mail."},
    )
    password = Password(
        required=True,
        load_only=True,
        validate=validate.Length(min=MIN_LENGTH, max=MAX_LENGTH),
        metadata={"description": RULE},
    )


class ClientCredentialsSchema(BaseSchema):
    """OAuth 2.0 client-credentials grant (RFC 6749 §4.4), as a form body."""

    grant_type = fields.String(required=True, validate=validate.Equal("client_credentials"))
    client_id = fields.String(required=True, validate=validate.Length(min=1, max=80))
    client_secret = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=200)
    )
    scope = fields.String(
        load_default=None,
        validate=validate.Length(max=1000),
        metadata={"description": "Space-separated scopes; defaults to all the client's scopes."},
    )


class ClientTokenSchema(BaseSchema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True)
    scope = fields.String(required=True)


# --- people ------------------------------------------------------------------------------------


SCOPES = (
    "clusters:read",
    "clusters:write",
    "attendance:read",
    "economy:read",
    "economy:write",
    "indicators:read",
    "indicators:write",
    "packages:write",
    "surveys:write",
)


class OrganisationSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    code = fields.String(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    kind = fields.Enum(OrganisationKind, dump_only=True, required=True)
    region_code = fields.String(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class UserSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    email = fields.Email(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    is_platform_admin = fields.Boolean(dump_only=True, required=True)
    is_active = fields.Boolean(dump_only=True, required=True)
    activated = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": (
                "Whether the person has set a password. An account made for someone is not "
                "activated until they set one through the link sent to them."
            )
        },
    )
    organisations = fields.List(fields.Nested(OrganisationSchema), dump_only=True, required=True)
    last_login_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


def _new_password(**kwargs: Any) -> Password:
    return Password(
        load_only=True,
        validate=validate.Length(min=MIN_LENGTH, max=MAX_LENGTH),
        metadata={"description": RULE + " " + kwargs.pop("description", "")},
        **kwargs,
    )


class _PasswordRule:
    """A new password must not be easy to guess, also from the account's e-mail and name."""

    @validates_schema
    def _password_is_hard_to_guess(self, data: dict[str, Any], **kwargs: Any) -> None:
        password = data.get("password")
        if password is None:
            return
        problem = password_problem(
            password, [data[key] for key in ("email", "name") if data.get(key)]
        )
        if problem:
            raise ValidationError({"password": [rule(problem, "weak_password")]})


class UserCreateSchema(_PasswordRule, BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = _new_password(
        load_default=None,
        allow_none=True,
        description="Without it, the account cannot log in.",
    )
    is_platform_admin = StrictBoolean(load_default=False)
    organisation_ids = fields.List(
        fields.UUID(), load_default=list, validate=validate.Length(max=20)
    )


class UserUpdateSchema(_PasswordRule, BaseSchema):
    email = fields.Email(validate=validate.Length(max=254))
    name = fields.String(validate=validate.Length(min=1, max=200))
    password = _new_password()
    is_platform_admin = StrictBoolean()
    is_active = StrictBoolean()
    organisation_ids = fields.List(fields.UUID(), validate=validate.Length(max=20))


class UserListArgsSchema(PageArgsSchema):
    email = fields.String(
        validate=validate.Length(min=1, max=254), metadata={"description": "Exact e-mail."}
    )
    # Short enough that, with `email` at its longest, the request line fits the server's limit.
    q = fields.String(
        validate=validate.Length(min=1, max=32),
        metadata={"description": "Part of the name or the e-mail, in any case."},
    )


class MeSchema(UserSchema):
    """The signed-in person, with the clusters they belong to and their roles there."""

    clusters = fields.List(
        fields.Nested(MyClusterSchema),
        dump_only=True,
        required=True,
        metadata={"description": "Current clusters (by clinic or by role), with the roles."},
    )


class ClientSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    client_id = fields.String(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    organisation = fields.Nested(OrganisationSchema, dump_only=True, required=True)
    scopes = fields.List(fields.String(), dump_only=True, required=True)
    is_active = fields.Boolean(dump_only=True, required=True)
    last_used_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    use_count = fields.Integer(dump_only=True, required=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class ClientWithSecretSchema(ClientSchema):
    client_secret = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Shown once, now. Only its hash is stored."},
    )


ScopeList = fields.List(
    fields.String(validate=validate.OneOf(SCOPES)), validate=validate.Length(max=len(SCOPES))
)


class ClientCreateSchema(BaseSchema):
    client_id = fields.String(
        required=True,
        validate=[validate.Length(min=3, max=80), Pattern(r"^[a-z0-9][a-z0-9._-]*$")],
        metadata={"description": "Lower-case letters, digits, '.', '_' and '-'."},
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    organisation_id = fields.UUID(required=True)
    scopes = ScopeList


class ClientUpdateSchema(BaseSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    scopes = ScopeList
    is_active = StrictBoolean()


class AuditListArgsSchema(PageArgsSchema):
    entity_type = fields.String(validate=validate.Length(min=1, max=60))
    entity_id = fields.String(validate=validate.Length(min=1, max=64))


class AuditEntrySchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    occurred_at = fields.AwareDateTime(dump_only=True, required=True)
    actor_user_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    actor_client_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    request_id = fields.String(dump_only=True, required=True, allow_none=True)
    action = fields.String(dump_only=True, required=True)
    entity_type = fields.String(dump_only=True, required=True)
    entity_id = fields.String(dump_only=True, required=True)
    changes = fields.Dict(dump_only=True, required=True)
