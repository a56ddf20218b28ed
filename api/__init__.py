"""The cluster platform API: `create_app()` builds the Flask application."""

from __future__ import annotations

from typing import Any

from flask import Flask

from api.core.config import VERSION as __version__  # noqa: F401 - the package's version


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Settings come from the environment; `config` overrides them (tests)."""
    from api.core.config import check_production_secrets, load_config
    from api.core.database import init_database, register_database_errors
    from api.core.errors import register_error_handlers
    from api.core.extensions import (
        ApiJSONProvider,
        ApiRequest,
        api,
        cors,
        db,
        jwt,
        limit_bodies,
        limiter,
        migrate,
    )
    from api.core.headers import register_security_headers
    from api.core.observability import register_observability
    from api.resources import register_resources

    app = Flask(__name__, instance_relative_config=True)
    app.request_class = ApiRequest
    app.json = ApiJSONProvider(app)
    app.config.from_mapping(load_config())
    if config:
        app.config.update(config)
        check_production_secrets(app.config)

    if app.config["TRUSTED_PROXIES"]:
        # Behind N proxies, the client address (rate limits, logs) comes from X-Forwarded-For.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    register_observability(app)
    limit_bodies(app)
    register_security_headers(app)
    init_database(app)
    migrate.init_app(
        app, db, directory=str(_migrations_dir()), render_as_batch=True, compare_type=True
    )
    jwt.init_app(app)
    from api.core.security import use_principal_loader
    from api.services.accounts.sessions import load_principal

    use_principal_loader(load_principal)  # a token names a sign-in session of the accounts domain
    limiter.init_app(app)
    cors.init_app(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
        supports_credentials=True,
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            "X-Request-ID",
            "Range",
            "If-Range",
        ],
        expose_headers=[
            "ETag",
            "Link",
            "Location",
            "Retry-After",
            "X-Request-ID",
            "Idempotent-Replayed",
            "Content-Disposition",
            "Content-Range",
            "Accept-Ranges",
        ],
        max_age=600,
    )
    from api.services import load_permission_table
    from api.services.accounts.grants import permission_grants

    load_permission_table()

    # Who holds each operation's `x-permission`, worked out from the permission table.
    app.config["API_SPEC_OPTIONS"] = {
        **app.config["API_SPEC_OPTIONS"],
        "x-permissions": permission_grants(),
    }
    api.init_app(app)
    register_error_handlers(app)
    register_database_errors(app)
    register_resources(app, api)

    from api.services.meetings.mail import connect_signals

    connect_signals()  # meetings' invitations, reminders, moves and cancellations send e-mail

    from api.services.economy.fees import connect_signals as connect_fee_signals

    connect_fee_signals()  # a closed meeting, and a correction of its attendance, propose fees

    from api.cli import register_commands

    register_commands(app)
    return app


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"
