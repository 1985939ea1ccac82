"""``formc init``: create a project — formc.yaml with the organisation, a definitions folder, the editor schema.

Every setting comes from an option or, at a terminal, from a question; the
written formc.yaml is read back with the project loader before the command
reports success, so a new project always builds once it has a form.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from formc.checkdigits import dk_cvr, no_org_number
from formc.commands.common import EXIT_INVALID, EXIT_OK, fail, report
from formc.commands.new import DEFAULT_LANGUAGES, write_editor_schema
from formc.diagnostics import Diagnostics
from formc.project import PROJECT_FILE, read_settings

DEFINITIONS = "forms"
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")
_ORG_NUMBER = {"NO": (no_org_number, "9 digits with a valid check digit, e.g. 964965226"),
               "DK": (dk_cvr, "a CVR number: 8 digits with a valid check digit, e.g. 29189846")}
_COUNTRY_LANGUAGES = {"NO": DEFAULT_LANGUAGES, "DK": ("da", "en")}


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: str | None, question: str, default: str | None = None) -> str | None:
    """``value`` when given; else the answer to ``question`` at a terminal; else ``default``."""
    if value is not None:
        return value
    if not _interactive():
        return default
    return click.prompt(question, default=default if default is not None else "", show_default=bool(default))


def _yaml_text(value: str) -> str:
    """A YAML scalar for any text: JSON string syntax is valid YAML and quotes everything that needs it."""
    return json.dumps(value, ensure_ascii=False)


def project_yaml(name: str, org_number: str | None, languages: tuple[str, ...], country: str) -> str:
    names = ", ".join(f"{lang}: {_yaml_text(name)}" for lang in languages)
    number = f"\n  org_number: {_yaml_text(org_number)}" if org_number else ""
    return f"""# formc project settings. Reference: docs/language.md (the settings in formc.yaml).
formc: 1
definitions: {DEFINITIONS}                # the form, block and list definitions (`formc new ID` writes there)
output: build                     # where `formc build` writes
country: "{country}"                     # NO or DK: archive classification, calendar, identity numbers
languages: [{", ".join(languages)}]          # the languages `formc new` gives a new form; the first is the default
organisation:                     # shown on every page, paper form and receipt
  name: {{{names}}}   # translate where the name differs by language{number}
  # address: {{street: Postboks 1, postal_code: "0001", city: By}}
  # email: postmottak@example.no
  # phone: "+4712345678"
  # url: https://www.example.no
"""


@click.command("init")
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--organisation", "name", metavar="NAME", help="The organisation's name (asked for at a terminal).")
@click.option("--org-number", metavar="NUMBER", help="Its organisation number (Brønnøysund; CVR in Denmark).")
@click.option("--lang", "languages", multiple=True, metavar="TAG",
              help="A language of the forms (repeatable; the first is the default). Default: nb, nn, en (da, en for DK).")
@click.option("--country", type=click.Choice(["NO", "DK"]), help="The country whose rules apply (default NO).")
def command(path: str, name: str | None, org_number: str | None, languages: tuple[str, ...],
            country: str | None) -> None:
    """Create a formc project in PATH (default: the current folder): formc.yaml and the forms/ folder."""
    root = Path(path)
    if (root / PROJECT_FILE).exists():
        fail(f"{root / PROJECT_FILE} exists: {root} is a formc project already",
             help="edit formc.yaml, or run `formc init` in another folder")
    country = (_ask(country, "Country (NO or DK)", "NO") or "NO").strip().upper()
    if country not in _ORG_NUMBER:
        fail(f"unknown country `{country}`", help="use NO or DK")
    name = (_ask(name, "Organisation name (e.g. Lillesand kommune)") or "").strip()
    if not name:
        fail("the organisation's name is required: the pages, paper forms and receipts show it",
             help="give it with --organisation NAME")
    if _CONTROL.search(name):
        fail("the organisation's name contains a control character", help="give the name as plain text")
    org_number = _ask(org_number, "Organisation number (Enter to skip)", "")
    org_number = re.sub(r"\s", "", org_number or "") or None
    check, expected = _ORG_NUMBER[country]
    if org_number is not None and not check(org_number):
        fail(f"`{org_number}` is not an organisation number for {country}", help=f"expected {expected}")
    if not languages:
        answer = _ask(None, "Languages, the default first", " ".join(_COUNTRY_LANGUAGES[country])) or ""
        languages = tuple(answer.replace(",", " ").split())
    bad = [lang for lang in languages if not _LANGUAGE.fullmatch(lang)]
    if bad or not languages:
        fail(f"`{bad[0] if bad else ''}` is not a language tag", help="use tags such as nb, nn, en, se, da")
    languages = tuple(dict.fromkeys(languages))

    root.mkdir(parents=True, exist_ok=True)
    (root / DEFINITIONS).mkdir(exist_ok=True)
    (root / PROJECT_FILE).write_text(project_yaml(name, org_number, languages, country), encoding="utf-8")
    write_editor_schema(root.resolve())
    diags = Diagnostics()
    settings = read_settings(root, diags)
    if settings is None or not settings.has_organisation:
        report(diags.sorted())
        raise click.exceptions.Exit(EXIT_INVALID)
    click.echo(f"created {root / PROJECT_FILE} and {root / DEFINITIONS}/ for {name}\n"
               f"next: `formc new <form-id>` writes a starter form, `formc build` builds it")
    raise click.exceptions.Exit(EXIT_OK)
