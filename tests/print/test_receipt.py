"""The filled-form PDF/A receipt: answers in words, PDF/A identification, metadata, determinism."""

from __future__ import annotations

import datetime
import io
import json
import subprocess

import pypdf
import pytest

from print_support import RECEIVED, embedded_fonts, need, pdf_text

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
FORMC = "https://formc.dev/ns/pdf/1.0/"


@pytest.fixture(scope="module")
def receipt(small, small_data, tmp_path_factory):
    from formc import render_receipt

    form = small.forms["everything"]
    assert form.validate(small_data, lang="nb", today=RECEIVED.date()) == []
    path = tmp_path_factory.mktemp("receipt") / "receipt.pdf"
    path.write_bytes(render_receipt(form, small_data, "nb", "counter", RECEIVED, "sub-42"))
    return path


def test_pdfa_identification_and_xmp(receipt):
    reader = pypdf.PdfReader(receipt)
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.get_nodes_in_namespace("", PDFAID)
    root = xmp.rdf_root.toxml()
    assert 'pdfaid:part="2"' in root and 'pdfaid:conformance="A"' in root
    for name, value in (("formId", "everything"), ("formVersion", "2.1.0"), ("language", "nb"),
                        ("submissionId", "sub-42"), ("channel", "counter")):
        assert f"<formc:{name}>{value}</formc:{name}>" in root
    assert "pdfaExtension:schemas" in root  # the custom properties are declared, as PDF/A requires
    assert xmp.xmp_create_date == datetime.datetime(2024, 5, 2, 11, 45)  # received, in UTC
    info = reader.metadata
    assert info["/FormcSubmissionId"] == "sub-42" and info["/FormcFormId"] == "everything"
    assert info["/FormcFormVersion"] == "2.1.0" and info["/FormcLanguage"] == "nb"
    assert info["/CreationDate"].startswith("D:20240502134500+02'00") and info["/ModDate"] == info["/CreationDate"]


def test_every_answer_is_shown_in_words(receipt):
    text = pdf_text(receipt)
    for expected in (
        "KVITTERING Søknad om støtte – æøå", "Ánne Ŋuorra Čeavččageađgi", "010100 *****", "05.03.1990",
        "Storgata 1 4790 Lillesand", "12 Hva søker dere støtte til? Arrangement", "Barn Eldre", "12 500,50 NOK",
        "12,5", "budsjett.pdf (PDF-dokument, 12 kB)", "19.1 Navn Per Ås", "19.2 Er personen medlem? Medlem",
        "Arrangement 1", "Sommerfest på Åkerøya", "21.06.2024", "Arrangement 2", "01.12.2024",
        "21 Jeg bekrefter at opplysningene er riktige Ja",
        "I servicetorget", "02.05.2024 kl. 13:45 CEST", "sub-42", "everything, versjon 2.1.0",
        # 02.06.2024 is a Sunday: the answer date moves to the next working day
        "Du kan vente svar innen 03.06.2024 (saksbehandlingstid: 1 måned)",
        "3 Organisasjonsnummer Ikke besvart",
    ):
        assert expected in text, expected
    assert "01010012356" not in text  # a national identity number is never printed in full
    assert "event" not in text.split()  # option labels, never values
    assert "13 Beskriv" not in text  # hidden by its condition (kind is not "other")


def test_receipt_in_english_uses_english_words(small, small_data):
    from formc import render_receipt

    pdf = render_receipt(small.forms["everything"], small_data, "en", "letter", RECEIVED, "s-1")
    text = pdf_text(io.BytesIO(pdf))
    for expected in ("RECEIPT Application for support", "By letter (paper form)", "Member", "An event",
                     "You can expect an answer by 03.06.2024", "NOK 12,500.50", "Yes"):
        assert expected in text, expected


def test_receipt_is_deterministic(small, small_data, receipt):
    from formc import render_receipt

    form = small.forms["everything"]
    assert render_receipt(form, small_data, "nb", "counter", RECEIVED, "sub-42") == receipt.read_bytes()
    assert render_receipt(form, small_data, "nb", "counter", RECEIVED, "sub-43") != receipt.read_bytes()


def test_receipt_fonts_are_embedded(receipt):
    need("pdffonts")
    fonts = embedded_fonts(receipt)
    assert fonts and all(emb == "yes" for _, emb in fonts)


def test_no_processing_time_means_no_promised_date(small):
    from formc.runtime.receipt import receipt_html

    tiny = small.forms["tiny"]
    html = receipt_html(tiny, {"place": "Ved skolen", "dark": False}, "nb", "web", RECEIVED, "x")
    assert "Du kan vente svar innen" in html  # tiny promises P2W
    assert "16.05.2024" in html
    assert "Siden når?" not in html  # hidden: dark is false


def test_render_many_matches_one_by_one(small, small_data):
    from formc.runtime.receipt import receipt_job, render_many
    from formc.runtime.pdf import render_pdf

    form = small.forms["everything"]
    jobs = [receipt_job(form, small_data, lang, "web", RECEIVED, f"id-{lang}") for lang in form.languages]
    assert render_many(jobs, parallel=True) == [render_pdf(job) for job in jobs]


def test_unknown_language_or_channel_is_refused(small, small_data):
    from formc.runtime.receipt import receipt_html

    with pytest.raises(ValueError):
        receipt_html(small.forms["everything"], small_data, "fr", "web", RECEIVED, "x")
    with pytest.raises(ValueError):
        receipt_html(small.forms["everything"], small_data, "nb", "fax", RECEIVED, "x")


def test_direction_controls_in_an_answer_do_not_reverse_the_text_after_it(small, small_data, tmp_path):
    """Trojan Source (CVE-2021-42574): an override left open in a file name would reverse its type and size."""
    from formc import render_receipt

    need("pdftotext")
    data = json.loads(json.dumps(small_data))
    data["name"] = "Ola\u202esnudd"
    data["budget"][0]["filename"] = "faktura\u202efdp.exe"
    data["events"][0]["title"] = "Sommer\u2069\u202efest"  # a stray isolate closer first, then an override
    form = small.forms["everything"]
    assert form.validate(data, lang="nb", today=RECEIVED.date()) == []  # accepted: validation is unchanged
    path = tmp_path / "receipt.pdf"
    path.write_bytes(render_receipt(form, data, "nb", "web", RECEIVED, "sub-1"))
    lines = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    # the value itself is shown as typed (its own override reverses its own end) ...
    assert "Oladduns" in lines and "Sommertsef" in lines
    # ... and the words after it on the same line read in their normal order
    assert "fakturaexe.pdf (PDF-dokument, 12 kB)" in lines
    assert not any(")Bk 21" in line or "tnemukod" in line for line in lines)
    # each such answer says so in words, for the archivist who reads it reordered; then the next question's
    # number, label and answer follow in order
    at = lines.index("Oladduns")
    after = [line for line in lines[at + 1:at + 9] if line]
    assert " ".join(after[:2]) == ("Svaret inneholder skjulte tegn som endrer skriveretningen, så teksten kan vises i "
                                   "en annen rekkefølge enn den ble skrevet.")
    assert after[2:5] == ["2", "Fødselsnummer", "010100 *****"]
    text = "\n".join(lines)
    assert text.count("Svaret inneholder skjulte tegn") == 3  # the name, the file's name, the event's title
    assert not any(ch in "".join(lines) for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
