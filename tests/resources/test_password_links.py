"""A way in: a forgotten password reset by a link sent by e-mail, and the activation of an
account made for someone, with the attacks they must withstand."""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import AccountToken, AuthSession, OutboxMessage, User
from tests.factories import PASSWORD
from tests.problems import assert_problem

RESET = "/api/v1/auth/password-reset"
SET_PASSWORD = "/api/v1/auth/password"
LOGIN = "/api/v1/auth/login"
USERS = "/api/v1/users"
NEW_PASSWORD = "lanterne-spurv-havregryn"
LINK = re.compile(r"http://127\.0\.0\.1:5173/adgangskode/([A-Za-z0-9_-]+)")


def _mails() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)))


def _token_of(mail: OutboxMessage) -> str:
    match = LINK.search(mail.text_body)
    assert match, mail.text_body
    return match.group(1)


def _request_link(client, email: str = "karen@example.dk") -> str:
    assert client.post(RESET, json={"email": email}).status_code == 202
    return _token_of(_mails()[-1])


def _login(client, email: str, password: str):
    return client.post(LOGIN, json={"email": email, "password": password})


# --- asking for a link ------------------------------------------------------------------------


def test_a_known_address_gets_a_link_by_mail(client, factory):
    factory.user(email="karen@example.dk", name="Karen Blixen")
    response = client.post(RESET, json={"email": "Karen@Example.DK"})
    assert response.status_code == 202
    [mail] = _mails()
    assert mail.recipient == "karen@example.dk"
    assert "adgangskode" in mail.subject.lower()
    assert "Kære Karen Blixen" in mail.text_body
    token = _token_of(mail)
    assert len(token) >= 40
    # Only the hash is kept.
    row = db.session.scalar(select(AccountToken))
    assert row.token_hash != token and token not in row.token_hash
    assert row.purpose == "password_reset"
    assert row.expires_at - row.created_at == timedelta(hours=1)


def test_known_and_unknown_addresses_get_the_same_answer(client, factory):
    factory.user(email="karen@example.dk")
    known = client.post(RESET, json={"email": "karen@example.dk"})
    unknown = client.post(RESET, json={"email": "nobody@example.dk"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert known.headers["Content-Type"] == unknown.headers["Content-Type"]
    assert len(_mails()) == 1


def test_known_and_unknown_addresses_take_the_same_least_time(app, client, factory):
    app.config["PASSWORD_RESET_MIN_SECONDS"] = 0.2
    factory.user(email="karen@example.dk")
    for email in ("karen@example.dk", "nobody@example.dk"):
        started = time.monotonic()
        assert client.post(RESET, json={"email": email}).status_code == 202
        assert time.monotonic() - started >= 0.2


def test_a_deactivated_account_gets_no_link(client, factory):
    factory.user(email="karen@example.dk", is_active=False)
    assert client.post(RESET, json={"email": "karen@example.dk"}).status_code == 202
    assert _mails() == []


def test_asking_for_a_link_needs_an_email(client):
    body = assert_problem(client.post(RESET, json={"email": "not-an-address"}), 422)
    assert "email" in body["errors"]
    assert_problem(client.post(RESET, json={}), 422)


def test_asking_is_rate_limited_per_address(app, client):
    app.config["PASSWORD_RESET_RATE_LIMIT_ADDRESS"] = "3 per minute"
    for n in range(3):
        assert client.post(RESET, json={"email": f"guess{n}@example.dk"}).status_code == 202
    blocked = client.post(RESET, json={"email": "fresh@example.dk"})
    assert_problem(blocked, 429)
    assert "Retry-After" in blocked.headers
    other = client.post(
        RESET, json={"email": "fresh@example.dk"}, environ_base={"REMOTE_ADDR": "10.9.8.7"}
    )
    assert other.status_code == 202


def test_asking_is_rate_limited_per_email_from_any_address(app, client, factory):
    app.config["PASSWORD_RESET_RATE_LIMIT_EMAIL"] = "2 per minute"
    factory.user(email="karen@example.dk")
    for n in range(2):
        response = client.post(
            RESET,
            json={"email": "Karen@example.dk"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
        assert response.status_code == 202
    blocked = client.post(
        RESET, json={"email": "karen@example.dk"}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert_problem(blocked, 429)
    assert len(_mails()) == 2
    assert client.post(RESET, json={"email": "other@example.dk"}).status_code == 202


# --- choosing a password with the link --------------------------------------------------------


def test_the_link_sets_the_password_once(client, factory):
    factory.user(email="karen@example.dk", name="Karen Blixen")
    token = _request_link(client)
    response = client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 204
    assert _login(client, "karen@example.dk", NEW_PASSWORD).status_code == 200
    assert _login(client, "karen@example.dk", PASSWORD).status_code == 401
    again = client.post(SET_PASSWORD, json={"token": token, "password": "andet-ord-helt-nyt-x"})
    body = assert_problem(again, 404)
    assert body["type"] == "urn:cluster-platform:problem:invalid-link"


def test_setting_the_password_ends_every_session(client, factory):
    user = factory.user(email="karen@example.dk")
    access, _ = factory.login_pair(user)
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {access}"}).status_code == 200
    )
    token = _request_link(client)
    assert (
        client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD}).status_code
        == 204
    )
    assert_problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {access}"}), 401)
    db.session.expire_all()
    sessions = db.session.scalars(select(AuthSession).where(AuthSession.user_id == user.id))
    assert {s.revoked_reason for s in sessions} == {"password_changed"}


def test_an_unknown_link_is_refused(client):
    body = assert_problem(
        client.post(SET_PASSWORD, json={"token": "x" * 43, "password": NEW_PASSWORD}), 404
    )
    assert body["type"] == "urn:cluster-platform:problem:invalid-link"


def test_the_link_expires_after_an_hour(client, factory):
    factory.user(email="karen@example.dk")
    now = datetime.now(UTC)
    with time_machine.travel(now, tick=False):
        token = _request_link(client)
    with time_machine.travel(now + timedelta(minutes=59), tick=False):
        # Still valid: a password that breaks the rule is refused for itself.
        weak = client.post(SET_PASSWORD, json={"token": token, "password": "karen@example.dk"})
        assert_problem(weak, 422)
    with time_machine.travel(now + timedelta(minutes=61), tick=False):
        late = client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
        assert assert_problem(late, 404)["type"].endswith(":invalid-link")


def test_a_new_link_replaces_the_earlier_one(client, factory):
    factory.user(email="karen@example.dk")
    first = _request_link(client)
    second = _request_link(client)
    assert_problem(client.post(SET_PASSWORD, json={"token": first, "password": NEW_PASSWORD}), 404)
    assert (
        client.post(SET_PASSWORD, json={"token": second, "password": NEW_PASSWORD}).status_code
        == 204
    )


def test_the_password_rule_holds(client, factory):
    factory.user(email="karen@example.dk", name="Karen Blixen")
    token = _request_link(client)
    short = assert_problem(
        client.post(SET_PASSWORD, json={"token": token, "password": "kort"}), 422
    )
    assert short["type"].endswith(":validation-error")
    guessable = assert_problem(
        client.post(SET_PASSWORD, json={"token": token, "password": "karen@example.dk"}), 422
    )
    assert guessable["type"].endswith(":rule-violation")
    assert "password" in guessable["errors"]
    # The refusals did not spend the link.
    assert (
        client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD}).status_code
        == 204
    )


