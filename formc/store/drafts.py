"""Saved drafts: a half-filled form under an unguessable resume token, pinned to the form version it was saved on.

Only the token's SHA-256 is stored, so the table alone cannot resume anyone's
draft. Drafts expire (``expires_at``; 30 days unless configured) and
:func:`expire` removes them.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from formc.store import uploads as kept
from formc.store.engine import reading
from formc.store.tables import drafts

DEFAULT_EXPIRY = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Draft:
    form_id: str
    form_version: str
    language: str
    data: dict[str, Any]
    uploads: tuple[str, ...]
    expires_at: datetime.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def save(engine: sa.Engine, form_id: str, form_version: str, language: str, data: dict[str, Any],
         upload_tokens: tuple[str, ...] = (), expiry: datetime.timedelta = DEFAULT_EXPIRY) -> tuple[str, datetime.datetime]:
    """Save a draft; its resume token (shown once, never stored) and when it expires."""
    token = secrets.token_urlsafe(32)
    moment = _now()
    with engine.begin() as connection:
        connection.execute(drafts.insert().values(
            token_hash=_hash(token), form_id=form_id, form_version=form_version, language=language, data=data,
            uploads=list(upload_tokens), created_at=moment, expires_at=moment + expiry))
        kept.extend(connection, upload_tokens, moment + expiry)
    return token, moment + expiry


def load(engine: sa.Engine, form_id: str, token: str) -> Draft | None:
    """The unexpired draft of ``form_id`` saved under ``token``; None otherwise."""
    if not token or len(token) > 100:
        return None
    with reading(engine) as connection:
        row = connection.execute(sa.select(drafts).where(drafts.c.token_hash == _hash(token), drafts.c.form_id == form_id)).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=datetime.timezone.utc)
    if expires <= _now():
        return None
    return Draft(row.form_id, row.form_version, row.language, row.data, tuple(row.uploads or ()), expires)


def delete(connection: sa.Connection, token: str) -> None:
    connection.execute(drafts.delete().where(drafts.c.token_hash == _hash(token)))


def expire(engine: sa.Engine) -> int:
    with engine.begin() as connection:
        return connection.execute(drafts.delete().where(drafts.c.expires_at <= _now())).rowcount
