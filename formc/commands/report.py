"""``formc report``: processing time against the promise, channel mix and cost, and the completion funnel.

Reads the store (``--store``) and the project's forms; ``--from``/``--to`` limit
the period by received day (local). HTML goes into a folder (a page, its
stylesheet and SVG charts: works under a strict CSP), JSON and CSV into one
file or standard output. Figures are defined in :mod:`formc.reports.figures`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from formc.commands.common import fail
from formc.commands.db import STORE_HELP, open_store


@click.command("report")
@click.argument("project", default=".", type=click.Path(file_okay=False))
@click.option("--store", "store_url", default="sqlite:///formc.db", show_default=True, help=STORE_HELP)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First received day (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last received day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["html", "json", "csv"]), default="html", show_default=True)
@click.option("--lang", default="nb", show_default=True, type=click.Choice(["nb", "nn", "en"]))
@click.option("-o", "--output", type=click.Path(), help="A folder (html) or file (json, csv); default: report/ or stdout.")
def command(project: str, store_url: str, start: dt.datetime | None, end: dt.datetime | None, fmt: str, lang: str,
            output: str | None) -> None:
    """Report on the cases in the store for the forms of PROJECT."""
    from formc.diagnostics import Diagnostics
    from formc.project import read_settings
    from formc.reports.render import render
    from formc.reports.rows import report_from_store

    settings = read_settings(Path(project), Diagnostics())
    if settings is None:
        fail(f"{project}/formc.yaml cannot be read", help="run `formc check` to see why")
    store = open_store(store_url, project)
    if not store.is_current():
        store.close()
        fail("the store has no formc schema or an old one", help=f"run `formc db upgrade --store {store_url}`")
    try:
        report = report_from_store(store.engine, settings, start.date() if start else None, end.date() if end else None)
    finally:
        store.close()
    files = render(report, fmt, lang)
    if fmt == "html":
        folder = Path(output or "report")
        folder.mkdir(parents=True, exist_ok=True)
        for name, body in files.items():
            (folder / name).write_bytes(body)
        click.echo(f"wrote {folder / 'index.html'}", err=True)
        return
    (body,) = files.values()
    if output:
        Path(output).write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
