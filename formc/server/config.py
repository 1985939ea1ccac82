"""The intake server's settings: limits, secrets, counter authentication, the virus-scanner hook.

Secrets come only from the environment or a file, never from the command line
or formc.yaml: ``FORMC_SECRET_KEY`` (or ``FORMC_SECRET_KEY_FILE`` naming a
file that holds it) signs the CSRF tokens and the receipt cookies; every
instance behind one proxy needs the same key. Without one, a key is made once
and kept in ``.formc-secret`` beside the SQLite store (readable only by its
owner) — enough for one machine, refused for PostgreSQL, where instances must
share it.
"""

from __future__ import annotations

import datetime
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from formc.store.references import DEFAULT_FORMAT

SECRET_ENV, SECRET_FILE_ENV = "FORMC_SECRET_KEY", "FORMC_SECRET_KEY_FILE"
MIN_SECRET_LENGTH = 32


class ConfigError(ValueError):
    """A setting the server cannot start with (the message says how to fix it)."""


@dataclass(frozen=True)
class Limits:
    max_request_bytes: int = 50 * 1024 * 1024  # a whole post, files included (413 beyond)
    max_fields: int = 2000  # inputs in one post
    posts_per_minute: int = 60  # per client address, for every POST (429 beyond)
    burst: int = 20  # posts a client may make at once before the rate applies


@dataclass(frozen=True)
class CounterAuth:
    """How employees prove who they are for ``/counter/…``.

    ``header``: the name of a header the municipality's reverse proxy (SSO) sets
    to the employee's identity and strips from every client request — trusted
    only from the addresses in ``trusted_proxies``. ``password_file``: lines
    ``user:argon2-hash`` (``formc serve hash-password`` prints one) for local
    use, checked with HTTP Basic authentication. Neither set: counter mode is off.
    """

    header: str | None = None
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    password_file: Path | None = None

    @property
    def enabled(self) -> bool:
        return self.header is not None or self.password_file is not None


@dataclass(frozen=True)
class ServerConfig:
    root_path: str = ""
    limits: Limits = Limits()
    counter: CounterAuth = CounterAuth()
    reference_format: str = DEFAULT_FORMAT
    draft_expiry: datetime.timedelta = datetime.timedelta(days=30)
    virus_scanner: str | Callable[[bytes, str], str | None] | None = None  # see formc.server.scanner
    worker: bool = True  # run the background jobs in a thread of this process
    secure_cookies: bool | None = None  # None: when the request came over https
    extra: dict[str, str] = field(default_factory=dict)


def load_secret(store_is_sqlite: bool, beside: Path | None) -> bytes:
    """The signing key, from the environment, a file, or (SQLite only) a key file made once beside the store."""
    value = os.environ.get(SECRET_ENV)
    source = SECRET_ENV
    if not value and os.environ.get(SECRET_FILE_ENV):
        path = Path(os.environ[SECRET_FILE_ENV])
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"cannot read {SECRET_FILE_ENV} ({path}): {exc.strerror}") from None
        source = str(path)
    if value:
        if len(value) < MIN_SECRET_LENGTH:
            raise ConfigError(f"the secret key from {source} is too short: use at least {MIN_SECRET_LENGTH} random "
                              "characters, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`")
        return value.encode()
    if not store_is_sqlite or beside is None:
        raise ConfigError(f"set {SECRET_ENV} or {SECRET_FILE_ENV}: instances sharing a PostgreSQL store must share "
                          "one secret key (see docs/serve.md)")
    path = beside / ".formc-secret"
    if not path.is_file():  # written whole under a temporary name, then linked: two instances starting agree on one key
        beside.mkdir(parents=True, exist_ok=True)
        temp = beside / f".formc-secret.{secrets.token_hex(8)}"
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    return path.read_text(encoding="utf-8").strip().encode()
