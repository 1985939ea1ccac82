"""Classification and retention as an archivist checks them: the checker's refusals, the library's codes, the
matrikkelnummer of property cases."""

from __future__ import annotations

import datetime
import textwrap
import uuid
from pathlib import Path

from lxml import etree

from formc import archive_codes as codes
from formc.project import check_project
from formc.runtime import arkivmelding
from formc.runtime.arkivmelding import AM, MDK, PackageFile, Submission

N = {"am": AM, "md": MDK}
HEADER = """\
formc: 1
kind: form
id: {id}
version: 1.0.0
languages: [nb]
title: {{nb: Skjema}}
pages:
  - id: p
    title: {{nb: Side}}
    fields:
      - {{id: name, type: text, label: {{nb: Navn}}, required: true}}
      - {{id: national_id, type: national_id, label: {{nb: Fødselsnummer}}}}
      - {{id: gnr, type: integer, label: {{nb: Gnr}}}}
      - {{id: bnr, type: integer, label: {{nb: Bnr}}}}
      - {{id: fnr, type: integer, label: {{nb: Fnr}}}}
archive:
"""


def _project(tmp_path: Path, archives: dict[str, str], settings: str = "") -> list[tuple[str, str, int, int, str | None]]:
    for form_id, archive in archives.items():
        text = HEADER.format(id=form_id) + textwrap.indent(textwrap.dedent(archive), "  ")
        (tmp_path / f"{form_id}.yaml").write_text(text, encoding="utf-8")
    if settings:
        (tmp_path / "formc.yaml").write_text("formc: 1\n" + textwrap.dedent(settings), encoding="utf-8")
    project = check_project(tmp_path)
    return [(d.code, Path(d.span.path).name, d.span.line, d.span.column, d.help) for d in project.diagnostics]


def test_screened_fields_without_access_restriction_is_an_error_with_a_help_line(tmp_path: Path) -> None:
    found = _project(tmp_path, {"report": """\
        classification: [{scheme: K-koder, code: Q81}]
        screened_fields: [name]
        """})
    [(code, file, line, column, help_text)] = found
    assert (code, file, line, column) == ("FC251", "report.yaml", 18, 20)
    assert "legal basis" in help_text and "access_restriction" in help_text
    # with a restriction the same screening is accepted
    assert _project(tmp_path, {"report": """\
        classification: [{scheme: K-koder, code: Q81}]
        access_restriction: {code: "13", legal_basis: "Offl. § 13"}
        screened_fields: [name]
        """}) == []


def test_one_code_with_two_titles_across_the_project_is_refused(tmp_path: Path) -> None:
    found = _project(tmp_path, {
        "a-kindergarten": "classification: [{scheme: K-koder, code: A10, title: Barnehager}]\n",
        "b-fee": "classification: [{scheme: K-koder, code: A10, title: Barnehager – foreldrebetaling}]\n",
    })
    [(code, file, line, _, help_text)] = found
    assert (code, file, line) == ("FC250", "b-fee.yaml", 17)
    assert "one title per class" in help_text
    # the same title twice, and person classes whose code is a template, are fine
    assert _project(tmp_path, {
        "a-kindergarten": "classification: [{scheme: K-koder, code: A10, title: Barnehager},"
                          " {scheme: PNR, code: '{national_id}', title: Barnets fødselsnummer}]\n",
        "b-fee": "classification: [{scheme: K-koder, code: A10, title: Barnehager},"
                 " {scheme: PNR, code: '{national_id}', title: Søkers fødselsnummer}]\n",
    }) == []


def test_verified_code_needs_its_source_and_retention_its_years(tmp_path: Path) -> None:
    found = _project(tmp_path, {"form": """\
        classification: [{scheme: K-koder, code: U63, status: verified}]
        retention: {decision: discard}
        """})
    assert {(code, line) for code, _, line, _, _ in found} == {("FC252", 17), ("FC256", 18)}


def test_property_class_needs_property_fields_and_a_municipality_number(tmp_path: Path) -> None:
    found = _project(tmp_path, {"form": "classification: [{scheme: GBN, object: property}]\n"})
    assert [code for code, *_ in found] == ["FC255"]
    found = _project(tmp_path, {"form": """\
        classification: [{scheme: GBN, object: property}]
        property: {gnr: gnr, bnr: bnr}
        """})
    assert [(code, help_text.split(",")[0]) for code, _, _, _, help_text in found] == [
        ("FC255", "set `organisation.municipality_number` in formc.yaml")]
    assert _project(tmp_path, {"form": """\
        classification: [{scheme: GBN, object: property}]
        property: {gnr: gnr, bnr: bnr, fnr: fnr}
        """}, settings="organisation: {name: Lillesand kommune, municipality_number: '4215'}\n") == []


def test_danish_project_classifies_by_kle_and_keeps_cpr_confidential(tmp_path: Path) -> None:
    settings = "country: DK\norganisation: {name: {da: Testrup Kommune}}\n"
    found = _project(tmp_path, {"form": "classification: [{scheme: K-koder, code: A10}]\n"}, settings)
    codes_found = {code for code, *_ in found}
    assert codes_found == {"FC253", "FC257"}  # K-koder in Denmark; a CPR number without a restriction
    found = _project(tmp_path, {"form": """\
        classification: [{scheme: KLE, code: "28.1.8", facet: G1}]
        access_restriction: {code: FORTROLIG, legal_basis: "Databeskyttelsesloven § 11"}
        """}, settings)
    assert [code for code, *_ in found] == ["FC254", "FC254"]
    project_dir = tmp_path
    assert _project(project_dir, {"form": """\
        classification: [{scheme: KLE, code: "28.01.08", facet: G01}]
        access_restriction: {code: FORTROLIG, legal_basis: "Databeskyttelsesloven § 11"}
        """}, settings) == []
    form = check_project(project_dir).forms["form"]
    assert ("national_id",) in form.archive.screened_fields  # CPR screened by default
    assert codes.classification_type(form.archive.classification[0].scheme) == "EH"


