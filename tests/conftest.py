"""Fixtures shared by every test folder: the repository, the shipped library, the official standards."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
STANDARDS = REPO.parent / "shared" / "standards"
IN_CI = os.environ.get("CI") == "true"

# Speed is measured in benchmarks/, never in a test: no example fails for its time on a loaded machine.
settings.register_profile("formc", deadline=None)
settings.load_profile("formc")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's addopts): a worker per core and one more, at most 8 — much of the suite waits on
    Chromium, servers in subprocesses, PostgreSQL and the Nu checker, so one more keeps the cores busy."""
    return min((os.cpu_count() or 1) + 1, 8)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def standards() -> Path:
    """The official schemas in ../shared/standards; absent only outside CI, where the tests skip."""
    if not STANDARDS.is_dir():
        if IN_CI:
            pytest.fail(f"{STANDARDS} is missing: CI must have the shared standards beside the checkout")
        pytest.skip(f"the official schemas are not here ({STANDARDS} is absent)")
    return STANDARDS


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped project (formc.yaml and form_definitions/) that a test may change."""
    root = tmp_path / "library"
    root.mkdir()
    shutil.copy(REPO / "formc.yaml", root / "formc.yaml")
    shutil.copytree(REPO / "form_definitions", root / "form_definitions")
    return root


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``formc build`` of the shipped project, every target: made once for the whole run and only read by tests.

    Under pytest-xdist every worker has a temporary folder of its own in one shared base; the first worker to
    ask builds into the base under a lock, the others wait for it and read the same folder.
    """
    import fcntl

    from click.testing import CliRunner

    from formc.cli import cli

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    out, done = base / "shipped-build", base / "shipped-build.done"
    with open(base / "shipped-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            result = CliRunner().invoke(cli, ["build", str(REPO), "-o", str(out)])
            assert result.exit_code == 0, result.output
            done.touch()
    return out


@pytest.fixture(scope="session")
def shipped():
    """The shipped library in form_definitions/, loaded and checked."""
    import formc

    return formc.load(REPO)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def shared_chromium():
    """One headless Chromium for the whole session (Playwright's sync API allows one driver per process)."""
    if not CHROMIUM.is_file():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("the playwright package is missing in CI")
        pytest.skip("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
