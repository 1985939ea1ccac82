"""``formc check``: every diagnostic for a project, nothing written."""

from __future__ import annotations

import click

from formc.commands.common import EXIT_INVALID, EXIT_OK, report
from formc.project import check_project
from formc.render_diagnostics import summary


@click.command("check")
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def command(path: str, fmt: str, strict: bool) -> None:
    """Check the definitions in PATH (default: the current folder) and report every problem."""
    project = check_project(path)
    assert project is not None
    report(project.diagnostics, fmt)
    failed = any(d.is_error or strict for d in project.diagnostics)
    if fmt == "text" and not project.diagnostics:
        click.echo(f"{len(project.forms)} forms checked: {summary(project.diagnostics)}")
    raise click.exceptions.Exit(EXIT_INVALID if failed else EXIT_OK)
