"""The catalogue pages pass the same checks as the HTML target: axe-core (WCAG 2.1 A/AA) and the W3C Nu checker."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _pages(*folders: Path) -> list[Path]:
    pages = [page for folder in folders for page in sorted(folder.glob("*.html"))]
    assert pages
    return pages


def _axe_sample(small_catalog: Path, shipped_catalog: Path) -> list[Path]:
    """Every page of the small catalogue; of the shipped one, every index and one page per service, the
    language turning from form to form so every language and every service's text is checked."""
    pages = _pages(small_catalog) + sorted(shipped_catalog.glob("index.*.html"))
    languages = sorted(p.name.split(".")[1] for p in shipped_catalog.glob("index.*.html"))
    for n, document in enumerate(sorted(shipped_catalog.glob("*.jsonld"))):
        if document.stem != "catalogue":
            candidates = sorted(shipped_catalog.glob(f"{document.stem}.*.html"))
            preferred = shipped_catalog / f"{document.stem}.{languages[n % len(languages)]}.html"
            pages.append(preferred if preferred in candidates else candidates[0])
    return pages


def test_axe_finds_no_violations(small_catalog: Path, shipped_catalog: Path, axe_violations) -> None:
    problems = {}
    for page in _axe_sample(small_catalog, shipped_catalog):
        violations = axe_violations(page)
        if violations:
            problems[f"{page.parent.parent.name}/{page.name}"] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert problems == {}


def test_axe_would_notice_a_problem(tmp_path: Path, small_catalog: Path, axe_violations) -> None:
    """The checker is live: the same page without its lang attribute is reported."""
    broken = tmp_path / "broken.html"
    broken.write_bytes((small_catalog / "index.nb.html").read_bytes().replace(b'<html lang="nb">', b"<html>"))
    assert "html-has-lang" in {v["id"] for v in axe_violations(broken)}


def test_nu_checker_finds_no_errors(small_catalog: Path, shipped_catalog: Path, vnu: list[str]) -> None:
    pages = _pages(small_catalog, shipped_catalog)
    result = subprocess.run([*vnu, *map(str, pages)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stderr.strip() and not result.stdout.strip(), result.stdout + result.stderr
