"""What the CLI verbs share: reporting diagnostics, resolving a form argument, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from formc.diagnostics import Diagnostic
from formc.model import Form
from formc.project import Project, check_project
from formc.render_diagnostics import as_json, as_text, summary
from formc.suggest import did_you_mean

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def report(diagnostics: list[Diagnostic], fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(as_json(diagnostics))
        return
    if diagnostics:
        click.echo(as_text(diagnostics, color=sys.stderr.isatty()), err=True)
        click.echo(summary(diagnostics), err=True)


def fail(message: str, code: int = EXIT_USAGE, help: str | None = None) -> "click.exceptions.Exit":
    click.echo(f"error: {message}", err=True)
    if help:
        click.echo(f"  help: {help}", err=True)
    raise click.exceptions.Exit(code)


def load_form(form_arg: str, project_dir: str | None) -> tuple[Project, Form]:
    """Resolve FORM (an id, or a path to a form file) in the project; exit 2 with diagnostics on problems."""
    as_path = Path(form_arg)
    root = Path(project_dir) if project_dir else Path(".")
    form_id = form_arg
    if as_path.suffix in (".yaml", ".yml"):
        if not as_path.is_file():
            fail(f"no form file {form_arg}")
        if project_dir is None:
            root = _project_root_of(as_path)
        from formc.diagnostics import Diagnostics
        from formc.loader import load_file

        diags = Diagnostics()
        source = load_file(as_path, form_arg, diags)
        if source is None or not isinstance(source.data, dict) or not isinstance(source.data.get("id"), str):
            report(diags.sorted())
            fail(f"{form_arg} is not a form definition")
        form_id = source.data["id"]
    project = check_project(root)
    assert project is not None
    errors = [d for d in project.diagnostics if d.is_error]
    if form_id not in project.forms:
        if errors:
            report(project.diagnostics)
            fail(f"the project has definition errors, so form `{form_id}` cannot be used")
        hint = did_you_mean(form_id, project.forms)
        fail(f"no form `{form_id}` in {root.resolve()}", help=hint or f"forms: {', '.join(sorted(project.forms)) or 'none'}")
    return project, project.forms[form_id]


def _project_root_of(form_file: Path) -> Path:
    for folder in [form_file.resolve().parent, *form_file.resolve().parents]:
        if (folder / "formc.yaml").is_file():
            return folder
    return form_file.resolve().parent


def read_json(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    except json.JSONDecodeError as exc:
        fail(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    raise AssertionError("unreachable")
