"""The build's per-form work: load, check, model and emit one form file at a time, and release it.

The building process parses the blocks and lists and sets up a :class:`FormWork`
(what every form needs); forked worker processes inherit it and each takes
chunks of form files (:func:`run_chunk`), or the building process runs the
chunks itself when a pool would cost more than it saves. For each file the
result is data (:class:`FormResult`): its diagnostics, id, the blocks and lists
it used, its titled classes, and per target the manifest entry (input key,
file hashes, the target's summary for shared outputs). Emitted files are
staged on disk at once (:class:`formc.writer.Stager`), so memory does not grow
with the project. Which process ran a chunk never changes a byte.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Container, Mapping

from formc import __version__
from formc.class_plan import TitleRow, title_rows
from formc.diagnostics import Diagnostic, Diagnostics, Span
from formc.files import read_regular
from formc.loader import SourceFile
from formc.project import Settings, build_form, load_definition
from formc.manifest import SUMMARY, Manifest, encode_summary, summary_digest
from formc.targets_api import BuildContext, Target, input_digest
from formc.writer import OutputRoot, Stager

# A top-level `kind:` line: a definition file is very likely a form when it has exactly one, saying `form`
_KIND_LINE = re.compile(rb"^kind[ \t]*:[ \t]*[\"']?([A-Za-z_]+)[\"']?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


def probable_kind(path: Path) -> str | None:
    """The ``kind`` a definition file declares, read without parsing it; None when that is not plain.

    Only a guess to share out the work: a worker that finds a file is not a form says so and the build
    starts again with that file parsed first.
    """
    try:
        found = _KIND_LINE.findall(read_regular(path))
    except OSError:
        return None
    return found[0].decode("ascii") if len(found) == 1 else None


def input_key(form_digest: str, fingerprint: str) -> str:
    """What one (target, form) output is built from: the form's inputs, the target's and formc's version."""
    return hashlib.sha256(f"{form_digest}\0{fingerprint}\0{__version__}".encode()).hexdigest()


@dataclass
class FormWork:
    """Everything a form needs besides its own file; set up once, inherited by forked workers."""

    settings: Settings
    blocks: Mapping[str, SourceFile]
    lists: Mapping[str, SourceFile]
    incomplete_blocks: frozenset[str]
    ctx: BuildContext
    targets: Mapping[str, Target]  # in build order
    fingerprints: Mapping[str, str]
    previous: Manifest
    out: Path
    verify: bool  # the last build was interrupted: check every reused output against its hash
    summarised: Container[str]  # the "<target>:<form id>" that have a summary from the last build
    fresh: frozenset[str]  # the target folders this build makes (see Stager)
    paths: OutputRoot | None = None  # the output folder's checked paths, made by the first run (see run)


@dataclass
class FormResult:
    """What one form file gave: diagnostics, identity and, when it built, its outputs' manifest entries."""

    file: str
    kind: str | None = None
    ident: str | None = None
    id_span: Span | None = None
    load_diagnostics: list[Diagnostic] = field(default_factory=list)  # reading and the language schema
    form_diagnostics: list[Diagnostic] = field(default_factory=list)  # checks of the form as a whole
    built_form: bool = False
    uses: tuple[str, ...] = ()
    titles: list[TitleRow] = field(default_factory=list)
    entries: dict[str, dict] = field(default_factory=dict)  # "<target>:<form id>" → manifest entry
    summaries: dict[str, bytes] = field(default_factory=dict)  # "<target>:<form id>" → the target's new summary, encoded
    staged: list[tuple[str, str]] = field(default_factory=list)  # (temporary, destination) under the output
    built: int = 0
    skipped: int = 0


def _emit(work: FormWork, form: Any, stager: Stager, result: FormResult) -> None:
    for name, target in work.targets.items():
        key = f"{name}:{form.id}"
        wanted = input_key(input_digest(target, form, work.ctx), work.fingerprints[name])
        if key in work.summarised and work.previous.unchanged(work.out, key, wanted, work.verify):
            result.entries[key] = work.previous.entries[key]  # its summary, the last build's, is read only if needed
            result.skipped += 1
            continue
        files = {f"{name}/{o.path}": o.content for o in target.emit_form(form, work.ctx)}
        known = {} if work.verify else work.previous.files(key)
        summary = result.summaries[key] = encode_summary(target.summarise(form, work.ctx))
        result.entries[key] = {"input": wanted, "files": {
            rel: stager.stage(rel, content, known.get(rel)) for rel, content in sorted(files.items())},
            SUMMARY: summary_digest(summary)}
        result.built += 1


def _one(work: FormWork, file: Path, stager: Stager) -> FormResult:
    result = FormResult(str(file))
    diags = Diagnostics()
    definition = load_definition(file, work.settings, diags)
    result.load_diagnostics = diags.items
    if definition is None:
        return result
    result.kind, result.ident, result.id_span = definition.kind, definition.ident, definition.source.span(("id",))
    if definition.kind != "form":
        return result  # not a form after all: the build shares the work out again
    form_diags = Diagnostics()
    form = build_form(definition, work.blocks, work.lists, work.settings, work.incomplete_blocks, form_diags)
    result.form_diagnostics = form_diags.items
    if form is None:
        return result
    result.built_form = True
    result.uses = form.uses
    result.titles = title_rows([form], {form.id: definition.source})
    before = len(stager.staged)
    _emit(work, form, stager, result)
    result.staged = stager.staged[before:]
    return result


def run(work: FormWork, files: list[str]) -> list[FormResult]:
    """Load, check, build and emit each form file; the forms are released as soon as they are emitted."""
    if work.paths is None:  # one per build (and process): each output folder is resolved once, not per chunk
        work.paths = OutputRoot(work.out)
    stager = Stager(work.out, work.paths, work.fresh)
    try:
        return [_one(work, Path(file), stager) for file in files]
    except BaseException:
        stager.discard()
        raise


_WORK: FormWork | None = None  # set by the building process before it forks its workers


def share(work: FormWork) -> None:
    """Make ``work`` what :func:`run_chunk` uses in workers forked from now on."""
    global _WORK
    _WORK = work


def run_chunk(files: list[str]) -> list[FormResult]:
    """:func:`run` in a worker process, with the work the building process shared before forking it."""
    assert _WORK is not None, "share() the work before starting the workers"
    return run(_WORK, files)
