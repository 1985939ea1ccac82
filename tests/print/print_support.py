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
    from formc.targets_api import BuildContext, shared_files
    from formc.targets.print import TARGET

    ctx = BuildContext(project.organisation)
    forms = [project.forms[i] for i in sorted(form_ids or project.forms)]
    files = {}
    for form in forms:
        for output in TARGET.emit_form(form, ctx):
            files[output.path] = output.content
    for output in shared_files(TARGET, forms, ctx):
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


def inked_fill(pdf: Path, work: Path) -> list[float]:
    """Per page: how far down (share of the page height) the content reaches, above the page-number margin.

    A row counts as content when it has more ink than a frame's two side borders, so a group's
    frame running on to the bottom of a page does not hide an empty half page.
    """
    from PIL import Image

    need("pdftoppm")
    prefix = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(prefix)], check=True, capture_output=True)
    fills = []
    for image_path in sorted(work.glob(f"{pdf.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        image = Image.open(image_path)
        width, height = image.size
        pixels = image.load()
        limit = int(height * (297 - 19) / 297)  # the bottom margin holds only "Side n av m"
        last = max((y for y in range(limit) if sum(pixels[x, y] < 200 for x in range(width)) > 6), default=0)
        fills.append(last / height)
    return fills


def struct_elements(pdf: Path) -> list[tuple[str, int, str]]:
    """The structure tree in reading order as (tag, depth, text), read by Poppler's ``pdfinfo -struct-text``."""
    need("pdfinfo")
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], check=True, capture_output=True, text=True).stdout
    elements: list[list] = []
    open_: list[tuple[int, int]] = []  # (indent, index in elements)
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if not body or body.startswith("/"):
            continue
        while open_ and open_[-1][0] >= indent:
            open_.pop()
        if body.startswith('"'):
            for _, index in open_:
                elements[index][2] += body.strip('"') + " "
            continue
        elements.append([body.split()[0].rstrip(":"), len(open_), ""])
        open_.append((indent, len(elements) - 1))
    return [(tag, depth, squash(text)) for tag, depth, text in elements]


def word_boxes(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """Every word as (page width, x min, x max, share of the page height down to its top, text), from Poppler's
    ``pdftotext -bbox``."""
    from lxml import etree

    need("pdftotext")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(out, etree.HTMLParser(encoding="utf-8"))
    return [(float(page.get("width")), float(word.get("xmin")), float(word.get("xmax")),
             float(word.get("ymin")) / float(page.get("height")), word.text or "")
            for page in root.iter("page") for word in page.iter("word")]
