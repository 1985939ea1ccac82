"""``formc translate export|import|accept``: hand the texts to translators and take their work back."""

from __future__ import annotations

from pathlib import Path

import click

from formc.commands.common import EXIT_INVALID, EXIT_OK, fail, report
from formc.project import Project, check_project

STATUSES = ("missing", "outdated", "current")
MISSING_TRANSLATION = "FC201"  # the one error translating fixes


def _project(project_dir: str) -> Project:
    project = check_project(project_dir)
    errors = [d for d in project.diagnostics if d.is_error and d.code != MISSING_TRANSLATION]
    if errors:
        report(errors)
        fail("the project has definition errors other than missing translations; fix them before translating",
             code=EXIT_INVALID)
    return project


@click.group("translate")
def command() -> None:
    """Export the texts for translation (XLIFF 2.0 or CSV) and import the translations."""


@command.command("export")
@click.option("--lang", "languages", multiple=True, help="A language to translate into (repeatable; default: all).")
@click.option("--only", "only", default="missing,outdated,current", show_default=True,
              help="Which texts: a comma-separated list of missing, outdated, current.")
@click.option("--format", "fmt", type=click.Choice(["xliff", "csv"]), help="Default: from the file name (.xlf/.xliff or .csv).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def export(languages: tuple[str, ...], only: str, fmt: str | None, output: str, project_dir: str) -> None:
    """Write every text with its source, context and current translation to a file for translators."""
    from formc.translation_files import write_csv, write_xliff
    from formc.translations import catalogue

    wanted = [s.strip() for s in only.split(",") if s.strip()]
    if not wanted or any(s not in STATUSES for s in wanted):
        fail(f"--only `{only}` is not a list of {', '.join(STATUSES)}", help="e.g. --only missing,outdated")
    fmt = fmt or ("csv" if output.lower().endswith(".csv") else "xliff")
    project = _project(project_dir)
    found = catalogue(project, list(languages) or None)
    known = sorted({u.language for u in catalogue(project).units})
    unknown = [lang for lang in languages if lang not in known]
    if unknown:
        fail(f"no form is translated into `{unknown[0]}`", help=f"languages to translate into: {', '.join(known) or 'none'}")
    units = [u for u in found.units if u.status in wanted]
    if fmt == "xliff":
        targets = sorted({u.language for u in found.units})
        if len(targets) > 1:
            fail("an XLIFF file holds one target language", help=f"give --lang (one of {', '.join(targets)}), "
                 "or export CSV, which holds them all")
        language = targets[0] if targets else (languages[0] if languages else "en")
        Path(output).write_bytes(write_xliff(units, found.source_language, language))
    else:
        Path(output).write_text(write_csv(units), encoding="utf-8")
    counts = {s: sum(1 for u in units if u.status == s) for s in STATUSES if s in wanted}
    click.echo(f"{len(units)} texts written to {output} (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")")


@command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def import_(file: str, project_dir: str) -> None:
    """Write the translations in FILE (XLIFF 2.0 or CSV) into the definitions, keeping their formatting."""
    from formc.translation_files import TranslationFileError, read_csv, read_xliff
    from formc.translations import apply_translations
    from formc.yaml_edit import EditError

    data = Path(file).read_bytes()
    try:
        if file.lower().endswith(".csv"):
            translated = read_csv(data.decode("utf-8"))
        else:
            translated = read_xliff(data)
    except (TranslationFileError, UnicodeDecodeError) as exc:
        fail(f"{file}: {exc}")
    project = _project(project_dir)
    try:
        result = apply_translations(project, translated)
    except EditError as exc:
        fail(str(exc))
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"{result.translations} translations imported; {len(result.files)} files changed"
               + (f": {', '.join(result.files)}" if result.files else ""))
    after = check_project(project_dir)
    if any(d.is_error for d in after.diagnostics):
        report(after.diagnostics)
        raise click.exceptions.Exit(EXIT_INVALID)
    raise click.exceptions.Exit(EXIT_OK)


@command.command("accept")
@click.option("--lang", "languages", multiple=True, help="Only this language (repeatable; default: all).")
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False), help="The project (default: the current folder).")
def accept_(languages: tuple[str, ...], project_dir: str) -> None:
    """Mark every existing translation as up to date with its source text (after checking them, or to start
    tracking a project translated by hand)."""
    from formc.translations import STORE_FILE, accept

    count = accept(_project(project_dir), list(languages) or None)
    click.echo(f"{count} translations marked up to date in {STORE_FILE}")
