"""Schemas of the auth endpoints: login, refresh, logout and the client-credentials grant."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import BaseSchema, Password, StrictBoolean


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
