"""Fixtures for the catalog target's tests: built catalogues, the SHACL shapes, Chromium/axe and the Nu checker."""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pytest

if TYPE_CHECKING:
    import rdflib

from formc.build import build

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SMALL = HERE / "projects" / "small"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "npm install --no-save --ignore-scripts axe-core vnu-jar (in the repository root)"


def missing_tool(what: str) -> None:
    """Skip outside CI with the reason; in CI a missing tool is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} is missing (outside CI the browser checks are skipped)")


def build_catalog(project: Path, out: Path) -> Path:
    """Build only the catalog target of ``project`` into ``out``; the catalogue folder."""
    result = build(project, out, targets=["catalog"])
    assert result.ok, [str(d) for d in result.diagnostics]
    return out / "catalog"


@pytest.fixture(scope="session")
def small_project() -> Path:
    """A two-form project: one form in nb and en with every service field, one nb-only form with the defaults."""
    return SMALL


@pytest.fixture(scope="session")
def catalog_builder() -> Callable[[Path, Path], Path]:
    return build_catalog


@pytest.fixture(scope="session")
def small_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalog(SMALL, tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def shipped_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalog(REPO, tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="session")
def shapes(standards: Path):
    import rdflib

    return rdflib.Graph().parse(standards / "cpsv-ap" / "cpsv-ap-SHACL.ttl", format="turtle")


@pytest.fixture(scope="session")
def parse_jsonld() -> Callable[[bytes], "rdflib.Graph"]:
    """Parse JSON-LD bytes offline (rdflib 7 warns about its own ConjunctiveGraph use inside the parser)."""
    import rdflib

    def parse(data: bytes) -> rdflib.Graph:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
            return rdflib.Graph().parse(data=data, format="json-ld")

    return parse


@pytest.fixture(scope="session")
def chromium(shared_chromium):
    """The session's headless Chromium (see tests/conftest.py)."""
    return shared_chromium


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        missing_tool(f"axe-core ({INSTALL})")
    return AXE


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the W3C Nu checker (errors only, one line per error)."""
    if not VNU.is_file():
        missing_tool(f"vnu-jar ({INSTALL})")
    java = shutil.which("java")
    if java is None:
        missing_tool("java (for the Nu HTML checker)")
    return [java, "-jar", str(VNU), "--errors-only", "--format", "gnu"]


@pytest.fixture(scope="session")
def axe_violations(chromium, axe_script: Path) -> Callable[[Path], list[dict]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on a file and return its violations; one tab serves every page."""
    context = chromium.new_context()
    context.add_init_script(path=str(axe_script))
    page = context.new_page()

    def run(page_path: Path) -> list[dict]:
        page.goto(page_path.as_uri())
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        return result["violations"]

    yield run
    context.close()
