"""Fixtures shared by every test folder: the repository, the shipped library, the official standards."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def shipped():
    """The shipped library in form_definitions/, loaded and checked."""
    import formc

    return formc.load(REPO)
