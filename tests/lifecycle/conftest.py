"""Fixtures of the case-lifecycle tests: the test project, packages built fast, and the fake Fiks archive."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

import httpx
import pytest

import formc

HERE = Path(__file__).resolve().parent
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
ARCHIVE_ACCOUNT = "00000000-0000-4000-8000-0000000a5c11"
OUR_ACCOUNT = "00000000-0000-4000-8000-00000000f0c5"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="session")
def town_dir() -> Path:
    return HERE / "projects" / "town"


@pytest.fixture(scope="session")
def town(town_dir: Path) -> formc.Project:
    return formc.load(town_dir)


@pytest.fixture(scope="session")
def bench(town: formc.Project):
    return town.forms["bench-repair"]


def bench_data(n: int) -> dict:
    return {"name": f"Kari Nordmann {n}", "email": f"kari{n}@example.no", "place": f"Parkveien {n}"}


@pytest.fixture
def package_files(bench, monkeypatch: pytest.MonkeyPatch):
    """A function: reference → the package's files (the receipt PDF replaced by a fixed stand-in, for speed)."""
    import types

    module = types.ModuleType("formc.runtime.receipt")
    module.render_receipt = lambda *args, **kwargs: b"%PDF-1.7\n% formc test stand-in\n"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "formc.runtime.receipt", module)
    from formc.runtime.package import build_package

    def make(reference: str, n: int = 0) -> dict[str, bytes]:
        return build_package(bench, bench_data(n), lang="nb", channel="web",
                             received=dt.datetime(2026, 3, 2, 9, 30, tzinfo=OSLO), submission_id=reference)

    return make


class FakeArchive:
    """The fake Fiks archive in a subprocess; ``restart()`` keeps its state (an SQLite file)."""

    def __init__(self, state: Path, standards: Path, **faults: float):
        self.state, self.standards, self.faults = state, standards, faults
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = [sys.executable, str(HERE / "fake_fiks_archive.py"), str(self.state), str(self.port),
                "--standards", str(self.standards)]
        for name, value in self.faults.items():
            args += [f"--{name}", str(value)]
        self.process = subprocess.Popen(args)
        wait_for(self.url + "/fake/filings", self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def filings(self) -> dict:
        return httpx.get(self.url + "/fake/filings", timeout=10).json()


@pytest.fixture
def fake_archive(tmp_path: Path, standards: Path):
    """A function starting a fake archive with the given faults; every one started is stopped after the test."""
    started: list[FakeArchive] = []

    def start(**faults: float) -> FakeArchive:
        archive = FakeArchive(tmp_path / f"archive{len(started)}.db", standards, **faults)
        archive.start()
        started.append(archive)
        return archive

    yield start
    for archive in started:
        archive.stop()
