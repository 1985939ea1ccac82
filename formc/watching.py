"""``formc build --watch``: build, then build again at every change, from what the last build left in memory.

The process holds the output folder's lock for as long as it watches (another ``formc build`` into the
same folder is refused, so nothing changes the folder behind its back). A watcher (``watchfiles``)
reports changed definition files, template overrides, ``formc.yaml`` and outputs. Each build starts from
the manifest and summaries the last one wrote (:class:`formc.build.Memory`): it does not read them again
nor ``lstat`` every output, only the outputs the watcher saw change. Changes to the outputs alone (the
build's own writes, seen after it) are checked against the manifest and start a build only when an
output is no longer as the build wrote it: it is then made again. A change of ``formc.yaml`` starts
again from the settings, with nothing kept in memory. A build with errors reports them and leaves the
folder as it was; watching goes on.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formc.build import BuildResult, Memory, Progress, WorkerDied, build
from formc.diagnostics import Diagnostic, Diagnostics
from formc.manifest import SOURCES, SummariesChanged
from formc.processes import frozen_heap
from formc.project import PROJECT_FILE, Settings, display_path, read_settings
from formc.targets_api import available_targets, warm
from formc.writer import OutputLock, OutputRoot, UnsafePath, is_temporary, signature

BOOKKEEPING_MARK = ".formc-"  # the output folder's own files (manifest, summaries, lock, journal, staging mark)
STEP_MS = 50  # a change is built once nothing more changed for this long
TICK_MS = 200  # the watcher's wait for a change, in turns (the first one starts watching before the first build)


@dataclass
class Event:
    """What a watching build reports: a build's result, or the settings' diagnostics when formc.yaml is wrong,
    or an error that stopped a build (the folder left as it was)."""

    result: BuildResult | None = None
    diagnostics: Sequence[Diagnostic] = ()
    error: str | None = None
    changed: Sequence[str] = ()  # what started the build: definitions and outputs changed (none: the first build)


@dataclass(frozen=True)
class Watch:
    """How to build (as ``formc build`` takes it) and whom to tell: ``report`` after every build, ``ready`` with
    the watched paths whenever watching (re)starts; ``stop`` ends the watching (else Ctrl-C)."""

    report: Callable[[Event], None]
    targets: Sequence[str] | None = None
    languages: Sequence[str] | None = None
    jobs: int | None = None
    progress: Progress | None = None
    ready: Callable[[list[Path]], None] | None = None
    stop: threading.Event | None = None


def watch(path: Path | str, out: Path | str | None, how: Watch) -> None:
    """Build the project at ``path`` into ``out`` (default: the project's output folder) and again at every
    change until interrupted.

    Raises :class:`formc.writer.OutputBusy` when another build holds the output folder.
    """
    root = Path(path)
    report, stop = how.report, how.stop
    while stop is None or not stop.is_set():
        diags = Diagnostics()
        read = _signature(root / PROJECT_FILE)
        settings = read_settings(root, diags)
        if settings is None:
            report(Event(diagnostics=diags.sorted()))
            if not _wait(root, read, how):
                return
            continue
        out_dir = Path(out).resolve() if out is not None else settings.output
        with OutputLock(out_dir) as lock:
            memory = Memory(out_dir, lock)
            try:
                again = _session(root, settings, read, memory, how)
            except KeyboardInterrupt:
                _flush_on_stop(memory)
                raise
            if not again:
                return


def _flush_on_stop(memory: Memory) -> None:
    """Ctrl-C or SIGTERM between a build's report and its bookkeeping: write the bookkeeping before the lock is let
    go, so that the next build finds the outputs up to date instead of making them all again."""
    try:
        memory.flush()
    except OSError:
        pass  # the next build checks every output against the last manifest written: nothing is trusted wrongly


def _session(root: Path, settings: Settings, read: list[int] | None, memory: Memory, how: Watch) -> bool:
    """Build and watch with one output folder and one formc.yaml (``read``: its size and time when it was read);
    True to start again (the settings changed)."""
    import watchfiles

    out_dir = memory.out
    project_file = (root / PROJECT_FILE).resolve()
    sources = _existing([settings.definitions] + ([settings.templates] if settings.templates else []))
    ignored = watchfiles.DefaultFilter()

    def relevant(change: Any, raw: str) -> bool:
        where = Path(raw)
        if where == project_file:
            return True
        if where == out_dir or out_dir in where.parents:
            return not (where.name.startswith(BOOKKEEPING_MARK) or is_temporary(where.name))
        if not ignored(change, raw):
            return False
        if settings.templates is not None and (where == settings.templates or settings.templates in where.parents):
            return True  # any file of an override
        return where.suffix == ".yaml" or where.is_dir() or _held_definitions(memory, raw)

    paths = _existing([project_file, out_dir, *sources])
    seen = watchfiles.watch(*paths, watch_filter=relevant, step=STEP_MS, stop_event=how.stop, rust_timeout=TICK_MS,
                            yield_on_timeout=True)
    if next(seen, None) is None:  # watching from here on (a change during the first build is seen after it)
        return False
    if _signature(project_file) != read:
        return True  # changed before the watching began
    _build(root, memory, how)
    if how.ready:
        how.ready(paths)
    names = list(how.targets) if how.targets else list(settings.targets or available_targets())
    threading.Thread(target=_warm, args=(names, settings.templates), name="formc-warm", daemon=True).start()
    for changes in seen:
        if not changes:
            continue  # a tick with nothing changed
        changed_outputs: set[str] = set()
        changed_sources: set[str] = set()
        for _, raw in changes:
            where = Path(raw)
            if where == project_file:
                return True
            if where == out_dir or out_dir in where.parents:
                changed_outputs.add(where.relative_to(out_dir).as_posix())
            else:
                changed_sources.add(display_path(where, root))
        if not out_dir.is_dir():
            return True  # the output folder was removed: take its lock again and build it all
        altered = _altered(memory, changed_outputs)
        if not changed_sources and not altered:
            continue  # the build's own writes, seen after it
        memory.changed(altered)
        _build(root, memory, how, sorted(changed_sources) + [display_path(out_dir / rel, root) for rel in sorted(altered)])
    return False


def _build(root: Path, memory: Memory, how: Watch, changed: Sequence[str] = ()) -> None:
    """One build from ``memory``; an error that stops it is reported, and the next build starts afresh.

    What the process holds (the manifest and summaries of 5,000 forms are a million objects) is kept out of
    the cyclic garbage collector's way during the build, and collected after it, while nothing waits.
    """
    try:
        with frozen_heap():
            result = build(root, memory.out, how.targets, how.languages, how.progress, how.jobs, memory)
    except (WorkerDied, SummariesChanged, UnsafePath) as exc:
        memory.forget()
        how.report(Event(error=str(exc), changed=changed))
        return
    except OSError as exc:
        memory.forget()
        how.report(Event(error=f"cannot write the output: {exc.strerror} ({exc.filename}); nothing was changed",
                         changed=changed))
        return
    how.report(Event(result=result, changed=changed))
    try:
        memory.flush()  # (after the report: the build's line does not wait for the bookkeeping)
    except OSError as exc:
        memory.forget()
        how.report(Event(error=f"cannot write the build's bookkeeping: {exc.strerror} ({exc.filename}); "
                         "the next build checks every output"))
    gc.collect()


def _warm(names: list[str], overrides: Path | None) -> None:
    """While the watcher waits: load what the targets need for a form (rdflib, templates), so the first change after
    an up-to-date start is built as quickly as the next. Best effort: a problem here (a broken template override) is
    the build's to report, with its file and line."""
    try:
        warm(names, overrides)
    except Exception:  # noqa: BLE001
        pass


def _held_definitions(memory: Memory, folder: str) -> bool:
    """Whether the last build read definition files under ``folder`` (a folder gone: moved or removed at once)."""
    if memory.manifest is None:
        return True
    prefix = folder.rstrip(os.sep) + os.sep
    return any(path.startswith(prefix) for path in memory.manifest.entries.get(SOURCES, {}).get("meta", {}))


def _altered(memory: Memory, changed: set[str]) -> set[str]:
    """The outputs among or under the ``changed`` paths (a folder moved away is one change) that are not as the
    last build left them: missing, or another size or time than recorded. Other files are not outputs."""
    if memory.manifest is None:
        return set(changed)  # (the next build checks every output anyway)
    quick = OutputRoot(memory.out).quick_signature  # the manifest's own check of a file as written
    return {output for rel in changed for output, record in memory.manifest.recorded(rel).items()
            if quick(output) != tuple(record[1:])}


def _wait(root: Path, read: list[int] | None, how: Watch) -> bool:
    """Wait for formc.yaml to change from what was ``read`` (size and time); False when stopped."""
    import watchfiles

    paths = _existing([root / PROJECT_FILE, root])
    ready = how.ready
    for changes in watchfiles.watch(*paths, step=STEP_MS, stop_event=how.stop, rust_timeout=TICK_MS,
                                    yield_on_timeout=True):
        if changes or _signature(root / PROJECT_FILE) != read:
            return True
        if ready:
            ready(paths)
            ready = None
    return False


def _signature(path: Path) -> list[int] | None:
    """:func:`formc.writer.signature` of ``path``; None when there is nothing to read."""
    try:
        return signature(path)
    except OSError:
        return None


def _existing(paths: list[Path]) -> list[Path]:
    """The ``paths`` that exist (a watcher refuses the others), without repeats."""
    return list(dict.fromkeys(p for p in paths if p.exists()))
