"""Every shipped form builds as a paper form in every language, readable and recognisable by its QR code."""

from __future__ import annotations

import pypdf
import pytest

from print_support import assert_qr_codes, build_forms, pdf_text, squash


@pytest.fixture(scope="module")
def shipped_build(shipped, tmp_path_factory):
    out = tmp_path_factory.mktemp("print-shipped")
    build_forms(shipped, out)
    return out


def test_every_shipped_form_builds_in_every_language(shipped, shipped_build):
    assert shipped.forms
    for form in shipped.forms.values():
        for lang in form.languages:
            pdf = shipped_build / f"{form.id}.{lang}.pdf"
            pages = len(pypdf.PdfReader(pdf).pages)
            assert 1 <= pages <= 15, f"{pdf.name}: {pages} pages"
            text = pdf_text(pdf)
            assert squash(form.title(lang)) in text
            for field in form.walk():
                hidden = any(form.field_at(field.path[:i]).print.hide for i in range(1, len(field.path) + 1))
                if field.label is not None and not hidden:
                    assert squash(field.label(lang)) in text, f"{pdf.name}: missing {field.label(lang)!r}"


def test_every_shipped_qr_code_decodes(shipped, shipped_build, tmp_path):
    assert_qr_codes(shipped, shipped_build, tmp_path)
