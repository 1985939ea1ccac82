"""``formc validate``: check one submission's data against a form, as the server would."""

from __future__ import annotations

import json

import click

from formc.commands.common import EXIT_INVALID, EXIT_OK, load_form, read_json


@click.command("validate")
@click.argument("form")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--lang", help="Language of the messages (default: the form's first).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--project", "project_dir", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def command(form: str, data: str, lang: str | None, fmt: str, project_dir: str | None) -> None:
    """Validate DATA (a JSON file) as a submission of FORM (a form id or a form file)."""
    _, model = load_form(form, project_dir)
    if lang is not None and lang not in model.languages:
        click.echo(f"error: form `{model.id}` has no language `{lang}` (it has {', '.join(model.languages)})", err=True)
        raise click.exceptions.Exit(2)
    errors = model.validate(read_json(data), lang=lang)
    if fmt == "json":
        click.echo(json.dumps({"valid": not errors, "errors": [e.as_dict() for e in errors]}, ensure_ascii=False, indent=2))
    elif errors:
        for error in errors:
            click.echo(f"{error.path or '/'}: {error.message} [{error.code}]")
    else:
        click.echo(f"valid: {data} is a complete submission of {model.id} {model.version}")
    raise click.exceptions.Exit(EXIT_INVALID if errors else EXIT_OK)
