"""The print target: blank paper forms as PDF and print-CSS HTML, read back from the PDFs."""

from __future__ import annotations

import os

import pypdf
import pytest

from print_support import HERE, assert_qr_codes, build_forms, embedded_fonts, need, page_png, pdf_text, squash

GOLDEN = HERE / "golden"


def visible_labels(form, lang):
    for field in form.walk():
        hidden = any(form.field_at(field.path[:i]).print.hide for i in range(1, len(field.path) + 1))
        if field.label is not None and not hidden:
            yield field.label(lang)


def test_every_form_and_language_has_html_and_pdf(small, small_build):
    for form in small.forms.values():
        for lang in form.languages:
            assert (small_build / f"{form.id}.{lang}.pdf").read_bytes().startswith(b"%PDF-")
            html = (small_build / f"{form.id}.{lang}.print.html").read_text(encoding="utf-8")
            assert f'lang="{lang}"' in html and 'href="print.css"' in html
    assert (small_build / "print.css").is_file()


def test_pdfs_have_every_question_label_in_their_language(small, small_build):
    for form in small.forms.values():
        for lang in form.languages:
            pdf = small_build / f"{form.id}.{lang}.pdf"
            pages = len(pypdf.PdfReader(pdf).pages)
            assert 1 <= pages <= 8, f"{pdf.name}: {pages} pages"
            text = pdf_text(pdf)
            for label in visible_labels(form, lang):
                assert squash(label) in text, f"{pdf.name}: missing {label!r}"
            assert squash(form.title(lang)) in text


def test_print_hide_fields_are_left_out(small, small_build):
    text = pdf_text(small_build / "everything.nb.pdf")
    assert "Intern kode" not in text
    assert "Jeg bekrefter at opplysningene er riktige" in text


def test_numbers_conditions_and_rules_in_words(small_build):
    text = pdf_text(small_build / "everything.nb.pdf")
    assert "13 Beskriv" in text
    assert "Svar bare hvis du svarte Annet på «Hva søker dere støtte til?». (se spørsmål 12)" in text
    assert "Egenandelen kan ikke være over 50 prosent." in text
    assert "19.1 Navn" in text
    english = pdf_text(small_build / "tiny.en.pdf")
    assert "Answer only if you answered Yes to “Is it completely dark?”. (see question 2)" in english


def test_repeat_blocks_are_capped_with_add_a_sheet(small_build):
    text = pdf_text(small_build / "everything.nb.pdf")
    assert "Arrangement 3" in text and "Arrangement 4" not in text
    assert "Flere enn 3? Fortsett «Arrangementer» på et eget ark." in text


def test_service_information_office_use_and_page_numbers(small_build):
    text = pdf_text(small_build / "everything.nb.pdf")
    pages = len(pypdf.PdfReader(small_build / "everything.nb.pdf").pages)
    for expected in ("Saksbehandlingstid 1 måned", "Gebyr 1 250,50 NOK Saksbehandlingsgebyr", "Kommuneloven § 2-1",
                     "Postboks 23", "4791 Lillesand", "kultur@example.no", "Fylles ut av kommunen", "Saksnummer",
                     "Journalnummer", "Saksbehandler", "Mottatt (dato)", f"Side 1 av {pages}", f"Side {pages} av {pages}",
                     "DD.MM.ÅÅÅÅ"):
        assert expected in text, expected
    english = pdf_text(small_build / "everything.en.pdf")
    assert "DD.MM.YYYY" in english and "For office use" in english and "NOK 1,250.50" in english


def test_nordic_and_sami_letters_render(small_build):
    text = pdf_text(small_build / "everything.se.pdf")
    assert "Ohcan doarjaga – áčđŋšŧž" in text
    assert "Søknad om støtte – æøå" in pdf_text(small_build / "everything.nb.pdf")


def test_fonts_are_embedded(small_build):
    need("pdffonts")
    for pdf in sorted(small_build.glob("*.pdf")):
        fonts = embedded_fonts(pdf)
        assert fonts and all(emb == "yes" for _, emb in fonts), (pdf.name, fonts)


def test_qr_code_decodes_to_form_version_and_language(small, small_build, tmp_path):
    assert_qr_codes(small, small_build, tmp_path)


def test_page_one_renders_to_an_a4_png(small_build, tmp_path):
    """Leaves page 1 as a PNG in the test's tmp dir, so a layout regression can be looked at."""
    need("pdftoppm")
    png = page_png(small_build / "everything.nb.pdf", tmp_path / "everything-nb-page1")
    header = png.read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert abs(width - 1240) <= 1 and abs(height - 1754) <= 1  # A4 (210 × 297 mm) at 150 dpi
    assert png.stat().st_size > 20_000  # not a blank page


def test_build_is_deterministic(small, small_build, tmp_path):
    again = build_forms(small, tmp_path / "again")
    for name, content in again.items():
        assert (small_build / name).read_bytes() == content, name


def test_pdf_metadata_names_the_form(small_build):
    reader = pypdf.PdfReader(small_build / "tiny.en.pdf")
    assert reader.metadata["/FormcFormId"] == "tiny"
    assert reader.metadata["/FormcLanguage"] == "en"
    assert "/CreationDate" not in reader.metadata  # no timestamps in build output


def test_project_can_override_the_stylesheet(small, tmp_path):
    from formc.targets_api import BuildContext, shared_files
    from formc.targets.print import TARGET, css_folder

    overrides = tmp_path / "overrides"
    (overrides / "print" / "static").mkdir(parents=True)
    (overrides / "print" / "static" / "print.css").write_text("h1 { color: #c00; }\n", encoding="utf-8")
    ctx = BuildContext(small.organisation, template_overrides=overrides)
    assert css_folder(overrides) == (overrides / "print" / "static").resolve()
    shared = shared_files(TARGET, [small.forms["tiny"]], ctx)
    assert [(o.path, o.content) for o in shared] == [("print.css", b"h1 { color: #c00; }\n")]
    assert TARGET.emit_form(small.forms["tiny"], ctx)


def test_network_urls_are_refused(small, tmp_path):
    from formc.runtime.pdf import PdfJob, RefusedURL, render_pdf

    for html in ('<img src="https://example.com/logo.png">', '<link rel="stylesheet" href="file:///etc/passwd">'):
        with pytest.raises(RefusedURL):
            render_pdf(PdfJob(html))


def test_golden_print_html(small, tmp_path):
    """tiny.nb.print.html against the committed copy; FORMC_UPDATE_GOLDEN=1 rewrites it."""
    files = build_forms(small, tmp_path, ["tiny"])
    golden = GOLDEN / "tiny.nb.print.html"
    if os.environ.get("FORMC_UPDATE_GOLDEN") == "1":
        golden.write_bytes(files["tiny.nb.print.html"])
    assert files["tiny.nb.print.html"].decode("utf-8") == golden.read_text(encoding="utf-8")


def test_an_address_has_a_line_for_the_country_when_it_is_abroad(small_build):
    """The web form takes a country code for an address abroad; the paper form has a line for it too."""
    for name, words in (("everything.nb.pdf", ("Gateadresse", "Postnummer", "Poststed", "Land, hvis adressen er i utlandet")),
                        ("everything.en.pdf", ("Street address", "Postcode", "Town/city", "Country, if the address is abroad"))):
        text = squash(pdf_text(small_build / name))
        places = [text.find(word) for word in words]
        assert all(place >= 0 for place in places) and places == sorted(places), (name, places)
