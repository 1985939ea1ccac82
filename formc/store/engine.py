"""Connecting to the store: SQLite (the embedded default, in WAL mode) or PostgreSQL through psycopg 3.

``sqlite:///formc.db`` is relative to the project folder; ``postgresql://`` and
``postgres://`` URLs are read as ``postgresql+psycopg://``. SQLite connections
run with ``journal_mode=WAL``, ``synchronous=FULL`` (a commit survives a power
cut), foreign keys on and a busy timeout, and every transaction starts with
``BEGIN IMMEDIATE`` so that two processes writing at once wait for each other
instead of failing half-way (connections from :func:`reading` start a plain
``BEGIN`` and do not block writers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_URL = "sqlite:///formc.db"


class StoreURLError(ValueError):
    """A store URL formc cannot use."""


def normalise_url(url: str, project_root: Path | None = None) -> sa.URL:
    """The SQLAlchemy URL for ``url``: relative SQLite paths resolved against the project, psycopg 3 for PostgreSQL."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise StoreURLError(f"`{url}` is not a database URL (e.g. sqlite:///formc.db or "
                            "postgresql+psycopg://user@host/dbname)") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise StoreURLError("an in-memory SQLite store loses every submission when the server stops; "
                                "name a file, e.g. sqlite:///formc.db")
        path = Path(database)
        if not path.is_absolute() and project_root is not None:
            path = project_root / path
        return parsed.set(drivername="sqlite+pysqlite", database=str(path))
    raise StoreURLError(f"`{parsed.drivername}` is not supported: use sqlite:///FILE or postgresql+psycopg://…")


def is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str, project_root: Path | None = None, pool_size: int = 10) -> sa.Engine:
    """An engine for the store at ``url`` (see the module docstring for what is set on SQLite)."""
    parsed = normalise_url(url, project_root)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database or "").parent.mkdir(parents=True, exist_ok=True)
        # One connection per process: SQLite has one writer at a time anyway, and threads queueing for the pool
        # wait without polling, where connections waiting on SQLite's busy handler sleep in growing steps.
        engine = sa.create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False},
                                  pool_size=1, max_overflow=0, pool_timeout=60)
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(parsed, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun explicitly (below)
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    read_only = connection.get_execution_options().get("formc_read_only", False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def reading(engine: sa.Engine) -> sa.Connection:
    """A connection for reads only (on SQLite its transactions do not take the write lock)."""
    return engine.connect().execution_options(formc_read_only=True)