def test_setting_is_rate_limited_per_address(app, client):
    app.config["PASSWORD_SET_RATE_LIMIT_ADDRESS"] = "2 per minute"
    for _ in range(2):
        response = client.post(SET_PASSWORD, json={"token": "guess", "password": NEW_PASSWORD})
        assert_problem(response, 404)
    assert_problem(
        client.post(SET_PASSWORD, json={"token": "guess", "password": NEW_PASSWORD}), 429
    )


# --- activation -------------------------------------------------------------------------------


def test_creating_a_user_without_password_sends_an_activation(client, factory):
    headers = factory.auth(factory.admin())
    response = client.post(
        USERS, json={"email": "ny@example.dk", "name": "Ny Læge"}, headers=headers
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["activated"] is False
    [mail] = _mails()
    assert mail.recipient == "ny@example.dk"
    assert "Velkommen" in mail.subject
    token = _token_of(mail)
    row = db.session.scalar(select(AccountToken))
    assert row.purpose == "activation"
    assert row.expires_at - row.created_at == timedelta(days=14)
    assert (
        client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD}).status_code
        == 204
    )
    assert _login(client, "ny@example.dk", NEW_PASSWORD).status_code == 200
    user = client.get(f"{USERS}/{body['id']}", headers=headers).get_json()
    assert user["activated"] is True


def test_creating_a_user_with_a_password_sends_nothing(client, factory):
    headers = factory.auth(factory.admin())
    response = client.post(
        USERS,
        json={"email": "ny@example.dk", "name": "Ny Læge", "password": NEW_PASSWORD},
        headers=headers,
    )
    assert response.get_json()["activated"] is True
    assert _mails() == []


def test_an_activation_link_lasts_fourteen_days(client, factory):
    headers = factory.auth(factory.admin())
    now = datetime.now(UTC)
    with time_machine.travel(now, tick=False):
        client.post(USERS, json={"email": "ny@example.dk", "name": "Ny Læge"}, headers=headers)
    token = _token_of(_mails()[-1])
    with time_machine.travel(now + timedelta(days=14, minutes=1), tick=False):
        late = client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD})
        assert_problem(late, 404)


