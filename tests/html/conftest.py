"""Fixtures for the HTML target's tests: builds, one Chromium for the session, axe-core, vnu, a capturing server.

Browser tools are optional outside CI (the tests skip with the reason) and
required in CI (``CI=true``: a missing tool fails the run).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import os
import shutil
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

import formc
from formc.targets_api import BuildContext
from targets.html import TARGET

HERE = Path(__file__).resolve().parent
SMALL = HERE / "projects" / "small"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI") == "true"
CSP = "default-src 'self'"


def missing(reason: str) -> None:
    """Skip outside CI, fail in CI."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def build(forms: list[formc.model.Form], organisation: Any, out: Path) -> list[Path]:
    """Write every HTML file for ``forms`` into ``out``; the page and fragment paths, in order."""
    ctx = BuildContext(organisation=organisation)
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for item in [f for form in forms for f in TARGET.emit_form(form, ctx)] + TARGET.emit_shared(forms, ctx):
        (out / item.path).write_bytes(item.content)
        if item.path.endswith(".html"):
            pages.append(out / item.path)
    return pages


@pytest.fixture(scope="session")
def small() -> formc.Project:
    return formc.load(SMALL)


class Server:
    """A local HTTP server (127.0.0.1) that serves ``root`` under a strict CSP and records every POST."""

    def __init__(self, root: Path):
        self.root = root
        self.posts: list[tuple[str, str, bytes]] = []
        owner = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any):
                super().__init__(*args, directory=str(owner.root), **kwargs)

            def end_headers(self) -> None:
                self.send_header("Content-Security-Policy", CSP)
                super().end_headers()

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner.posts.append((self.path, self.headers.get("Content-Type", ""), body))
                page = b'<!DOCTYPE html><html lang="en"><head><title>Received</title></head><body><p>Received</p></body></html>'
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def take(self) -> tuple[str, bytes]:
        assert self.posts, "nothing was posted"
        _, content_type, body = self.posts.pop()
        return content_type, body


def posted_pairs(content_type: str, body: bytes) -> list[tuple[str, Any]]:
    """The (name, value) pairs of a posted body, as a server passes them to ``formc.decode`` (files as metadata)."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    pairs: list[tuple[str, Any]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        content = part.get_payload(decode=True) or b""
        if filename is None:
            pairs.append((name, content.decode("utf-8")))
        elif filename:
            pairs.append((name, {"filename": filename, "media_type": part.get_content_type(), "size": len(content),
                                 "sha256": hashlib.sha256(content).hexdigest()}))
    return pairs


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    served = Server(tmp_path_factory.mktemp("site"))
    yield served
    served.httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any script error or CSP violation."""
    context = browser.new_context(locale="en-US")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def axe_script(repo: Path) -> Path:
    path = repo / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing(f"{path} is missing: run `npm install --no-save axe-core vnu-jar --ignore-scripts`")
    return path


@pytest.fixture(scope="session")
def vnu(repo: Path) -> list[str]:
    jar = repo / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        missing(f"the Nu checker needs {jar} and java: run `npm install --no-save axe-core vnu-jar --ignore-scripts`")
    return [java, "-jar", str(jar)]


@pytest.fixture(scope="session")
def shipped_forms(shipped: formc.Project) -> list[formc.model.Form]:
    return sorted(shipped.forms.values(), key=lambda f: f.id)
