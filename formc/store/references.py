"""Human-readable references (``2026-000042``) from a counter row in the database, unique across instances.

The counter is incremented with one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` inside the transaction that stores the submission: the row lock
serialises instances on PostgreSQL (and SQLite's ``BEGIN IMMEDIATE`` does the
same), so no two submissions get one number and, since the increment commits
or rolls back with the submission, the numbers have no gaps.
"""

from __future__ import annotations

import datetime
import string

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from formc.store.tables import counters

DEFAULT_FORMAT = "{year}-{sequence:06d}"
_FIELDS = {"year", "sequence"}


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


def next_reference(connection: sa.Connection, local_day: datetime.date, fmt: str = DEFAULT_FORMAT) -> str:
    """The next reference for a submission received on ``local_day`` (the year's counter restarts at 1)."""
    name = f"reference:{local_day.year}" if "{year" in fmt else "reference"
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(counters).values(name=name, value=1)
    statement = statement.on_conflict_do_update(index_elements=[counters.c.name],
                                                set_={"value": counters.c.value + 1}).returning(counters.c.value)
    value = connection.execute(statement).scalar_one()
    return fmt.format(year=local_day.year, sequence=value)
