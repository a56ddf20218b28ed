"""Serves the Swagger UI assets for the interactive docs at /api/docs, from the installed
package rather than a CDN, so the docs work on a closed network."""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Flask, send_from_directory

ASSETS = Path(flask_swagger_ui.__file__).resolve().parent / "dist"


def register(app: Flask) -> None:
    @app.get("/api/docs-assets/<path:filename>")
    def swagger_ui_asset(filename: str):
        return send_from_directory(ASSETS, filename, max_age=86400)
