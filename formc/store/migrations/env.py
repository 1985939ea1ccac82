"""Alembic's environment for the formc store: runs on the connection formc hands over (never a config file)."""

from __future__ import annotations

from alembic import context

from formc.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run formc's migrations with `formc db upgrade` (formc.store.migrate.upgrade)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
