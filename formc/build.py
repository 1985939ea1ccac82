"""The build: load → check → model → targets → write, in one place.

The blocks and lists are parsed first; then every form file is loaded,
checked, built and emitted by every target in one step (:mod:`formc.build_forms`),
across the cores in forked worker processes when the project is big enough to
pay for them, and released. Outputs are staged on disk as they are made and
put in place together by :func:`formc.writer.commit` only when no definition
has an error. Shared outputs (a catalogue index, the classification plan) are
made from the per-form summaries the build keeps beside its manifest.

An unchanged form is not rebuilt, nor even parsed: the manifest in the output
folder records, per target and form, a key made of the form's input digest
(its file, the blocks and lists it uses), the target's templates and the
settings; the targets' summaries of the form are kept beside it
(``.formc-summaries.json``, see :mod:`formc.manifest`). A no-op rebuild reads
only the manifest and stats the definition files and the outputs. A target's
shared files are made again only when its summaries (or the set of forms)
changed. The bytes never depend on how the work was shared out.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from formc import __version__
from formc.build_forms import FormResult, FormWork, probable_kind, run, run_chunk, share
from formc.class_plan import TitleRow, check_titles
from formc.diagnostics import Diagnostic, Diagnostics, Span
from formc.manifest import (
    DIGESTS_MARK, MANIFEST, SOURCES, SUMMARIES, Manifest, Summaries, Summary, current_layout,
    summaries_bytes, summaries_digest,
)
from formc.processes import can_fork, cores, frozen_heap, one_pool, serially, worker_pool
from formc.project import (
    Definition, Settings, definition_paths, display_path, duplicate_id, incomplete_blocks, load_definition, missing_organisation,
    no_definitions, read_settings, undecodable_folder,
)
from formc.targets_api import BuildContext, Target, available_targets, load_target
from formc.writer import (
    OutputLock, Stager, begin_staging, commit, discard_staged, end_staging, recover, remove_empty_folders, remove_temporaries,
    signatures, stage_bookkeeping,
)

Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    out: Path | None = None
    built: int = 0  # (target, form) pairs emitted
    skipped: int = 0  # (target, form) pairs unchanged since the last build
    written: int = 0  # files whose bytes changed
    removed: int = 0  # outputs of the last build this one does not make (a form or target gone)
    up_to_date: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _stats(files: Sequence[str]) -> dict[str, list[int]]:
    """Size and modification time (ns) of each definition file; [-1, -1] for one that cannot be stat'ed (a
    dangling symlink, a symlink loop, a file removed since the walk): never as recorded, so it is loaded,
    and the loader reports why it cannot be read (FC009)."""
    files = list(files)
    return dict(zip(files, signatures(files)))


def _sources_key(stats: dict[str, list[int]], settings_key: str) -> str:
    """A cheap fingerprint of every definition file (path, size, mtime) and the settings."""
    digest = hashlib.sha256(settings_key.encode())
    digest.update("".join([f"{path}\0{size}\0{mtime}\n" for path, (size, mtime) in sorted(stats.items())]).encode(
        "utf-8", "surrogateescape"))  # a name that is not UTF-8 is reported when its file is loaded (FC006)
    return digest.hexdigest()


@dataclass
class Memory:
    """What a build leaves the next one in the same process: ``formc build --watch`` (:mod:`formc.watching`).

    The watching process holds the output folder's ``lock`` from one build to the next, so nothing else
    builds there; each build starts from the manifest and summaries the last one wrote instead of reading
    them again, and checks on disk only the outputs the watcher saw change (:meth:`changed`) instead of
    every output. After a build that did not finish, or when told to :meth:`forget`, the next build reads
    the folder's bookkeeping and checks every output, as a build in a new process does.
    """

    out: Path
    lock: OutputLock
    manifest: Manifest | None = None
    summaries: Summaries | None = None
    unwritten: bool = False  # the manifest of the last build is not on disk yet (see flush)
    unwritten_summaries: bool = False  # nor its summaries file, which changed

    def flush(self) -> None:
        """Write the bookkeeping of the last build (its manifest, and its summaries when they changed).

        A watching build puts its outputs in place at once but writes its bookkeeping only after it reported
        (11 MB of manifest at 5,000 forms: ~40 ms); the next build writes it first if nobody did. Until then
        the folder holds the last manifest written, which a build in a new process would check the outputs
        against: the outputs this build changed no longer match it, so they are made again, never trusted.
        """
        if not self.unwritten or self.manifest is None or self.summaries is None:
            return
        bookkeeping, staged = _bookkeeping(self.out, self.manifest, self.summaries if self.unwritten_summaries else None)
        commit(self.out, [], bookkeeping, set(), staged)
        self.unwritten = self.unwritten_summaries = False

    def changed(self, rels: set[str]) -> None:
        """Outputs (relative to ``out``) changed, added or removed on disk since the last build."""
        if self.manifest is not None and self.manifest.suspects is not None:
            self.manifest.suspects |= rels

    def forget(self) -> None:
        self.manifest = self.summaries = None
        self.unwritten = self.unwritten_summaries = False


class WorkerDied(Exception):
    """A build worker process ended without finishing its share (killed, or out of memory)."""


PARALLEL_MIN_FORMS = 16  # below this many forms to build a pool costs more than it saves (2 with a slow target)
CHUNK_MAX = 16  # forms a worker takes at a time: small enough to share the work out evenly


def _reusable(previous: dict, stats: dict[str, list[int]], settings_key: str) -> dict[str, dict]:
    """The manifest records of form files unchanged since the last build whose blocks and lists are unchanged too."""
    if previous.get("settings") != settings_key:
        return {}
    known = previous.get("meta", {})
    changed = {path for path, stat in stats.items() if known.get(path, {}).get("stat") != stat}
    changed |= set(known) - set(stats)
    changed_parts = {f"{known[p]['kind']}:{known[p]['id']}" for p in changed if p in known}
    return {path: meta for path, meta in known.items()
            if path not in changed and meta["kind"] == "form" and "titles" in meta
            and not changed_parts & set(meta.get("uses", ()))}


def _jobs(requested: int | None) -> int:
    """How many worker processes a build may use: ``--jobs``, else ``FORMC_JOBS``, else one per core."""
    if requested is None:
        try:
            requested = int(os.environ.get("FORMC_JOBS", "0"))
        except ValueError:
            requested = 0
    return requested if requested > 0 else cores()


def build(path: Path | str = ".", out: Path | str | None = None, targets: Sequence[str] | None = None,
          languages: Sequence[str] | None = None, progress: Progress | None = None,
          jobs: int | None = None, memory: Memory | None = None) -> BuildResult:
    """Build the project at ``path`` into ``out`` (default: the project's output folder).

    ``jobs``: worker processes for the forms (default ``FORMC_JOBS`` or one per core; 1 builds in this process).
    ``memory``: what the last build in this process left (its ``lock`` held on ``out``; see :class:`Memory`).
    """
    started = time.perf_counter()
    result = BuildResult()
    diags = Diagnostics()
    settings = read_settings(Path(path), diags)
    if settings is None or missing_organisation(settings, diags) or undecodable_folder(settings, diags):
        result.diagnostics = diags.sorted()
        return result
    out_dir = Path(out).resolve() if out is not None else settings.output
    result.out = out_dir
    if memory is not None and memory.out != out_dir:
        raise ValueError(f"the build's memory is of {memory.out}, not {out_dir}")
    with ExitStack() as held:
        if memory is None:
            held.enter_context(OutputLock(out_dir))
        else:
            memory.flush()
        # the bookkeeping read (a million objects at 5,000 forms) lives to the end: kept out of the collector's walks
        held.enter_context(frozen_heap())
        interrupted = recover(out_dir, current_layout(out_dir))
        names = list(targets) if targets else list(settings.targets or available_targets())
        fresh = [name for name in names if not os.path.lexists(out_dir / name)]  # target folders this build makes
        try:
            _build_into(settings, out_dir, names, bool(targets), fresh, languages, progress, result, interrupted,
                        _jobs(jobs), memory)
        except BaseException:
            remove_temporaries(out_dir)  # whatever was staged, and the target folders made for it: the folder
            remove_empty_folders(out_dir, fresh)  # is left as it was
            end_staging(out_dir)
            raise
    result.seconds = time.perf_counter() - started
    return result


def _build_into(settings: Settings, out_dir: Path, names: list[str], subset: bool, fresh: list[str],
                languages: Sequence[str] | None, progress: Progress | None, result: BuildResult, verify: bool,
                jobs: int, memory: Memory | None) -> None:
    """The build proper, holding the output folder's lock: the targets ``names`` (``subset``: asked for, the
    others' outputs kept), ``fresh`` those whose folders it makes; ``verify``: check every output's hash."""
    ctx = BuildContext(settings.organisation, tuple(languages) if languages else None, settings.base_url,
                       settings.templates, settings.classification_plan)
    fingerprints = {name: ctx.fingerprint(name) for name in names}
    settings_key = json.dumps([__version__, names, fingerprints, str(out_dir)], sort_keys=True)
    files = definition_paths(settings)
    stats = _stats(files)
    sources_key = _sources_key(stats, settings_key)
    remembered = memory is not None and memory.manifest is not None and not verify
    if remembered:
        previous = memory.manifest
        previous.forget_paths()
    else:
        previous = Manifest.read(out_dir)
    previous_sources = previous.entries.get(SOURCES, {})
    if previous.current and previous_sources.get("input") == sources_key:
        own = [key for key in previous.entries if key == SOURCES or _target_of(key) in names]
        if previous.intact(out_dir, own, verify):
            result.up_to_date = True
            result.skipped = len(own) - 1
            if memory is not None:  # every output checked (or seen unchanged): trusted until the watcher says so
                previous.suspects = set()
                memory.manifest = previous
            return

    targets_by_name = {name: load_target(name) for name in names}
    if remembered and memory.summaries is not None:
        previous_summaries = memory.summaries
    else:
        previous_summaries = Summaries.last(out_dir, previous, verify)  # the file itself is read only if needed
    reusable = _reusable(previous_sources, stats, settings_key)
    keys_of = {path: [f"{name}:{meta['id']}" for name in names] for path, meta in reusable.items()}
    summarised = previous_summaries.digests
    intact = previous.intact_keys(out_dir, [key for keys in keys_of.values() for key in keys
                                            if key in summarised], verify)  # every output at once
    reuse = {path: meta for path, meta in reusable.items() if all(key in intact for key in keys_of[path])}
    if not files:
        diags = Diagnostics()
        no_definitions(settings, diags)
        result.diagnostics = diags.sorted()
        return
    begin_staging(out_dir)
    parse_first: set[str] = set()
    while True:
        pass_ = _Pass(settings, out_dir, names, targets_by_name, ctx, fingerprints, previous, summarised, fresh,
                      verify, jobs, progress)
        misread = pass_.run([Path(f) for f in files if f not in reuse], reuse, parse_first)
        if not misread:
            break
        parse_first |= misread  # a file the quick look took for a form is not one: parse it first, and go again
    result.diagnostics = pass_.diags.sorted()
    if not result.ok:
        discard_staged(out_dir, pass_.staged)
        remove_empty_folders(out_dir, fresh)
        end_staging(out_dir)
        return
    result.built, result.skipped = pass_.built, pass_.skipped + len(reuse) * len(names)

    manifest = Manifest()
    made: dict[str, Summary] = {}  # the summaries this build made (the rest are the last build's)
    meta = dict(reuse)
    for file, record in pass_.meta.items():
        meta[file] = {"stat": stats[file], **record}
    for file, record in reuse.items():
        for name in names:
            key = f"{name}:{record['id']}"
            manifest.entries[key] = previous.entries[key]
    if subset:  # asked for some targets: the others' outputs stay as the last build made them
        asked = set(names)
        for key in previous.entries:
            if key != SOURCES and _target_of(key) not in asked:
                manifest.entries[key] = previous.entries[key]
    for form_result in pass_.forms.values():
        manifest.entries.update(form_result.entries)
        made.update(form_result.summaries)
    summaries = Summaries.after(manifest.entries, made, previous_summaries, keep_decoded=memory is not None)
    # the summaries file as the last build left it (and its recorded digest) when no summary changed: not
    # read, encoded, hashed or written again (36 MB at 5,000 forms with the catalogue, for one changed question)
    kept_digest = previous_sources.get("summaries") if previous.current else None
    if kept_digest is None or summaries.digests != previous_summaries.digests:
        kept_digest = None
    del previous_summaries
    # the same summaries, forms, settings and version: each target's shared files have the same input key as before
    same_input = kept_digest is not None and previous_sources.get("settings") == settings_key
    form_ids = sorted({record["id"] for record in meta.values() if record["kind"] == "form"})
    stager = Stager(out_dir, fresh=fresh)
    for name in names:
        _shared(name, targets_by_name[name], [f"{name}:{ident}" for ident in form_ids], summaries,
                fingerprints[name], ctx, previous, manifest, stager, out_dir, verify, same_input)
    manifest.entries[SOURCES] = {"input": sources_key, "files": {}, "settings": settings_key, "meta": meta,
                                 "summaries": kept_digest, "summaries_stat": previous_sources.get("summaries_stat"),
                                 DIGESTS_MARK: 1}
    staged = pass_.staged + stager.staged
    stale = _stale(previous, manifest)
    result.removed = len(stale - {dest for _, dest in staged})
    if memory is None:
        bookkeeping, staged_bookkeeping = _bookkeeping(out_dir, manifest, summaries if kept_digest is None else None)
        del summaries
        result.written = commit(out_dir, staged, bookkeeping, stale, staged_bookkeeping)
        return
    # a watching build: the outputs now, the bookkeeping once the build is reported (Memory.flush)
    result.written = commit(out_dir, staged, [], stale)
    manifest.suspects = set()  # this build wrote or checked every output it lists
    memory.manifest, memory.summaries = manifest, summaries
    memory.unwritten, memory.unwritten_summaries = True, kept_digest is None


def _bookkeeping(out_dir: Path, manifest: Manifest, summaries: Summaries | None
                 ) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """The manifest's bytes and, when ``summaries`` changed (else None), the summaries file staged, its digest
    and size and time recorded in the manifest: what :func:`formc.writer.commit` puts in place after the outputs."""
    staged_bookkeeping = []
    if summaries is not None:
        encoded = summaries_bytes(summaries)
        pair, stat = stage_bookkeeping(out_dir, SUMMARIES, encoded)
        manifest.entries[SOURCES].update(summaries=summaries_digest(encoded), summaries_stat=stat)
        staged_bookkeeping.append(pair)
    return [(MANIFEST, manifest.to_bytes())], staged_bookkeeping


def _shared(name: str, target: Target, keys: list[str], summaries: Summaries, fingerprint: str,
            ctx: BuildContext, previous: Manifest, manifest: Manifest, stager: Stager, out_dir: Path,
            verify: bool, same_input: bool) -> None:
    """``target``'s shared files from the forms' summaries (``keys``, in form-id order), into ``manifest``.

    They are made again only when a summary, the set of forms, the target's settings and templates
    (``fingerprint``) or formc's version changed since the last build, or a file of theirs was changed or
    removed; the summaries are decoded (the last build's file read) just for this and let go after. Their key
    is a hash of the summaries' digests. ``same_input``: none of those changed (the key of the last build's
    entry is this one's, not hashed again).
    """
    key = f"{name}:*"
    before = previous.entries.get(key, {}).get("input") if same_input else None
    if isinstance(before, str):
        wanted = before
    else:
        digests = summaries.digests
        digest = hashlib.sha256(f"{fingerprint}\0{__version__}".encode())
        digest.update("".join([f"\0{form_key}\0{digests[form_key]}" for form_key in keys]).encode())
        wanted = f"shared:{digest.hexdigest()}"
    if previous.unchanged(out_dir, key, wanted, verify):
        manifest.entries[key] = previous.entries[key]
        return
    shared = {f"{name}/{o.path}": o.content for o in target.emit_shared(summaries.decoded(keys), ctx)}
    known = {} if verify else previous.files(key)
    # (recorded when the target made no shared file too: the next build need not hash its summaries to know)
    manifest.entries[key] = {"input": wanted, "files": {
        rel: stager.stage(rel, content, known.get(rel)) for rel, content in sorted(shared.items())}}


def _target_of(key: str) -> str:
    """The target of a manifest entry's key (``"<target>:<form id>"`` or ``"<target>:*"``)."""
    return key.partition(":")[0]


def _stale(previous: Manifest, manifest: Manifest) -> set[str]:
    """The files the last build made that this one does not."""
    candidates = set()
    for key, entry in previous.entries.items():
        new = manifest.entries.get(key)
        if new is not entry:  # (an entry carried over unchanged is the same object)
            candidates.update(rel for rel in previous.files(key) if new is None or rel not in new["files"])
    if candidates:  # one may have moved to another entry
        candidates -= {rel for entry in manifest.entries.values() for rel in entry["files"]}
    return candidates


class _Pass:
    """One pass over the definition files: blocks and lists parsed here, forms shared out and emitted."""

    def __init__(self, settings: Settings, out_dir: Path, names: list[str], targets: dict[str, Target],
                 ctx: BuildContext, fingerprints: dict[str, str], previous: Manifest, summarised: Container[str],
                 fresh: list[str], verify: bool, jobs: int, progress: Progress | None) -> None:
        self.settings, self.out_dir, self.names, self.targets = settings, out_dir, names, targets
        self.ctx, self.fingerprints, self.previous, self.verify = ctx, fingerprints, previous, verify
        self.summarised, self.fresh = summarised, frozenset(fresh)
        self.jobs, self.progress = jobs, progress
        self.diags = Diagnostics()
        self.meta: dict[str, dict] = {}  # definition file → its manifest record (kind, id, uses, titles)
        self.forms: dict[str, FormResult] = {}  # form id → result
        self.staged: list[tuple[str, str]] = []
        self.built = self.skipped = 0

    def run(self, files: list[Path], reuse: dict[str, dict], parse_first: set[str]) -> set[str]:
        """Check and emit ``files``; returns the files taken for forms that are not (then nothing is kept)."""
        definitions: dict[str, dict[str, Definition]] = {"block": {}, "list": {}}
        form_files: list[str] = []
        for file in files:
            if str(file) not in parse_first and probable_kind(file) == "form":
                form_files.append(str(file))
                continue
            diags = Diagnostics()
            definition = load_definition(file, self.settings, diags)
            if definition is not None and definition.kind == "form":
                form_files.append(str(file))  # a worker reads it again and reports its diagnostics
                continue
            self.diags.extend(diags)
            if definition is None:
                continue
            group = definitions[definition.kind]
            if definition.ident in group:
                first = group[definition.ident].source
                duplicate_id(definition.kind, definition.ident, definition.source.span(("id",)),
                             f"{first.path}:{first.span(('id',)).line}", self.diags)
                continue
            group[definition.ident] = definition
            if not definition.salvaged:
                self.meta[definition.file] = {"kind": definition.kind, "id": definition.ident, "uses": []}
        work = FormWork(self.settings, {i: d.source for i, d in definitions["block"].items()},
                        {i: d.source for i, d in definitions["list"].items()}, incomplete_blocks(definitions["block"]),
                        self.ctx, self.targets, self.fingerprints, self.previous, self.out_dir, self.verify,
                        self.summarised, self.fresh)
        results = sorted(self._results(work, sorted(form_files)), key=lambda r: r.file)
        misread = {r.file for r in results if r.kind not in (None, "form")}
        if misread:
            discard_staged(self.out_dir, [pair for r in results for pair in r.staged])
            return misread
        self._collect(results, reuse)
        return set()

    def _results(self, work: FormWork, files: list[str]) -> Iterator[FormResult]:
        """Every form file's result, from worker processes when there are enough forms to pay for them."""
        slow = any(getattr(target, "slow", False) for target in self.targets.values())
        workers = min(self.jobs, len(files) - 1 if slow else len(files) // 4)
        if workers < 2 or len(files) < (2 if slow else PARALLEL_MIN_FORMS) or not can_fork():
            with ExitStack() as frozen:
                # PDFs: none in a pool with --jobs 1; else one pool for the whole build, not one per form
                frozen.enter_context(serially() if self.jobs == 1 else one_pool())
                for index, file in enumerate(files):
                    if index == 1:
                        frozen.enter_context(frozen_heap(collect=True))  # what the first form loaded: see worker_pool
                    yield from run(work, [file])
                    self._report(index + 1, len(files))
            return
        # The first form is built here: what every form needs (templates compiled, schema checks, libraries
        # imported, fonts) is then loaded once, and the forked workers share it.
        with serially():  # its PDFs too: the workers will render the rest
            first = run(work, files[:1])
        yield from first
        done = 1
        self._report(done, len(files))
        files = files[1:]
        size = max(1, min(CHUNK_MAX, len(files) // (workers * 8)))
        chunks = [files[i:i + size] for i in range(0, len(files), size)]
        share(work)
        from concurrent.futures.process import (
            BrokenProcessPool,  # only a build with workers needs it
        )

        try:
            with worker_pool(workers) as pool:
                for chunk_results in pool.map(run_chunk, chunks):
                    done += len(chunk_results)
                    self._report(done, len(files) + 1)
                    yield from chunk_results
        except BrokenProcessPool:
            raise WorkerDied("a build worker process ended before it finished (killed, or out of memory); "
                             "nothing was changed: build again, or with --jobs 1") from None
        finally:
            share(None)

    def _report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress("forms", done, total)

    def _collect(self, results: list[FormResult], reuse: dict[str, dict]) -> None:
        """Diagnostics, duplicate ids and class titles across every form, in file order."""
        reused_ids = {meta["id"]: file for file, meta in reuse.items()}
        titles: list[TitleRow] = [TitleRow(meta["id"], *row[:3], Span(*row[3:])) for meta in reuse.values()
                                  for row in meta["titles"]]
        for r in results:
            self.staged += r.staged
            self.diags.extend(r.load_diagnostics)
            if r.kind is None or r.ident is None or r.id_span is None:
                continue
            if r.ident in reused_ids:
                duplicate_id("form", r.ident, r.id_span, display_path(Path(reused_ids[r.ident]), self.settings.root),
                             self.diags)
                continue
            if r.ident in self.forms:
                first = self.forms[r.ident]
                assert first.id_span is not None
                duplicate_id("form", r.ident, r.id_span, f"{first.id_span.path}:{first.id_span.line}", self.diags)
                continue
            self.forms[r.ident] = r
            self.diags.extend(r.form_diagnostics)
            if r.built_form:
                titles += r.titles
                self.built += r.built
                self.skipped += r.skipped
                self.meta[r.file] = {"kind": "form", "id": r.ident, "uses": list(r.uses), "titles": [
                    [t.scheme, t.code, t.title, t.span.path, t.span.line, t.span.column] for t in r.titles]}
        check_titles(sorted(titles, key=lambda t: t.form_id), self.diags)

