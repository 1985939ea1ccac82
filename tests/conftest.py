"""Fixtures shared by every test folder: the repository, the shipped library, the official standards."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STANDARDS = REPO.parent / "shared" / "standards"
IN_CI = os.environ.get("CI") == "true"


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
