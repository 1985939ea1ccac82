"""Fixtures for the preview server's tests: a copy of a project and ``formc serve --preview`` running on it in a subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "html" / "projects" / "small"


class Running:
    """A ``formc serve`` subprocess on a free local port."""

    def __init__(self, project: Path, *extra: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.project = project
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen([sys.executable, "-m", "formc", "serve", str(project), "--preview",
                                         "--port", str(self.port), *extra],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"formc serve exited: {self.process.stdout.read().decode() if self.process.stdout else ''}")
            try:
                httpx.get(f"{self.url}{extra[-1] if '--root-path' in extra else ''}/_formc/generation", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("formc serve did not start within 30 s")

    def generation(self) -> int:
        return int(httpx.get(f"{self.url}/_formc/generation").json()["generation"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(SMALL, target)
    return target


@pytest.fixture()
def start() -> Iterator[Any]:
    """Start ``formc serve`` on a project with extra options; stopped after the test."""
    started: list[Running] = []

    def run(project: Path, *extra: str) -> Running:
        started.append(Running(project, *extra))
        return started[-1]

    yield run
    for running in started:
        running.stop()


@pytest.fixture()
def served(project: Path, start: Any) -> Running:
    return start(project)


@pytest.fixture()
def page(shared_chromium: Any) -> Iterator[Any]:
    """A fresh en-US page that fails the test on any script error or CSP violation."""
    context = shared_chromium.new_context(locale="en-US")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("console", lambda msg: problems.append(msg.text)
           if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    yield tab
    context.close()
    assert not problems, problems
