"""``formc archive --force`` under SIGKILL: the package folder is always the previous package or the new one.

Real ``formc archive`` processes are killed at random moments (``FORMC_KILL_RUNS``,
default 20); the write itself is also killed at each of its steps in a forked
child. The receipt is a fixed stand-in here (these tests are about the folder,
not the PDF), installed in the child process before the command runs.
"""

from __future__ import annotations

import hashlib
import json
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

from formc.runtime import package

KILL_RUNS = int(os.environ.get("FORMC_KILL_RUNS", "20"))
DATA = {"applicant": {"first_name": "Kari", "last_name": "Nordmann", "national_id": "15076500565",
                      "address": {"street": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
                      "email": "kari@example.no"},
        "plate": "AB1234", "resident": True, "since": "2010-05-01", "zone": "b", "days": ["mon", "wed"],
        "children": [{"name": "Ola", "born": "2015-01-01"}], "consent": True}
STAND_IN = (
    "import sys, types\n"
    "module = types.ModuleType('formc.runtime.receipt')\n"
    "module.render_receipt = lambda *args: b'%PDF-1.7\\n% formc test stand-in\\n'\n"
    "sys.modules['formc.runtime.receipt'] = module\n"
    "from formc.cli import main\n"
    "sys.argv = ['formc'] + sys.argv[1:]\n"
    "main()\n"
)


def _archive(alltypes_dir: Path, data: Path, out: Path, submission: str, *extra: str, umask: int | None = None):
    return subprocess.Popen(
        [sys.executable, "-c", STAND_IN, "archive", "permit", str(data), "--project", str(alltypes_dir), "-o", str(out),
         "--received", "2026-06-15T09:30:00+02:00", "--submission-id", submission, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def _state(folder: Path) -> dict[str, str] | None:
    if not folder.exists():
        return None
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def packages(alltypes_dir: Path, tmp_path: Path):
    data = tmp_path / "data.json"
    data.write_text(json.dumps(DATA), encoding="utf-8")
    states = {}
    for submission in ("old", "new"):
        out = tmp_path / f"package-{submission}"
        process = _archive(alltypes_dir, data, out, submission)
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        states[submission] = out
    assert _state(states["old"]) != _state(states["new"])
    return data, states["old"], states["new"]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_sigkill_at_random_moments(alltypes_dir: Path, tmp_path: Path, packages) -> None:
    data, old, new = packages
    work = tmp_path / "work"
    work.mkdir()
    out = work / "pkg"
    started = time.perf_counter()
    shutil.copytree(old, out)
    process = _archive(alltypes_dir, data, out, "new", "--force")
    assert process.wait(120) == 0
    duration = time.perf_counter() - started
    rng = random.Random(13)
    for _ in range(KILL_RUNS):
        shutil.rmtree(out)
        shutil.copytree(old, out)
        process = _archive(alltypes_dir, data, out, "new", "--force")
        time.sleep(rng.uniform(0.05, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert _state(out) in (_state(old), _state(new))
        again = _archive(alltypes_dir, data, out, "new", "--force")
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        assert _state(out) == _state(new) and _leftovers(work) == []


def _write_and_die_at(step: int, files: dict[str, bytes], out: Path) -> None:
    """In a child process: write the package, and SIGKILL this process at its ``step``-th step."""
    calls = 0

    def counting(real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            if calls == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return wrapper

    os.fsync = counting(os.fsync)  # type: ignore[assignment]
    os.chmod = counting(os.chmod)  # type: ignore[assignment]
    package.exchange = counting(package.exchange)  # type: ignore[assignment]
    package.shutil.rmtree = counting(package.shutil.rmtree)  # type: ignore[assignment]
    package.write_package(files, out, force=True)
    os._exit(0)


def test_sigkill_at_every_step_of_the_write(tmp_path: Path, packages) -> None:
    _, old, new = packages
    files = {p.name: p.read_bytes() for p in new.iterdir()}
    work = tmp_path / "work"
    work.mkdir()
    out = work / "pkg"
    context = multiprocessing.get_context("fork")
    step, finished = 0, False
    while not finished:
        step += 1
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(old, out)
        child = context.Process(target=_write_and_die_at, args=(step, files, out))
        child.start()
        child.join(60)
        finished = child.exitcode == 0
        assert finished or child.exitcode == -signal.SIGKILL
        assert _state(out) in (_state(old), _state(new))
        package.write_package(files, out, force=True)  # the next write cleans up and is correct
        assert _state(out) == _state(new) and _leftovers(work) == []
    assert step - 1 == len(files) + 3  # every fsync, the chmod, the exchange, the removal of the old package


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_package_honours_the_umask(alltypes_dir: Path, tmp_path: Path, mask: int) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps(DATA), encoding="utf-8")
    out = tmp_path / "pkg"
    process = _archive(alltypes_dir, data, out, "x", umask=mask)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o666 & ~mask}
