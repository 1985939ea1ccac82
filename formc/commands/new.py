"""``formc new``: write a commented starter form that passes ``formc check``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click

from formc.commands.common import EXIT_INVALID, EXIT_USAGE, report
from formc.diagnostics import Diagnostics
from formc.project import Settings, read_settings
from formc.schema_check import language_schema

SCHEMA_FILE = "formc.schema.json"
DEFAULT_LANGUAGES = ("nb", "nn", "en")

_ID = re.compile(r"[a-z][a-z0-9-]*")  # used with fullmatch
_TEXTS = {
    "title": {"nb": "Ny søknad", "nn": "Ny søknad", "en": "New application", "da": "Ny ansøgning", "sv": "Ny ansökan"},
    "page": {"nb": "Om deg", "nn": "Om deg", "en": "About you", "da": "Om dig", "sv": "Om dig"},
    "name": {"nb": "Fullt navn", "nn": "Fullt namn", "en": "Full name", "da": "Fulde navn", "sv": "Fullständigt namn"},
    "email": {"nb": "E-post", "nn": "E-post", "en": "Email", "da": "E-mail", "sv": "E-post"},
    "has_comment": {"nb": "Vil du legge til en kommentar?", "nn": "Vil du leggja til ein kommentar?",
                    "en": "Do you want to add a comment?", "da": "Vil du tilføje en kommentar?", "sv": "Vill du lägga till en kommentar?"},
    "comment": {"nb": "Kommentar", "nn": "Kommentar", "en": "Comment", "da": "Kommentar", "sv": "Kommentar"},
    "description": {"nb": "Beskriv tjenesten her.", "nn": "Beskriv tenesta her.", "en": "Describe the service here.",
                    "da": "Beskriv ydelsen her.", "sv": "Beskriv tjänsten här."},
}


def definitions_folder(settings: Settings) -> Path:
    """Where a new form goes: the folder ``definitions:`` names, else ``forms/`` in the project."""
    return settings.definitions if settings.definitions != settings.root else settings.root / "forms"


def write_editor_schema(root: Path) -> Path:
    """``formc.schema.json`` in ``root`` (for editor completion), written when it is not there yet."""
    schema_file = root / SCHEMA_FILE
    if not schema_file.exists():
        schema_file.write_text(json.dumps(language_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return schema_file


def _text(key: str, languages: tuple[str, ...]) -> str:
    values = _TEXTS[key]
    return "{" + ", ".join(f"{lang}: {json.dumps(values.get(lang, values['en']), ensure_ascii=False)}"
                           for lang in languages) + "}"


def starter(form_id: str, languages: tuple[str, ...], schema_ref: str) -> str:
    t = lambda key: _text(key, languages)  # noqa: E731
    return f"""# yaml-language-server: $schema={schema_ref}
# A formc form: the service, its archive settings and its questions, written once
# for every channel. Reference: docs/language.md. Check it with `formc check`.
formc: 1
kind: form
id: {form_id}
version: 0.1.0                    # semantic version of this form
languages: [{", ".join(languages)}]          # the first is the default
title: {t("title")}

service:
  description: {t("description")}
  processing_time: P3W            # ISO 8601 period: the promised answer time
  channels: [web, counter, letter]

archive:
  classification:
    - {{scheme: K-koder, code: "000", title: Example class}}   # primary classification first
  document_type: SØKNAD
  case_title: {t("title")}
  retention: {{decision: keep}}
  sender:
    name: name
    email: email

pages:
  - id: about-you
    title: {t("page")}
    fields:
      - id: name
        type: text
        label: {t("name")}
        required: true
        autocomplete: name
      - id: email
        type: email
        label: {t("email")}
        autocomplete: email
      - id: has_comment
        type: boolean
        label: {t("has_comment")}
      - id: comment
        type: textarea
        label: {t("comment")}
        max_length: 1000
        visible_if: has_comment == true   # shown only when the answer above is yes
"""


@click.command("new")
@click.argument("form_id")
@click.option("--lang", "languages", multiple=True,
              help="Languages of the form (repeatable; the first is the default). "
                   "Default: `languages:` in formc.yaml, else nb, nn and en.")
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False), help="The project folder.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def command(form_id: str, languages: tuple[str, ...], project_dir: str, force: bool) -> None:
    """Write a commented starter form FORM_ID into the project's definitions folder.

    The folder is `definitions:` in formc.yaml; without that setting, forms/ in the project.
    """
    if not _ID.fullmatch(form_id):
        click.echo(f"error: `{form_id}` is not a form id: use lowercase letters, digits and '-', starting with a letter",
                   err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    diags = Diagnostics()
    settings = read_settings(Path(project_dir), diags)
    if settings is None:
        report(diags.sorted())
        raise click.exceptions.Exit(EXIT_INVALID)
    folder = definitions_folder(settings)
    languages = languages or settings.languages or DEFAULT_LANGUAGES
    path = folder / f"{form_id}.yaml"
    if path.exists() and not force:
        click.echo(f"error: {path} exists (use --force to overwrite)", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    folder.mkdir(parents=True, exist_ok=True)
    schema_file = write_editor_schema(settings.root)
    schema_ref = Path(os.path.relpath(schema_file, folder.resolve())).as_posix()
    path.write_text(starter(form_id, languages, schema_ref), encoding="utf-8")
    click.echo(f"wrote {path}; check it with `formc check {project_dir}`")
