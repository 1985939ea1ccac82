"""A build shared out across worker processes: the same bytes as a build in one process, and safe when it fails.

Every text target is built from the shipped library (24 forms and their blocks
and lists, enough for the build to use its pool) with and without workers; an
incremental rebuild after one change must equal a cold build of the changed
project, with only the changed form emitted (the shared outputs come from the
summaries kept in the manifest). Failures inside workers — a duplicate id two
workers see, a worker killed, the building process killed — leave the output
folder as it was, with no temporary files and no worker left running.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import formc.build
from formc.build import WorkerDied, build
from formc.processes import in_worker
from formc.targets_api import load_target
from formc.manifest import MANIFEST, SOURCES, SUMMARIES, Manifest
from formc.writer import LOCK, is_temporary
from build_support import TEXT_TARGETS

ROOT = Path(__file__).resolve().parents[2]


def _outputs(folder: Path) -> dict[str, str]:
    """Every output file (the build's own bookkeeping left out) → its SHA-256."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name not in (MANIFEST, SUMMARIES, LOCK)}


def _entries(folder: Path) -> dict[str, dict]:
    """The manifest's records without the file times (which differ between any two builds)."""
    entries = Manifest.read(folder).entries
    for entry in entries.values():
        entry["files"] = {rel: digest for rel, (digest, _size, _mtime) in entry["files"].items()}
    sources = entries[SOURCES]
    for record in sources["meta"].values():
        record.pop("stat")
    sources.pop("input")  # a fingerprint of the definition files' times
    sources.pop("summaries_stat")  # the summaries file's size and time
    sources.pop("settings")  # names the output folder
    return entries


def _temporaries(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob("*") if is_temporary(p.name)]


@pytest.fixture
def library(shipped_copy: Path) -> Path:
    return shipped_copy


def _forms(project: Path) -> list[Path]:
    return sorted((project / "form_definitions" / "forms").glob("*.yaml"))


def test_workers_give_the_bytes_of_a_build_in_one_process(library: Path, tmp_path: Path) -> None:
    serial = build(library, tmp_path / "serial", TEXT_TARGETS, jobs=1)
    parallel = build(library, tmp_path / "parallel", TEXT_TARGETS, jobs=2)
    assert serial.ok and parallel.ok, serial.diagnostics + parallel.diagnostics
    assert parallel.built == serial.built == len(_forms(library)) * len(TEXT_TARGETS)
    assert _outputs(tmp_path / "parallel") == _outputs(tmp_path / "serial")
    entries = _entries(tmp_path / "parallel")
    assert entries == _entries(tmp_path / "serial")
    assert any(rel.startswith("catalog/index.") for rel in _outputs(tmp_path / "parallel"))


def test_one_changed_form_is_the_only_one_emitted_and_equals_a_cold_build(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(library, out, TEXT_TARGETS, jobs=2).ok
    again = build(library, out, TEXT_TARGETS, jobs=2)
    assert again.up_to_date and again.written == 0

    changed = library / "form_definitions" / "forms" / "dog-registration.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Registrering av hund", "Registrering av hund og valp"), encoding="utf-8")
    assert text != changed.read_text(encoding="utf-8")
    loaded: list[str] = []
    real_load = formc.build_forms.load_definition

    def counting(file: Path, *args: object) -> object:
        loaded.append(Path(file).name)
        return real_load(file, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formc.build_forms, "load_definition", counting)
        rebuilt = build(library, out, TEXT_TARGETS, jobs=1)
    assert rebuilt.ok, rebuilt.diagnostics
    assert loaded == ["dog-registration.yaml"]  # no other form was read again
    assert rebuilt.built == len(TEXT_TARGETS)
    assert rebuilt.skipped == (len(_forms(library)) - 1) * len(TEXT_TARGETS)

    cold = build(library, tmp_path / "cold", TEXT_TARGETS, jobs=1)
    assert cold.ok
    assert _outputs(out) == _outputs(tmp_path / "cold")  # the catalogue index and the plan included
    assert _entries(out) == _entries(tmp_path / "cold")


