"""The ``formc`` command line: one module per verb under :mod:`formc.commands`, loaded on first use."""

from __future__ import annotations

import importlib
import sys

import click

from formc import __version__

COMMANDS = {
    "build": "formc.commands.build",
    "check": "formc.commands.check",
    "diff": "formc.commands.diff",
    "translate": "formc.commands.translate",
    "validate": "formc.commands.validate",
    "schema": "formc.commands.schema",
    "init": "formc.commands.init",
    "new": "formc.commands.new",
    "render": "formc.commands.render",
    "archive": "formc.commands.archive",
    "db": "formc.commands.db",
    "serve": "formc.commands.serve",
    "submissions": "formc.commands.submissions",
    "worker": "formc.commands.worker",
    "case": "formc.commands.case",
    "report": "formc.commands.report",
}


class LazyGroup(click.Group):
    """Imports a verb's module only when that verb runs, so ``formc check`` never loads WeasyPrint."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return importlib.import_module(COMMANDS[name]).command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="formc")
def cli() -> None:
    """Compile public-service form definitions (YAML) into web forms, JSON Schemas,
    archive metadata, paper forms and a service catalogue."""


def main() -> None:
    try:
        cli.main(prog_name="formc", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted; nothing was changed", err=True)
        sys.exit(130)
