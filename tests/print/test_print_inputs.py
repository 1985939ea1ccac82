"""A changed form renders its PDFs again only when its paper form changed (the print target's ``input_digest``).

A PDF is rendered from its print page alone (with the target's stylesheets, which its fingerprint holds, and
the system's fonts), so the print target keys on the pages it would write: a change the paper form does not
show (a keyword of the service, the archive's settings, the channels) leaves the PDFs as they are, and renders
none; a change it shows renders them again. Either way the folder holds what a cold build writes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from formc.build import build
from print_support import SMALL, pdf_text

EDITS = {
    "a keyword (not on paper)": ("  processing_time: P2W\n",
                                 "  processing_time: P2W\n  keywords: [{nb: gatelys, en: street light}]\n", False),
    "a question's label": ("Hvor står lyset?", "Hvor står gatelyset?", True),
}


def _print_outputs(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((out / "print").iterdir())}


@pytest.mark.parametrize("what", EDITS)
def test_pdfs_are_rendered_again_only_when_the_paper_form_changed(tmp_path: Path, what: str) -> None:
    old, new, on_paper = EDITS[what]
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    (project / "forms" / "everything.yaml").unlink()
    out = tmp_path / "out"
    assert build(project, out, ["print"], jobs=1).ok
    before = _print_outputs(out)
    pdf = out / "print" / "tiny.nb.pdf"
    written_at = pdf.stat().st_mtime_ns

    form = project / "forms" / "tiny.yaml"
    text = form.read_text(encoding="utf-8")
    assert old in text
    form.write_text(text.replace(old, new), encoding="utf-8")
    result = build(project, out, ["print"], jobs=1)
    assert result.ok, [str(d) for d in result.diagnostics]
    assert result.built == (1 if on_paper else 0)
    assert (_print_outputs(out) != before) == on_paper
    assert (pdf.stat().st_mtime_ns != written_at) == on_paper  # not written again when it did not change

    assert build(project, tmp_path / "cold", ["print"], jobs=1).ok
    assert _print_outputs(out) == _print_outputs(tmp_path / "cold")
    if on_paper:
        assert "gatelyset" in pdf_text(pdf)
