"""``formc render``: validate one submission and write the filled form as PDF/A (the receipt)."""

from __future__ import annotations

from pathlib import Path

import click

from formc.commands.common import (EXIT_INVALID, fail, load_form, read_json, registered_by_setting,
                                  require_organisation, submission_settings)
from formc.model import CHANNELS
from formc.writer import write_atomic

@click.command("render")
@click.argument("form")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@click.option("--lang", help="The submitter's language (default: the form's first).")
@click.option("--channel", type=click.Choice(CHANNELS), default="web", show_default=True,
              help="The channel the submission came through.")
@click.option("--registered-by", "registered_by", metavar="NAME",
              help="The employee who registered it for the citizen (with --channel counter, phone, letter or email).")
@click.option("--received", help="When it was received (ISO 8601; default: now, UTC).")
@click.option("--submission-id", "submission_id", help="The submission's id (default: a new UUID).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def command(form: str, data: str, output: str, lang: str | None, channel: str, received: str | None,
            submission_id: str | None, project_dir: str | None, registered_by: str | None) -> None:
    """Validate DATA (a JSON file) as a submission of FORM and write the filled form to OUTPUT as PDF/A.

    The PDF shows every answer, the channel, the time received and the
    promised answer date. Invalid data is refused (exit 1) with the
    validator's errors, and nothing is written. Give --received and
    --submission-id to get the same bytes on every run.
    """
    project, model = load_form(form, project_dir)
    require_organisation(project)
    lang, moment, submission_id = submission_settings(model, lang, received, submission_id)
    employee = registered_by_setting(channel, registered_by)
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
        pdf = render_receipt(model, submitted, lang, channel, moment, submission_id, employee)
    except RefusedURL as exc:
        fail(str(exc))
    target = Path(output)
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    click.echo(f"wrote {output} ({len(pdf)} bytes, {model.id} {model.version}, {lang}, {channel})")
