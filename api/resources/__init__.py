"""HTTP resources: one flask-smorest blueprint per domain, all under /api/v1."""

from __future__ import annotations

from flask import Flask

from api.extensions import BEARER_AUTH, Api


def register_resources(app: Flask, api: Api) -> None:
    from api.resources import (
        attendance,
        audit,
        auth,
        bulk,
        calendars,
        clients,
        clusters,
        docs,
        files,
        health,
        me,
        meetings,
        organisations,
        posts,
        regions,
        stats,
        users,
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
    for module in (
        health,
        auth,
        me,
        organisations,
        users,
        clients,
        audit,
        regions,
        clusters,
        bulk,
        stats,
        meetings,
        attendance,
        calendars,
        files,
        posts,
    ):
        api.register_blueprint(module.blp, url_prefix=f"/api/v1{module.URL_PREFIX}")
    docs.register(app)
