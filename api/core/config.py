"""Every setting of the platform, read from the environment, with its development default."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

VERSION = "0.1.0"
DEV_SECRET_KEY = "dev-secret-key-change-me"
DEV_JWT_SECRET_KEY = "dev-jwt-secret-key-change-me-at-least-32-bytes"
DEV_MAIL_FROM = "Klyngeplatformen <no-reply@cluster-platform.invalid>"
MAIL_BACKENDS = ("smtp", "file", "console")
SMTP_TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_CORS_ORIGINS = "http://localhost:5173,http://127.0.0.1:5173"
DEFAULT_WEB_APP_URL = "http://127.0.0.1:5173"

INSTANCE_DIR = Path(__file__).resolve().parents[2] / "instance"


API_DESCRIPTION = """\
The cluster platform for Danish general practice: clusters, roles, meetings, packages,
surveys, files and economy, for the web app, the regional quality units' systems, PLO's
economy module and scripts.

Conventions that hold for every operation:

- **Errors** are RFC 9457 problem details (`application/problem+json`) with `type`, `title`,
  `status`, `detail` and `request_id`; 422 adds `errors` (messages per field). A 422 is one of
  two types: `urn:cluster-platform:problem:validation-error`, a field breaks this contract (its
  type, format, length, pattern or enum), and `urn:cluster-platform:problem:rule-violation`, the
  request is well formed but breaks a rule the contract cannot state: across fields (an end
  before its start) or about what it refers to (an unknown organisation).
- **Lists** take `limit` (1-200, default 50) and `cursor`, and answer
  `{"items": [...], "next_cursor": ..., "has_more": ...}`. One rule ends every list: more rows
  are waiting exactly when `has_more` is true, and then a `Link: <...>; rel="next"` header
  points to the next page. A generic pager follows `next_cursor` (or `Link`) while `has_more`.
- **Sync**: lists that integrators synchronise also take `updated_since` (RFC 3339). Rows then
  come in `(updated_at, id)` order with tombstones (`deleted: true`) for rows that ended, and
  the stored `next_cursor` resumes the walk later without missing a change: in a walk it is
  never null, and on the last page (`has_more` false) it is where to poll from. Each such
  operation describes the procedure.
- **Concurrency**: `GET` of one resource returns an `ETag`; `PATCH`, `PUT` and `DELETE`
  require `If-Match` (428 without it, 412 when stale).
- **Idempotency**: `POST` accepts `Idempotency-Key` (a UUID); a retry replays the first answer
  with `Idempotent-Replayed: true`.
- **Strictness**: unknown body fields and query parameters are refused (422).
- **Auth**: `Authorization: Bearer <JWT>` from `POST /api/v1/auth/login` (people) or
  `POST /api/v1/auth/token` (machine clients). Each operation names its permission in
  `x-permission`, and the document's `x-permissions` says who holds each, generated from the
  platform's permission table: the kinds of person (`platform_admin`, a cluster role such as
  `coordinator`, `member` for a doctor without a role, `meeting_responsible` for one meeting's
  responsible party, `regional_unit_staff`, `national_unit_staff`, `plo_staff`) and, per kind
  of organisation, the client scopes that grant it (a regional unit writes through a client
  with `clusters:write`). Which clusters a grant reaches is in the permission's description: a
  regional unit's staff and clients reach its own region, KiAP and PLO every cluster, a person
  the clusters where they work or hold a role.
- Every response carries `X-Request-ID`.
"""


class InsecureConfigurationError(RuntimeError):
    """Raised when production mode is started with a development secret."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return int(value) if value not in (None, "") else default


def _float(value: str | None, default: float) -> float:
    return float(value) if value not in (None, "") else default


def _list(value: str | None, default: str) -> list[str]:
    raw = value if value not in (None, "") else default
    return [item.strip() for item in raw.split(",") if item.strip()]


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'platform.sqlite3'}"


