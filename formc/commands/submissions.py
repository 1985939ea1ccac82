"""``formc submissions``: what the intake store holds — ``list``, ``show REFERENCE``, ``files``, ``jobs``, ``retry``.

For operators. ``list`` shows no answers (only the envelope facts); ``show``
prints one submission's envelope, data and files' metadata (as JSON, with
direction controls written as ``\u202e`` escapes: the same data, nothing hidden); ``files`` writes
its files (and the receipt and archive package, once the jobs made them) to a
folder; ``jobs`` lists background jobs with their state and last error, and
``retry`` gives a failed job another round.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from formc.bidi import spelled_out
from formc.commands.common import EXIT_INVALID, fail
from formc.commands.db import project_option, ready_store, store_option



@click.group("submissions")
def command() -> None:
    """Submissions in the intake store (see docs/serve.md)."""



@command.command("list")
@store_option
@project_option
@click.option("--form", "form_id", help="Only this form's submissions.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(store_url: str, project_dir: str | None, form_id: str | None, fmt: str) -> None:
    """Every submission, oldest first: reference, form, version, language, channel, received, files."""
    store = ready_store(store_url, project_dir)
    try:
        found = store.list(form_id)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([s.summary() for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        who = f" by {s.registered_by}" if s.registered_by else ""
        click.echo(f"{s.reference}  {s.form_id} {s.form_version}  {s.language}  {s.channel}{who}  "
                   f"{s.received_at.isoformat(timespec='seconds')}  {len(s.files)} file(s)")
    click.echo(f"{len(found)} submission(s)", err=True)


@command.command("show")
@click.argument("reference")
@store_option
@project_option
def show(reference: str, store_url: str, project_dir: str | None) -> None:
    """One submission as JSON: the envelope, the data, the files' metadata and its jobs."""
    from formc.jobs import queue

    store = ready_store(store_url, project_dir)
    try:
        found = store.get(reference, with_content=False)
        jobs = queue.listing(store.engine, submission_id=found.id) if found else []
    finally:
        store.close()
    if found is None:
        fail(f"no submission {reference} in the store", code=EXIT_INVALID)
    shown = json.dumps({**found.as_json(), "jobs": [j.as_json() for j in jobs]}, ensure_ascii=False, indent=2)
    click.echo(spelled_out(shown))  # direction controls as \u202e: a terminal that does bidi cannot reorder the output


@command.command("files")
@click.argument("reference")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="The folder to write to (created).")
@store_option
@project_option
def files(reference: str, output: str, store_url: str, project_dir: str | None) -> None:
    """Write a submission's files, its receipt PDF and its archive package (as far as made) to OUTPUT."""
    store = ready_store(store_url, project_dir)
    try:
        found = store.get(reference)
        if found is None:
            fail(f"no submission {reference} in the store", code=EXIT_INVALID)
        made = {kind: store.artifacts(found.id, kind) for kind in ("receipt", "archive")}
    finally:
        store.close()
    out = Path(output)
    (out / "files").mkdir(parents=True, exist_ok=True)
    for index, f in enumerate(found.files, 1):
        safe = f.filename.replace("/", "_").replace("\\", "_").lstrip(".") or "file"
        (out / "files" / f"{index:02d}-{safe}").write_bytes(f.content)
    for kind, items in made.items():
        if items:
            (out / kind).mkdir(exist_ok=True)
            for item in items:
                (out / kind / item.name).write_bytes(item.content)
    click.echo(f"wrote {len(found.files)} file(s), receipt {'yes' if made['receipt'] else 'not yet'}, "
               f"archive package {'yes' if made['archive'] else 'not yet'} to {output}")


@command.command("jobs")
@store_option
@project_option
@click.option("--state", type=click.Choice(["pending", "running", "done", "failed"]), help="Only jobs in this state.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def jobs(store_url: str, project_dir: str | None, state: str | None, fmt: str) -> None:
    """Background jobs (receipt PDFs, archive packages): state, attempts, last error."""
    from formc.jobs import queue

    store = ready_store(store_url, project_dir)
    try:
        found = queue.listing(store.engine, state=state)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([j.as_json() for j in found], ensure_ascii=False, indent=2))
        return
    for j in found:
        error = f"  last error: {j.last_error}" if j.last_error else ""
        click.echo(f"{j.id:>6}  {j.kind:<10} {j.state:<8} attempt {j.attempts}/{j.max_attempts}{error}")


@command.command("retry")
@click.argument("job_id", type=int)
@store_option
@project_option
def retry(job_id: int, store_url: str, project_dir: str | None) -> None:
    """Run a failed job again (a fresh round of attempts)."""
    from formc.jobs import queue

    store = ready_store(store_url, project_dir)
    try:
        ok = queue.retry(store.engine, job_id)
    finally:
        store.close()
    if not ok:
        fail(f"job {job_id} is not a failed job", code=EXIT_INVALID)
    click.echo(f"job {job_id} will run again")
