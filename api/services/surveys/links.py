"""A recipient's personal link: `<web app>/svar/<token>`.

The token is an HMAC of the recipient row's random id under the server's secret key, so that a
reminder carries the same link again without the token being stored, and a copy of the
database alone cannot make a working link. The row keeps the token's SHA-256, which is how an
answer finds it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

from flask import current_app

from api.core.security import token_digest


def link_token(recipient_id: uuid.UUID, secret_key: str | None = None) -> str:
    """The recipient's token: 43 URL-safe characters (256 bits)."""
    key = (secret_key or current_app.config["SECRET_KEY"]).encode()
    mac = hmac.new(key, b"survey-link:" + recipient_id.bytes, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return token_digest(token)


def answer_url(token: str) -> str:
    """Where the recipient answers: the web app's page for the token."""
    return f"{current_app.config['WEB_APP_URL'].rstrip('/')}/svar/{token}"
