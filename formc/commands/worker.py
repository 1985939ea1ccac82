"""``formc worker``: run the store's background jobs (receipts, packages, deliveries, letters) in a process of its own.

Any number of workers may run against one PostgreSQL store, on any machine:
each job is claimed by exactly one (``SELECT … FOR UPDATE SKIP LOCKED``).
With SQLite the server's own worker thread usually suffices.
"""

from __future__ import annotations

import signal
from pathlib import Path

import click

from formc.commands.common import EXIT_INVALID, fail, report, stop_on_signals
from formc.commands.db import STORE_HELP, open_store


@click.command("worker")
@click.argument("project", default=".", type=click.Path(file_okay=False))
@click.option("--store", "store_url", default="sqlite:///formc.db", show_default=True, help=STORE_HELP)
@click.option("--until-idle", is_flag=True, help="Run the due jobs, then exit (for cron or a one-off catch-up).")
def command(project: str, store_url: str, until_idle: bool) -> None:
    """Run the background jobs of the intake store for the forms of PROJECT (default: the current folder)."""
    import logging

    from formc.jobs.worker import Worker
    from formc.project import check_project

    loaded = check_project(Path(project))
    if any(d.is_error for d in loaded.diagnostics):
        report(loaded.diagnostics)
        fail("the project has definition errors; fix them first", code=EXIT_INVALID)
    store = open_store(store_url, project)
    if not store.is_current():
        store.close()
        fail("the store has no formc schema or an old one", help=f"run `formc db upgrade --store {store_url}`")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    worker = Worker(store, loaded)
    try:
        if until_idle:
            worker.run_periodic(force=True)
            click.echo(f"ran {worker.run_until_idle()} job(s)")
            return
        stop_on_signals(worker.stopping, interrupting=(signal.SIGINT,), graceful=(signal.SIGTERM,))
        try:  # from here on a Ctrl-C, even one the moment the line below is out, ends the worker quietly
            click.echo(f"formc worker {worker.name} on {store.dialect} (Ctrl+C or SIGTERM stops)", err=True)
            worker.loop()
        except KeyboardInterrupt:
            pass
    finally:
        store.close()