def test_admin_sends_the_activation_again(client, factory):
    headers = factory.auth(factory.admin())
    user = factory.user(email="ny@example.dk", password_hash=None)
    response = client.post(f"{USERS}/{user.id}/activation", headers=headers)
    assert response.status_code == 204
    [mail] = _mails()
    assert mail.recipient == "ny@example.dk"
    token = _token_of(mail)
    assert client.post(f"{USERS}/{user.id}/activation", headers=headers).status_code == 204
    # The earlier link stopped working; the newest works.
    assert_problem(client.post(SET_PASSWORD, json={"token": token, "password": NEW_PASSWORD}), 404)
    newest = _token_of(_mails()[-1])
    assert (
        client.post(SET_PASSWORD, json={"token": newest, "password": NEW_PASSWORD}).status_code
        == 204
    )


def test_an_activated_account_is_409(client, factory):
    headers = factory.auth(factory.admin())
    user = factory.user()
    assert_problem(client.post(f"{USERS}/{user.id}/activation", headers=headers), 409)
    gone = factory.user(password_hash=None, is_active=False)
    assert_problem(client.post(f"{USERS}/{gone.id}/activation", headers=headers), 409)


def test_resending_needs_the_admin(client, factory):
    user = factory.user(password_hash=None)
    assert_problem(client.post(f"{USERS}/{user.id}/activation"), 401)
    member = factory.auth(factory.user())
    assert_problem(client.post(f"{USERS}/{user.id}/activation", headers=member), 403)
    admin = factory.auth(factory.admin())
    assert_problem(client.post(f"{USERS}/{uuid.uuid4()}/activation", headers=admin), 404)
    assert _mails() == []


def test_a_doctor_added_by_the_coordinator_gets_an_activation(client, factory):
    from tests.scenarios import build, doctor

    viborg = build(factory, {"coordinator": doctor("viborg", role="coordinator")})
    response = client.post(
        f"/api/v1/clusters/{viborg.viborg.id}/members",
        json={
            "email": "ny.laege@example.dk",
            "name": "Ny Læge",
            "clinic_id": str(viborg.clinics["viborg"].id),
        },
        headers=viborg.headers["coordinator"],
    )
    assert response.status_code == 201, response.get_json()
    [mail] = [m for m in _mails() if m.recipient == "ny.laege@example.dk"]
    assert LINK.search(mail.text_body)
    user = db.session.scalar(select(User).where(User.email == "ny.laege@example.dk"))
    assert not user.activated
    count = db.session.scalar(select(func.count()).select_from(AccountToken))
    assert count == 1


def test_search_finds_danish_letters_as_typed(client, factory):
    headers = factory.auth(factory.admin(email="admin@example.dk", name="Admin"))
    steen = factory.user(email="steen@example.dk", name="Steen Østergaard")
    body = client.get(USERS, query_string={"q": "Øster"}, headers=headers).get_json()
    assert [u["id"] for u in body["items"]] == [str(steen.id)]


@pytest.mark.parametrize("q", ["blix", "BLIX", "karen@", "Karen Blixen"])
def test_users_are_searched_by_name_and_email(client, factory, q):
    headers = factory.auth(factory.admin(email="admin@example.dk", name="Admin"))
    karen = factory.user(email="karen@example.dk", name="Karen Blixen")
    factory.user(email="tove@example.dk", name="Tove Ditlevsen")
    body = client.get(USERS, query_string={"q": q, "limit": 10}, headers=headers).get_json()
    assert [u["id"] for u in body["items"]] == [str(karen.id)]


def test_search_pages_with_the_cursor(client, factory):
    headers = factory.auth(factory.admin(email="admin@example.dk", name="Admin"))
    for n in range(5):
        factory.user(email=f"laege{n}@example.dk", name=f"Læge {n}")
    factory.user(email="tove@example.dk", name="Tove Ditlevsen")
    seen = []
    args = {"q": "laege", "limit": 2}
    while True:
        body = client.get(USERS, query_string=args, headers=headers).get_json()
        seen += [u["email"] for u in body["items"]]
        if not body["has_more"]:
            break
        args["cursor"] = body["next_cursor"]
    assert sorted(seen) == [f"laege{n}@example.dk" for n in range(5)]


def test_search_needs_text(client, factory):
    headers = factory.auth(factory.admin())
    assert_problem(client.get(USERS, query_string={"q": ""}, headers=headers), 422)


def test_spent_links_are_purged(app, client, factory):
    factory.user(email="karen@example.dk")
    used = _request_link(client)
    client.post(SET_PASSWORD, json={"token": used, "password": NEW_PASSWORD})
    _request_link(client)
    output = app.test_cli_runner().invoke(args=["purge-expired"], catch_exceptions=False).output
    assert "password links: 1" in output
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 1
