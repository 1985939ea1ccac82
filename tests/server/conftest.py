"""Fixtures for the intake server's tests: a real server (uvicorn in a subprocess) on SQLite or a real PostgreSQL.

PostgreSQL: ``FORMC_TEST_POSTGRES`` is a URL of a server where the user may
create databases and is a member of ``pg_signal_backend`` (``.ci/run`` starts
Debian's cluster, makes such a user and sets it); every test
that needs one gets a fresh database, dropped afterwards. Outside CI the
PostgreSQL tests skip when no server is reachable; in CI they fail.
"""

from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from server_support import TOWN, Server

IN_CI = os.environ.get("CI") == "true"
PG_ENV = "FORMC_TEST_POSTGRES"
PG_DEFAULT = "postgresql+psycopg://formc:formc@127.0.0.1:5432/postgres"


def _postgres_admin() -> str:
    url = os.environ.get(PG_ENV) or PG_DEFAULT
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 — any failure means: no server to test against
        reason = f"no PostgreSQL reachable at {PG_ENV}={url.split('@')[-1]} ({type(exc).__name__})"
        if IN_CI:
            pytest.fail(reason + ": .ci/run must start the cluster")
        pytest.skip(reason)
    return url


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (created and dropped here)."""
    yield from _fresh_postgres()


@pytest.fixture(scope="module")
def module_postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test module (created and dropped here)."""
    yield from _fresh_postgres()


def _fresh_postgres() -> Iterator[str]:
    import sqlalchemy as sa

    admin_url = _postgres_admin()
    name = f"formc_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin, name: str) -> None:
    """Drop a test's database, ending the connections the server left open.

    ``WITH (FORCE)`` ends every other session on the database; before
    PostgreSQL 17 that includes an autovacuum worker, which only a member of
    ``pg_signal_backend`` may end (``.ci/run`` grants it). Where the role lacks
    it, the worker is waited out: it is done with a test's small database in
    well under a second.
    """
    import time

    import sqlalchemy as sa
    from psycopg import errors

    for attempt in range(40):
        try:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.ProgrammingError as exc:
            if not isinstance(exc.orig, errors.InsufficientPrivilege) or attempt == 39:
                raise
            time.sleep(0.25)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture()
def secret_env() -> dict[str, str]:
    return {"FORMC_SECRET_KEY": secrets.token_urlsafe(48)}


@pytest.fixture()
def server(store_url: str, secret_env: dict[str, str]) -> Iterator[Server]:
    running = Server(TOWN, store_url, env=secret_env).start()
    yield running
    running.stop()




def missing(reason: str) -> None:
    """Skip outside CI, fail in CI."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_script(repo: Path) -> Path:
    path = repo / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing(f"{path} is missing: run `npm install --no-save axe-core vnu-jar --ignore-scripts`")
    return path


@pytest.fixture(scope="session")
def vnu(repo: Path) -> list[str]:
    import shutil

    jar = repo / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        missing(f"the Nu checker needs {jar} and java: run `npm install --no-save axe-core vnu-jar --ignore-scripts`")
    return [java, "-jar", str(jar)]


@pytest.fixture(scope="session")
def bench():
    """The case-lifecycle tests' form (tests/server/projects/bench)."""
    import formc
    from lifecycle_support import BENCH

    return formc.load(BENCH).forms["bench-repair"]


@pytest.fixture
def package_files(bench, monkeypatch: pytest.MonkeyPatch):
    """A function: reference → the package's files (the receipt PDF replaced by a fixed stand-in, for speed)."""
    import datetime as dt
    import sys
    import types

    from lifecycle_support import OSLO, bench_data

    module = types.ModuleType("formc.runtime.receipt")
    module.render_receipt = lambda *args, **kwargs: b"%PDF-1.7\n% formc test stand-in\n"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "formc.runtime.receipt", module)
    from formc.runtime.package import build_package

    def make(reference: str, n: int = 0) -> dict[str, bytes]:
        return build_package(bench, bench_data(n), lang="nb", channel="web",
                             received=dt.datetime(2026, 3, 2, 9, 30, tzinfo=OSLO), submission_id=reference)

    return make


@pytest.fixture
def fake_archive(tmp_path: Path, standards: Path):
    """A function starting a fake Fiks archive with the given faults; every one started is stopped after the test."""
    from lifecycle_support import FakeArchive

    started: list[FakeArchive] = []

    def start(**faults: float) -> FakeArchive:
        archive = FakeArchive(tmp_path / f"archive{len(started)}.db", standards, **faults)
        archive.start()
        started.append(archive)
        return archive

    yield start
    for archive in started:
        archive.stop()
