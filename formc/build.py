"""The build: load → check → model → targets → write, in one place.

An unchanged form is not rebuilt: the manifest in the output folder records,
per target and form, a key made of the form's input digest (its file, the
blocks and lists it uses), the target's templates and the settings. A no-op
rebuild only stats the definition files: when none changed since the last
build and every output is intact, nothing is parsed at all.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from formc import __version__
from formc.diagnostics import Diagnostic
from formc.project import Settings, check_project, definition_files, missing_organisation, read_settings
from formc.diagnostics import Diagnostics
from formc.targets_api import BuildContext, available_targets, load_target, shared_files
from formc.writer import Manifest, OutputLock, OutputRoot, commit, recover

Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    out: Path | None = None
    built: int = 0  # (target, form) pairs emitted
    skipped: int = 0  # (target, form) pairs unchanged since the last build
    written: int = 0  # files whose bytes changed
    up_to_date: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _stats(files: Sequence[Path]) -> dict[str, list[int]]:
    stats = {}
    for path in files:
        stat = path.stat()
        stats[str(path)] = [stat.st_size, stat.st_mtime_ns]
    return stats


def _sources_key(stats: dict[str, list[int]], settings_key: str) -> str:
    """A cheap fingerprint of every definition file (path, size, mtime) and the settings."""
    digest = hashlib.sha256(settings_key.encode())
    for path, (size, mtime) in sorted(stats.items()):
        digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def _reusable(previous: dict, stats: dict[str, list[int]], settings_key: str) -> dict[str, tuple[str, str]]:
    """Form files unchanged since the last build whose blocks and lists are unchanged too."""
    if previous.get("settings") != settings_key:
        return {}
    known = previous.get("meta", {})
    changed = {path for path, stat in stats.items() if known.get(path, {}).get("stat") != stat}
    changed |= set(known) - set(stats)
    changed_parts = {f"{known[p]['kind']}:{known[p]['id']}" for p in changed if p in known}
    return {path: (meta["kind"], meta["id"]) for path, meta in known.items()
            if path not in changed and meta["kind"] == "form" and not changed_parts & set(meta.get("uses", ()))}


def build(path: Path | str = ".", out: Path | str | None = None, targets: Sequence[str] | None = None,
          languages: Sequence[str] | None = None, progress: Progress | None = None) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    diags = Diagnostics()
    settings = read_settings(Path(path), diags)
    if settings is None or missing_organisation(settings, diags):
        result.diagnostics = diags.sorted()
        return result
    out_dir = Path(out).resolve() if out is not None else settings.output
    result.out = out_dir
    with OutputLock(out_dir):
        interrupted = recover(out_dir)
        _build_into(Path(path), out_dir, settings, targets, languages, progress, result, interrupted)
    result.seconds = time.perf_counter() - started
    return result


def _build_into(path: Path, out_dir: Path, settings: Settings, targets: Sequence[str] | None,
                languages: Sequence[str] | None, progress: Progress | None, result: BuildResult,
                verify: bool) -> None:
    """The build proper, holding the output folder's lock; ``verify``: check every output's hash."""
    names = list(targets) if targets else list(settings.targets or available_targets())
    ctx = BuildContext(settings.organisation, tuple(languages) if languages else None, settings.base_url,
                       settings.templates, settings.classification_plan)
    fingerprints = {name: ctx.fingerprint(name) for name in names}
    settings_key = json.dumps([__version__, names, fingerprints, str(out_dir)], sort_keys=True)
    stats = _stats(definition_files(settings))
    sources_key = _sources_key(stats, settings_key)
    previous = Manifest.read(out_dir)
    if previous.entries.get("*sources", {}).get("input") == sources_key and all(
        previous.unchanged(out_dir, key, entry["input"], verify)
        for key, entry in previous.entries.items() if key != "*sources"
    ):
        result.up_to_date = True
        result.skipped = len(previous.entries) - 1
        return

    targets_by_name = {name: load_target(name) for name in names}
    incremental = not any(getattr(t, "shared_needs_forms", True) for t in targets_by_name.values())
    previous_sources = previous.entries.get("*sources", {})
    reuse = _reusable(previous_sources, stats, settings_key) if incremental else {}
    reuse = {path: (kind, ident) for path, (kind, ident) in reuse.items() if all(
        previous.unchanged(out_dir, f"{name}:{ident}", previous.entries.get(f"{name}:{ident}", {}).get("input", ""),
                           verify)
        for name in names)}
    project = check_project(path, reuse=reuse)
    result.diagnostics = project.diagnostics
    if not result.ok:
        return

    forms = [project.forms[k] for k in sorted(project.forms)]
    manifest = Manifest()
    meta = {path: previous_sources["meta"][path] for path in reuse}
    for file, (kind, ident) in project.file_ids.items():
        uses = project.forms[ident].uses if kind == "form" and ident in project.forms else ()
        meta[file] = {"stat": stats[file], "kind": kind, "id": ident, "uses": list(uses)}
    reused_forms = {ident for _, ident in reuse.values()}
    for name in names:
        for ident in reused_forms:
            manifest.entries[f"{name}:{ident}"] = previous.entries[f"{name}:{ident}"]
            result.skipped += 1
    outputs: dict[str, bytes] = {}
    out_root = OutputRoot(out_dir)
    total = len(names) * len(forms)
    done = 0
    for name in names:
        target = targets_by_name[name]
        for form in forms:
            key = f"{name}:{form.id}"
            input_key = hashlib.sha256(f"{form.digest}\0{fingerprints[name]}\0{__version__}".encode()).hexdigest()
            if previous.unchanged(out_dir, key, input_key, verify):
                manifest.entries[key] = previous.entries[key]
                result.skipped += 1
            else:
                emitted = {f"{name}/{o.path}": o.content for o in target.emit_form(form, ctx)}
                for rel in emitted:
                    out_root.join(rel)
                outputs.update(emitted)
                manifest.entries[key] = {"input": input_key, "files": {
                    rel: hashlib.sha256(content).hexdigest() for rel, content in sorted(emitted.items())}}
                result.built += 1
            done += 1
            if progress:
                progress(name, done, total)
        shared = {f"{name}/{o.path}": o.content for o in shared_files(target, forms, ctx)}
        outputs.update(shared)
        if shared:
            manifest.entries[f"{name}:*"] = {"input": "shared", "files": {
                rel: hashlib.sha256(content).hexdigest() for rel, content in sorted(shared.items())}}
    manifest.entries["*sources"] = {"input": sources_key, "files": {}, "settings": settings_key, "meta": meta}
    old_files = {rel for entry in previous.entries.values() for rel in entry.get("files", {})}
    new_files = {rel for entry in manifest.entries.values() for rel in entry.get("files", {})}
    result.written = commit(out_dir, outputs, manifest, old_files - new_files)
