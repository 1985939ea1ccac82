"""Helpers for the print tests: building forms, reading PDFs back, decoding QR codes."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

HERE = Path(__file__).resolve().parent
SMALL = HERE / "projects" / "small"
DATA = HERE / "data"
RECEIVED = datetime.datetime(2024, 5, 2, 13, 45, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))


@pytest.fixture(scope="session")
def small():
    import formc

    return formc.load(SMALL)


@pytest.fixture(scope="session")
def small_data() -> dict:
    return json.loads((DATA / "everything.json").read_text(encoding="utf-8"))


def build_forms(project, out: Path, form_ids=None) -> dict[str, bytes]:
    """Emit the print target for the project's forms into ``out``; returns path → bytes."""
    from formc.targets_api import BuildContext
    from formc.targets.print import TARGET

    ctx = BuildContext(project.organisation)
    forms = [project.forms[i] for i in sorted(form_ids or project.forms)]
    files = {}
    for form in forms:
        for output in TARGET.emit_form(form, ctx):
            files[output.path] = output.content
    for output in TARGET.emit_shared(forms, ctx):
        files[output.path] = output.content
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
    return files


@pytest.fixture(scope="session")
def small_build(small, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print-small")
    build_forms(small, out)
    return out


def pdf_text(path: Path) -> str:
    """All text of a PDF, whitespace collapsed (labels may wrap over lines)."""
    reader = pypdf.PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_png(pdf: Path, out_prefix: Path, dpi: int = 150) -> Path:
    """Page 1 of ``pdf`` as PNG (pdftoppm)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(out_prefix)],
                   check=True, capture_output=True)
    return out_prefix.with_suffix(".png")


def qr_text(png: Path) -> str:
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return result.stdout.strip()


def embedded_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb column) for every font pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")


def assert_qr_codes(project, build: Path, work: Path) -> None:
    """Page 1 of every form's PDF in every language carries a QR code of form id, version and language."""
    need("pdftoppm")
    need("zbarimg")
    for form in project.forms.values():
        for lang in form.languages:
            png = page_png(build / f"{form.id}.{lang}.pdf", work / f"{form.id}-{lang}")
            assert qr_text(png) == f"formc:{form.id}:{form.version}:{lang}"