def test_a_changed_block_rebuilds_the_forms_that_use_it(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(library, out, TEXT_TARGETS, jobs=2).ok
    before = Manifest.read(out).entries
    meta = before[SOURCES]["meta"]
    users = sorted(m["id"] for m in meta.values() if "block:child" in m.get("uses", ()))
    assert 0 < len(users) < len(_forms(library))
    block = library / "form_definitions" / "blocks" / "child.yaml"
    block.write_text(block.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8")
    rebuilt = build(library, out, TEXT_TARGETS, jobs=2)
    # each form that uses it is built again, by every target that reads the whole form: not the catalog, which
    # shows the service, not the block (tests/core/test_target_inputs.py)
    assert rebuilt.ok and rebuilt.built == len(users) * (len(TEXT_TARGETS) - 1)
    after = Manifest.read(out).entries
    assert [ident for ident in users if after[f"catalog:{ident}"] != before[f"catalog:{ident}"]] == []


@pytest.mark.parametrize("guess", ["form", None])
def test_a_wrong_guess_of_a_files_kind_changes_nothing(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      guess: str | None) -> None:
    """The build shares out files it takes for forms by a quick look; a wrong look costs time, never bytes."""
    expected = build(library, tmp_path / "expected", TEXT_TARGETS, jobs=2)
    monkeypatch.setattr(formc.build, "probable_kind", lambda path: guess)
    for jobs in (1, 2):
        result = build(library, tmp_path / f"guessed-{jobs}", TEXT_TARGETS, jobs=jobs)
        assert result.ok, result.diagnostics
        assert _outputs(tmp_path / f"guessed-{jobs}") == _outputs(tmp_path / "expected")
        assert _entries(tmp_path / f"guessed-{jobs}") == _entries(tmp_path / "expected")
    assert expected.built == result.built


def test_a_duplicate_id_two_workers_see_fails_the_build_and_keeps_the_output(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(library, out, TEXT_TARGETS, jobs=2).ok
    before = _outputs(out)
    forms = _forms(library)
    first, last = forms[0], forms[-1]
    first_id = next(line.split(":", 1)[1].strip() for line in first.read_text(encoding="utf-8").splitlines()
                    if line.startswith("id:"))
    text = last.read_text(encoding="utf-8")
    last_id = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:"))
    last.write_text(text.replace(f"id: {last_id}", f"id: {first_id}", 1), encoding="utf-8")
    result = build(library, out, TEXT_TARGETS, jobs=2)
    assert not result.ok
    [duplicate] = [d for d in result.diagnostics if d.code == "FC300"]
    assert duplicate.span.path.endswith(last.name)
    assert f"duplicate form id `{first_id}`" in duplicate.message and first.name in duplicate.message
    assert _outputs(out) == before
    assert _temporaries(out) == []


def test_a_killed_worker_fails_the_build_cleanly(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert build(library, out, ("jsonschema",), jobs=1).ok
    before = _outputs(out)
    victim = "moving-notice"
    for path in _forms(library):  # enough changed forms for the build to use its workers
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    target = load_target("jsonschema")
    real_emit = type(target).emit_form

    def dying(self: object, form: object, ctx: object) -> object:
        if getattr(form, "id") == victim and in_worker():
            os.kill(os.getpid(), signal.SIGKILL)
        return real_emit(self, form, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(type(target), "emit_form", dying)
    with pytest.raises(WorkerDied, match="nothing was changed"):
        build(library, out, ("jsonschema",), jobs=2)
    assert _outputs(out) == before
    assert _temporaries(out) == []
    monkeypatch.undo()
    assert build(library, out, ("jsonschema",), jobs=2).ok


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the workers")
def test_killing_the_build_kills_its_workers_and_the_next_build_completes(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # enough forms that the workers are still at work when they are looked for, on a fast machine too
    form = library / "form_definitions" / "forms" / "dog-registration.yaml"
    text = form.read_text(encoding="utf-8")
    for n in range(150):
        form.with_name(f"copy-{n:03d}.yaml").write_text(text.replace("\nid: dog-registration\n",
                                                                     f"\nid: dog-registration-{n:03d}\n"), encoding="utf-8")
    marker = f"FORMC_TEST_MARKER={uuid.uuid4()}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1], "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "formc", "build", str(library), "-o", str(out), "--jobs", "2",
                                *[arg for name in TEXT_TARGETS for arg in ("--target", name)]],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_processes_with(marker)) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)  # wait for the workers
    assert process.poll() is None, "the build ended before its workers were seen"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_with(marker) == []
    result = build(library, out, TEXT_TARGETS, jobs=2)
    assert result.ok
    assert _temporaries(out) == []
    assert build(library, tmp_path / "clean", TEXT_TARGETS, jobs=1).ok
    assert _outputs(out) == _outputs(tmp_path / "clean")


def test_jobs_option(library: Path, tmp_path: Path) -> None:
    bad = subprocess.run([sys.executable, "-m", "formc", "build", str(library), "--jobs", "0"],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert bad.returncode == 2 and "--jobs" in bad.stderr
    ok = subprocess.run([sys.executable, "-m", "formc", "build", str(library), "-o", str(tmp_path / "o"), "-j", "2",
                         "--target", "jsonschema"], capture_output=True, text=True,
                        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "o" / "jsonschema" / "dog-registration.schema.json").read_text())["title"]
