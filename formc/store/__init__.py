"""The intake store: submissions, their files, drafts, kept uploads, references and jobs, in SQLite or PostgreSQL.

``Store(url, project_root)`` opens a store; the modules hold one job each:
:mod:`~formc.store.tables` (the schema), :mod:`~formc.store.engine`
(connecting), :mod:`~formc.store.migrate` (Alembic), :mod:`~formc.store.submissions`,
:mod:`~formc.store.references`, :mod:`~formc.store.uploads`,
:mod:`~formc.store.drafts`, :mod:`~formc.store.artifacts`, :mod:`~formc.store.definitions` (the form
definitions submissions answered), :mod:`~formc.store.ratelimits` (post rate limits shared by instances).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import sqlalchemy as sa

from formc.store import artifacts, drafts, migrate, ratelimits, submissions, uploads
from formc.store.engine import DEFAULT_URL, StoreURLError, create_engine
from formc.store.records import FileData, NewSubmission, Submission
from formc.store.references import DEFAULT_FORMAT, check_format

__all__ = ["DEFAULT_URL", "FileData", "NewSubmission", "Store", "StoreURLError", "Submission"]


class Store:
    """One store (a database URL), with the operations the server, the worker and the CLI need."""

    def __init__(self, url: str = DEFAULT_URL, project_root: Path | None = None, timezone: str = "Europe/Oslo",
                 reference_format: str = DEFAULT_FORMAT, pool_size: int = 10):
        self.url = url
        self.engine: sa.Engine = create_engine(url, project_root, pool_size)
        self.timezone = timezone
        self.reference_format = check_format(reference_format)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def upgrade(self) -> tuple[str | None, str | None]:
        """Migrate the schema to the newest revision (``formc db upgrade``)."""
        return migrate.upgrade(self.engine)

    def is_current(self) -> bool:
        return migrate.current(self.engine) == migrate.head()

    def ping(self) -> bool:
        """True when the database answers and has the newest schema (``/readyz``)."""
        try:
            return self.is_current()
        except sa.exc.SQLAlchemyError:
            return False

    def submit(self, new: NewSubmission, received: datetime.datetime | None = None) -> tuple[Submission, bool]:
        return submissions.store(self.engine, new, self.timezone, self.reference_format, received)

    def get(self, reference: str, with_content: bool = True) -> Submission | None:
        return submissions.get(self.engine, reference, with_content)

    def list(self, form_id: str | None = None, limit: int | None = None) -> list[Submission]:
        return submissions.listing(self.engine, form_id, limit=limit)

    def keep_upload(self, form_id: str, file: FileData) -> str:
        return uploads.keep(self.engine, form_id, file)

    def kept_uploads(self, form_id: str, tokens: list[str]) -> dict[str, FileData]:
        return uploads.fetch(self.engine, form_id, tokens)

    def save_draft(self, form_id: str, version: str, language: str, data: dict, upload_tokens: tuple[str, ...],
                   expiry: datetime.timedelta = drafts.DEFAULT_EXPIRY) -> tuple[str, datetime.datetime]:
        return drafts.save(self.engine, form_id, version, language, data, upload_tokens, expiry)

    def load_draft(self, form_id: str, token: str) -> drafts.Draft | None:
        return drafts.load(self.engine, form_id, token)

    def artifacts(self, submission_id: str, kind: str, name: str | None = None) -> list[artifacts.Artifact]:
        return artifacts.get(self.engine, submission_id, kind, name)

    def expire(self) -> tuple[int, int]:
        """Remove expired kept uploads and drafts (how many of each), and idle shared rate-limit buckets."""
        ratelimits.expire(self.engine)
        return uploads.expire(self.engine), drafts.expire(self.engine)

    def close(self) -> None:
        self.engine.dispose()
