"""``formc db``: the intake store's schema — ``upgrade`` to the newest migration, ``current`` to see where it is."""

from __future__ import annotations

from pathlib import Path

import click

from formc.commands.common import EXIT_USAGE, fail

STORE_HELP = "The store: sqlite:///FILE (relative to the project) or postgresql+psycopg://USER@HOST/DB."


def open_store(store_url: str, project_dir: str | None):  # noqa: ANN201 (formc.store.Store, imported lazily)
    """The store at ``store_url``; a usage error (exit 2) with the reason when it cannot be opened."""
    import sqlalchemy as sa

    from formc.store import Store, StoreURLError

    try:
        store = Store(store_url, Path(project_dir or ".").resolve())
        with store.engine.connect():
            pass
    except StoreURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        fail(f"cannot reach the store: {_reason(exc)}",
             help="check the URL, that the database server runs, and the user's password (PGPASSWORD or ~/.pgpass)")
    return store


def _reason(exc: Exception) -> str:
    """The database's own words for a SQLAlchemy error: its kind and first line."""
    cause = getattr(exc, "orig", None) or exc
    return f"{type(cause).__name__}: {(str(cause).strip().splitlines() or [''])[0]}"


def migrated_store(store_url: str, project_dir: str | None):  # noqa: ANN201 (formc.store.Store)
    """The store at ``store_url`` with its schema brought to the newest; returns it with the revisions before and
    after. A usage error (exit 2) with the database's reason when it refuses the migration."""
    import sqlalchemy as sa

    store = open_store(store_url, project_dir)
    try:
        before, after = store.upgrade()
    except sa.exc.SQLAlchemyError as exc:
        store.close()
        fail(f"the store refused the schema migration: {_reason(exc)}",
             help="the store's user must be able to create tables there: give it a database of its own "
                  "(CREATE DATABASE formc OWNER formc) or CREATE on the schema (GRANT CREATE ON SCHEMA public TO formc)")
    return store, before, after


store_option = click.option("--store", "store_url", default="sqlite:///formc.db", show_default=True, help=STORE_HELP)
project_option = click.option("--project", "project_dir", type=click.Path(file_okay=False),
                              help="The project (default: the current folder).")


def ready_store(store_url: str, project_dir: str | None):  # noqa: ANN201 (formc.store.Store)
    """The store at ``store_url``, refused with a usage error when its schema is missing or old."""
    store = open_store(store_url, project_dir)
    if not store.is_current():
        store.close()
        fail("the store has no formc schema or an old one", help=f"run `formc db upgrade --store {store_url}`")
    return store


@click.group("db")
def command() -> None:
    """The intake store's schema (Alembic migrations shipped with formc)."""


@command.command("upgrade")
@click.option("--store", "store_url", default="sqlite:///formc.db", show_default=True, help=STORE_HELP)
@click.option("--project", "project_dir", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def upgrade(store_url: str, project_dir: str | None) -> None:
    """Create or migrate the store's tables to the newest schema (safe to run again, and from several machines)."""
    store, before, after = migrated_store(store_url, project_dir)
    store.close()
    if before == after:
        click.echo(f"the store is up to date (schema {after})")
    else:
        click.echo(f"migrated the store from {before or 'empty'} to schema {after}")


@command.command("current")
@click.option("--store", "store_url", default="sqlite:///formc.db", show_default=True, help=STORE_HELP)
@click.option("--project", "project_dir", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def current(store_url: str, project_dir: str | None) -> None:
    """Print the store's schema revision and the newest one this formc ships."""
    from formc.store import migrate

    store = open_store(store_url, project_dir)
    try:
        revision = migrate.current(store.engine)
    finally:
        store.close()
    newest = migrate.head()
    click.echo(f"store: {revision or 'empty'}; newest: {newest}")
    if revision != newest:
        click.echo("run `formc db upgrade` to migrate", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
