"""The app factory, its configuration, health and the demo data."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api import create_app
from api.core.config import DEV_JWT_SECRET_KEY, InsecureConfigurationError, load_config
from api.core.extensions import db
from api.models import Client, Organisation, OrganisationMembership, User


def test_production_refuses_default_secrets():
    with pytest.raises(InsecureConfigurationError):
        load_config({"APP_ENV": "production"})
    with pytest.raises(InsecureConfigurationError):
        load_config({"APP_ENV": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "short"})
    with pytest.raises(InsecureConfigurationError):
        create_app(
            {"APP_ENV": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": DEV_JWT_SECRET_KEY}
        )


PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "JWT_SECRET_KEY": "j" * 40,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "MAIL_BACKEND": "smtp",
    "MAIL_FROM": "Klyngeplatformen <noreply@example.dk>",
    "WEB_APP_URL": "https://klynger.example.dk",
}


def test_production_starts_with_real_secrets():
    config = load_config(PRODUCTION)
    assert config["REFRESH_COOKIE_SECURE"] is True


def test_production_refuses_a_web_app_address_that_e_mails_cannot_link_to():
    with pytest.raises(InsecureConfigurationError, match="WEB_APP_URL"):
        load_config({**PRODUCTION, "WEB_APP_URL": ""})


def test_production_refuses_per_worker_rate_limits():
    with pytest.raises(InsecureConfigurationError, match="RATELIMIT_STORAGE_URI"):
        load_config({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://"})


def test_seed_demo_is_refused_in_production(app):
    production = create_app({**app.config, **PRODUCTION})
    result = production.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "refused in production" in result.output


def test_configuration_comes_from_the_environment():
    config = load_config(
        {
            "DATABASE_URL": "postgresql+psycopg://u@db/x",
            "CORS_ORIGINS": "https://app.example, https://other.example",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        }
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/x"
    assert config["CORS_ORIGINS"] == ["https://app.example", "https://other.example"]
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert load_config({})["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    # A configured Redis holds the rate-limit counters; the embedded default keeps memory.
    assert load_config({"REDIS_URL": "redis://cache:6379/2"})["RATELIMIT_STORAGE_URI"] == (
        "redis://cache:6379/2"
    )
    assert load_config({})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_health_needs_no_token(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["version"]


def test_health_reports_an_unreachable_database(app):
    broken = create_app(
        {**app.config, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    )
    response = broken.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_seed_demo_is_idempotent(app, app_ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "demo-kaffe-og-kvalitet" in first.output and "koordinator@demo.dk" in first.output

    def counts():
        return [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Organisation, User, Client, OrganisationMembership)
        ]

    before = counts()
    # Seven demo accounts and the landscape's 3,360 other doctors (the demo accounts of
    # Demoklyngen Viborg are four of its 3,364).
    assert before[:3] == [7, 3_367, 1]
    second = runner.invoke(args=["seed-demo", "--quiet"])
    assert second.exit_code == 0 and second.output == ""
    assert counts() == before


def test_demo_accounts_log_in(app, client, app_ctx):
    app.test_cli_runner().invoke(args=["seed-demo", "--quiet"])
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "midtkraft@demo.dk", "password": "demo-kaffe-og-kvalitet"},
    )
    me = client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {login.get_json()['access_token']}"}
    )
    assert [o["code"] for o in me.get_json()["organisations"]] == ["midtkraft"]
    token = client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "plo-economy",
            "client_secret": "demo-plo-secret",
        },
    )
    assert token.get_json()["scope"] == "attendance:read economy:read"


def test_the_demo_password_meets_the_password_rule():
    from api.core.passwords import password_problem
    from api.demo.seed import DEMO_PASSWORD

    assert password_problem(DEMO_PASSWORD, ["kasserer@demo.dk", "admin@demo.dk"]) is None
