"""``formc schema``: print the definition language's own JSON Schema (for editors and tools)."""

from __future__ import annotations

import json

import click

from formc.schema_check import language_schema


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of formc definition files.

    Save it and point editors at it with a first line such as
    `# yaml-language-server: $schema=./formc.schema.json`.
    """
    click.echo(json.dumps(language_schema(), ensure_ascii=False, indent=2))
