"""``formc diff OLD [NEW]``: what changed for submitted data between two versions, and is it compatible."""

from __future__ import annotations

import json
from pathlib import Path

import click

from formc.commands.common import EXIT_OK, fail, report
from formc.compat import FormDiff, diff_projects
from formc.model import Form
from formc.project import check_project
from formc.revisions import RevisionError, project_at


def forms_of(spec: str, current: Path, which: str) -> dict[str, Form]:
    """The forms of one side (a folder or a Git revision); exit 2 when it cannot be read or has errors."""
    try:
        with project_at(spec, current) as folder:
            project = check_project(folder)
    except RevisionError as exc:
        fail(str(exc), help="give a folder holding a formc project, or a revision such as HEAD~1 or main")
    if any(d.is_error for d in project.diagnostics):
        report(project.diagnostics)
        fail(f"the {which} version ({spec}) has definition errors, so it cannot be compared")
    return project.forms


def _verdict(d: FormDiff) -> str:
    if not d.breaking:
        return "compatible"
    parts = []
    if not all(c.submissions_ok for c in d.changes):
        parts.append("stored submissions")
    if not all(c.drafts_ok for c in d.changes):
        parts.append("drafts")
    return f"BREAKING for {' and '.join(parts)}"


def _versions(d: FormDiff) -> str:
    return f"{d.old_version or '—'} → {d.new_version or '—'}"


def as_text(diffs: list[FormDiff]) -> str:
    if not diffs:
        return "no changes to submitted data"
    lines = []
    for d in diffs:
        lines.append(f"{d.form_id} {_versions(d)}: {_verdict(d)}")
        for c in d.changes:
            mark = "!" if c.breaking else " "
            where = f"{c.path}: " if c.path else ""
            lines.append(f"  {mark} {c.kind}: {where}{c.detail}")
        if d.breaking and not d.major_bumped:
            lines.append("  the major version was not raised")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(diffs: list[FormDiff]) -> str:
    if not diffs:
        return "### formc diff\n\nNo changes to submitted data.\n"
    out = ["### formc diff", ""]
    breaking = [d.form_id for d in diffs if d.breaking]
    out.append(f"{len(diffs)} form{'s' * (len(diffs) != 1)} changed, {len(breaking)} with breaking changes.")
    for d in diffs:
        out += ["", f"#### `{d.form_id}` {_versions(d)}: {_verdict(d)}", ""]
        if d.breaking and not d.major_bumped:
            out += ["**The major version was not raised.**", ""]
        out += ["| Change | Field | Detail | Stored submissions | Drafts |", "|---|---|---|---|---|"]
        for c in d.changes:
            out.append(f"| {c.kind} | {f'`{c.path}`' if c.path else '—'} | {_cell(c.detail)} | "
                       f"{'ok' if c.submissions_ok else '**breaks**'} | {'ok' if c.drafts_ok else '**breaks**'} |")
    return "\n".join(out) + "\n"


@click.command("diff")
@click.argument("old")
@click.argument("new", default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def command(old: str, new: str, fmt: str) -> None:
    """Show what changed for submitted data from OLD to NEW (default: the current folder), per form,
    and whether stored submissions and drafts stay compatible.

    OLD and NEW are project folders or Git revisions (`formc diff HEAD~1`, `formc diff main`).
    """
    current = Path(new) if Path(new).is_dir() else Path(".")
    diffs = diff_projects(forms_of(old, current, "old"), forms_of(new, Path("."), "new"))
    if fmt == "json":
        click.echo(json.dumps([d.as_dict() for d in diffs], ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(as_markdown(diffs), nl=False)
    else:
        click.echo(as_text(diffs))
    raise click.exceptions.Exit(EXIT_OK)
