"""Human-readable references (``2026-000042``), unique across instances, from the database.

PostgreSQL: a database sequence per year (``formc_reference_2026``, made on
first use), drawn with ``nextval`` — no lock is held, so concurrent
submissions on any number of instances commit in parallel (and PostgreSQL
flushes their commits together). A transaction that rolls back leaves its
number unused, so a crash can leave a gap; numbers are never reused.

SQLite: a counter row incremented with ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` in the transaction that stores the submission; SQLite has one
writer at a time anyway, and the numbers have no gaps.
"""

from __future__ import annotations

import datetime
import string
import threading

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from formc.store.tables import counters

DEFAULT_FORMAT = "{year}-{sequence:06d}"
_FIELDS = {"year", "sequence"}
_known_sequences: set[tuple[str, str]] = set()  # (database URL, sequence) made or seen by this process
_lock = threading.Lock()


def check_format(text: str) -> str:
    """``text`` if it is a usable reference format; ValueError saying why not."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ValueError(f"reference format `{text}` is not a format string: {exc}") from None
    if "sequence" not in names:
        raise ValueError(f"reference format `{text}` needs {{sequence}} (e.g. {DEFAULT_FORMAT})")
    if names - _FIELDS:
        raise ValueError(f"reference format `{text}` may use only {{year}} and {{sequence}}")
    sample = text.format(year=2026, sequence=1)
    if not sample or any(c in sample for c in "/?#%\\ ") or len(sample) > 40:
        raise ValueError(f"reference format `{text}` gives `{sample}`, which cannot be part of a URL path")
    return text


def _scope(local_day: datetime.date, fmt: str) -> str:
    return str(local_day.year) if "{year" in fmt else "all"


def prepare(engine: sa.Engine, local_day: datetime.date, fmt: str = DEFAULT_FORMAT) -> None:
    """Make sure the sequence for ``local_day`` exists (PostgreSQL; outside the submission's transaction)."""
    if engine.dialect.name != "postgresql":
        return
    name = f"formc_reference_{_scope(local_day, fmt)}"
    key = (str(engine.url), name)
    if key in _known_sequences:
        return
    with _lock:
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text(f"CREATE SEQUENCE IF NOT EXISTS {name} AS bigint START 1"))
        except sa.exc.IntegrityError:
            pass  # another instance made it at the same moment
        _known_sequences.add(key)


def next_reference(connection: sa.Connection, local_day: datetime.date, fmt: str = DEFAULT_FORMAT) -> str:
    """The next reference for a submission received on ``local_day`` (numbering restarts each year with ``{year}``)."""
    scope = _scope(local_day, fmt)
    if connection.dialect.name == "postgresql":
        value = connection.execute(sa.text(f"SELECT nextval('formc_reference_{scope}')")).scalar_one()
    else:
        statement = sqlite.insert(counters).values(name=f"reference:{scope}", value=1)
        statement = statement.on_conflict_do_update(index_elements=[counters.c.name],
                                                    set_={"value": counters.c.value + 1}).returning(counters.c.value)
        value = connection.execute(statement).scalar_one()
    return fmt.format(year=local_day.year, sequence=value)
