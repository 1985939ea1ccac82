"""A store that cannot be used stops ``formc serve --intake`` and ``formc db upgrade`` with the database's reason.

An operator who points the service at the wrong file, or at a database where its user may not create
tables, gets one clear error (exit 2, the reason, what to do), not a traceback from a failed start-up.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from server_support import TOWN, formc_cli, free_port


def _refused(result, reason: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Application startup failed" not in result.stderr
    assert reason in result.stderr, result.stderr
    assert "help:" in result.stderr


def test_serve_refuses_a_file_that_is_not_a_database(tmp_path: Path, secret_env: dict[str, str]) -> None:
    store = tmp_path / "intake.db"
    store.write_bytes(b"not a database, but the spreadsheet someone saved here" * 100)
    result = formc_cli("serve", "--intake", "--store", f"sqlite:///{store}", "--port", str(free_port()), str(TOWN))
    _refused(result, "file is not a database")


def test_a_database_that_refuses_the_tables_is_a_clear_error(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:  # the test's own database: its owner may make it read-only
        database = connection.execute(sa.text("SELECT current_database()")).scalar_one()
        connection.execute(sa.text(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on'))
    engine.dispose()

    _refused(formc_cli("db", "upgrade", "--store", postgres_url), "read-only transaction")
    _refused(formc_cli("serve", "--intake", "--store", postgres_url, "--port", str(free_port()), str(TOWN)),
             "read-only transaction")
