"""The measured scenarios: one declarative entry per endpoint, in the order they run."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from api.demo.seed import DEMO_CLIENT_SECRET, DEMO_PASSWORD

# Who a request is made as: nobody, a demo person (logged in with e-mail and password) or the
# demo machine client (client-credentials grant). Tokens are fetched once at start-up.
Auth = Literal["none", "admin", "member", "client"]

USER_LOGINS: dict[str, tuple[str, str]] = {
    "admin": ("admin@demo.dk", DEMO_PASSWORD),
    "member": ("medlem@demo.dk", DEMO_PASSWORD),
}
CLIENT_CREDENTIALS: dict[str, tuple[str, str]] = {
    "client": ("plo-economy", DEMO_CLIENT_SECRET),
}


@dataclass(frozen=True)
class Lookup:
    """A value read from the API at start-up, substituted for `{name}` in scenario paths."""

    path: str
    auth: Auth
    field: str  # dotted path into the JSON answer, e.g. "items.0.id"


@dataclass(frozen=True)
class Scenario:
    """One endpoint under load: what to send, as whom, how often and how concurrently."""

    name: str
    method: str
    path: str  # may hold `{name}` placeholders, resolved through LOOKUPS
    auth: Auth = "none"
    json: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    requests: int = 4000
    concurrency: int = 8
    warmup: int = 2  # requests per connection before measuring; not counted
    time_limit_s: float = 60.0
    floor: bool = False  # the baseline every other p50 is compared with
    headers: dict[str, str] = field(default_factory=dict)

    def placeholders(self) -> list[str]:
        return [name for _, name, _, _ in string.Formatter().parse(self.path) if name]

    def resolved_path(self, values: dict[str, str]) -> str:
        return self.path.format_map(values)

    def body(self) -> tuple[str | None, str | None]:
        """The encoded body and its content type, or (None, None)."""
        if self.json is not None:
            return json.dumps(self.json), "application/json"
        if self.form is not None:
            return urlencode(self.form), "application/x-www-form-urlencoded"
        return None, None

    def scaled_requests(self, scale: float) -> int:
        return max(1, round(self.requests * scale))


LOOKUPS: dict[str, Lookup] = {
    # A person with a membership, so loading the memberships is part of the cost.
    "user_id": Lookup("/api/v1/users?email=midtkraft%40demo.dk&limit=1", "admin", "items.0.id"),
}

# Logging in and issuing client tokens verify an argon2 hash, which is slow by design: these
# scenarios get fewer requests and fewer connections.
SCENARIOS: list[Scenario] = [
    Scenario("GET /api/v1/health", "GET", "/api/v1/health", floor=True, requests=5000),
    Scenario("GET /api/v1/me", "GET", "/api/v1/me", auth="member"),
    Scenario("GET /api/v1/organisations", "GET", "/api/v1/organisations", auth="member"),
    Scenario("GET /api/v1/users?limit=50", "GET", "/api/v1/users?limit=50", auth="admin"),
    Scenario("GET /api/v1/users/{user_id}", "GET", "/api/v1/users/{user_id}", auth="admin"),
    Scenario("GET /api/v1/clients", "GET", "/api/v1/clients", auth="admin"),
    Scenario(
        "POST /api/v1/auth/token",
        "POST",
        "/api/v1/auth/token",
        form={
            "grant_type": "client_credentials",
            "client_id": CLIENT_CREDENTIALS["client"][0],
            "client_secret": CLIENT_CREDENTIALS["client"][1],
        },
        requests=120,
        concurrency=4,
        warmup=1,
    ),
    Scenario(
        "POST /api/v1/auth/login",
        "POST",
        "/api/v1/auth/login",
        json={"email": USER_LOGINS["member"][0], "password": USER_LOGINS["member"][1]},
        requests=120,
        concurrency=4,
        warmup=1,
    ),
]
