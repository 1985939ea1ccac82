"""What the CLI verbs share: reporting diagnostics, resolving a form argument, exit codes."""

from __future__ import annotations

import datetime
import re
import signal
import sys
import threading
import uuid
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from formc import jsondata
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


def require_organisation(project: Project) -> None:
    """Exit 1 with FC016 when the project names no organisation (receipts and packages must say who it is)."""
    from formc.diagnostics import Diagnostics
    from formc.project import missing_organisation

    diags = Diagnostics()
    if missing_organisation(project.settings, diags):
        report(diags.sorted())
        raise click.exceptions.Exit(EXIT_INVALID)


def _project_root_of(form_file: Path) -> Path:
    """The nearest project above a form file whose definitions include it, else the file's folder."""
    from formc.diagnostics import Diagnostics
    from formc.project import read_settings

    path = form_file.resolve()
    for folder in path.parents:
        if (folder / "formc.yaml").is_file():
            settings = read_settings(folder, Diagnostics())
            if settings is not None and settings.definitions in path.parents:
                return folder
    return path.parent


def read_json(path: str) -> object:
    """Submission data from a JSON file, within the limits of :mod:`formc.jsondata`; exit 2 with a message otherwise."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(jsondata.MAX_BYTES + 1)
        return jsondata.loads(text)
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    except jsondata.DataError as exc:
        where = f"{path}:{exc.line}:{exc.column}" if exc.line else path
        fail(f"{where}: {exc.message}", help="submission data is one JSON object within the limits in docs/targets/jsonschema.md")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    raise AssertionError("unreachable")


_SUBMISSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")  # used with fullmatch


def submission_settings(model: Form, lang: str | None, received: str | None,
                        submission_id: str | None) -> tuple[str, datetime.datetime, str]:
    """The language, received time and submission id of one submission, from the options of `render`/`archive`.

    The received time is ISO 8601 (no offset means local time in the form's time zone), by default
    now in that zone to the second; the submission id defaults to a new UUID. Bad values exit 2.
    """
    if lang is not None and lang not in model.languages:
        fail(f"form `{model.id}` has no language `{lang}`", help=f"it has {', '.join(model.languages)}")
    if received is None:
        moment = datetime.datetime.now(zoneinfo.ZoneInfo(model.timezone)).replace(microsecond=0)
    else:
        try:
            moment = datetime.datetime.fromisoformat(received)
        except ValueError:
            fail(f"--received `{received}` is not an ISO 8601 date and time", help="e.g. 2025-03-14T10:15:00+01:00")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(model.timezone))
        moment = moment.astimezone(zoneinfo.ZoneInfo(model.timezone))
    if submission_id is not None and not _SUBMISSION_ID.fullmatch(submission_id):
        fail(f"--submission-id `{submission_id}` is not a usable id",
             help="1–128 characters: letters, digits and . _ : - (starting with a letter or digit)")
    return lang or model.default_language, moment, submission_id or str(uuid.uuid4())


REGISTERED_BY_MAX = 200  # as the store keeps it (submissions.registered_by)


def registered_by_setting(channel: str, registered_by: str | None) -> str | None:
    """``--registered-by``, checked: an employee's name or user name for an assisted channel, never for ``web``."""
    if registered_by is None:
        return None
    name = registered_by.strip()
    if channel == "web":
        fail("--registered-by names the employee who registered a submission for a citizen; a web submission is "
             "the citizen's own", help="give --channel counter, phone, letter or email with it, or leave it out")
    if not name or len(name) > REGISTERED_BY_MAX or not name.isprintable():
        fail(f"--registered-by `{registered_by}` is not a usable name",
             help=f"1–{REGISTERED_BY_MAX} printable characters: the employee's name or user name")
    return name


def stop_on_signals(stop: threading.Event, interrupting: Sequence[int] = (signal.SIGINT, signal.SIGTERM),
                    graceful: Sequence[int] = ()) -> None:
    """Signals that end a long-running command: each records the stop in ``stop``; the ``interrupting`` ones
    (Ctrl-C) then raise KeyboardInterrupt to cut short what runs, the ``graceful`` ones let it finish.

    Python drops an exception raised while it runs a finaliser (a library's ``__del__`` in a garbage
    collection, such as WeasyPrint's fonts after a PDF): the recorded stop still ends the command at its next
    wait, and the dropped interrupt is not printed as a traceback."""

    def interrupt(signum: int, frame: object) -> None:
        stop.set()
        raise KeyboardInterrupt

    def unraisable(what: Any) -> None:
        if not (stop.is_set() and isinstance(what.exc_value, KeyboardInterrupt)):
            reported(what)

    reported = sys.unraisablehook
    sys.unraisablehook = unraisable
    for number in interrupting:
        signal.signal(number, interrupt)
    for number in graceful:
        signal.signal(number, lambda signum, frame: stop.set())
