"""The ``formc`` command line: one module per verb under :mod:`formc.commands`, loaded on first use."""

from __future__ import annotations

import gc
import importlib
import os
import sys

import click
from click.utils import make_default_short_help

from formc import __version__

# verb: (its module, the first sentence of its help). `formc --help` lists the verbs from these
# sentences, so it imports no verb's module; tests/core/test_startup.py holds each sentence equal
# to the command's own.
COMMANDS = {
    "build": ("formc.commands.build", "Compile the definitions in PATH (default: the current folder) into OUT."),
    "check": ("formc.commands.check",
              "Check the definitions in PATH (default: the current folder) and report every problem."),
    "diff": ("formc.commands.diff",
             ("Show what changed for submitted data from OLD to NEW (default: the current folder), per form, "
              "and whether stored submissions and drafts stay compatible.")),
    "translate": ("formc.commands.translate",
                  "Export the texts for translation (XLIFF 2.0 or CSV) and import the translations."),
    "validate": ("formc.commands.validate",
                 "Validate DATA (a JSON file) as a submission of FORM (a form id or a form file)."),
    "schema": ("formc.commands.schema", "Print the JSON Schema of formc definition files."),
    "init": ("formc.commands.init",
             "Create a formc project in PATH (default: the current folder): formc.yaml and the forms/ folder."),
    "new": ("formc.commands.new", "Write a commented starter form FORM_ID into the project's definitions folder."),
    "render": ("formc.commands.render",
               "Validate DATA (a JSON file) as a submission of FORM and write the filled form to OUTPUT as PDF/A."),
    "archive": ("formc.commands.archive",
                "Validate DATA (a JSON file) as a submission of FORM and write its archive package to OUTPUT."),
    "db": ("formc.commands.db", "The intake store's schema (Alembic migrations shipped with formc)."),
    "serve": ("formc.commands.serve", "Serve the forms of PROJECT (default: the current folder)."),
    "submissions": ("formc.commands.submissions", "Submissions in the intake store (see docs/serve.md)."),
    "worker": ("formc.commands.worker",
               "Run the background jobs of the intake store for the forms of PROJECT (default: the current folder)."),
    "case": ("formc.commands.case", "Cases in the store: their events, status and deadlines (see docs/operations.md)."),
    "report": ("formc.commands.report", "Report on the cases in the store for the forms of PROJECT."),
}


class LazyGroup(click.Group):
    """Imports a verb's module only when that verb runs, so ``formc check`` never loads WeasyPrint
    and ``formc --help`` loads none."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return importlib.import_module(COMMANDS[name][0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section as click writes it, from :data:`COMMANDS` instead of the imported verbs."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section("Commands"):
            formatter.write_dl([(name, make_default_short_help(COMMANDS[name][1], limit)) for name in names])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="formc")
def cli() -> None:
    """Compile public-service form definitions (YAML) into web forms, JSON Schemas,
    archive metadata, paper forms and a service catalogue."""


# The garbage collector's first threshold for a formc process (Python's default: 700 allocations). A command
# makes many objects that live to its end (modules, a project's forms, a build's manifest) and each young
# collection walks whatever was made since the last, while every tenth and hundredth walk older ones again:
# a one-form rebuild of 5,000 forms ran 129 collections (~80 ms CPU, a ninth of it), 8 with this threshold.
# Cyclic garbage waits at most this many allocations longer; memory stays the same (+0.6 MB at 105 MB).
GC_FIRST_THRESHOLD = 10_000


_finalize = True  # see leave_without_finalizing


def leave_without_finalizing() -> None:
    """Called by a command that leaves nothing to clean up once it returns (``formc build``: every file it writes
    is written, renamed and closed, its workers and lock are released, before it exits). The process then ends
    without finalizing the interpreter, which frees every object one by one: 50 ms of a 0.5 s one-form rebuild of
    1,000 forms. Only the command line does this (:func:`main`), never a command called in-process."""
    global _finalize
    _finalize = False


def main() -> None:
    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
    try:
        cli.main(prog_name="formc", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted; nothing was changed", err=True)
        sys.exit(130)
    except SystemExit as exc:
        if _finalize or not isinstance(exc.code, int):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise exc from None  # the interpreter reports a stream it cannot write, as it would have
        os._exit(exc.code)
