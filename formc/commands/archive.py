"""``formc archive``: validate one submission and write its archive package (arkivmelding, PDF/A, data)."""

from __future__ import annotations

from pathlib import Path

import click

from formc.commands.common import (EXIT_INVALID, fail, load_form, read_json, registered_by_setting,
                                  require_organisation, submission_settings)
from formc.model import CHANNELS
from formc.xmldata import XmlDataError

@click.command("archive")
@click.argument("form")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(), help="The package folder to write.")
@click.option("--channel", type=click.Choice(CHANNELS), default="web", show_default=True,
              help="The channel the submission came through.")
@click.option("--registered-by", "registered_by", metavar="NAME",
              help="The employee who registered it for the citizen (with --channel counter, phone, letter or email).")
@click.option("--received", help="When it was received (ISO 8601; no offset means the project's time zone; "
              "default: now in that zone).")
@click.option("--files", "files_dir", type=click.Path(file_okay=False, exists=True),
              help="The folder of the uploaded files the data records (named by their SHA-256 or their file name).")
@click.option("--submission-id", "submission_id", help="The submission's id (default: a new UUID).")
@click.option("--lang", help="The submitter's language (default: the form's first).")
@click.option("--force", is_flag=True, help="Replace OUTPUT when it is a package formc wrote (never anything else).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def command(form: str, data: str, output: str, channel: str, received: str | None, submission_id: str | None,
            lang: str | None, files_dir: str | None, force: bool, project_dir: str | None,
            registered_by: str | None) -> None:
    """Validate DATA (a JSON file) as a submission of FORM and write its archive package to OUTPUT.

    The package: arkivmelding.xml (Fiks Arkiv V1), form.pdf (PDF/A), data.json,
    data.xml, every uploaded file the data records (from --files, checked against
    its recorded SHA-256) and manifest.json (SHA-256 of every file). Invalid data,
    or an uploaded file that is missing or does not match, is refused (exit 1)
    and nothing is written.
    """
    from formc.runtime.arkivmelding import ArchiveError
    from formc.runtime.package import PackageError, UploadError, build_package, formc_package_problem, write_package

    project, model = load_form(form, project_dir)
    require_organisation(project)
    lang, moment, submission_id = submission_settings(model, lang, received, submission_id)
    employee = registered_by_setting(channel, registered_by)
    payload = read_json(data)
    target = Path(output)
    if target.exists() and not target.is_dir():
        fail(f"{output} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            fail(f"{output} is not empty", help="choose another folder, or use --force to replace a package formc wrote")
        problem = formc_package_problem(target)
        if problem:
            fail(f"{problem}; nothing was written",
                 help="--force replaces only a package formc wrote; choose an empty or new folder")
    errors = model.validate(payload, lang=lang, today=moment.date())
    if errors:
        click.echo(f"error: {data} is not a valid submission of {model.id} {model.version}; nothing was written", err=True)
        for error in errors:
            click.echo(f"  {error.path or '/'}: {error.message} [{error.code}]", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)
    assert isinstance(payload, dict)
    try:
        files = build_package(model, payload, lang=lang, channel=channel, received=moment, submission_id=submission_id,
                              files=Path(files_dir) if files_dir else None, registered_by=employee)
    except XmlDataError as exc:
        click.echo(f"error: {data} cannot be archived as XML: {exc}; nothing was written", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)
    except UploadError as exc:
        click.echo(f"error: the uploaded files of {data} do not match the data; nothing was written", err=True)
        for problem in str(exc).split("; "):
            click.echo(f"  {problem}", err=True)
        click.echo("  help: give the folder that holds the uploaded files with --files DIR "
                   "(each named by its SHA-256 or its file name)", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)
    except ArchiveError as exc:
        click.echo(f"error: {data} cannot be archived: {exc}; nothing was written", err=True)
        raise click.exceptions.Exit(EXIT_INVALID)
    try:
        write_package(files, target, force=force)
    except PackageError as exc:
        fail(f"{exc}; nothing was written")
    click.echo(f"archived {model.id} {model.version} submission {submission_id} (received {moment.isoformat()}, "
               f"channel {channel}) to {output}")
