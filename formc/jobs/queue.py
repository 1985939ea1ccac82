"""The job queue: rows of the ``jobs`` table, claimed exactly once, retried with backoff, visible to operators.

A job is ``pending`` until a worker claims it (``running``, ``locked_by``),
then ``done``, or back to ``pending`` with ``run_after`` pushed back
(``last_error`` kept) until ``max_attempts`` is reached and it is ``failed``.
A worker that died holding a job leaves it ``running``; after
``STALE_AFTER`` another worker may claim it again. Claiming uses
``FOR UPDATE SKIP LOCKED`` on PostgreSQL so any number of workers on any
number of machines take different jobs; SQLite's ``BEGIN IMMEDIATE`` makes
the claim exclusive there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from formc.store.engine import reading
from formc.store.tables import jobs

STALE_AFTER = datetime.timedelta(minutes=10)
DEFAULT_MAX_ATTEMPTS = 5


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    submission_id: str | None
    payload: dict[str, Any]
    state: str
    attempts: int
    max_attempts: int
    run_after: datetime.datetime
    last_error: str | None
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @classmethod
    def from_row(cls, row: Any) -> "Job":
        return cls(row.id, row.kind, row.submission_id, row.payload or {}, row.state, row.attempts, row.max_attempts,
                   _aware(row.run_after), row.last_error, _aware(row.created_at), _aware(row.finished_at))

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "attempts": self.attempts,
                "max_attempts": self.max_attempts, "last_error": self.last_error,
                "created": self.created_at.isoformat(), "run_after": self.run_after.isoformat(),
                "finished": self.finished_at.isoformat() if self.finished_at else None}


def enqueue(connection: sa.Connection, kind: str, submission_id: str | None = None, payload: dict[str, Any] | None = None,
            max_attempts: int = DEFAULT_MAX_ATTEMPTS, run_after: datetime.datetime | None = None) -> None:
    """Add a job in the caller's transaction (so it exists exactly when what it works on does)."""
    moment = now()
    connection.execute(jobs.insert().values(
        kind=kind, submission_id=submission_id, payload=payload or {}, state="pending", attempts=0,
        max_attempts=max_attempts, run_after=run_after or moment, created_at=moment))


def claim(engine: sa.Engine, worker: str, kinds: tuple[str, ...] | None = None) -> Job | None:
    """Take the oldest due job (or one whose worker vanished) for ``worker``; None when there is none."""
    moment = now()
    due = sa.or_(sa.and_(jobs.c.state == "pending", jobs.c.run_after <= moment),
                 sa.and_(jobs.c.state == "running", jobs.c.locked_at < moment - STALE_AFTER))
    query = sa.select(jobs.c.id).where(due).order_by(jobs.c.run_after, jobs.c.id).limit(1)
    if kinds:
        query = query.where(jobs.c.kind.in_(kinds))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job_id = connection.execute(query).scalar()
        if job_id is None:
            return None
        connection.execute(jobs.update().where(jobs.c.id == job_id).values(
            state="running", locked_by=worker, locked_at=moment, attempts=jobs.c.attempts + 1))
        row = connection.execute(sa.select(jobs).where(jobs.c.id == job_id)).one()
    return Job.from_row(row)


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait before attempt ``attempts + 1``: 10 s, 40 s, 2.7 min, 10.7 min, … capped at an hour."""
    return datetime.timedelta(seconds=min(10 * 4 ** (attempts - 1), 3600))


def finish(engine: sa.Engine, job: Job, worker: str) -> None:
    with engine.begin() as connection:
        connection.execute(jobs.update().where(jobs.c.id == job.id, jobs.c.locked_by == worker).values(
            state="done", finished_at=now(), locked_by=None, locked_at=None, last_error=None))


def fail(engine: sa.Engine, job: Job, worker: str, error: str, retry_after: datetime.timedelta | None = None,
         permanent: bool = False) -> str:
    """Record a failed attempt: retried later (after ``retry_after``, or the backoff), or ``failed`` after the last
    attempt or when ``permanent``; the new state."""
    final = permanent or job.attempts >= job.max_attempts
    values: dict[str, Any] = {"locked_by": None, "locked_at": None, "last_error": error[:4000]}
    if final:
        values.update(state="failed", finished_at=now())
    else:
        values.update(state="pending", run_after=now() + (retry_after if retry_after is not None else backoff(job.attempts)))
    with engine.begin() as connection:
        connection.execute(jobs.update().where(jobs.c.id == job.id, jobs.c.locked_by == worker).values(**values))
    return values["state"]


def enqueue_once(connection: sa.Connection, kind: str, submission_id: str, payload: dict[str, Any] | None = None,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS, run_after: datetime.datetime | None = None) -> bool:
    """Add the ``kind`` job of a submission unless it exists (in the caller's transaction); True when added."""
    exists = connection.execute(sa.select(jobs.c.id).where(jobs.c.kind == kind, jobs.c.submission_id == submission_id)).first()
    if exists is not None:
        return False
    enqueue(connection, kind, submission_id, payload, max_attempts, run_after)
    return True


def reschedule(engine: sa.Engine, kind: str, submission_id: str, run_after: datetime.datetime | None = None) -> bool:
    """Run a submission's finished or waiting ``kind`` job again at ``run_after`` (now); False if it is running or absent."""
    with engine.begin() as connection:
        result = connection.execute(jobs.update().where(
            jobs.c.kind == kind, jobs.c.submission_id == submission_id, jobs.c.state.in_(("done", "pending", "failed")))
            .values(state="pending", run_after=run_after or now(), finished_at=None, locked_by=None, locked_at=None))
    return result.rowcount == 1


def retry(engine: sa.Engine, job_id: int) -> bool:
    """Give a failed job another round of attempts now (an operator's command); False if there is no such failed job."""
    with engine.begin() as connection:
        result = connection.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.state == "failed").values(
            state="pending", attempts=0, run_after=now(), finished_at=None))
    return result.rowcount == 1


def listing(engine: sa.Engine, state: str | None = None, submission_id: str | None = None, limit: int = 1000) -> list[Job]:
    query = sa.select(jobs).order_by(jobs.c.id).limit(limit)
    if state:
        query = query.where(jobs.c.state == state)
    if submission_id:
        query = query.where(jobs.c.submission_id == submission_id)
    with reading(engine) as connection:
        return [Job.from_row(row) for row in connection.execute(query)]
