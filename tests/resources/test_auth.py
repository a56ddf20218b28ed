"""Login, refresh, logout, the client-credentials grant and the attacks they must withstand."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask_jwt_extended import create_access_token
from sqlalchemy import select

from api.core.extensions import db
from api.models import AuthSession, RefreshToken
from tests.factories import CLIENT_SECRET, PASSWORD
from tests.problems import assert_problem

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
TOKEN = "/api/v1/auth/token"
ME = "/api/v1/me"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- login ---------------------------------------------------------------------------------


def test_login_returns_access_and_refresh_token(client, factory):
    user = factory.user(email="karen@example.dk")
    response = client.post(LOGIN, json={"email": "Karen@Example.DK", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    assert body["refresh_token"]
    assert response.headers["Cache-Control"] == "no-store"
    me = client.get(ME, headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.get_json()["id"] == str(user.id)


def test_access_token_lives_fifteen_minutes(client, factory):
    factory.user(email="karen@example.dk")
    body = client.post(LOGIN, json={"email": "karen@example.dk", "password": PASSWORD}).get_json()
    payload = body["access_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert claims["typ"] == "user"


def test_wrong_password_and_unknown_email_get_the_same_answer(client, factory):
    factory.user(email="karen@example.dk")
    wrong = client.post(LOGIN, json={"email": "karen@example.dk", "password": "not-it"})
    unknown = client.post(LOGIN, json={"email": "nobody@example.dk", "password": "not-it"})
    wrong_body, unknown_body = assert_problem(wrong, 401), assert_problem(unknown, 401)
    for key in ("type", "title", "detail", "status"):
        assert wrong_body[key] == unknown_body[key]


def test_wrong_password_and_unknown_email_take_the_same_time(client, factory):
    factory.user(email="karen@example.dk")

    def timed(email: str) -> float:
        start = time.perf_counter()
        client.post(LOGIN, json={"email": email, "password": "not-it"})
        return time.perf_counter() - start

    timed("karen@example.dk"), timed("nobody@example.dk")  # warm up
    # Taken in turns, so that a busy moment of the machine slows both alike.
    rounds = [(timed("karen@example.dk"), timed("nobody@example.dk")) for _ in range(5)]
    wrong = min(pair[0] for pair in rounds)
    unknown = min(pair[1] for pair in rounds)
    # Both run one argon2 verification; without the dummy hash an unknown e-mail is ~100x faster.
    assert unknown > wrong * 0.5
    assert wrong > unknown * 0.5


def test_inactive_user_cannot_log_in(client, factory):
    factory.user(email="gone@example.dk", is_active=False)
    response = client.post(LOGIN, json={"email": "gone@example.dk", "password": PASSWORD})
    assert_problem(response, 401)


def test_login_rejects_bad_input(client):
    response = client.post(LOGIN, json={"email": "not-an-email", "password": "x", "extra": 1})
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"email", "extra"}


def test_login_with_cookie_sets_httponly_refresh_cookie(client, factory):
    factory.user(email="karen@example.dk")
    response = client.post(
        LOGIN, json={"email": "karen@example.dk", "password": PASSWORD, "use_cookie": True}
    )
    assert response.status_code == 200
    assert response.get_json()["refresh_token"] is None
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("refresh_token=")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Path=/api/v1/auth" in cookie

    refreshed = client.post(REFRESH, json={}, headers={"Origin": "http://localhost:5173"})
    assert refreshed.status_code == 200
    assert refreshed.get_json()["refresh_token"] is None
    assert "refresh_token=" in refreshed.headers["Set-Cookie"]


def test_refresh_cookie_is_refused_from_a_foreign_origin(client, factory):
    factory.user(email="karen@example.dk")
    client.post(LOGIN, json={"email": "karen@example.dk", "password": PASSWORD, "use_cookie": True})
    response = client.post(REFRESH, json={}, headers={"Origin": "https://evil.example"})
    assert_problem(response, 403)


# --- rate limiting -------------------------------------------------------------------------


def _attempt(client, email: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        LOGIN, json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_failed_logins_wait_longer_each_round_and_then_go_ahead(app, client, factory):
    app.config["LOGIN_THROTTLE_SOURCE"] = "3 per minute; 6 per hour"
    factory.user(email="karen@example.dk")
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert _attempt(client, "karen@example.dk", "x").status_code == 401
        # Even the right password waits: the answer must not tell a guesser it was right.
        first = assert_problem_429(_attempt(client, "karen@example.dk", PASSWORD))
        assert 0 < first <= 61
        clock.shift(first)
        for _ in range(3):
            assert _attempt(client, "karen@example.dk", "x").status_code == 401
        second = assert_problem_429(_attempt(client, "karen@example.dk", PASSWORD))
        assert second > 61  # the next round waits for the hour's window
        clock.shift(second)
        assert _attempt(client, "karen@example.dk", PASSWORD).status_code == 200
        # A success clears the rounds: one more mistake does not wait an hour.
        assert _attempt(client, "karen@example.dk", "x").status_code == 401
        assert _attempt(client, "karen@example.dk", PASSWORD).status_code == 200


def assert_problem_429(response) -> int:
    assert_problem(response, 429)
    return int(response.headers["Retry-After"])


def test_a_stranger_cannot_lock_a_doctor_out(app, client, factory):
    app.config["LOGIN_THROTTLE_SOURCE"] = "3 per minute"
    app.config["LOGIN_THROTTLE_ACCOUNT"] = "10 per hour"
    factory.user(email="karen@example.dk")
    # Karen has logged in from her phone before: it carries the device cookie.
    phone = app.test_client()
    assert _attempt(phone, "karen@example.dk", PASSWORD, "10.0.0.5").status_code == 200
    # A stranger fails from many addresses until the account-wide budget is spent.
    for n in range(12):
        _attempt(client, "karen@example.dk", "guess", f"10.1.0.{n}")
    assert_problem_429(_attempt(client, "karen@example.dk", "guess", "10.1.1.1"))
    # A new device waits too (the guesser may not simply move on)...
    assert_problem_429(_attempt(app.test_client(), "karen@example.dk", PASSWORD, "10.2.0.1"))
    # ...but Karen's phone logs in, from home or from the clinic.
    assert _attempt(phone, "karen@example.dk", PASSWORD, "10.0.0.5").status_code == 200
    assert _attempt(phone, "karen@example.dk", PASSWORD, "10.3.0.9").status_code == 200


def test_a_device_cookie_is_signed_and_per_account(app, client, factory):
    app.config["LOGIN_THROTTLE_ACCOUNT"] = "2 per hour"
    factory.user(email="karen@example.dk")
    factory.user(email="mads@example.dk")
    device = app.test_client()
    assert _attempt(device, "mads@example.dk", PASSWORD).status_code == 200
    for n in range(3):
        _attempt(client, "karen@example.dk", "guess", f"10.1.0.{n}")
    # Mads's device is not Karen's, and a forged cookie is no device at all.
    assert_problem_429(_attempt(device, "karen@example.dk", PASSWORD, "10.4.0.1"))
    forged = app.test_client()
    forged.set_cookie("login_device", "W10.forged.signature", path="/api/v1/auth/login")
    assert_problem_429(_attempt(forged, "karen@example.dk", PASSWORD, "10.4.0.2"))


def test_another_account_from_the_same_address_is_not_throttled(app, client, factory):
    app.config["LOGIN_THROTTLE_SOURCE"] = "3 per minute"
    factory.user(email="karen@example.dk")
    factory.user(email="other@example.dk")
    for _ in range(3):
        assert _attempt(client, "karen@example.dk", "x").status_code == 401
    assert_problem_429(_attempt(client, "karen@example.dk", PASSWORD))
    assert _attempt(client, "other@example.dk", PASSWORD).status_code == 200


def test_unknown_and_known_emails_are_throttled_alike(app, client, factory):
    app.config["LOGIN_THROTTLE_SOURCE"] = "2 per minute"
    factory.user(email="karen@example.dk")
    for email in ("karen@example.dk", "nobody@example.dk"):
        for _ in range(2):
            assert _attempt(client, email, "x").status_code == 401
        assert_problem_429(_attempt(client, email, "x"))


def test_login_is_rate_limited_per_address(app, client, factory):
    app.config["LOGIN_RATE_LIMIT_ADDRESS"] = "4 per minute"
    for n in range(4):
        client.post(LOGIN, json={"email": f"guess{n}@example.dk", "password": "x"})
    blocked = client.post(LOGIN, json={"email": "fresh@example.dk", "password": "x"})
    assert_problem(blocked, 429)
    assert "Retry-After" in blocked.headers
    # Another address still gets through.
    other = client.post(
        LOGIN,
        json={"email": "fresh@example.dk", "password": "x"},
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert other.status_code == 401


def test_successful_logins_do_not_use_up_the_budget(app, client, factory):
    app.config["LOGIN_THROTTLE_SOURCE"] = "2 per minute"
    app.config["LOGIN_THROTTLE_ACCOUNT"] = "2 per minute"
    factory.user(email="karen@example.dk")
    for _ in range(4):
        ok = client.post(LOGIN, json={"email": "karen@example.dk", "password": PASSWORD})
        assert ok.status_code == 200


# --- access tokens -------------------------------------------------------------------------


def test_expired_token_is_refused(app, client, factory):
    user = factory.user()
    session = AuthSession(user_id=user.id, expires_at=_in(timedelta(days=1)))
    db.session.add(session)
    db.session.commit()
    with app.test_request_context():
        token = create_access_token(
            identity=str(user.id),
            additional_claims={"sid": str(session.id), "typ": "user"},
            expires_delta=timedelta(seconds=-10),
        )
    body = assert_problem(client.get(ME, headers=bearer(token)), 401)
    assert "expired" in body["detail"]


def test_tampered_signature_is_refused(client, factory):
    token = factory.token(factory.user())
    header, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert_problem(client.get(ME, headers=bearer(f"{header}.{payload}.{flipped}")), 401)


def test_tampered_payload_is_refused(client, factory):
    victim, attacker = factory.admin(), factory.user()
    token = factory.token(attacker)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = str(victim.id)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert_problem(client.get(ME, headers=bearer(f"{header}.{forged}.{signature}")), 401)


def test_alg_none_token_is_refused(client, factory):
    user = factory.user()
    session = AuthSession(user_id=user.id, expires_at=_in(timedelta(days=1)))
    db.session.add(session)
    db.session.commit()
    now = int(time.time())
    claims = {
        "sub": str(user.id),
        "sid": str(session.id),
        "typ": "user",
        "type": "access",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "iss": "cluster-platform",
        "jti": "x",
    }

    def b64(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert_problem(client.get(ME, headers=bearer(token)), 401)


def test_token_signed_with_another_key_is_refused(app, client, factory):
    import jwt as pyjwt

    user = factory.user()
    token = factory.token(user)
    claims = pyjwt.decode(token, options={"verify_signature": False})
    forged = pyjwt.encode(claims, "some-other-secret-key-of-enough-length!!", algorithm="HS256")
    assert_problem(client.get(ME, headers=bearer(forged)), 401)


def test_missing_and_malformed_authorization_header(client):
    assert_problem(client.get(ME), 401)
    assert_problem(client.get(ME, headers={"Authorization": "Bearer"}), 401)
    assert_problem(client.get(ME, headers={"Authorization": "Basic abc"}), 401)
    assert_problem(client.get(ME, headers=bearer("not.a.jwt")), 401)


# --- refresh rotation and reuse ------------------------------------------------------------


def test_refresh_rotates_the_refresh_token(client, factory):
    _, refresh = factory.login_pair(factory.user())
    response = client.post(REFRESH, json={"refresh_token": refresh})
    assert response.status_code == 200
    body = response.get_json()
    assert body["refresh_token"] and body["refresh_token"] != refresh
    assert client.get(ME, headers=bearer(body["access_token"])).status_code == 200
    # The old refresh token is spent.
    assert_problem(client.post(REFRESH, json={"refresh_token": refresh}), 401)


def test_refresh_token_reuse_revokes_the_whole_chain(client, factory):
    access, first = factory.login_pair(factory.user())
    second = client.post(REFRESH, json={"refresh_token": first}).get_json()
    # An attacker replays the first (spent) token: the session ends for everybody.
    reuse = client.post(REFRESH, json={"refresh_token": first})
    assert "already used" in assert_problem(reuse, 401)["detail"]
    assert_problem(client.post(REFRESH, json={"refresh_token": second["refresh_token"]}), 401)
    assert_problem(client.get(ME, headers=bearer(second["access_token"])), 401)
    assert_problem(client.get(ME, headers=bearer(access)), 401)
    session = db.session.scalar(select(AuthSession))
    assert session.revoked_reason == "refresh_token_reuse"


def test_refresh_with_unknown_token_is_refused(client):
    assert_problem(client.post(REFRESH, json={"refresh_token": "nonsense"}), 401)
    assert_problem(client.post(REFRESH, json={}), 401)


def test_expired_refresh_token_is_refused(client, factory):
    _, refresh = factory.login_pair(factory.user())
    token = db.session.scalar(select(RefreshToken))
    token.expires_at = _in(timedelta(seconds=-1))
    db.session.commit()
    assert_problem(client.post(REFRESH, json={"refresh_token": refresh}), 401)


def test_refresh_tokens_are_stored_only_as_hashes(factory):
    _, refresh = factory.login_pair(factory.user())
    stored = db.session.scalar(select(RefreshToken))
    assert stored.token_hash != refresh
    assert refresh not in stored.token_hash


# --- logout --------------------------------------------------------------------------------


def test_logout_revokes_access_and_refresh_token(client, factory):
    access, refresh = factory.login_pair(factory.user())
    response = client.post(LOGOUT, headers=bearer(access))
    assert response.status_code == 204
    assert_problem(client.get(ME, headers=bearer(access)), 401)
    assert_problem(client.post(REFRESH, json={"refresh_token": refresh}), 401)


def test_logout_with_refresh_token_only(client, factory):
    access, refresh = factory.login_pair(factory.user())
    assert client.post(LOGOUT, json={"refresh_token": refresh}).status_code == 204
    assert_problem(client.get(ME, headers=bearer(access)), 401)


def test_logout_leaves_other_sessions_alone(client, factory):
    user = factory.user()
    first, _ = factory.login_pair(user)
    second, _ = factory.login_pair(user)
    client.post(LOGOUT, headers=bearer(first))
    assert client.get(ME, headers=bearer(second)).status_code == 200


def test_logout_without_credentials_is_refused(client):
    assert_problem(client.post(LOGOUT), 401)


def test_revocation_is_stored_in_the_database(app, client, factory):
    """A second app (another worker, or a restart) sees the revocation."""
    from api import create_app

    access, _ = factory.login_pair(factory.user())
    client.post(LOGOUT, headers=bearer(access))
    other_worker = create_app(
        {**app.config, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    assert_problem(other_worker.test_client().get(ME, headers=bearer(access)), 401)


def test_password_change_ends_sessions(client, factory):
    admin, user = factory.admin(), factory.user()
    access, _ = factory.login_pair(user)
    admin_headers = factory.auth(admin)
    etag = client.get(f"/api/v1/users/{user.id}", headers=admin_headers).headers["ETag"]
    changed = client.patch(
        f"/api/v1/users/{user.id}",
        json={"password": "a-brand-new-password"},
        headers={**admin_headers, "If-Match": etag},
    )
    assert changed.status_code == 200
    assert_problem(client.get(ME, headers=bearer(access)), 401)


# --- client credentials --------------------------------------------------------------------


def test_client_credentials_grant_issues_a_scoped_token(client, factory):
    machine = factory.client(scopes=["attendance:read", "economy:read"])
    response = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": machine.client_id,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["scope"] == "attendance:read economy:read"
    assert body["token_type"] == "Bearer"
    payload = body["access_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["scope"] == "attendance:read economy:read"
    assert claims["client_id"] == machine.client_id
    assert claims["org"] == str(machine.organisation_id)


def test_client_may_ask_for_fewer_scopes_but_not_more(client, factory):
    machine = factory.client(scopes=["attendance:read", "economy:read"])
    form = {
        "grant_type": "client_credentials",
        "client_id": machine.client_id,
        "client_secret": CLIENT_SECRET,
    }
    fewer = client.post(TOKEN, data={**form, "scope": "economy:read"})
    assert fewer.get_json()["scope"] == "economy:read"
    more = client.post(TOKEN, data={**form, "scope": "economy:read economy:write"})
    assert "scope" in assert_problem(more, 422)["errors"]


@pytest.mark.parametrize(
    "form",
    [
        {"client_id": "known", "client_secret": "wrong"},
        {"client_id": "unknown", "client_secret": CLIENT_SECRET},
    ],
)
def test_client_credentials_with_wrong_secret_or_id(client, factory, form):
    factory.client(client_id="known")
    response = client.post(TOKEN, data={"grant_type": "client_credentials", **form})
    assert_problem(response, 401)


def test_client_credentials_reject_other_grant_types(client, factory):
    machine = factory.client()
    response = client.post(
        TOKEN,
        data={"grant_type": "password", "client_id": machine.client_id, "client_secret": "x"},
    )
    assert "grant_type" in assert_problem(response, 422)["errors"]


def test_deactivated_client_loses_its_tokens(client, factory):
    machine = factory.client()
    token = factory.token(machine)
    assert client.get("/api/v1/organisations", headers=bearer(token)).status_code == 200
    machine.is_active = False
    db.session.commit()
    assert_problem(client.get("/api/v1/organisations", headers=bearer(token)), 401)


def test_client_has_no_personal_profile(client, factory):
    token = factory.token(factory.client())
    assert_problem(client.get(ME, headers=bearer(token)), 403)


def _in(delta: timedelta):
    from api.models.base import utcnow

    return utcnow() + delta


def test_concurrent_logins_and_grants_of_one_account_all_succeed(app, factory):
    """Several tabs, or parallel jobs of one client, must not collide with each other."""
    import threading

    factory.user(email="busy@example.dk")
    machine = factory.client()
    form = {
        "grant_type": "client_credentials",
        "client_id": machine.client_id,
        "client_secret": CLIENT_SECRET,
    }
    statuses: list[int] = []

    def work() -> None:
        web = app.test_client()
        for _ in range(3):
            login = {"email": "busy@example.dk", "password": PASSWORD}
            statuses.append(web.post(LOGIN, json=login).status_code)
            statuses.append(web.post(TOKEN, data=form).status_code)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 24
    db.session.expire_all()
    assert db.session.get(type(machine), machine.id).use_count == 12


def test_token_endpoint_is_rate_limited_per_address_whatever_the_client_id(app, client):
    app.config["TOKEN_RATE_LIMIT_ADDRESS"] = "3 per minute"
    for n in range(3):
        form = {"grant_type": "client_credentials", "client_id": f"guess-{n}", "client_secret": "x"}
        assert client.post(TOKEN, data=form).status_code == 401
    form = {"grant_type": "client_credentials", "client_id": "guess-9", "client_secret": "x"}
    blocked = client.post(TOKEN, data=form)
    assert_problem(blocked, 429)
    assert "Retry-After" in blocked.headers
