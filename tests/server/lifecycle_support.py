"""Helpers for the case-lifecycle tests: the fake Fiks archive in a subprocess, the bench project, fast packages."""

from __future__ import annotations

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


def bench_project(folder: Path, service_yaml: str = "") -> Path:
    """A copy of the bench project in ``folder`` with ``service_yaml`` (delivery, notify, cases …) added to formc.yaml."""
    import shutil

    shutil.copytree(BENCH, folder, dirs_exist_ok=True)
    if service_yaml:
        with open(folder / "formc.yaml", "a", encoding="utf-8") as handle:
            handle.write("\n" + service_yaml.strip() + "\n")
    return folder


def store_submissions(store, form, count: int, received, channel: str = "web") -> list:  # noqa: ANN001
    """Store ``count`` valid submissions of ``form`` (received at ``received``); the stored submissions."""
    from formc.store import NewSubmission
    from formc.store.records import promise

    stored = []
    for n in range(count):
        new = NewSubmission(form.id, form.version, "nb", channel, bench_data(n), **promise(form))
        stored.append(store.submit(new, received=received)[0])
    return stored
