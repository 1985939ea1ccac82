"""Every shipped form builds as a paper form in every language, readable and recognisable by its QR code."""

from __future__ import annotations

import pypdf
import pytest

from print_support import assert_qr_codes, inked_fill, pdf_text, squash, struct_elements


@pytest.fixture(scope="module")
def shipped_pdfs(shipped_build):
    """The print target's folder of ``formc build`` on the shipped project (tests/conftest.py)."""
    return shipped_build / "print"


def test_every_shipped_form_builds_in_every_language(shipped, shipped_pdfs):
    assert shipped.forms
    for form in shipped.forms.values():
        for lang in form.languages:
            pdf = shipped_pdfs / f"{form.id}.{lang}.pdf"
            pages = len(pypdf.PdfReader(pdf).pages)
            assert 1 <= pages <= 15, f"{pdf.name}: {pages} pages"
            text = pdf_text(pdf)
            assert squash(form.title(lang)) in text
            for field in form.walk():
                hidden = any(form.field_at(field.path[:i]).print.hide for i in range(1, len(field.path) + 1))
                if field.label is not None and not hidden:
                    assert squash(field.label(lang)) in text, f"{pdf.name}: missing {field.label(lang)!r}"


def test_every_shipped_qr_code_decodes(shipped, shipped_pdfs, tmp_path):
    assert_qr_codes(shipped, shipped_pdfs, tmp_path)


def test_no_half_empty_pages(shipped, shipped_pdfs, tmp_path):
    """Groups and repeat items continue on the next page instead of leaving a page half empty."""
    for form in shipped.forms.values():
        for lang in form.languages:
            pdf = shipped_pdfs / f"{form.id}.{lang}.pdf"
            work = tmp_path / f"{form.id}-{lang}"
            work.mkdir()
            fills = inked_fill(pdf, work)
            assert len(fills) == len(pypdf.PdfReader(pdf).pages)
            assert all(fill >= 0.7 for fill in fills[:-1]), f"{pdf.name}: pages filled to {fills}"
    assert len(pypdf.PdfReader(shipped_pdfs / "startlan.nb.pdf").pages) <= 6  # 7 when items could not break


def _tree(node, depth=0):
    """(tag, depth, alt) of every structure element under ``node``, in order (pypdf)."""
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            yield from _tree(kid, depth)
        return
    if not isinstance(node, pypdf.generic.DictionaryObject) or "/S" not in node:
        return
    yield str(node["/S"]), depth, str(node["/Alt"]) if "/Alt" in node else None
    if "/K" in node:
        yield from _tree(node["/K"], depth + 1)


def test_blank_form_is_tagged_pdfa_2a_and_pdfua(shipped, shipped_pdfs):
    form = shipped.forms["startlan"]
    pdf = shipped_pdfs / "startlan.nb.pdf"
    reader = pypdf.PdfReader(pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True and catalog["/Lang"] == "nb"  # noqa: E712 (a pypdf BooleanObject)
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
    assert reader.xmp_metadata.dc_title["x-default"].startswith(form.title("nb"))

    tree = list(_tree(catalog["/StructTreeRoot"]["/K"]))
    assert tree[0][:2] == ("/Document", 0)
    figures = [alt for tag, _, alt in tree if tag == "/Figure"]
    assert figures == [f"QR-kode: formc:startlan:{form.version}:nb"]  # the QR code, with its text
    assert {"/H1", "/H2", "/H3", "/H4", "/P", "/L", "/LI"} <= {tag for tag, _, _ in tree}

    elements = struct_elements(pdf)
    headings = [(int(tag[1]), text) for tag, _, text in elements if tag in ("H1", "H2", "H3", "H4", "H5", "H6")]
    assert headings[0] == (1, squash(form.title("nb"))) and [h for h in headings if h[0] == 1] == headings[:1]
    assert all(b[0] <= a[0] + 1 for a, b in zip(headings, headings[1:])), headings  # no level skipped
    pages = [squash(page.title("nb")) for page in form.pages if page.title is not None]
    assert [text for level, text in headings if level == 2] == ["Om tjenesten", *pages, "Fylles ut av kommunen"]
    loans = [text for level, text in headings if level == 4 and text.startswith("Lån ")]
    assert loans == ["Lån 1", "Lån 2", "Lån 3"]  # repeat items, numbered, one level under their repeat
    # Reading order: the question numbers (their own spans) come in the order of the form.
    import re

    from formc.numbering import number_questions

    numbers = [text for tag, _, text in elements if tag == "Span" and re.fullmatch(r"[0-9]+(\.[0-9]+)*", text)]
    assert list(dict.fromkeys(numbers)) == list(number_questions(form).values())
