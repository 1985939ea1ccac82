"""Files received with a post that was not valid yet: kept under an unguessable token for the next attempt.

The re-rendered form carries the tokens (never the bytes); the next post names
them, and a valid submission takes the files over. A kept upload expires after
a day, or with the draft it was saved in (:func:`extend`); :func:`expire`
removes expired ones.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Iterable

import sqlalchemy as sa

from formc.store.engine import reading
from formc.store.records import FileData
from formc.store.tables import uploads

KEEP_FOR = datetime.timedelta(days=1)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def keep(engine: sa.Engine, form_id: str, file: FileData) -> str:
    """Keep ``file``; the token that names it."""
    token = secrets.token_urlsafe(24)
    with engine.begin() as connection:
        connection.execute(uploads.insert().values(
            token=token, form_id=form_id, field=file.field, filename=file.filename, media_type=file.media_type,
            size=file.size, sha256=file.sha256, content=file.content, expires_at=_now() + KEEP_FOR))
    return token


def fetch(engine: sa.Engine, form_id: str, tokens: Iterable[str]) -> dict[str, FileData]:
    """The kept files of ``form_id`` named by ``tokens`` (unknown or expired tokens are left out)."""
    wanted = [t for t in dict.fromkeys(tokens) if isinstance(t, str) and 0 < len(t) <= 64]
    if not wanted:
        return {}
    with reading(engine) as connection:
        rows = connection.execute(sa.select(uploads).where(
            uploads.c.token.in_(wanted), uploads.c.form_id == form_id, uploads.c.expires_at > _now())).all()
    return {row.token: FileData(row.field, row.filename, row.media_type, row.size, row.sha256, row.content) for row in rows}


def extend(connection: sa.Connection, tokens: Iterable[str], until: datetime.datetime) -> None:
    """Keep the uploads named by ``tokens`` at least ``until`` (a saved draft's expiry)."""
    tokens = list(tokens)
    if tokens:
        connection.execute(uploads.update().where(uploads.c.token.in_(tokens), uploads.c.expires_at < until)
                           .values(expires_at=until))


def forget(connection: sa.Connection, tokens: Iterable[str]) -> None:
    tokens = list(tokens)
    if tokens:
        connection.execute(uploads.delete().where(uploads.c.token.in_(tokens)))


def expire(engine: sa.Engine) -> int:
    """Remove expired kept uploads; how many."""
    with engine.begin() as connection:
        return connection.execute(uploads.delete().where(uploads.c.expires_at <= _now())).rowcount
