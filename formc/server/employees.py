"""Who an employee is: a header set by the municipality's reverse proxy (SSO), or a local password file.

The password file has one ``user:hash`` line per employee (``#`` starts a
comment); the hash is Argon2id (``formc serve --hash-password`` prints one).
Requests authenticate with HTTP Basic; a verified pair is remembered for a few
minutes so that Argon2's deliberate slowness is paid once per session, not
per request. The header is believed only from the configured proxy addresses.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.datastructures import Headers
from starlette.types import Scope

from formc.server.config import ConfigError, CounterAuth

REMEMBER_FOR = 300.0
EMPLOYEE_ROUTES = ("/counter/", "/api/cases/")  # the routes only employees use (formc.server.counter, .cases)
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def read_password_file(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the password file {path}: {exc.strerror}") from None
    users = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, hashed = line.partition(":")
        if not sep or not user or not hashed.startswith("$argon2"):
            raise ConfigError(f"{path}:{number}: expected `user:$argon2id$…` (make one with `formc serve --hash-password`)")
        users[user] = hashed
    return users


class Employees:
    """Authenticates employees by the configured means; :meth:`identify` gives the identity or None."""

    def __init__(self, auth: CounterAuth):
        self.auth = auth
        self.users = read_password_file(auth.password_file) if auth.password_file else {}
        self.remembered: dict[str, tuple[str, float]] = {}
        self.lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.auth.enabled

    def identify(self, client_host: str | None, header_value: str | None, authorization: str | None,
                 verify: bool = True) -> str | None:
        """The employee, or None. ``verify=False``: without checking a password (Argon2 is slow by design), so only
        the proxy's header or a Basic pair verified in the last :data:`REMEMBER_FOR` seconds count."""
        if self.auth.header and header_value and client_host in self.auth.trusted_proxies:
            return header_value.strip()[:200] or None
        if self.users and authorization and authorization.lower().startswith("basic "):
            return self._basic(authorization[6:].strip(), verify)
        return None

    def signed_in(self, scope: Scope) -> str | None:
        """The employee posting to an employees' route (the counter, the case events API) as far as it is known
        without checking a password (see :meth:`identify`): the rate limit's key for an employee's posts, which runs
        before any route. None on every other route: a proxy may pass a client's own header on through the
        citizens' routes, where it proves nothing."""
        if not self.enabled:
            return None
        path, root = scope.get("path", ""), scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]
        if not path.startswith(EMPLOYEE_ROUTES):
            return None
        headers = Headers(scope=scope)
        client = scope.get("client")
        return self.identify(client[0] if client else None, headers.get(self.auth.header) if self.auth.header else None,
                             headers.get("authorization"), verify=False)

    def _basic(self, encoded: str, verify: bool) -> str | None:
        digest = hashlib.sha256(encoded.encode()).hexdigest()
        moment = time.monotonic()
        with self.lock:
            known = self.remembered.get(digest)
            if known and known[1] > moment:
                return known[0]
        if not verify:
            return None
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        hashed = self.users.get(user)
        if hashed is None:
            return None
        try:
            _hasher.verify(hashed, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        with self.lock:
            self.remembered[digest] = (user, moment + REMEMBER_FOR)
        return user
