"""The app factory, its configuration, health and the demo data."""

from __future__ import annotations

import pytest

from api import create_app
from api.core.config import DEV_JWT_SECRET_KEY, InsecureConfigurationError, load_config


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


def test_the_demo_password_meets_the_password_rule():
    from api.core.passwords import password_problem
    from api.demo.seed import DEMO_PASSWORD

    assert password_problem(DEMO_PASSWORD, ["kasserer@demo.dk", "admin@demo.dk"]) is None
