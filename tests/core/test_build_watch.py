"""``formc build --watch`` and the build from memory it stands on (formc.watching, formc.build.Memory).

A build that starts from what the last one left in memory must give the same outputs and the same
bookkeeping on disk as a build that reads the folder: checked here against builds in a fresh folder
after each kind of change. The watching command is run for real, in a subprocess, and edited under.
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import formc.manifest
from formc.build import Memory, build
from formc.commands.common import stop_on_signals
from formc.manifest import MANIFEST
from formc.watching import Event, Watch, watch
from formc.writer import OutputLock
from build_support import TEXT_TARGETS

SMALL = Path(__file__).resolve().parent.parent / "html" / "projects" / "small"


def _outputs(folder: Path) -> dict[str, str]:
    """Every output file under ``folder`` → its SHA-256 (the bookkeeping left out: its files, and its temporary
    files while a watching build writes it after reporting)."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


def _project(tmp_path: Path) -> Path:
    """The small test project with a second form (a copy of the first under another id)."""
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    first = project / "forms" / "every-type.yaml"
    text = first.read_text(encoding="utf-8")
    (project / "forms" / "second.yaml").write_text(text.replace("id: every-type", "id: second", 1), encoding="utf-8")
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fresh(project: Path, tmp_path: Path) -> dict[str, str]:
    """The outputs of a build of ``project`` into a new folder."""
    out = tmp_path / f"fresh-{time.monotonic_ns()}"
    assert build(project, out, TEXT_TARGETS, jobs=1).ok
    return _outputs(out)


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    ("a question reworded", lambda p: _edit(p / "forms" / "second.yaml", "{nb: Navn,", "{nb: Fullt navn,")),
    ("a title changed (the catalogue's shared files change)",
     lambda p: _edit(p / "forms" / "every-type.yaml", "{nb: Alle felttyper,", "{nb: Alle slags felt,")),
    ("a form added", lambda p: (p / "forms" / "third.yaml").write_text(
        (p / "forms" / "second.yaml").read_text(encoding="utf-8").replace("id: second", "id: third", 1),
        encoding="utf-8")),
    ("a form removed", lambda p: (p / "forms" / "second.yaml").unlink()),
]


def test_builds_from_memory_give_what_builds_from_the_folder_give(tmp_path: Path) -> None:
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    with OutputLock(out) as lock:
        memory = Memory(out, lock)
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).ok
        for what, change in CHANGES:
            before = _outputs(out)
            change(project)
            result = build(project, out, TEXT_TARGETS, jobs=1, memory=memory)
            assert result.ok and not result.up_to_date, what
            after = _outputs(out)
            assert after == _fresh(project, tmp_path), what
            assert result.removed == len(before.keys() - after.keys()), what  # as the build's line reports them
            again = build(project, out, TEXT_TARGETS, jobs=1, memory=memory)
            assert again.up_to_date, what
    # what it wrote on disk is what a build in a new process reads: nothing to do
    manifest = (out / MANIFEST).read_bytes()
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date
    assert (out / MANIFEST).read_bytes() == manifest


def test_a_build_from_memory_decodes_only_the_summaries_that_changed(tmp_path: Path, monkeypatch) -> None:
    """A watching build that makes a shared file again (the catalogue, after a title changed) decodes only the
    summaries that changed since the last build; the others are the ones it decoded then (5,000 catalogue
    summaries take ~0.1 s to decode). The outputs are a fresh build's."""
    decoded: list[bytes] = []
    decode = formc.manifest.decode_summaries
    monkeypatch.setattr(formc.manifest, "decode_summaries", lambda encoded: decoded.extend(encoded) or decode(encoded))
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    with OutputLock(out) as lock:
        memory = Memory(out, lock)
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).ok
        assert memory.summaries is not None and len(decoded) == len(memory.summaries)  # each once
        before = dict(memory.summaries.digests)
        decoded.clear()
        _edit(project / "forms" / "every-type.yaml", "{nb: Alle felttyper,", "{nb: Alle slags felt,")
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).ok
        changed = {key for key, digest in memory.summaries.digests.items() if before.get(key) != digest}
        assert "catalog:every-type" in changed and "catalog:second" not in changed
        assert sorted(bytes(summary) for summary in decoded) == sorted(
            bytes(memory.summaries[key]) for key in changed)
        assert _outputs(out) == _fresh(project, tmp_path)


