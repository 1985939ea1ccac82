"""Helpers for the case-lifecycle tests: the fake Fiks archive in a subprocess, the bench project, fast packages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

import httpx
from server_support import free_port

HERE = Path(__file__).resolve().parent
BENCH = HERE / "projects" / "bench"
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
ARCHIVE_ACCOUNT = "00000000-0000-4000-8000-0000000a5c11"  # the fake archive's Fiks IO account
OUR_ACCOUNT = "00000000-0000-4000-8000-00000000f0c5"


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


def bench_data(n: int) -> dict:
    return {"name": f"Kari Nordmann {n}", "email": f"kari{n}@example.no", "place": f"Parkveien {n}"}


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
