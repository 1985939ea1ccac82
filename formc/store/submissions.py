"""Storing a submission durably (data, envelope, files, reference, its jobs: one transaction) and reading it back.

:func:`store` commits everything about one submission at once, then returns:
the server acknowledges only after that, so nothing acknowledged is lost and
nothing is acknowledged that was not stored. An idempotency key (the form's
token, or the API's ``Idempotency-Key``) is unique in the table: a retried
post returns the submission stored the first time instead of a second one,
also when both attempts race on two instances.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any, Iterable

import sqlalchemy as sa

from formc import calendar
from formc.jobs import queue
from formc.periods import Period
from formc.store import uploads
from formc.store.engine import reading
from formc.store.records import FileData, NewSubmission, Submission
from formc.store.references import DEFAULT_FORMAT, next_reference, prepare
from formc.store.tables import case_events, files, submissions

AFTER_SUBMISSION_JOBS = ("receipt", "archive")  # what formc.jobs.handlers makes of every stored submission


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.timezone.utc)


def _by_key(connection: sa.Connection, key: str) -> str | None:
    return connection.execute(sa.select(submissions.c.reference).where(submissions.c.idempotency_key == key)).scalar()


def store(engine: sa.Engine, new: NewSubmission, timezone: str = "Europe/Oslo", reference_format: str = DEFAULT_FORMAT,
          received: datetime.datetime | None = None) -> tuple[Submission, bool]:
    """Store ``new`` (already validated); the stored submission and whether it is new (False: a retry of one stored)."""
    if new.idempotency_key is not None:
        with reading(engine) as connection:
            existing = _by_key(connection, new.idempotency_key)
        if existing is not None:
            found = get(engine, existing)
            assert found is not None
            return found, False
    # in UTC: SQLite keeps a time's wall clock without its offset, and reads it back as UTC
    moment = (received or datetime.datetime.now(datetime.timezone.utc)).astimezone(datetime.timezone.utc)
    local_day = moment.astimezone(zoneinfo.ZoneInfo(timezone)).date()
    deadline = (calendar.deadline(moment, Period.parse(new.processing_time), new.country, timezone)
                if new.processing_time else None)
    submission_id = str(uuid.uuid4())
    prepare(engine, local_day, reference_format)
    envelope = {"form": new.form_id, "version": new.form_version, "language": new.language, "channel": new.channel,
                "submitted_at": moment.isoformat(), **new.envelope_extra}
    try:
        with engine.begin() as connection:
            if new.idempotency_key is not None and connection.dialect.name == "sqlite":
                existing = _by_key(connection, new.idempotency_key)  # under the write lock: a racing retry is visible
                if existing is not None:
                    raise _Duplicate(existing)
            reference = next_reference(connection, local_day, reference_format)
            connection.execute(submissions.insert().values(
                id=submission_id, reference=reference, form_id=new.form_id, form_version=new.form_version,
                language=new.language, channel=new.channel, received_at=moment, data=new.data, envelope=envelope,
                registered_by=new.registered_by, idempotency_key=new.idempotency_key, deadline=deadline,
                definition=new.definition))
            connection.execute(case_events.insert().values(submission_id=submission_id, kind="received", at=moment,
                                                           actor="system"))
            if new.files:
                connection.execute(files.insert(), [
                    {"submission_id": submission_id, "field": f.field, "filename": f.filename, "media_type": f.media_type,
                     "size": f.size, "sha256": f.sha256, "content": f.content} for f in new.files])
            uploads.forget(connection, new.upload_tokens)
            for kind in AFTER_SUBMISSION_JOBS:
                queue.enqueue(connection, kind, submission_id)
    except (_Duplicate, sa.exc.IntegrityError) as exc:
        if new.idempotency_key is None:
            raise
        with reading(engine) as connection:
            existing = exc.reference if isinstance(exc, _Duplicate) else _by_key(connection, new.idempotency_key)
        if existing is None:
            raise
        found = get(engine, existing)
        assert found is not None
        return found, False
    return Submission(submission_id, reference, new.form_id, new.form_version, new.language, new.channel, moment,
                      new.data, envelope, new.registered_by, new.files, new.definition), True


class _Duplicate(Exception):
    def __init__(self, reference: str):
        super().__init__(reference)
        self.reference = reference


def _from_row(row: Any, stored_files: Iterable[Any] = ()) -> Submission:
    return Submission(row.id, row.reference, row.form_id, row.form_version, row.language, row.channel,
                      _aware(row.received_at), row.data, row.envelope, row.registered_by,
                      tuple(FileData(f.field, f.filename, f.media_type, f.size, f.sha256, f.content) for f in stored_files),
                      row.definition)


def get(engine: sa.Engine, reference: str, with_content: bool = True) -> Submission | None:
    """The submission with ``reference``, with its files (their bytes too unless ``with_content`` is False)."""
    with reading(engine) as connection:
        row = connection.execute(sa.select(submissions).where(submissions.c.reference == reference)).first()
        if row is None:
            return None
        columns = [files.c.field, files.c.filename, files.c.media_type, files.c.size, files.c.sha256,
                   files.c.content if with_content else sa.literal(b"").label("content")]
        stored = connection.execute(sa.select(*columns).where(files.c.submission_id == row.id).order_by(files.c.id)).all()
    return _from_row(row, stored)


def get_by_id(engine: sa.Engine, submission_id: str) -> Submission | None:
    with reading(engine) as connection:
        reference = connection.execute(sa.select(submissions.c.reference).where(submissions.c.id == submission_id)).scalar()
    return get(engine, reference) if reference is not None else None


def listing(engine: sa.Engine, form_id: str | None = None, since: datetime.datetime | None = None,
            limit: int | None = None) -> list[Submission]:
    """Submissions in the order received (files counted, contents not read)."""
    query = sa.select(submissions).order_by(submissions.c.received_at, submissions.c.reference)
    if form_id:
        query = query.where(submissions.c.form_id == form_id)
    if since:
        query = query.where(submissions.c.received_at >= since)
    if limit:
        query = query.limit(limit)
    with reading(engine) as connection:
        rows = connection.execute(query).all()
        counts = dict(connection.execute(sa.select(files.c.submission_id, sa.func.count()).group_by(files.c.submission_id)).all())
    placeholder = FileData("", "", "", 0, "", b"")
    return [_from_row(row, [placeholder] * counts.get(row.id, 0)) for row in rows]
