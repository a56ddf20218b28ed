"""HTTP resources: one module per domain, with a flask-smorest blueprint per tag, all under
/api/v1."""

from __future__ import annotations

from flask import Flask

from api.core.extensions import BEARER_AUTH, Api


def register_resources(app: Flask, api: Api) -> None:
    from api.resources import (
        accounts,
        audit,
        board,
        docs,
        economy,
        files,
        health,
        indicators,
        meetings,
        packages,
        registry,
        surveys,
    )

    api.spec.components.security_scheme(
        BEARER_AUTH,
        {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "An access token from `POST /api/v1/auth/login` (people) or "
                "`POST /api/v1/auth/token` (machine clients)."
            ),
        },
    )
    blueprints = [
        (health.blp, health.URL_PREFIX),
        *accounts.BLUEPRINTS,
        (audit.blp, audit.URL_PREFIX),
        *registry.BLUEPRINTS,
        *meetings.BLUEPRINTS,
        (files.blp, files.URL_PREFIX),
        (board.blp, board.URL_PREFIX),
        (economy.blp, economy.URL_PREFIX),
        (packages.blp, packages.URL_PREFIX),
        (indicators.blp, indicators.URL_PREFIX),
        (surveys.blp, surveys.URL_PREFIX),
    ]
    for blp, prefix in blueprints:
        api.register_blueprint(blp, url_prefix=f"/api/v1{prefix}")
    docs.register(app)