def load_config(env: dict[str, str] | None = None, **overrides: Any) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables plus explicit overrides."""
    env = dict(os.environ if env is None else env)
    app_env = env.get("APP_ENV", "development")
    production = app_env == "production"

    config: dict[str, Any] = {
        "APP_ENV": app_env,
        "TESTING": app_env == "testing",
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        # Database
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or default_database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLALCHEMY_RECORD_QUERIES": False,
        # Auth
        "JWT_SECRET_KEY": env.get("JWT_SECRET_KEY", DEV_JWT_SECRET_KEY),
        "JWT_ALGORITHM": "HS256",
        "JWT_DECODE_ALGORITHMS": ["HS256"],
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(
            seconds=_int(env.get("JWT_ACCESS_TOKEN_SECONDS"), 15 * 60)
        ),
        "JWT_ISSUER": env.get("JWT_ISSUER", "cluster-platform"),
        "JWT_ENCODE_ISSUER": env.get("JWT_ISSUER", "cluster-platform"),
        "JWT_DECODE_ISSUER": env.get("JWT_ISSUER", "cluster-platform"),
        "REFRESH_TOKEN_TTL": timedelta(days=_int(env.get("REFRESH_TOKEN_DAYS"), 14)),
        "REFRESH_COOKIE_NAME": env.get("REFRESH_COOKIE_NAME", "refresh_token"),
        "REFRESH_COOKIE_SECURE": _bool(env.get("REFRESH_COOKIE_SECURE"), production),
        "REFRESH_COOKIE_SAMESITE": env.get("REFRESH_COOKIE_SAMESITE", "Strict"),
        "CLIENT_TOKEN_TTL": timedelta(seconds=_int(env.get("CLIENT_TOKEN_SECONDS"), 15 * 60)),
        # Rate limiting (Flask-Limiter); memory storage unless a Redis URI is given.
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        # Counters shared by every worker whenever a Redis is configured (REDIS_URL).
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI")
        or env.get("REDIS_URL")
        or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed logins (see api/services/login_throttle.py): per account and address, and
        # per account from devices that have not logged in to it; tiers make waits grow.
        "LOGIN_THROTTLE_SOURCE": env.get(
            "LOGIN_THROTTLE_SOURCE", "5 per minute; 10 per hour; 30 per day"
        ),
        "LOGIN_THROTTLE_ACCOUNT": env.get(
            "LOGIN_THROTTLE_ACCOUNT", "20 per 15 minutes; 60 per hour; 200 per day"
        ),
        "LOGIN_DEVICE_DAYS": _int(env.get("LOGIN_DEVICE_DAYS"), 180),
        "LOGIN_RATE_LIMIT_ADDRESS": env.get("LOGIN_RATE_LIMIT_ADDRESS", "60 per 15 minutes"),
        "TOKEN_RATE_LIMIT": env.get("TOKEN_RATE_LIMIT", "60 per minute"),
        "TOKEN_RATE_LIMIT_ADDRESS": env.get("TOKEN_RATE_LIMIT_ADDRESS", "300 per minute"),
        # Links by e-mail to set a password: a forgotten one (short-lived), or a new account's.
        "PASSWORD_RESET_TTL": timedelta(minutes=_int(env.get("PASSWORD_RESET_MINUTES"), 60)),
        "ACTIVATION_TTL": timedelta(days=_int(env.get("ACTIVATION_DAYS"), 14)),
        # The least time an answer to a request for a reset link takes, whatever the address.
        "PASSWORD_RESET_MIN_SECONDS": _float(env.get("PASSWORD_RESET_MIN_SECONDS"), 0.25),
        # Asking for a reset link: per address, and per e-mail asked for (each one sends mail).
        "PASSWORD_RESET_RATE_LIMIT_ADDRESS": env.get(
            "PASSWORD_RESET_RATE_LIMIT_ADDRESS", "20 per hour"
        ),
        "PASSWORD_RESET_RATE_LIMIT_EMAIL": env.get(
            "PASSWORD_RESET_RATE_LIMIT_EMAIL", "3 per 15 minutes; 10 per day"
        ),
        # Setting a password with a link: per address (guessing tokens).
        "PASSWORD_SET_RATE_LIMIT_ADDRESS": env.get(
            "PASSWORD_SET_RATE_LIMIT_ADDRESS", "30 per 15 minutes"
        ),
        # Calendar feeds are fetched without a token: per feed URL (a calendar app polls every
        # few minutes at most) and per address (guessing URLs).
        "CALENDAR_FEED_RATE_LIMIT": env.get("CALENDAR_FEED_RATE_LIMIT", "12 per minute"),
        "CALENDAR_FEED_RATE_LIMIT_ADDRESS": env.get(
            "CALENDAR_FEED_RATE_LIMIT_ADDRESS", "120 per minute"
        ),
        # How long a calendar app (or the browser) may keep a feed before fetching it again.
        "CALENDAR_FEED_MAX_AGE_SECONDS": _int(env.get("CALENDAR_FEED_MAX_AGE_SECONDS"), 900),
        # A survey's personal answer link is used without a token: per link (opening the form
        # and sending it, a few times at most) and per address (guessing links).
        "SURVEY_ANSWER_RATE_LIMIT": env.get("SURVEY_ANSWER_RATE_LIMIT", "20 per minute"),
        "SURVEY_ANSWER_RATE_LIMIT_ADDRESS": env.get(
            "SURVEY_ANSWER_RATE_LIMIT_ADDRESS", "120 per minute"
        ),
        # Web app on another origin
        "CORS_ORIGINS": _list(env.get("CORS_ORIGINS"), DEFAULT_CORS_ORIGINS),
        # Where people open the web app: e-mails and calendar entries link to its pages
        # (a meeting is `<WEB_APP_URL>/moeder/<meeting_id>`).
        "WEB_APP_URL": env.get("WEB_APP_URL") or DEFAULT_WEB_APP_URL,
        # Conventions
        "IDEMPOTENCY_TTL": timedelta(hours=_int(env.get("IDEMPOTENCY_TTL_HOURS"), 24)),
        # Files: the largest upload, and where content is kept (see api/storage.py). A request
        # may be a little larger than its file (the multipart envelope and form fields).
        "FILE_MAX_BYTES": _int(env.get("FILE_MAX_BYTES"), 25 * 1024 * 1024),
        "MAX_CONTENT_LENGTH": _int(env.get("FILE_MAX_BYTES"), 25 * 1024 * 1024) + 1024 * 1024,
        # Any other body (JSON, a form): a meeting's minutes at their longest fit with room.
        "JSON_MAX_BYTES": _int(env.get("JSON_MAX_BYTES"), 1024 * 1024),
        "FILE_STORAGE": env.get("FILE_STORAGE", "local"),
        "FILE_STORAGE_PATH": env.get("FILE_STORAGE_PATH") or str(INSTANCE_DIR / "files"),
        # Where an upload is hashed and checked before it is stored; the system's temporary
        # directory unless set. Each upload's temporary file is removed when it is done.
        "FILE_UPLOAD_TEMP_DIR": env.get("FILE_UPLOAD_TEMP_DIR") or None,
        "S3_BUCKET": env.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL", ""),
        "S3_REGION": env.get("S3_REGION", ""),
        "S3_ACCESS_KEY_ID": env.get("S3_ACCESS_KEY_ID", ""),
        "S3_SECRET_ACCESS_KEY": env.get("S3_SECRET_ACCESS_KEY", ""),
        "S3_PREFIX": env.get("S3_PREFIX", "files/"),
        "PAGE_DEFAULT_LIMIT": 50,
        "PAGE_MAX_LIMIT": 200,
        # A changes walk (`updated_since`) holds back rows younger than this, so that no cursor
        # passes a row whose transaction has not committed yet. It must exceed the longest a
        # request may run: the worker timeout (gunicorn's default is 30 s), with a margin.
        "SYNC_SETTLE_SECONDS": _int(env.get("SYNC_SETTLE_SECONDS"), 60),
        # Operations: report the SQL statement count of each request in a response header.
        # Used by the benchmark; off by default.
        "SQL_COUNT_HEADER": _bool(env.get("SQL_COUNT_HEADER"), False),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "TRUSTED_PROXIES": _int(env.get("TRUSTED_PROXIES"), 0),
        # E-mail: written to the outbox by the app, sent by `flask send-mail`. `file` writes
        # .eml files and `console` logs them, so that nothing leaves a development machine.
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "file"),
        # Production refuses `file` and `console` unless this is set (a staging copy, say).
        "MAIL_ALLOW_LOCAL_BACKEND": _bool(env.get("MAIL_ALLOW_LOCAL_BACKEND"), False),
        "MAIL_FROM": env.get("MAIL_FROM", DEV_MAIL_FROM),
        "MAIL_FILE_DIR": env.get("MAIL_FILE_DIR") or str(INSTANCE_DIR / "mail"),
        "SMTP_HOST": env.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": _int(env.get("SMTP_PORT"), 587),
        "SMTP_TLS": env.get("SMTP_TLS", "starttls"),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_TIMEOUT_SECONDS": _int(env.get("SMTP_TIMEOUT_SECONDS"), 30),
        # A failed attempt waits base * 2^(attempts-1) seconds, at most the cap; after the
        # last attempt the message is `failed` (about six hours with the defaults).
        "MAIL_MAX_ATTEMPTS": _int(env.get("MAIL_MAX_ATTEMPTS"), 12),
        "MAIL_RETRY_BASE_SECONDS": _int(env.get("MAIL_RETRY_BASE_SECONDS"), 60),
        "MAIL_RETRY_MAX_SECONDS": _int(env.get("MAIL_RETRY_MAX_SECONDS"), 3600),
        # A worker claims up to a batch at a time and sends it in sequence; a claim older than
        # the lease counts as abandoned (a crashed worker), so the lease must exceed a batch's
        # worst case: batch size times the SMTP timeout.
        "MAIL_BATCH_SIZE": _int(env.get("MAIL_BATCH_SIZE"), 20),
        "MAIL_LEASE_SECONDS": _int(env.get("MAIL_LEASE_SECONDS"), 900),
        "MAIL_POLL_SECONDS": _int(env.get("MAIL_POLL_SECONDS"), 5),
        # Personal data: bodies and attachments of sent or failed messages are purged after
        # this many days; the record of who got what (recipient, subject, outcome) later.
        "MAIL_BODY_RETENTION_DAYS": _int(env.get("MAIL_BODY_RETENTION_DAYS"), 30),
        "MAIL_RECORD_RETENTION_DAYS": _int(env.get("MAIL_RECORD_RETENTION_DAYS"), 365),
        # OpenAPI (flask-smorest)
        "API_TITLE": "Cluster platform API",
        "API_VERSION": "v1",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": API_DESCRIPTION,
                "contact": {"name": "The cluster platform"},
            }
        },
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "v1/openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": env.get("OPENAPI_SWAGGER_UI_URL", "/api/docs-assets/"),
    }
    config.update(overrides)
    check_production_secrets(config)
    return config


def check_production_secrets(config: dict[str, Any]) -> None:
    """Refuse to run in production with a development secret or a short signing key."""
    if config.get("APP_ENV") != "production":
        return
    problems = []
    if config["SECRET_KEY"] in (DEV_SECRET_KEY, "", None):
        problems.append("SECRET_KEY")
    jwt_key = config["JWT_SECRET_KEY"]
    if jwt_key in (DEV_JWT_SECRET_KEY, "", None) or len(jwt_key) < 32:
        problems.append("JWT_SECRET_KEY (at least 32 characters)")
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        problems.append("RATELIMIT_STORAGE_URI (memory:// counts per worker; use redis://)")
    problems.extend(_production_mail_problems(config))
    if not str(config.get("WEB_APP_URL", "")).startswith("https://"):
        problems.append("WEB_APP_URL (the web app's https:// address, for links in e-mails)")
    if problems:
        raise InsecureConfigurationError(
            "Refusing to start in production with default or weak settings: " + ", ".join(problems)
        )


def _production_mail_problems(config: dict[str, Any]) -> list[str]:
    backend = config.get("MAIL_BACKEND", "file")
    if backend != "smtp":
        if not config.get("MAIL_ALLOW_LOCAL_BACKEND"):
            return [
                f"MAIL_BACKEND ({backend!r} keeps e-mail on this server; set smtp, or "
                "MAIL_ALLOW_LOCAL_BACKEND=true where that is intended)"
            ]
        return []
    problems = []
    if config.get("MAIL_FROM") in (DEV_MAIL_FROM, "", None):
        problems.append("MAIL_FROM")
    if config.get("SMTP_TLS") == "none" and config.get("SMTP_PASSWORD"):
        problems.append("SMTP_TLS (none would send SMTP_PASSWORD unencrypted)")
    return problems
