"""What every response and every post goes through: security headers, size limits, rate limits, CSRF tokens.

Pure ASGI middleware (no body buffering): :class:`SecurityHeaders` adds a
strict Content-Security-Policy and the usual hardening headers to every
response; :class:`BodyLimit` answers 413 to a request whose body is larger
than the limit, by its ``Content-Length`` or while it streams;
:class:`RateLimit` answers 429 to a client that posts faster than allowed (a
token bucket per client address, or per signed-in employee: in the store, shared by every instance, on
PostgreSQL — see :mod:`formc.store.ratelimits` —, else per process; behind a
proxy, run uvicorn with ``--forwarded-allow-ips`` so the address is the citizen's). CSRF: a
random cookie and, in the form, its HMAC under the server's secret
(double-submit, signed); it works without JavaScript.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from typing import Any, Awaitable, Callable

import anyio.to_thread
from sqlalchemy.exc import SQLAlchemyError

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("formc.server")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
CSRF_COOKIE, CSRF_FIELD = "formc_csrf", "formc-csrf"


class SecurityHeaders:
    def __init__(self, app: App):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in HEADERS if n not in present]
                if https:
                    extra.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class TooLarge(Exception):
    """The request body grew past the limit while streaming."""


class BodyLimit:
    def __init__(self, app: App, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await _plain(send, 413, f"The request is larger than {self.max_bytes // (1024 * 1024)} MB.")
            return
        seen = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge()
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except TooLarge:
            if not started:
                await _plain(send, 413, f"The request is larger than {self.max_bytes // (1024 * 1024)} MB.")


class RateLimit:
    """A token bucket per client for POST requests: ``burst`` at once, then ``per_minute``.

    The client is its address, or the employee ``employee(scope)`` names: employees at a counter share their
    office's address, and each registers for citizens all day, so each has a bucket of their own (and their posts
    take nothing from the citizens' at that address). ``shared(client)`` (the store's bucket, see
    :mod:`formc.store.ratelimits`) answers like :meth:`allow` for every instance at once; when the store cannot
    answer, this process's own bucket does."""

    def __init__(self, app: App, per_minute: int, burst: int, shared: Callable[[str], float] | None = None,
                 employee: Callable[[Scope], str | None] | None = None):
        self.app = app
        self.employee = employee
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()
        self.shared = shared

    def allow(self, client: str) -> float:
        """0 when a post from ``client`` may go ahead now, else the seconds to wait."""
        moment = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, moment))
            tokens = min(self.burst, tokens + (moment - last) * self.rate)
            if tokens >= 1:
                self.buckets[client] = (tokens - 1, moment)
                wait = 0.0
            else:
                self.buckets[client] = (tokens, moment)
                wait = (1 - tokens) / self.rate if self.rate else 60.0
            if len(self.buckets) > 100_000:  # forget idle clients (their buckets are full again anyway)
                horizon = moment - self.burst / max(self.rate, 1e-9)
                self.buckets = {k: v for k, v in self.buckets.items() if v[1] >= horizon}
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and self.rate > 0:
            name = self.employee(scope) if self.employee is not None else None
            client = f"employee:{name}" if name else (scope.get("client") or ("unknown", 0))[0]
            wait = await self._wait(client)
            if wait:
                await _plain(send, 429, "Too many submissions from your address; wait a moment and try again.",
                             [(b"retry-after", str(max(1, round(wait))).encode())])
                return
        await self.app(scope, receive, send)


    async def _wait(self, client: str) -> float:
        if self.shared is not None:
            try:
                return await anyio.to_thread.run_sync(self.shared, client)
            except SQLAlchemyError:
                log.warning("the store could not answer a rate-limit check; this process's own limit applies")
        return self.allow(client)


def derived(secret: bytes, purpose: str, value: str) -> str:
    """The HMAC-SHA256 of ``value`` under the server's secret, for one ``purpose`` (a key for one use is no key for
    another): CSRF tokens, receipt secrets, rate-limit keys."""
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def client_key(secret: bytes, client: str) -> str:
    """What a shared rate limit stores for a client's address: its HMAC under the server's secret."""
    return derived(secret, "rate", client)


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(secret: bytes, cookie: str) -> str:
    """The token the form carries for the browser holding ``cookie``."""
    return derived(secret, "csrf", cookie)


def csrf_ok(secret: bytes, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token or len(cookie) > 100:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie), token)


def receipt_secret(secret: bytes, submission_id: str) -> str:
    """The secret that opens one submission's receipt (the redirect sets it as a cookie); derived, never stored."""
    return derived(secret, "receipt", submission_id)


def receipt_ok(secret: bytes, submission_id: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(receipt_secret(secret, submission_id), presented or "")
