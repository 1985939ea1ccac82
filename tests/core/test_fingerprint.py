"""A target's fingerprint (what its outputs depend on besides the forms) follows its templates and code, not
Python's byte-code caches.

A ``__pycache__`` folder appears, changes or goes away with the interpreter, ``pip install`` and
``PYTHONDONTWRITEBYTECODE``; counting it made the next build rebuild every output of the target.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from formc.build import build

SMALL = Path(__file__).resolve().parent.parent / "html" / "projects" / "small"
SHIPPED_HTML = Path(__file__).resolve().parents[2] / "formc" / "targets" / "html" / "templates"


def _project_with_overrides(tmp_path: Path) -> tuple[Path, Path]:
    """The small project with a template-overrides folder holding one shipped html template, unchanged."""
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    overrides = project / "templates" / "html" / "templates"
    overrides.mkdir(parents=True)
    shutil.copy(SHIPPED_HTML / "page.html.j2", overrides / "page.html.j2")
    settings = project / "formc.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "templates: templates\n", encoding="utf-8")
    return project, overrides


def test_byte_code_caches_do_not_make_outputs_out_of_date(tmp_path: Path) -> None:
    project, overrides = _project_with_overrides(tmp_path)
    out = tmp_path / "out"
    assert build(project, out, ["html"]).ok
    cache = overrides.parent / "__pycache__"
    cache.mkdir()
    (cache / "helpers.cpython-311.pyc").write_bytes(b"\x00" * 16)
    (overrides.parent / "stray.pyc").write_bytes(b"\x01" * 16)
    again = build(project, out, ["html"])
    assert again.ok and again.up_to_date, "a byte-code cache in a template folder rebuilt the target"


def test_a_changed_template_makes_outputs_out_of_date(tmp_path: Path) -> None:
    project, overrides = _project_with_overrides(tmp_path)
    out = tmp_path / "out"
    assert build(project, out, ["html"]).ok
    page = overrides / "page.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{# changed #}\n", encoding="utf-8")
    again = build(project, out, ["html"])
    assert again.ok and not again.up_to_date and again.built > 0