def test_library_codes_are_marked_and_structurally_right(shipped) -> None:
    by_form = {form_id: form.archive.classification for form_id, form in shipped.forms.items()}
    for form_id, classes in by_form.items():
        for c in classes:
            assert c.status in codes.CLASS_STATUS, (form_id, c)
            assert (c.status == "verified") == bool(c.source), (form_id, c)
            if codes.is_k_codes(c.scheme) and c.code[:1].isalpha():
                assert c.code[0] not in "IOÆØÅ", (form_id, c)
    # environmental health is J (G is health services); complaints and access requests go to the case concerned
    assert by_form["noise-complaint"][0].code.startswith("J")
    assert by_form["complaint-on-decision"] == () and by_form["access-to-own-case"] == ()
    assert not any(c.code in ("016", "026", "070") for classes in by_form.values() for c in classes)
    # building cases are filed by property first
    assert by_form["carport-building-notice"][0].object == "property"
    # retention: health and care cite § 7-29 and keep a sample; a start-up loan counts from repayment
    for form_id in ("home-care-services", "support-contact"):
        retention = shipped.forms[form_id].archive.retention
        assert "§ 7-29" in retention.legal_basis and retention.selection, form_id
    assert shipped.forms["startlan"].archive.retention.trigger == "loan_repaid"
    assert not any("§ 7-25" in (f.archive.retention.legal_basis or "") for f in shipped.forms.values())


def test_building_case_carries_the_matrikkelnummer(shipped, arkivmelding_schema) -> None:
    form = shipped.forms["carport-building-notice"]
    data = {"gnr": 41, "bnr": 125, "fnr": 3, "applicant": {"first_name": "Kari", "last_name": "Nilsen"}}
    sub = Submission(form, data, "nb", "web", datetime.datetime(2026, 6, 15, 9, 30, tzinfo=datetime.timezone.utc),
                     str(uuid.uuid5(uuid.NAMESPACE_URL, "carport")))
    xml = arkivmelding.build(sub, PackageFile("form.pdf", b"%PDF", codes.FORMAT_PDFA_2A),
                             [PackageFile("data.xml", b"<x/>", codes.FORMAT_XML)])
    root = etree.fromstring(xml)
    arkivmelding_schema.assertValid(root)
    number = root.find("am:mappe/am:matrikkelnummer", N)
    assert [(child.tag.split("}")[1], child.text) for child in number] == [
        ("kommunenummer", "4215"), ("gardsnummer", "41"), ("bruksnummer", "125"), ("festenummer", "3")]
    classes = root.findall("am:mappe/am:klassifikasjon", N)
    assert classes[0].findtext("am:klasseID", namespaces=N) == "4215-41/125/3"  # the property first
    assert classes[1].findtext("am:klasseID", namespaces=N) == "L42"


def test_archivists_spreadsheet_in_csv_and_xlsx(shipped) -> None:
    import csv
    import io

    import openpyxl

    from formc.targets.noark import PLAN_CSV, PLAN_XLSX, TARGET
    from formc.targets_api import BuildContext, shared_files

    ctx = BuildContext(shipped.organisation, classification_plan=shipped.settings.classification_plan)
    shared = {f.path: f.content for f in shared_files(TARGET, list(shipped.forms.values()), ctx)}
    assert shared == {f.path: f.content for f in shared_files(TARGET, list(shipped.forms.values()), ctx)}  # same bytes
    text = shared[PLAN_CSV].decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(shared[PLAN_XLSX]), read_only=True).worksheets[0]
    values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == list(table[0]) and values[1:] == [list(row.values()) for row in table]
    by_key = {(row["Skjema"], row["KlasseID"]): row for row in table}
    # every class of every form is a row; the columns an archivist loads are filled from the definitions
    assert len(table) == sum(len(f.archive.classification) for f in shipped.forms.values())
    loan = by_key[("startlan", "F53")]
    assert (loan["Kassasjonsvedtak"], loan["Bevaringstid (år)"], loan["Regnes fra"]) == (
        "K Kasseres", "10", "Lånet er innfridd")
    assert loan["Tilgangsrestriksjon"] == "13" and loan["Skjermingshjemmel"].startswith("Offl. § 13")
    assert by_key[("startlan", "per sak: applicant.national_id")]["Skjermet klasse"] == "ja"
    care = by_key[("home-care-services", "G21")]
    assert care["Kassasjonsvedtak"] == "B Bevares" and "§ 7-29" in care["Kassasjonshjemmel"] and care["Utvalg"]
    serving = by_key[("serving-permit", "U63")]
    assert serving["Status"] == codes.CLASS_STATUS["verified"] and "U63" in serving["Kilde"]
    assert by_key[("kindergarten-application", "A10")]["Status"] == codes.CLASS_STATUS["confirm"]
    # a building case: the property class first, the retention on the subject class
    carport = [row for row in table if row["Skjema"] == "carport-building-notice"]
    assert carport[0]["Klassifikasjonssystem"] == "GBNR" and carport[0]["Primær"] == "ja"  # the archive's id (formc.yaml)
    assert carport[0]["Kassasjonsvedtak"] == "" and carport[1]["Kassasjonsvedtak"] == "B Bevares"
