"""Helpers for the intake server's tests: a real server in a subprocess, the CLI, a valid submission."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TOWN = HERE / "projects" / "town"
REPO = HERE.parents[1]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``formc serve --intake`` as a subprocess on a free port; ``kill()`` is SIGKILL, ``stop()`` a clean shutdown."""

    def __init__(self, project: Path, store_url: str, env: dict[str, str] | None = None, worker: bool = True,
                 root_path: str = "", extra_args: list[str] | None = None):
        self.project, self.store_url, self.root_path = project, store_url, root_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        self.args = [sys.executable, "-m", "formc", "serve", str(project), "--intake", "--store", store_url,
                     "--port", str(self.port)] + ([] if worker else ["--no-worker"]) + \
                    (["--root-path", root_path] if root_path else []) + (extra_args or [])
        self.process: subprocess.Popen[bytes] | None = None
        self.log = b""

    def start(self, timeout: float = 30) -> "Server":
        self.process = subprocess.Popen(self.args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        import httpx

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}: {self.output()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"the server did not start: {self.output()}")

    def output(self) -> str:
        if self.process is not None and self.process.poll() is not None and self.process.stdout:
            self.log += self.process.stdout.read()
        return self.log.decode("utf-8", "replace")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.output()


def formc_cli(*args: str, cwd: Path | None = None, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formc", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120, input=input_text)


def envelope(name: str = "Ada Lovelace", proof: bytes = PDF, **data: Any) -> dict[str, Any]:
    """A valid JSON submission of the town's parking-permit form, its file as an attachment."""
    sha = hashlib.sha256(proof).hexdigest()
    answers = {"name": name, "email": "ada@example.no", "cars": 1, "has_trailer": False,
               "proof": [{"filename": "proof.pdf", "media_type": "application/pdf", "size": len(proof), "sha256": sha}]}
    answers.update(data)
    return {"language": "en", "data": answers, "attachments": {sha: base64.b64encode(proof).decode()}}


def hidden(html: str, name: str) -> str:
    """The value of the hidden input ``name`` in a served page."""
    import re

    match = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)">', html)
    assert match, f"no hidden input {name}"
    return match.group(1)


def valid_noise(**changes: str) -> dict[str, str]:
    """The fields a browser posts for a valid noise complaint (no JavaScript: every field, empty ones too)."""
    fields = {"name": "Ada Lovelace", "address": "Storgata 1", "nights": "3", "reported_before": "false",
              "earlier_reference": "", "witnesses[0].witness_name": "", "details": "Drums after midnight."}
    fields.update(changes)
    return fields
