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


def _overflow(chromium, page_path: Path) -> int:
    """How many CSS pixels the page is wider than a 390 px phone screen (0: no sideways scrolling)."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    finally:
        context.close()


def test_pages_do_not_scroll_sideways_on_a_phone(shipped_catalog: Path, chromium) -> None:
    pages = sorted(shipped_catalog.glob("*.nb.html"))
    assert len(pages) == 25
    assert {page.name: _overflow(chromium, page) for page in pages} == {page.name: 0 for page in pages}


def test_the_phone_check_notices_a_wide_process_table(shipped_catalog: Path, tmp_path: Path, chromium) -> None:
    """Without the narrow-screen rules (and the breaking of long words) some page is wider than the phone."""
    css = (shipped_catalog / "catalog.css").read_text(encoding="utf-8")
    start = css.index("@media (max-width: 40rem)")
    css = css[:start] + css[css.index("}\n}", start) + 3:]
    (tmp_path / "catalog.css").write_text(css.replace(" overflow-wrap: anywhere;", ""), encoding="utf-8")
    widths = {}
    for source in sorted(shipped_catalog.glob("*.nb.html")):
        (tmp_path / source.name).write_bytes(source.read_bytes())
        widths[source.name] = _overflow(chromium, tmp_path / source.name)
    assert any(widths.values()), widths


def test_catalogue_pages_share_the_forms_look(shipped_catalog: Path, repo: Path, tmp_path: Path, chromium) -> None:
    """The same type, text colour and accent as the web forms (formc.css), measured in the browser."""
    from formc.build import build

    assert build(repo, tmp_path, targets=["html"]).ok
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto((shipped_catalog / "startlan.nb.html").as_uri())
        catalogue = page.evaluate("""() => { const s = getComputedStyle(document.body);
            const h = getComputedStyle(document.querySelector('.site-header'));
            return [s.fontFamily, s.color, h.borderBottomColor]; }""")
        form = page.context.new_page()
        form.goto((tmp_path / "html" / "startlan.nb.html").as_uri())
        looks = form.evaluate("""() => { const s = getComputedStyle(document.querySelector('.formc-body'));
            const h = getComputedStyle(document.querySelector('.formc-header'));
            return [s.fontFamily, s.color, h.borderBottomColor]; }""")
    finally:
        context.close()
    assert catalogue == looks