def test_a_build_whose_bookkeeping_was_not_written_yet_leaves_a_folder_the_next_build_makes_right(
        tmp_path: Path) -> None:
    """A watching build writes its manifest after it reported; killed in between, the folder holds the last
    manifest written, and a build in a new process makes what changed again instead of trusting it."""
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    with OutputLock(out) as lock:
        memory = Memory(out, lock)
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).ok
        memory.flush()  # as the watcher does once the build is reported
        written = (out / MANIFEST).read_bytes()
        _edit(project / "forms" / "second.yaml", "{nb: Navn,", "{nb: Fullt navn,")
        _edit(project / "forms" / "every-type.yaml", "{nb: Alle felttyper,", "{nb: Alle slags felt,")
        # every target rebuilds both forms but the catalog the reworded question, which it does not show
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).built == 7
        assert memory.unwritten and (out / MANIFEST).read_bytes() == written  # not flushed: as if killed here
    after = build(project, out, TEXT_TARGETS, jobs=1)
    assert after.ok and after.built == 7  # the changed outputs do not match the manifest: made again
    assert _outputs(out) == _fresh(project, tmp_path)
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date


def test_an_output_changed_on_disk_is_made_again_once_the_memory_is_told(tmp_path: Path) -> None:
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    with OutputLock(out) as lock:
        memory = Memory(out, lock)
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).ok
        expected = _outputs(out)
        page = out / "html" / "second.nb.html"
        with page.open("ab") as handle:
            handle.write(b"<!-- edited by hand -->")
        (out / "jsonschema" / "every-type.schema.json").unlink()

        untold = build(project, out, TEXT_TARGETS, jobs=1, memory=memory)
        assert untold.up_to_date  # trusted: the watcher has not said anything changed

        memory.changed({"html/second.nb.html", "jsonschema/every-type.schema.json"})
        told = build(project, out, TEXT_TARGETS, jobs=1, memory=memory)
        assert told.ok and told.built == 2  # html of one form, jsonschema of the other
        assert _outputs(out) == expected

        memory.forget()  # from the folder again: every output checked
        with page.open("ab") as handle:
            handle.write(b"<!-- again -->")
        assert build(project, out, TEXT_TARGETS, jobs=1, memory=memory).built == 1
        assert _outputs(out) == expected


def _env() -> dict[str, str]:
    """This checkout's formc in a subprocess, whatever is installed."""
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


