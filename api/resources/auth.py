"""Authentication: login, refresh, logout, and the OAuth 2.0 client-credentials grant."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response, current_app, g, jsonify, make_response, request
from flask.views import MethodView
from flask_jwt_extended import decode_token
from jwt import InvalidTokenError
from sqlalchemy import select

from api.errors import abort
from api.extensions import BEARER_AUTH, Blueprint, client_address, db, limit_body, limiter
from api.models import AuthSession, Client, User
from api.schemas.auth import (
    ClientCredentialsSchema,
    ClientTokenSchema,
    LoginSchema,
    LogoutSchema,
    RefreshSchema,
    TokenPairSchema,
)
from api.security import (
    IssuedTokens,
    Principal,
    issue_client_token,
    normalise_email,
    revoke_session,
    rotate_refresh_token,
    session_for_refresh_token,
    start_user_session,
    verify_secret,
)
from api.services.login_throttle import LoginThrottle, remember_device

URL_PREFIX = "/auth"
blp = Blueprint(
    "auth",
    __name__,
    description=(
        "Log in and out. People use e-mail and password and get a 15-minute access token and a "
        "refresh token; machine clients use the client-credentials grant."
    ),
)

# These operations answer strangers: a few KB holds any valid body (a 1,024-character password
# escaped as JSON), and a worker never parses more for them.
limit_body(blp, 16 * 1024)

LOGIN_FAILED = "The e-mail or the password is wrong."


def _token_client_key() -> str:
    return f"token:{client_address()}:{request.form.get('client_id', '')[:80]}"


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _cookie_path() -> str:
    return "/api/v1/auth"


def _set_refresh_cookie(response: Response, token: str) -> None:
    config = current_app.config
    response.set_cookie(
        config["REFRESH_COOKIE_NAME"],
        token,
        max_age=int(config["REFRESH_TOKEN_TTL"].total_seconds()),
        path=_cookie_path(),
        secure=config["REFRESH_COOKIE_SECURE"],
        httponly=True,
        samesite=config["REFRESH_COOKIE_SAMESITE"],
    )


def _clear_refresh_cookie(response: Response) -> None:
    config = current_app.config
    response.delete_cookie(
        config["REFRESH_COOKIE_NAME"],
        path=_cookie_path(),
        secure=config["REFRESH_COOKIE_SECURE"],
        httponly=True,
        samesite=config["REFRESH_COOKIE_SAMESITE"],
    )


def _token_response(tokens: IssuedTokens, *, cookie: bool) -> Response:
    body = {
        "access_token": tokens.access_token,
        "token_type": "Bearer",
        "expires_in": tokens.expires_in,
        "refresh_token": None if cookie else tokens.refresh_token,
    }
    response = make_response(jsonify(TokenPairSchema().dump(body)))
    response.headers["Cache-Control"] = "no-store"
    if cookie and tokens.refresh_token:
        _set_refresh_cookie(response, tokens.refresh_token)
    return response


def _refresh_token_from(data: dict[str, Any]) -> tuple[str | None, bool]:
    """The refresh token from the body, else from the cookie (then the origin must be ours)."""
    if data.get("refresh_token"):
        return data["refresh_token"], False
    cookie = request.cookies.get(current_app.config["REFRESH_COOKIE_NAME"])
    if cookie:
        origin = request.headers.get("Origin")
        if origin and origin not in current_app.config["CORS_ORIGINS"]:
            abort(403, "The refresh cookie may only be used by the platform's web app.")
        return cookie, True
    return None, False


@blp.route("/login")
class Login(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["LOGIN_RATE_LIMIT_ADDRESS"], key_func=client_address
        ),
    ]

    @blp.public()
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(operationId="login")
    def post(self, data):
        """Log in with e-mail and password

        Returns a 15-minute access token and a refresh token. With `use_cookie`, the refresh
        token is set as an HttpOnly cookie for the browser app and the body's
        `refresh_token` is null. A wrong password and an unknown e-mail get the same answer.
        Failed attempts slow down per account and address, and per account from devices
        that have not logged in to it before, with growing waits (429 with Retry-After); a
        device that has logged in carries a cookie that spares it the account-wide wait, so
        nobody can lock an account by failing on purpose. Attempts per address are limited
        as well.
        """
        email = normalise_email(data["email"])
        throttle = LoginThrottle.for_attempt(email, client_address())
        wait = throttle.wait_seconds()
        if wait:
            abort(
                429,
                f"Too many failed logins to this account from here. Try again in {wait} s.",
                headers={"Retry-After": str(wait)},
            )
        user = db.session.scalar(select(User).where(User.email == email))
        password_ok = verify_secret(user.password_hash if user else None, data["password"])
        if user is None or not password_ok or not user.is_active:
            throttle.failed()
            abort(401, LOGIN_FAILED)
        throttle.succeeded()
        response = _token_response(start_user_session(user), cookie=data["use_cookie"])
        remember_device(response, email)
        return response


@blp.route("/refresh")
class Refresh(MethodView):
    @blp.public()
    @blp.arguments(RefreshSchema, required=False)
    @blp.response(200, TokenPairSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.doc(operationId="refreshToken")
    def post(self, data):
        """Exchange a refresh token for a new token pair

        The refresh token comes in the body, or as the HttpOnly cookie set at login. It works
        once: the answer carries a new one. Presenting a spent refresh token again ends the
        whole session (every token of the chain), since it means the token leaked.
        """
        token, from_cookie = _refresh_token_from(data or {})
        if token is None:
            abort(401, "A refresh token is required.")
        return _token_response(rotate_refresh_token(token), cookie=from_cookie)


def _session_from_bearer() -> AuthSession | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    try:
        # An expired token may still end its own session; the signature is still verified.
        claims = decode_token(header.removeprefix("Bearer ").strip(), allow_expired=True)
        return db.session.get(AuthSession, uuid.UUID(str(claims.get("sid"))))
    except (InvalidTokenError, ValueError, TypeError):
        abort(401, "The access token is not valid.")


@blp.route("/logout")
class Logout(MethodView):
    @blp.doc(security=[{BEARER_AUTH: []}, {}], **{"x-permission": "public"})
    @blp.arguments(LogoutSchema, required=False)
    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(operationId="logout")
    def post(self, data):
        """Log out: revoke the access token and the refresh token

        Send the access token as the bearer header, or the refresh token in the body or
        cookie. The session's access and refresh tokens all stop working at once.
        """
        session = _session_from_bearer()
        if session is None:
            token, _ = _refresh_token_from(data or {})
            session = session_for_refresh_token(token) if token else None
        if session is None:
            abort(401, "Send the access token or the refresh token of the session to end.")
        g.principal = Principal(session=session, user=session.user, client=session.client)
        revoke_session(session, "logout")
        db.session.commit()
        response = make_response("", 204)
        _clear_refresh_cookie(response)
        return response


@blp.route("/token")
class Token(MethodView):
    decorators = [
        # Per address too: varying client_id must not get round the limit, since every
        # attempt costs an argon2 verification.
        limiter.limit(
            lambda: current_app.config["TOKEN_RATE_LIMIT_ADDRESS"], key_func=client_address
        ),
        limiter.limit(
            lambda: current_app.config["TOKEN_RATE_LIMIT"],
            key_func=_token_client_key,
            deduct_when=_failed,
        ),
    ]

    @blp.public()
    @blp.arguments(ClientCredentialsSchema, location="form")
    @blp.response(200, ClientTokenSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(operationId="issueClientToken")
    def post(self, data):
        """Get an access token for a machine client (OAuth 2.0 client credentials)

        Send `grant_type=client_credentials`, `client_id` and `client_secret` as a form
        (`application/x-www-form-urlencoded`). The token's `scope` claim lists what the
        client may do; ask for fewer scopes with `scope`. Errors are problem details, like
        every other error of the API.
        """
        client = db.session.scalar(select(Client).where(Client.client_id == data["client_id"]))
        secret_ok = verify_secret(client.secret_hash if client else None, data["client_secret"])
        if client is None or not secret_ok or not client.is_active:
            abort(401, "The client id or secret is wrong.")
        requested = set(data["scope"].split()) if data.get("scope") else None
        try:
            tokens = issue_client_token(client, requested)
        except ValueError:
            abort(
                422,
                "The client may not ask for these scopes.",
                errors={"scope": [f"Allowed: {' '.join(sorted(client.scopes)) or '(none)'}."]},
            )
        response = make_response(
            jsonify(
                {
                    "access_token": tokens.access_token,
                    "token_type": "Bearer",
                    "expires_in": tokens.expires_in,
                    "scope": tokens.scope,
                }
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response
