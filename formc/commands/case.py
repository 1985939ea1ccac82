"""``formc case``: follow and move a case — ``event REFERENCE KIND`` (caseworkers), ``show REFERENCE``, ``overdue``.

``event`` adds ``in_progress``, ``decided`` (``--text`` gives the outcome) or
``withdrawn``, as the authenticated ``POST /api/cases/{reference}/events`` does;
``show`` prints the timeline and delivery state (no answers); ``overdue`` lists
open cases past their deadline, oldest deadline first.
"""

from __future__ import annotations

import json
import os

import click

from formc.commands.common import EXIT_INVALID, fail
from formc.commands.db import project_option, ready_store, store_option



@click.group("case")
def command() -> None:
    """Cases in the store: their events, status and deadlines (see docs/operations.md)."""



@command.command("event")
@click.argument("reference")
@click.argument("kind", type=click.Choice(["in_progress", "decided", "withdrawn"]))
@click.option("--text", help="The outcome (required for decided) or a note.")
@click.option("--by", "actor", default=lambda: os.environ.get("USER", "cli"), show_default="$USER",
              help="Who records it (a caseworker's id, never the citizen's data).")
@store_option
@project_option
def event(reference: str, kind: str, text: str | None, actor: str, store_url: str, project_dir: str | None) -> None:
    """Add a status event to the case REFERENCE."""
    from formc.cases.events import EventError, NewEvent
    from formc.store import cases

    store = ready_store(store_url, project_dir)
    try:
        record = cases.add_event(store.engine, reference, NewEvent(kind, text), actor)
    except LookupError:
        fail(f"no case `{reference}` in the store", code=EXIT_INVALID)
    except EventError as exc:
        fail(str(exc), code=EXIT_INVALID)
    finally:
        store.close()
    click.echo(f"{reference}: {' → '.join(record.kinds)}")


@command.command("show")
@click.argument("reference")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@project_option
def show(reference: str, fmt: str, store_url: str, project_dir: str | None) -> None:
    """The case's timeline, deadline, archive numbers and delivery state."""
    from formc.store import cases

    store = ready_store(store_url, project_dir)
    try:
        record = cases.case(store.engine, reference)
        if record is None:
            fail(f"no case `{reference}` in the store", code=EXIT_INVALID)
        sent = cases.delivery(store.engine, record.submission_id, "archive")
    finally:
        store.close()
    view = {"reference": record.reference, "form": record.form_id, "channel": record.channel,
            "received": record.received_at.isoformat(), "deadline": record.deadline.isoformat() if record.deadline else None,
            "case_number": record.case_number,
            "events": [{"kind": e.kind, "at": e.at.isoformat(), "text": e.text, "case_number": e.case_number}
                       for e in record.events],
            "delivery": None if sent is None else {"state": sent.state, "attempts": sent.attempts, "reason": sent.reason,
                                                   "journal_number": sent.journal_number}}
    if fmt == "json":
        click.echo(json.dumps(view, ensure_ascii=False, indent=2))
        return
    click.echo(f"{view['reference']}  {view['form']}  {view['channel']}  received {view['received']}")
    click.echo(f"deadline {view['deadline'] or '–'}  archive case {view['case_number'] or '–'}")
    for e in view["events"]:
        click.echo(f"  {e['at']}  {e['kind']}{'  ' + e['text'] if e['text'] else ''}")
    if view["delivery"]:
        d = view["delivery"]
        click.echo(f"delivery: {d['state']} after {d['attempts']} attempt(s){'; ' + d['reason'] if d['reason'] else ''}")


@command.command("overdue")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@store_option
@project_option
def overdue(fmt: str, store_url: str, project_dir: str | None) -> None:
    """Open cases past their deadline (today in the project's time zone)."""
    import zoneinfo

    from formc import clock
    from formc.store import cases

    store = ready_store(store_url, project_dir)
    try:
        today = clock.now().astimezone(zoneinfo.ZoneInfo(_timezone(project_dir))).date()
        late = sorted(cases.overdue(store.engine, today), key=lambda c: (c.deadline, c.reference))
    finally:
        store.close()
    rows = [{"reference": c.reference, "form": c.form_id, "deadline": c.deadline.isoformat(),  # type: ignore[union-attr]
             "days_late": (today - c.deadline).days} for c in late]  # type: ignore[operator]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['reference']}  {row['form']}  deadline {row['deadline']}  {row['days_late']} day(s) late")
    if not rows:
        click.echo("no open case is past its deadline")


def _timezone(project_dir: str | None) -> str:
    from pathlib import Path

    from formc.diagnostics import Diagnostics
    from formc.project import read_settings

    settings = read_settings(Path(project_dir or "."), Diagnostics())
    return settings.timezone if settings is not None else "Europe/Oslo"
