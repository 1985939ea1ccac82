"""``formc render``: validate one submission and write the filled form as PDF/A (the receipt)."""

from __future__ import annotations

import datetime
import re
import uuid
from pathlib import Path

import click

from formc.commands.common import EXIT_INVALID, fail, load_form, read_json
from formc.model import CHANNELS
from formc.writer import write_atomic

_SUBMISSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def _received(text: str | None) -> datetime.datetime:
    """ISO 8601 (no offset = UTC), or now in UTC to the second."""
    if text is None:
        return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        fail(f"--received `{text}` is not an ISO 8601 date and time", help="e.g. 2025-03-14T10:15:00+01:00")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.timezone.utc)


@click.command("render")
@click.argument("form")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@click.option("--lang", help="The submitter's language (default: the form's first).")
@click.option("--channel", type=click.Choice(CHANNELS), default="web", show_default=True,
              help="The channel the submission came through.")
@click.option("--received", help="When it was received (ISO 8601; default: now, UTC).")
@click.option("--submission-id", "submission_id", help="The submission's id (default: a new UUID).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def command(form: str, data: str, output: str, lang: str | None, channel: str, received: str | None,
            submission_id: str | None, project_dir: str | None) -> None:
    """Validate DATA (a JSON file) as a submission of FORM and write the filled form to OUTPUT as PDF/A.

    The PDF shows every answer, the channel, the time received and the
    promised answer date. Invalid data is refused (exit 1) with the
    validator's errors, and nothing is written. Give --received and
    --submission-id to get the same bytes on every run.
    """
    _, model = load_form(form, project_dir)
    if lang is not None and lang not in model.languages:
        fail(f"form `{model.id}` has no language `{lang}`", help=f"it has {', '.join(model.languages)}")
    lang = lang or model.default_language
    moment = _received(received)
    if submission_id is not None and not _SUBMISSION_ID.match(submission_id):
        fail(f"--submission-id `{submission_id}` is not a usable id",
             help="1–128 characters: letters, digits and . _ : - (starting with a letter or digit)")
    submitted = read_json(data)
    errors = model.validate(submitted, lang=lang, today=moment.date())
    if errors:
        for error in errors:
            click.echo(f"{error.path or '/'}: {error.message} [{error.code}]", err=True)
        click.echo(f"error: {data} is not a valid submission of {model.id} {model.version}; nothing was written", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)
    assert isinstance(submitted, dict)

    from formc.runtime.pdf import RefusedURL
    from formc.runtime.receipt import render_receipt

    try:
        pdf = render_receipt(model, submitted, lang, channel, moment, submission_id or str(uuid.uuid4()))
    except RefusedURL as exc:
        fail(str(exc))
    target = Path(output)
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    click.echo(f"wrote {output} ({len(pdf)} bytes, {model.id} {model.version}, {lang}, {channel})")
