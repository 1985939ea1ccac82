"""The output folder of ``formc build`` under kills, races and umasks: always the old or the new state.

Builds run as real ``formc`` processes and are killed with SIGKILL at random
moments (``FORMC_KILL_RUNS``, default 20) and, in-process, at every write of the
commit phase; after each kill the folder is recovered and compared file by
file with the outputs of the previous and of the new definitions.
"""

from __future__ import annotations

import fcntl
import hashlib
import multiprocessing
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from formc.build import build
from formc.manifest import MANIFEST, SUMMARIES, Manifest
from formc.writer import JOURNAL, LOCK, STAGING, OutputLock, recover

HERE = Path(__file__).resolve().parent
SMALL = HERE.parent / "html" / "projects" / "small"
PRINT_SMALL = HERE.parent / "print" / "projects" / "small"
TARGETS = ("--target", "html", "--target", "jsonschema")
KILL_RUNS = int(os.environ.get("FORMC_KILL_RUNS", "20"))


def _formc(*args: str, umask: int | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "formc", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def _run(*args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    process = _formc(*args, umask=umask)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _outputs(folder: Path) -> dict[str, str]:
    """Every output file (the build's own bookkeeping left out) → its SHA-256."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in (MANIFEST, SUMMARIES, LOCK):
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _assert_consistent(folder: Path) -> None:
    """The manifest describes exactly the files in the folder, with their hashes."""
    listed = {rel: record[0] for entry in Manifest.read(folder).entries.values() for rel, record in entry["files"].items()}
    assert listed == _outputs(folder)


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """A project in two versions (v2: a changed title, one form removed) and each version's outputs."""
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(SMALL, v1)
    form = (v1 / "forms" / "every-type.yaml").read_text(encoding="utf-8")
    (v1 / "forms" / "second.yaml").write_text(form.replace("id: every-type", "id: second"), encoding="utf-8")
    shutil.copytree(SMALL, v2)
    (v2 / "forms" / "every-type.yaml").write_text(form.replace("Alle felttyper", "Alle felttyper i ny utgave"),
                                                   encoding="utf-8")
    old, new = tmp_path / "old", tmp_path / "new"
    for project, out in ((v1, old), (v2, new)):
        result = _run("build", str(project), "-o", str(out), *TARGETS)
        assert result.returncode == 0, result.stderr
    old_files, new_files = _outputs(old), _outputs(new)
    assert old_files != new_files and any(rel.startswith("html/second.") for rel in old_files)
    return v2, old, old_files, new_files


def _fresh_copy(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_outputs(tmp_path: Path, versions) -> None:
    v2, old, old_files, new_files = versions
    out = tmp_path / "out"
    _fresh_copy(old, out)
    started = time.perf_counter()
    assert _run("build", str(v2), "-o", str(out), *TARGETS).returncode == 0
    duration = time.perf_counter() - started
    rng = random.Random(9)
    seen = {"old": 0, "new": 0}
    for _ in range(KILL_RUNS):
        _fresh_copy(old, out)
        process = _formc("build", str(v2), "-o", str(out), *TARGETS)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        with OutputLock(out):
            recover(out)
        state = _outputs(out)
        assert state in (old_files, new_files)
        seen["old" if state == old_files else "new"] += 1
        _assert_consistent(out)
        assert not [p for p in out.rglob("*.tmp")] and not (out / JOURNAL).exists() and not (out / STAGING).exists()
        assert build(v2, out, ["html", "jsonschema"]).ok  # the next build
        assert _outputs(out) == new_files
        _assert_consistent(out)
    print(f"states after {KILL_RUNS} kills: {seen}")


def _build_and_die_at(write: int, project: Path, out: Path) -> None:
    """In a child process: build, and SIGKILL this process at its ``write``-th rename."""
    real_replace = os.replace
    calls = 0

    def replace(src, dst, **at):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == write:
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst, **at)

    os.replace = replace  # type: ignore[assignment]
    build(project, out, ["html", "jsonschema"])
    os._exit(0)


def test_sigkill_at_every_step_of_the_commit(tmp_path: Path, versions) -> None:
    v2, old, old_files, new_files = versions
    out = tmp_path / "out"
    context = multiprocessing.get_context("fork")
    write, finished = 0, False
    while not finished:
        write += 1
        _fresh_copy(old, out)
        child = context.Process(target=_build_and_die_at, args=(write, v2, out))
        child.start()
        child.join(120)
        finished = child.exitcode == 0
        if not finished:
            assert child.exitcode == -signal.SIGKILL
        with OutputLock(out):
            interrupted = recover(out)
        assert interrupted == (not finished)  # staged files or a journal were found and dealt with
        assert _outputs(out) in (old_files, new_files)
        _assert_consistent(out)
        assert build(v2, out, ["html", "jsonschema"]).ok
        assert _outputs(out) == new_files
    changed = [rel for rel, digest in new_files.items() if old_files.get(rel) != digest]
    assert changed and write - 1 == 1 + len(changed) + 2  # the journal, every changed file, summaries, manifest


def test_an_interrupted_build_verifies_outputs_by_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(SMALL, out, ["jsonschema"]).ok
    target = next((out / "jsonschema").glob("*.json"))
    original = target.read_bytes()
    signature = target.stat()
    tampered = original.replace(b'"', b"'", 1)
    assert len(tampered) == len(original)
    target.write_bytes(tampered)
    os.utime(target, ns=(signature.st_atime_ns, signature.st_mtime_ns))  # size and time as recorded
    assert build(SMALL, out, ["jsonschema"]).up_to_date  # trusted, like make, after a finished build
    (out / "jsonschema" / ".leftover.formc-0a1b2c.tmp").write_bytes(b"half")  # a build was killed while staging:
    (out / STAGING).touch()  # it left its mark and a temporary file
    result = build(SMALL, out, ["jsonschema"])
    assert result.ok and not result.up_to_date and result.written == 1
    assert target.read_bytes() == original
    assert not (out / "jsonschema" / ".leftover.formc-0a1b2c.tmp").exists() and not (out / STAGING).exists()


def _hold_lock_as_a_dying_worker(out: Path, dead_holder: int, seconds: float) -> None:
    """In a child process: hold the lock like a worker of a killed build (the file names the dead build)."""
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, f"{dead_holder}\n".encode())
    time.sleep(seconds)
    os._exit(0)


def test_a_build_started_just_after_one_was_killed_waits_for_its_dying_workers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that is no longer running: the killed build
    worker = multiprocessing.get_context("fork").Process(target=_hold_lock_as_a_dying_worker,
                                                         args=(out, gone.pid, 0.5))
    worker.start()
    while not (out / LOCK).exists() or not (out / LOCK).read_text().strip():
        time.sleep(0.01)
    assert _run("build", str(SMALL), "-o", str(out), "--target", "jsonschema").returncode == 0
    worker.join()
    assert worker.exitcode == 0  # the build waited for the worker to be gone
    # a lock held by a running build is refused at once, as before
    worker = multiprocessing.get_context("fork").Process(target=_hold_lock_as_a_dying_worker,
                                                         args=(out, os.getpid(), 30))
    worker.start()
    while str(os.getpid()) not in (out / LOCK).read_text():
        time.sleep(0.01)
    started = time.monotonic()
    refused = _run("build", str(SMALL), "-o", str(out), "--target", "jsonschema")
    assert refused.returncode == 2 and f"(process {os.getpid()})" in refused.stderr
    assert time.monotonic() - started < 10
    worker.kill()
    worker.join()


def test_a_second_concurrent_build_is_refused_with_a_clear_message(tmp_path: Path, versions) -> None:
    v2, old, _, new_files = versions
    out = tmp_path / "out"
    _fresh_copy(old, out)
    before = _outputs(out)
    with OutputLock(out):
        result = _run("build", str(v2), "-o", str(out), *TARGETS)
    assert result.returncode == 2
    assert f"another formc build is writing to {out} (process {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr and _outputs(out) == before
    assert _run("build", str(v2), "-o", str(out), *TARGETS).returncode == 0
    assert _outputs(out) == new_files


def test_two_builds_at_once_give_one_correct_state(tmp_path: Path, versions) -> None:
    v2, old, _, new_files = versions
    out = tmp_path / "out"
    for _ in range(3):
        _fresh_copy(old, out)
        first, second = _formc("build", str(v2), "-o", str(out), *TARGETS), _formc("build", str(v2), "-o", str(out), *TARGETS)
        results = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in (first, second)]
        assert 0 in [code for code, _ in results]
        for code, err in results:
            assert code == 0 or (code == 2 and "another formc build is writing to" in err), err
        assert _outputs(out) == new_files
        _assert_consistent(out)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_outputs_honour_the_umask(tmp_path: Path, mask: int, mode: int) -> None:
    out = tmp_path / "out"
    result = _run("build", str(SMALL), "-o", str(out), "--target", "jsonschema", umask=mask)
    assert result.returncode == 0, result.stderr
    files = [p for p in out.rglob("*") if p.is_file() and p.name != LOCK]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {mode}
    folders = [p for p in out.rglob("*") if p.is_dir()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o777 & ~mask}


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir() or (os.cpu_count() or 1) < 2, reason="needs /proc and two cores")
def test_pdf_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FORMC_PDF_WORKERS"}
    process = subprocess.Popen([sys.executable, "-m", "formc", "build", str(PRINT_SMALL), "-o", str(tmp_path / "out")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        workers |= _children(process.pid)
        time.sleep(0.02)
    assert workers, "the build started no PDF workers"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]
