"""What background jobs make from a stored submission (the receipt PDF, the archive package's files)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

import sqlalchemy as sa

from formc.store.engine import reading
from formc.store.tables import artifacts


@dataclass(frozen=True)
class Artifact:
    kind: str
    name: str
    media_type: str
    sha256: str
    content: bytes = field(repr=False)


def put(connection: sa.Connection, submission_id: str, kind: str, items: dict[str, tuple[str, bytes]]) -> None:
    """Replace the ``kind`` artifacts of a submission with ``items`` (name → (media type, bytes)), in the caller's transaction."""
    connection.execute(artifacts.delete().where(artifacts.c.submission_id == submission_id, artifacts.c.kind == kind))
    moment = datetime.datetime.now(datetime.timezone.utc)
    connection.execute(artifacts.insert(), [
        {"submission_id": submission_id, "kind": kind, "name": name, "media_type": media, "content": body,
         "sha256": hashlib.sha256(body).hexdigest(), "created_at": moment} for name, (media, body) in sorted(items.items())])


def get(engine: sa.Engine, submission_id: str, kind: str, name: str | None = None) -> list[Artifact]:
    query = sa.select(artifacts).where(artifacts.c.submission_id == submission_id, artifacts.c.kind == kind)
    if name is not None:
        query = query.where(artifacts.c.name == name)
    with reading(engine) as connection:
        rows = connection.execute(query.order_by(artifacts.c.name)).all()
    return [Artifact(r.kind, r.name, r.media_type, r.sha256, r.content) for r in rows]


def exists(engine: sa.Engine, submission_id: str, kind: str) -> bool:
    with reading(engine) as connection:
        return connection.execute(sa.select(sa.func.count()).where(
            artifacts.c.submission_id == submission_id, artifacts.c.kind == kind)).scalar_one() > 0
