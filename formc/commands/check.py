"""``formc check``: every diagnostic for a project, nothing written.

Translations made from a source text that has changed since are warned about (FC280).
With ``--previous`` (a folder or a Git revision) it also refuses a breaking change to what a
form accepts unless the form's major version was raised (FC500).
"""

from __future__ import annotations

from pathlib import Path

import click

from formc.commands.common import EXIT_INVALID, EXIT_OK, report
from formc.diagnostics import Diagnostic, Diagnostics
from formc.project import Project, check_project
from formc.render_diagnostics import summary


@click.command("check")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--previous", metavar="PATH_OR_REV",
              help="The released version (a folder or a Git revision such as main): a breaking change to a "
                   "form's data needs a new major version.")
def command(path: str, fmt: str, strict: bool, previous: str | None) -> None:
    """Check the definitions in PATH (default: the current folder) and report every problem."""
    project = check_project(path)
    assert project is not None
    diagnostics = project.diagnostics
    from formc.translations import outdated_warnings

    diagnostics = diagnostics + outdated_warnings(project)
    if previous is not None and not any(d.is_error for d in diagnostics):
        diagnostics = diagnostics + version_problems(project, previous)
    report(diagnostics, fmt)
    failed = any(d.is_error or strict for d in diagnostics)
    if fmt == "text" and not diagnostics:
        click.echo(f"{len(project.forms)} forms checked: {summary(diagnostics)}")
    raise click.exceptions.Exit(EXIT_INVALID if failed else EXIT_OK)


def version_problems(project: Project, previous: str) -> list[Diagnostic]:
    """FC500 for each form with a breaking change and the same major version as in ``previous``."""
    from formc.commands.diff import forms_of
    from formc.compat import diff_projects
    from formc.loader import load_file

    diags = Diagnostics()
    files = {ident: file for file, (kind, ident) in project.file_ids.items() if kind == "form"}
    for d in diff_projects(forms_of(previous, Path(project.root), "previous"), project.forms):
        if not d.breaking or d.major_bumped or d.form_id not in project.forms:
            continue
        form = project.forms[d.form_id]
        source = load_file(Path(files[d.form_id]), form.span.path, Diagnostics()) if d.form_id in files else None
        where = source.span(("version",)) if source is not None else form.span
        breaking = [c for c in d.changes if c.breaking]
        listed = "; ".join(f"{c.kind} {c.path}".strip() for c in breaking[:3]) + ("; ..." if len(breaking) > 3 else "")
        major = int(d.old_version.split(".")[0]) + 1 if d.old_version else 1
        diags.error("FC500", f"breaking change to the data of form `{d.form_id}` without a new major version "
                    f"({d.old_version} → {d.new_version}): {listed}", where,
                    f"raise `version` to {major}.0.0, or keep the change compatible (see `formc diff {previous}`)")
    return diags.sorted()
