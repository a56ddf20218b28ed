"""Accounts over HTTP: signing in, the signed-in person, organisations, user accounts and
machine clients.

Authentication: login, refresh, logout, and the OAuth 2.0 client-credentials grant.

The signed-in person: who am I, which organisations and clusters am I part of.

Organisations: the five regional quality units, KiAP and PLO (reference data).

User accounts, maintained by the platform admin.

Machine clients: the regional units' systems, PLO's economy module and scripts.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from flask import Response, current_app, g, jsonify, make_response, request, url_for
from flask.views import MethodView
from flask_jwt_extended import decode_token
from jwt import InvalidTokenError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.core.error_codes import coded
from api.core.errors import abort
from api.core.extensions import BEARER_AUTH, Blueprint, client_address, db, limit_body, limiter
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Reached
from api.core.security import Principal, normalise_email, require_principal, verify_secret
from api.models import AuthSession, Client, Meeting, Organisation, User
from api.schemas.accounts import (
    ClientCreateSchema,
    ClientCredentialsSchema,
    ClientSchema,
    ClientTokenSchema,
    ClientUpdateSchema,
    ClientWithSecretSchema,
    LoginSchema,
    LogoutSchema,
    MeSchema,
    OrganisationSchema,
    PasswordResetAcceptedSchema,
    PasswordResetRequestSchema,
    PasswordSetSchema,
    RefreshSchema,
    TokenPairSchema,
    UserCreateSchema,
    UserListArgsSchema,
    UserSchema,
    UserUpdateSchema,
)
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.meetings import MeetingListArgsSchema, MyMeetingSchema
from api.services.accounts import links
from api.services.accounts import users as accounts
from api.services.accounts.access import client_by_id, organisation_by_id, user_by_id
from api.services.accounts.login_throttle import LoginThrottle, remember_device
from api.services.accounts.sessions import (
    IssuedTokens,
    issue_client_token,
    revoke_session,
    rotate_refresh_token,
    session_for_refresh_token,
    start_user_session,
)
from api.services.meetings import planning as meetings
from api.services.registry import queries as registry

# --- auth --------------------------------------------------------------------------------------

AUTH_URL_PREFIX = "/auth"
auth_blp = Blueprint(
    "auth",
    __name__,
    description=(
        "Log in and out. People use e-mail and password and get a 15-minute access token and a "
        "refresh token; machine clients use the client-credentials grant."
    ),
)

# These operations answer strangers: a few KB holds any valid body (a 1,024-character password
# escaped as JSON), and a worker never parses more for them.
limit_body(auth_blp, 16 * 1024)

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


@auth_blp.route("/login")
class Login(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["LOGIN_RATE_LIMIT_ADDRESS"], key_func=client_address
        ),
    ]

    @auth_blp.public()
    @auth_blp.arguments(LoginSchema)
    @auth_blp.response(200, TokenPairSchema)
    @auth_blp.alt_response(401, response="UNAUTHORIZED")
    @auth_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @auth_blp.doc(operationId="login")
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


@auth_blp.route("/refresh")
class Refresh(MethodView):
    @auth_blp.public()
    @auth_blp.arguments(RefreshSchema, required=False)
    @auth_blp.response(200, TokenPairSchema)
    @auth_blp.alt_response(401, response="UNAUTHORIZED")
    @auth_blp.alt_response(403, response="FORBIDDEN")
    @auth_blp.doc(operationId="refreshToken")
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


@auth_blp.route("/logout")
class Logout(MethodView):
    @auth_blp.doc(security=[{BEARER_AUTH: []}, {}], **{"x-permission": "public"})
    @auth_blp.arguments(LogoutSchema, required=False)
    @auth_blp.response(204)
    @auth_blp.alt_response(401, response="UNAUTHORIZED")
    @auth_blp.doc(operationId="logout")
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


@auth_blp.route("/token")
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

    @auth_blp.public()
    @auth_blp.arguments(ClientCredentialsSchema, location="form")
    @auth_blp.response(200, ClientTokenSchema)
    @auth_blp.alt_response(401, response="UNAUTHORIZED")
    @auth_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @auth_blp.doc(operationId="issueClientToken")
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
                errors={
                    "scope": [
                        coded(
                            f"Allowed: {' '.join(sorted(client.scopes)) or '(none)'}.",
                            "scope_not_allowed",
                            choices=sorted(client.scopes),
                        )
                    ]
                },
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


RESET_ACCEPTED = (
    "If the address has an account with us, we have sent it an e-mail with a link to choose "
    "a new password."
)


def _reset_email_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"password-reset:{normalise_email(email)[:254] if isinstance(email, str) else ''}"


@auth_blp.route("/password-reset")
class PasswordReset(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT_ADDRESS"],
            key_func=client_address,
        ),
        limiter.limit(
            lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT_EMAIL"],
            key_func=_reset_email_key,
        ),
    ]

    @auth_blp.public()
    @auth_blp.arguments(PasswordResetRequestSchema)
    @auth_blp.response(202, PasswordResetAcceptedSchema)
    @auth_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @auth_blp.doc(operationId="requestPasswordReset")
    def post(self, data):
        """Ask for a link to choose a new password

        If the e-mail is an active account's, a link to the web app's page for choosing a
        password is sent to it; it works once, for an hour. The answer is the same whether or
        not the address has an account, so it tells nobody who has one. Requests are limited
        per client address and per e-mail address (429 with Retry-After).
        """
        started = time.monotonic()
        links.request_password_reset(data["email"])
        # Answer no sooner for an address with an account (which writes a link and an e-mail)
        # than for one without: the time taken tells nothing either.
        rest = current_app.config["PASSWORD_RESET_MIN_SECONDS"] - (time.monotonic() - started)
        if rest > 0:
            time.sleep(rest)
        return {"detail": RESET_ACCEPTED}, 202


@auth_blp.route("/password")
class PasswordWithLink(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["PASSWORD_SET_RATE_LIMIT_ADDRESS"],
            key_func=client_address,
        ),
    ]

    @auth_blp.public()
    @auth_blp.arguments(PasswordSetSchema)
    @auth_blp.response(204)
    @auth_blp.alt_response(404, response="NOT_FOUND")
    @auth_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @auth_blp.doc(operationId="setPasswordWithLink")
    def post(self, data):
        """Choose a password with a link sent by e-mail

        The `token` is the last part of the link of a password reset or an account's
        activation. The password follows the password rule (422 `rule-violation` when it is
        easy to guess, also from the person's own e-mail and name). The link then stops
        working, as do the account's other links, and every session of the account ends. An
        unknown, used or expired link is a 404 of type
        `urn:cluster-platform:problem:invalid-link`: ask for a new one. Attempts are limited
        per client address.
        """
        links.set_password(data["token"], data["password"])


# --- me ----------------------------------------------------------------------------------------


ME_URL_PREFIX = "/me"
me_blp = Blueprint("me", __name__, description="The signed-in person.")


@me_blp.route("")
class Me(MethodView):
    @me_blp.access("me.read")
    @me_blp.etag
    @me_blp.response(200, MeSchema)
    @me_blp.doc(operationId="getMe")
    def get(self):
        """Get the signed-in person

        The person's name, e-mail, organisations, and current clusters with their roles
        there. Machine clients have no profile (403).
        """
        user = require_principal().user
        me = {name: getattr(user, name) for name in UserSchema().fields}
        me["clusters"] = registry.my_clusters(user)
        return me


@me_blp.route("/meetings")
class MyMeetings(MethodView):
    @me_blp.access("me.meetings")
    @me_blp.arguments(MeetingListArgsSchema, location="query")
    @me_blp.response(200, page_schema(MyMeetingSchema))
    @me_blp.doc(operationId="listMyMeetings")
    def get(self, args):
        """List the meetings I am invited to

        In all my current clusters, by start time, each with my answer: what the dashboard
        shows, in one request. Filter by `from` and `to` (start times, RFC 3339) and
        `status` (`planned` for the coming ones). Machine clients have no invitations (403).
        """
        user = require_principal().user
        filters = {"from": args.pop("from_"), "to": args.pop("to"), "status": args.pop("status")}
        return paginate(
            meetings.my_meetings_query(user.id, filters),
            args,
            order=(Meeting.starts_at, Meeting.id),
            view=meetings.my_meeting_view,
        )


# --- organisations -----------------------------------------------------------------------------


ORGANISATIONS_URL_PREFIX = "/organisations"
organisations_blp = Blueprint(
    "organisations", __name__, description="The quality units, KiAP and PLO (reference data)."
)


@organisations_blp.route("")
class Organisations(MethodView):
    @organisations_blp.access("organisations.read")
    @organisations_blp.arguments(PageArgsSchema, location="query")
    @organisations_blp.response(200, page_schema(OrganisationSchema))
    @organisations_blp.doc(operationId="listOrganisations")
    def get(self, page_args):
        """List organisations"""
        return paginate(
            select(Organisation), page_args, order=(Organisation.created_at, Organisation.id)
        )


@organisations_blp.route("/<uuid:organisation_id>")
class OrganisationById(MethodView):
    @organisations_blp.access("organisations.read", on=organisation_by_id)
    @organisations_blp.etag
    @organisations_blp.response(200, OrganisationSchema)
    @organisations_blp.doc(operationId="getOrganisation")
    def get(self, organisation: Reached[Organisation]):
        """Get one organisation"""
        return organisation.item


# --- users -------------------------------------------------------------------------------------


USERS_URL_PREFIX = "/users"
users_blp = Blueprint("users", __name__, description="People's accounts (platform admin).")


@users_blp.route("")
class Users(MethodView):
    @users_blp.access("users.read")
    @users_blp.arguments(UserListArgsSchema, location="query")
    @users_blp.response(200, page_schema(UserSchema))
    @users_blp.doc(operationId="listUsers")
    def get(self, args):
        """List user accounts

        Ordered by creation. Filter by exact `email`, or search with `q`: part of the name
        or the e-mail, in any case.
        """
        stmt = select(User).options(selectinload(User.memberships))
        if args.get("email"):
            stmt = stmt.where(User.email == normalise_email(args["email"]))
        if args.get("q"):
            stmt = stmt.where(accounts.matches(args["q"]))
        return paginate(stmt, args, order=(User.created_at, User.id))

    @users_blp.access("users.write")
    @idempotent
    @users_blp.arguments(UserCreateSchema)
    @users_blp.response(201, UserSchema)
    @users_blp.alt_response(409, response="CONFLICT")
    @users_blp.doc(operationId="createUser")
    def post(self, data):
        """Create a user account

        Without `password`, the account cannot log in yet: the person is sent an e-mail with
        a link to choose one (an activation, valid for 14 days).
        """
        user = accounts.create_user(data)
        return user, 201, {"Location": url_for("users.UserById", user_id=user.id)}


@users_blp.route("/<uuid:user_id>")
class UserById(MethodView):
    @users_blp.access("users.read", on=user_by_id)
    @users_blp.etag
    @users_blp.response(200, UserSchema)
    @users_blp.doc(operationId="getUser")
    def get(self, user: Reached[User]):
        """Get a user account"""
        return user.item

    @users_blp.access("users.write", on=user_by_id)
    @users_blp.etag
    @users_blp.arguments(UserUpdateSchema)
    @users_blp.response(200, UserSchema)
    @users_blp.alt_response(409, response="CONFLICT")
    @users_blp.doc(operationId="updateUser")
    def patch(self, data, user: Reached[User]):
        """Change a user account

        Requires `If-Match` with the ETag from GET. Changing the password or deactivating
        the account ends all its sessions.
        """
        users_blp.check_etag(user.item, UserSchema)
        return accounts.update_user(user.item, data)

    @users_blp.access("users.write", on=user_by_id)
    @users_blp.etag
    @users_blp.response(204)
    @users_blp.alt_response(409, response="CONFLICT")
    @users_blp.doc(operationId="deleteUser")
    def delete(self, user: Reached[User]):
        """Delete a user account

        Requires `If-Match`. The person's sessions and memberships go with it; the audit log
        keeps the history. A person with attendance at meetings (the basis of PLO's fees) is
        not deleted (409): deactivate the account instead.
        """
        users_blp.check_etag(user.item, UserSchema)
        accounts.delete_user(user.item)


@users_blp.route("/<uuid:user_id>/activation")
class UserActivation(MethodView):
    @users_blp.access("users.write", on=user_by_id)
    @users_blp.response(204)
    @users_blp.alt_response(409, response="CONFLICT")
    @users_blp.doc(operationId="sendUserActivation")
    def post(self, user: Reached[User]):
        """Send the activation e-mail again

        A new link to choose a password, valid for 14 days; earlier activation links stop
        working. An account that has a password already, or is deactivated, is a 409.
        """
        links.send_activation(user.item)


# --- clients -----------------------------------------------------------------------------------


CLIENTS_URL_PREFIX = "/clients"
clients_blp = Blueprint(
    "clients",
    __name__,
    description="Machine clients of the client-credentials grant (platform admin).",
)


def _with_secret(client: Client, secret: str) -> Client:
    """Attach the plain secret for this one response; it is never stored."""
    client.client_secret = secret  # type: ignore[attr-defined]
    return client


@clients_blp.route("")
class Clients(MethodView):
    @clients_blp.access("clients.read")
    @clients_blp.arguments(PageArgsSchema, location="query")
    @clients_blp.response(200, page_schema(ClientSchema))
    @clients_blp.doc(operationId="listClients")
    def get(self, page_args):
        """List machine clients"""
        return paginate(select(Client), page_args, order=(Client.created_at, Client.id))

    # No Idempotency-Key replay here: it would keep the plain secret for 24 hours.
    @clients_blp.access("clients.write")
    @clients_blp.arguments(ClientCreateSchema)
    @clients_blp.response(201, ClientWithSecretSchema)
    @clients_blp.alt_response(409, response="CONFLICT")
    @clients_blp.doc(operationId="createClient")
    def post(self, data):
        """Register a machine client

        The answer holds `client_secret`, shown this once; only its hash is kept. This
        operation does not replay `Idempotency-Key`, since a replay would need the plain
        secret stored; a retry that finds the client id taken gets 409.
        """
        client, secret = accounts.create_client(data)
        location = url_for("clients.ClientById", client_uuid=client.id)
        return _with_secret(client, secret), 201, {"Location": location}


@clients_blp.route("/<uuid:client_uuid>")
class ClientById(MethodView):
    @clients_blp.access("clients.read", on=client_by_id)
    @clients_blp.etag
    @clients_blp.response(200, ClientSchema)
    @clients_blp.doc(operationId="getClient")
    def get(self, client: Reached[Client]):
        """Get a machine client"""
        return client.item

    @clients_blp.access("clients.write", on=client_by_id)
    @clients_blp.etag
    @clients_blp.arguments(ClientUpdateSchema)
    @clients_blp.response(200, ClientSchema)
    @clients_blp.doc(operationId="updateClient")
    def patch(self, data, client: Reached[Client]):
        """Change a machine client

        Requires `If-Match`. Removing a scope takes effect at once, also for tokens already
        issued; deactivating the client revokes its tokens.
        """
        clients_blp.check_etag(client.item, ClientSchema)
        return accounts.update_client(client.item, data)

    @clients_blp.access("clients.write", on=client_by_id)
    @clients_blp.etag
    @clients_blp.response(204)
    @clients_blp.doc(operationId="deleteClient")
    def delete(self, client: Reached[Client]):
        """Remove a machine client

        Requires `If-Match`. Its tokens stop working at once.
        """
        clients_blp.check_etag(client.item, ClientSchema)
        accounts.delete_client(client.item)


@clients_blp.route("/<uuid:client_uuid>/secret")
class ClientSecret(MethodView):
    @clients_blp.access("clients.write", on=client_by_id)
    @clients_blp.response(200, ClientWithSecretSchema)
    @clients_blp.doc(operationId="rotateClientSecret")
    def post(self, client: Reached[Client]):
        """Issue a new client secret

        The old secret and every token issued with it stop working. The new secret is shown
        this once, and never stored in plain text: `Idempotency-Key` is not replayed here.
        """
        secret = accounts.rotate_client_secret(client.item)
        return _with_secret(client.item, secret)


BLUEPRINTS = [
    (auth_blp, AUTH_URL_PREFIX),
    (me_blp, ME_URL_PREFIX),
    (organisations_blp, ORGANISATIONS_URL_PREFIX),
    (users_blp, USERS_URL_PREFIX),
    (clients_blp, CLIENTS_URL_PREFIX),
]
