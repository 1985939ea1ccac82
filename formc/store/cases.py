"""The case lifecycle in the store: status events, the delivery outbox's state, letters and funnel counts.

Every write runs in one transaction; adding an event locks the submission's
row (``FOR UPDATE`` on PostgreSQL, SQLite's write lock otherwise), so two
caseworkers pushing at once cannot both close a case. Nothing here reads or
writes the submitted data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from formc.cases.events import NewEvent, check_new_event
from formc.cases.status import Event
from formc.store.engine import reading
from formc.store.tables import case_events, deliveries, funnel, letters, submissions


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.timezone.utc) if moment is not None and moment.tzinfo is None else moment


@dataclass(frozen=True)
class CaseRecord:
    """A stored case as the lifecycle sees it: no answers, only the facts about it."""

    submission_id: str
    reference: str
    form_id: str
    language: str
    channel: str
    received_at: dt.datetime
    deadline: dt.date | None
    events: tuple[Event, ...]

    @property
    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    @property
    def case_number(self) -> str | None:
        return next((e.case_number for e in reversed(self.events) if e.case_number), None)

    @property
    def closed(self) -> dt.datetime | None:
        return next((e.at for e in self.events if e.kind in ("decided", "withdrawn")), None)


def _events(connection: sa.Connection, submission_id: str) -> tuple[Event, ...]:
    rows = connection.execute(sa.select(case_events).where(case_events.c.submission_id == submission_id)
                              .order_by(case_events.c.at, case_events.c.id)).all()
    return tuple(Event(r.kind, _aware(r.at), r.text, r.case_number) for r in rows)  # type: ignore[arg-type]


def case(engine: sa.Engine, reference: str) -> CaseRecord | None:
    with reading(engine) as connection:
        row = connection.execute(sa.select(submissions.c.id, submissions.c.reference, submissions.c.form_id,
                                           submissions.c.language, submissions.c.channel, submissions.c.received_at,
                                           submissions.c.deadline)
                                 .where(submissions.c.reference == reference)).first()
        if row is None:
            return None
        return CaseRecord(row.id, row.reference, row.form_id, row.language, row.channel, _aware(row.received_at),
                          row.deadline, _events(connection, row.id))  # type: ignore[arg-type]


def add_event(engine: sa.Engine, reference: str, event: NewEvent, actor: str, at: dt.datetime | None = None,
              pushed: bool = True) -> CaseRecord:
    """Add ``event`` to the case ``reference`` (raises ``LookupError`` for an unknown case, ``EventError`` when refused)."""
    moment = (at or now()).astimezone(dt.timezone.utc)  # UTC: SQLite drops offsets
    with engine.begin() as connection:
        query = sa.select(submissions.c.id).where(submissions.c.reference == reference)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        submission_id = connection.execute(query).scalar()
        if submission_id is None:
            raise LookupError(reference)
        check_new_event(event, [e.kind for e in _events(connection, submission_id)], pushed)
        connection.execute(case_events.insert().values(submission_id=submission_id, kind=event.kind, at=moment,
                                                       text=event.text, case_number=event.case_number, actor=actor))
    found = case(engine, reference)
    assert found is not None
    return found


def open_cases(engine: sa.Engine) -> list[CaseRecord]:
    """Every case not decided or withdrawn, oldest first."""
    closed = sa.select(case_events.c.submission_id).where(case_events.c.kind.in_(("decided", "withdrawn")))
    with reading(engine) as connection:
        rows = connection.execute(sa.select(submissions.c.id, submissions.c.reference, submissions.c.form_id,
                                            submissions.c.language, submissions.c.channel, submissions.c.received_at,
                                            submissions.c.deadline)
                                  .where(submissions.c.id.not_in(closed)).order_by(submissions.c.received_at)).all()
        return [CaseRecord(r.id, r.reference, r.form_id, r.language, r.channel, _aware(r.received_at), r.deadline,
                           _events(connection, r.id)) for r in rows]  # type: ignore[arg-type]


def overdue(engine: sa.Engine, today: dt.date) -> list[CaseRecord]:
    """Open cases whose deadline is before ``today`` (operators' list)."""
    return [c for c in open_cases(engine) if c.deadline is not None and c.deadline < today]


# The delivery outbox's state.

@dataclass(frozen=True)
class Delivery:
    submission_id: str
    package: str
    target: str
    state: str
    attempts: int
    message_id: str | None
    sent_at: dt.datetime | None
    case_number: str | None
    journal_number: str | None
    reason: str | None

    @classmethod
    def from_row(cls, row: Any) -> "Delivery":
        return cls(row.submission_id, row.package, row.target, row.state, row.attempts, row.message_id,
                   _aware(row.sent_at), row.case_number, row.journal_number, row.reason)


def start_delivery(connection: sa.Connection, submission_id: str, package: str, target: str) -> None:
    """Record a package as ``pending`` for delivery (in the caller's transaction); nothing if it is recorded already."""
    exists = connection.execute(sa.select(deliveries.c.state).where(
        deliveries.c.submission_id == submission_id, deliveries.c.package == package)).first()
    if exists is None:
        connection.execute(deliveries.insert().values(submission_id=submission_id, package=package, target=target,
                                                      state="pending", attempts=0, updated_at=now()))


def delivery(engine: sa.Engine, submission_id: str, package: str) -> Delivery | None:
    with reading(engine) as connection:
        row = connection.execute(sa.select(deliveries).where(deliveries.c.submission_id == submission_id,
                                                             deliveries.c.package == package)).first()
    return Delivery.from_row(row) if row is not None else None


def _update(connection: sa.Connection, submission_id: str, package: str, **values: Any) -> int:
    return connection.execute(deliveries.update().where(
        deliveries.c.submission_id == submission_id, deliveries.c.package == package).values(
        updated_at=now(), **values)).rowcount


def attempt(engine: sa.Engine, submission_id: str, package: str) -> None:
    with engine.begin() as connection:
        _update(connection, submission_id, package, attempts=deliveries.c.attempts + 1)


def mark_sent(engine: sa.Engine, submission_id: str, package: str, message_id: str) -> None:
    with engine.begin() as connection:
        connection.execute(deliveries.update().where(
            deliveries.c.submission_id == submission_id, deliveries.c.package == package,
            deliveries.c.state != "delivered").values(state="sent", message_id=message_id, sent_at=now(),
                                                      reason=None, updated_at=now()))


def mark_pending(engine: sa.Engine, submission_id: str, package: str, reason: str) -> None:
    with engine.begin() as connection:
        connection.execute(deliveries.update().where(
            deliveries.c.submission_id == submission_id, deliveries.c.package == package,
            deliveries.c.state != "delivered").values(state="pending", reason=reason[:2000], updated_at=now()))


def mark_failed(engine: sa.Engine, submission_id: str, package: str, reason: str) -> None:
    with engine.begin() as connection:
        connection.execute(deliveries.update().where(
            deliveries.c.submission_id == submission_id, deliveries.c.package == package,
            deliveries.c.state != "delivered").values(state="failed", reason=reason[:2000], updated_at=now()))


def mark_delivered(engine: sa.Engine, submission_id: str, package: str, case_number: str | None,
                   journal_number: str | None) -> bool:
    """Record the archive's receipt once; True the first time (an ``archived`` event is added with the case number)."""
    moment = now()
    with engine.begin() as connection:
        changed = connection.execute(deliveries.update().where(
            deliveries.c.submission_id == submission_id, deliveries.c.package == package,
            deliveries.c.state != "delivered").values(
            state="delivered", delivered_at=moment, case_number=case_number, journal_number=journal_number,
            reason=None, updated_at=moment)).rowcount
        if changed and package == "archive" and case_number:
            connection.execute(case_events.insert().values(submission_id=submission_id, kind="archived", at=moment,
                                                           case_number=case_number, actor="archive"))
    return bool(changed)


def by_message(engine: sa.Engine, message_id: str) -> Delivery | None:
    with reading(engine) as connection:
        row = connection.execute(sa.select(deliveries).where(deliveries.c.message_id == message_id)).first()
    return Delivery.from_row(row) if row is not None else None


def unconfirmed(engine: sa.Engine, sent_before: dt.datetime) -> list[Delivery]:
    """Packages sent before ``sent_before`` whose receipt has not come (candidates for a resend)."""
    with reading(engine) as connection:
        rows = connection.execute(sa.select(deliveries).where(deliveries.c.state == "sent",
                                                              deliveries.c.sent_at < sent_before)).all()
    return [Delivery.from_row(r) for r in rows]


def deliveries_listing(engine: sa.Engine, state: str | None = None) -> list[Delivery]:
    query = sa.select(deliveries).order_by(deliveries.c.updated_at)
    if state:
        query = query.where(deliveries.c.state == state)
    with reading(engine) as connection:
        return [Delivery.from_row(r) for r in connection.execute(query)]


# Letters.

def record_letter(connection: sa.Connection, submission_id: str, kind: str, expected: dt.date | None,
                  at: dt.datetime) -> bool:
    """Record a letter (in the caller's transaction); False when this kind was sent on the case already."""
    exists = connection.execute(sa.select(letters.c.kind).where(letters.c.submission_id == submission_id,
                                                                letters.c.kind == kind)).first()
    if exists is not None:
        return False
    connection.execute(letters.insert().values(submission_id=submission_id, kind=kind, created_at=at,
                                               expected=expected))
    return True


def letter_notified(engine: sa.Engine, submission_id: str, kind: str) -> bool:
    with reading(engine) as connection:
        row = connection.execute(sa.select(letters.c.notified_at, letters.c.notice).where(
            letters.c.submission_id == submission_id, letters.c.kind == kind)).first()
    return row is not None and (row.notified_at is not None or row.notice is not None)


def mark_notified(engine: sa.Engine, submission_id: str, kind: str, notice: str | None = None) -> None:
    """The letter was e-mailed (``notice`` None), or could not be and why."""
    with engine.begin() as connection:
        connection.execute(letters.update().where(letters.c.submission_id == submission_id, letters.c.kind == kind)
                           .values(notified_at=None if notice else now(), notice=notice))



# The funnel's anonymous counts.

def count(engine: sa.Engine, form_id: str, language: str, day: dt.date, what: str) -> None:
    """Add one to the day's ``starts`` or ``drafts`` of a form and language."""
    assert what in ("starts", "drafts")
    with engine.begin() as connection:
        key = (funnel.c.form_id == form_id) & (funnel.c.language == language) & (funnel.c.day == day)
        if connection.execute(funnel.update().where(key).values({what: getattr(funnel.c, what) + 1})).rowcount == 0:
            try:
                with connection.begin_nested():
                    connection.execute(funnel.insert().values(form_id=form_id, language=language, day=day,
                                                              starts=int(what == "starts"), drafts=int(what == "drafts")))
            except sa.exc.IntegrityError:  # another request created the row first
                connection.execute(funnel.update().where(key).values({what: getattr(funnel.c, what) + 1}))



def has_letter(engine: sa.Engine, submission_id: str, kind: str) -> bool:
    with reading(engine) as connection:
        return connection.execute(sa.select(letters.c.kind).where(letters.c.submission_id == submission_id,
                                                                  letters.c.kind == kind)).first() is not None


def open_without_job(engine: sa.Engine, kind: str) -> list[tuple[str, str, dt.datetime]]:
    """(submission id, form id, received) of open cases that have no ``kind`` job yet."""
    from formc.store.tables import jobs

    closed = sa.select(case_events.c.submission_id).where(case_events.c.kind.in_(("decided", "withdrawn")))
    queued = sa.select(jobs.c.submission_id).where(jobs.c.kind == kind, jobs.c.submission_id.is_not(None))
    with reading(engine) as connection:
        rows = connection.execute(sa.select(submissions.c.id, submissions.c.form_id, submissions.c.received_at)
                                  .where(submissions.c.id.not_in(closed), submissions.c.id.not_in(queued))).all()
    return [(r.id, r.form_id, _aware(r.received_at)) for r in rows]  # type: ignore[misc]
