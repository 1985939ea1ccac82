"""The store's schema: the Alembic migrations create exactly the tables the code queries, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from formc.store import Store, migrate
from formc.store.tables import metadata


def test_the_migrations_match_the_tables_the_code_uses(store_url: str) -> None:
    store = Store(store_url)
    try:
        before, after = store.upgrade()
        assert (before, after) == (None, migrate.head())
        assert store.upgrade() == (after, after)  # running it again changes nothing
        with store.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)
        assert differences == []
        assert store.ping()
    finally:
        store.close()
