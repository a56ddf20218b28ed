"""Throttling of password logins, after OWASP's guidance on brute force: growing delays rather
than a lockout, so that nobody can lock a doctor out by failing on purpose.

Three budgets, all kept in the rate limiter's storage (Redis in production, so shared by every
worker):
- per address, every attempt (`LOGIN_RATE_LIMIT_ADDRESS`, on the operation itself);
- per account and address, failed attempts (`LOGIN_THROTTLE_SOURCE`): tiers such as "5 per
  minute; 10 per hour; 30 per day", so each round of failures waits longer than the last. A
  successful login clears it;
- per account from every address, failed attempts from devices the account has not logged in
  from (`LOGIN_THROTTLE_ACCOUNT`), against guessing spread over many addresses.

A device that has logged in to an account carries a signed cookie saying so (only the
account's hashed e-mail, kept for `LOGIN_DEVICE_DAYS`), and the account-wide budget does not
apply to it: a stranger's failures slow down other strangers, never the doctor's own phone.
Unknown and known e-mails are throttled alike, so the answers say nothing about accounts.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many

from api.core.extensions import limiter

DEVICE_COOKIE = "login_device"
DEVICE_COOKIE_PATH = "/api/v1/auth/login"
# Accounts remembered per device (a shared computer at the clinic).
DEVICE_ACCOUNTS = 8


def _account_key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login-device")


def _device_accounts() -> list[str]:
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return []
    max_age = current_app.config["LOGIN_DEVICE_DAYS"] * 86400
    try:
        accounts = _serializer().loads(cookie, max_age=max_age)
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def remember_device(response: Response, email: str) -> None:
    """After a successful login: this device has logged in to this account."""
    key = _account_key(email)
    accounts = [key, *[a for a in _device_accounts() if a != key]][:DEVICE_ACCOUNTS]
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(accounts),
        max_age=config["LOGIN_DEVICE_DAYS"] * 86400,
        path=DEVICE_COOKIE_PATH,
        secure=config["REFRESH_COOKIE_SECURE"],
        httponly=True,
        samesite=config["REFRESH_COOKIE_SAMESITE"],
    )


@dataclass(frozen=True)
class LoginThrottle:
    email: str
    address: str
    known_device: bool

    @classmethod
    def for_attempt(cls, email: str, address: str) -> LoginThrottle:
        return cls(email, address, _account_key(email) in _device_accounts())

    def _source_limits(self) -> Iterator[tuple[RateLimitItem, tuple[str, ...]]]:
        account = _account_key(self.email)
        for item in parse_many(current_app.config["LOGIN_THROTTLE_SOURCE"]):
            yield item, ("login-source", account, self.address)

    def _limits(self) -> Iterator[tuple[RateLimitItem, tuple[str, ...]]]:
        yield from self._source_limits()
        if not self.known_device:
            account = _account_key(self.email)
            for item in parse_many(current_app.config["LOGIN_THROTTLE_ACCOUNT"]):
                yield item, ("login-account", account)

    def wait_seconds(self) -> int:
        """How long this attempt must wait (0: it may go ahead)."""
        if not limiter.enabled:
            return 0
        strategy = limiter.limiter
        waits = [
            max(1, math.ceil(strategy.get_window_stats(item, *ids).reset_time - time.time()))
            for item, ids in self._limits()
            if not strategy.test(item, *ids)
        ]
        return max(waits, default=0)

    def failed(self) -> None:
        if limiter.enabled:
            for item, ids in self._limits():
                limiter.limiter.hit(item, *ids)

    def succeeded(self) -> None:
        if limiter.enabled:
            for item, ids in self._source_limits():
                limiter.limiter.clear(item, *ids)