class _Watching:
    """``formc build --watch`` in a subprocess, its stderr and stdout lines collected as they come."""

    def __init__(self, project: Path, out: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "formc", "build", "--watch", "--jobs", "1", str(project), "-o", str(out),
             *[arg for target in TEXT_TARGETS for arg in ("--target", target)]],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env())
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, wanted: str, timeout: float = 60) -> str:
        """The next line containing ``wanted`` (lines before it are kept in ``seen``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if wanted in line:
                return line
        raise AssertionError(f"no line with {wanted!r} in {timeout} s; got: {self.seen}")

    def stop(self, how: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def test_the_watching_build_keeps_the_folder_as_a_fresh_build_makes_it(tmp_path: Path) -> None:
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    watching = _Watching(project, out)
    try:
        watching.expect("built ")
        watching.expect("(Ctrl-C to stop)")

        _edit(project / "forms" / "every-type.yaml", "{nb: Alle felttyper,", "{nb: Alle slags felt,")
        watching.expect("built ")
        assert "Alle slags felt" in (out / "html" / "every-type.nb.html").read_text(encoding="utf-8")
        assert _outputs(out) == _fresh(project, tmp_path)

        # an output edited by hand is put back as the build makes it
        expected = _outputs(out)
        page = out / "html" / "second.nn.html"
        page.write_bytes(page.read_bytes() + b"<p>edited</p>")
        watching.expect("built 1 ")
        assert _outputs(out) == expected

        # a folder of outputs moved away (one change for the watcher): made again
        (out / "jsonschema").rename(tmp_path / "schemas-elsewhere")
        watching.expect("built 2 ")
        assert _outputs(out) == expected

        # a broken definition: reported with its place, the folder left as it was, and watching goes on
        _edit(project / "forms" / "second.yaml", "id: second", "id: [second")
        line = watching.expect("second.yaml:")
        assert re.search(r"second\.yaml:\d+:\d+: error\[FC001\]", line)  # file:line:col and what is wrong
        watching.expect("build failed; the output folder was not changed")
        assert _outputs(out) == expected
        _edit(project / "forms" / "second.yaml", "id: [second", "id: second")
        watching.expect("built 0 and reused")  # fixed as it was: the outputs it had are the ones it needs

        # formc.yaml broken, then fixed: its problem reported, then a build with the settings read again
        settings = project / "formc.yaml"
        good = settings.read_text(encoding="utf-8")
        settings.write_text(good.replace("organisation:", "organisation: [", 1), encoding="utf-8")
        watching.expect("fix formc.yaml")
        settings.write_text(good.replace("Testkommune, nn:", "Prøvekommune, nn:", 1), encoding="utf-8")
        watching.expect("built 8 ")  # every form shows the organisation
        assert "Prøvekommune" in (out / "html" / "second.nb.html").read_text(encoding="utf-8")
        assert _outputs(out) == _fresh(project, tmp_path)

        # the output folder removed: made again, whole
        shutil.rmtree(out)
        watching.expect("built 8 ")
        assert _outputs(out) == _fresh(project, tmp_path)

        # nothing else builds into the folder while it is watched
        other = subprocess.run([sys.executable, "-m", "formc", "build", str(project), "-o", str(out)], check=False,
                               capture_output=True, text=True, env=_env())
        assert other.returncode == 2 and "another formc build is writing" in other.stderr
    finally:
        code = watching.stop()
    assert code == 0, watching.seen
    # the lock is let go: a build in a new process finds everything up to date
    after = build(project, out, TEXT_TARGETS, jobs=1)
    assert after.up_to_date


def test_a_watching_build_stopped_by_sigterm_ends_as_by_ctrl_c(tmp_path: Path) -> None:
    """A service manager stops a process with SIGTERM: the watching build ends cleanly, exit 0, the lock let go."""
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    watching = _Watching(project, out)
    try:
        watching.expect("(Ctrl-C to stop)")  # (not "watching": the test's own folder is named so)
    finally:
        code = watching.stop(signal.SIGTERM)
    assert code == 0, watching.seen
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date


def test_a_stop_dropped_in_a_finaliser_still_ends_the_watch(tmp_path: Path) -> None:
    """Ctrl-C or SIGTERM that comes while Python runs a finaliser (WeasyPrint's font configuration is collected
    after a build with the print target) raises KeyboardInterrupt inside ``__del__``, where Python prints it and
    drops it. The command's handlers record the stop as well: the watch ends at its next wait instead of
    watching on (it did: a real watching build with the print target went on after SIGINT in 3 of 10 tries),
    and the dropped interrupt is not printed as a traceback."""
    project, out = _project(tmp_path), (tmp_path / "out").resolve()
    stop, gave_up = threading.Event(), threading.Event()

    class Finaliser:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler runs in here; its KeyboardInterrupt is dropped

    def report(event: Event) -> None:
        assert event.result is not None and event.result.ok
        Finaliser()  # let go at once

    def give_up() -> None:  # without the recorded stop the watch would go on for ever
        gave_up.set()
        stop.set()

    handlers, hook = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)), sys.unraisablehook
    printed: list[BaseException | None] = []
    watchdog = threading.Timer(30, give_up)
    try:
        sys.unraisablehook = lambda what: printed.append(what.exc_value)  # what Python would print
        stop_on_signals(stop)
        watchdog.start()
        watch(project, out, Watch(report, TEXT_TARGETS, jobs=1, stop=stop))
    finally:
        watchdog.cancel()
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])
        sys.unraisablehook = hook
    assert stop.is_set() and not gave_up.is_set()
    assert printed == []
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date


def test_a_stop_between_the_report_and_the_bookkeeping_writes_the_bookkeeping(tmp_path: Path) -> None:
    """Ctrl-C (or SIGTERM, which the command turns into it) just after a build's line, before its manifest is
    written: the manifest is written before the lock is let go, and the next build finds everything up to date."""
    project, out = _project(tmp_path), (tmp_path / "out").resolve()

    def interrupted_after_the_report(event: Event) -> None:
        assert event.result is not None and event.result.ok
        assert not (out / MANIFEST).exists()  # the window: the outputs in place, the bookkeeping not yet
        raise KeyboardInterrupt

    try:
        watch(project, out, Watch(interrupted_after_the_report, TEXT_TARGETS, jobs=1))
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt was swallowed")
    assert (out / MANIFEST).is_file()
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date
