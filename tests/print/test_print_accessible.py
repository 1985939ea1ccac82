"""Long unbroken text wraps inside the page, and the receipt is tagged like the blank form (PDFs read back)."""

from __future__ import annotations

from pathlib import Path

import pypdf

from print_support import RECEIVED, build_forms, struct_elements, word_boxes

LONG_WORD = "Ø" + "x" * 3998 + "Ø"  # 4,000 characters without a space
LONG_URL = "https://lovdata.no/dokument/NL/lov/" + "/".join(f"kapittel-{n}-paragraf-{n}" for n in range(40))
MARGIN_PT = 16 / 25.4 * 72  # the print form's side margins (16 mm)

FORM = f"""formc: 1
kind: form
id: long
version: 1.0.0
languages: [nb]
title: Lang tekst
description: "{LONG_WORD}"
service:
  description: Test.
  legal_basis:
    - {{title: Loven, url: "{LONG_URL}"}}
pages:
  - id: p1
    title: Svar
    fields:
      - {{id: story, type: textarea, label: "Forklaring{'y' * 300}", hint: "Se {LONG_URL}", max_length: 5000}}
      - {{id: link, type: url, label: Lenke}}
"""


def _project(tmp_path: Path):
    import formc

    project = tmp_path / "p"
    (project / "forms").mkdir(parents=True)
    (project / "formc.yaml").write_text("formc: 1\ndefinitions: forms\norganisation: {name: Testvik kommune}\n",
                                        encoding="utf-8")
    (project / "forms" / "long.yaml").write_text(FORM, encoding="utf-8")
    return formc.load(project)


def _assert_inside_the_page(pdf: Path, margin: float, *texts: str) -> None:
    boxes = word_boxes(pdf)
    assert boxes
    for width, left, right, _, word in boxes:
        assert left >= margin - 1 and right <= width - margin + 1, f"{word[:40]!r} runs off the page ({left}–{right})"
    body = "".join(word for *_, top, word in boxes if 0.05 < top < 0.94)  # without the page headers and numbers
    for text in texts:  # nothing cut off: every character is on a page
        assert text in body


def test_long_words_and_urls_wrap_in_the_blank_form(tmp_path: Path) -> None:
    project = _project(tmp_path)
    build_forms(project, tmp_path / "out")
    _assert_inside_the_page(tmp_path / "out" / "long.nb.pdf", MARGIN_PT, LONG_WORD, LONG_URL, "Forklaring" + "y" * 300)


def test_long_answers_wrap_in_the_receipt_and_it_is_tagged(tmp_path: Path) -> None:
    from formc.runtime.receipt import render_receipt

    form = _project(tmp_path).forms["long"]
    data = {"story": LONG_WORD, "link": LONG_URL}
    assert form.validate(data, lang="nb", today=RECEIVED.date()) == []
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(form, data, "nb", "web", RECEIVED, "sub-1"))
    _assert_inside_the_page(pdf, 18 / 25.4 * 72, LONG_WORD, LONG_URL)

    reader = pypdf.PdfReader(pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True and catalog["/Lang"] == "nb"  # noqa: E712
    xmp = reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:conformance="A"' in xmp and "<pdfuaid:part>1</pdfuaid:part>" in xmp
    headings = [(tag, text) for tag, _, text in struct_elements(pdf) if tag[:1] == "H" and tag[1:].isdigit()]
    assert headings[0][0] == "H1" and "Lang tekst" in headings[0][1]
    assert ("H2", "Svar") in headings
    levels = [int(tag[1]) for tag, _ in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), headings
