"""Realistic submissions of the shipped services, archived as a municipal archivist would file them.

Each package validates against Fiks Arkiv V1 and uses only official codes; the tests then read the meaning:
routing, local dates, screened senders, parties, attachments with checksums, existing-case references and
working-day deadlines.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json

import pytest
from lxml import etree

from formc import bidi
from formc.runtime.arkivmelding import AM, MDK
from formc.runtime.package import UploadError, build_package

N = {"am": AM, "md": MDK}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
OSLO_WINTER = datetime.timezone(datetime.timedelta(hours=1))
ADDRESS = {"street": "Storgata 12", "postal_code": "4790", "city": "Lillesand"}
CODE_LISTS = {"journalposttype": "journalposttype", "dokumentstatus": "dokumentstatus", "saksstatus": "saksstatus",
              "korrespondanseparttype": "korrespondanseparttype", "variantformat": "variantformat",
              "tilknyttetRegistreringSom": "tilknyttetregistreringsom", "dokumenttype": "dokumenttype",
              "partRolle": "partrolle", "dokumentmedium": "dokumentmedium", "merknadstype": "merknadstype"}


def pdf_file() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_file(colour: str = "red") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def record(name: str, content: bytes, media: str) -> dict:
    return {"filename": name, "media_type": media, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


@pytest.fixture
def archive(shipped, fake_receipt, arkivmelding_schema, code_lists):
    """Archive one submission of a shipped form; returns (files, parsed arkivmelding) after the official checks."""

    def run(form_id: str, data: dict, *, received: datetime.datetime, channel: str = "web", files: dict | None = None,
            submission_id: str = "sub-1", lang: str | None = None):
        form = shipped.forms[form_id]
        assert form.validate(data, lang="nb", today=received.date()) == []
        package = build_package(form, data, lang=lang or form.default_language, channel=channel, received=received,
                                submission_id=submission_id, files=files)
        root = etree.fromstring(package["arkivmelding.xml"])
        arkivmelding_schema.assertValid(root)
        for element, listname in CODE_LISTS.items():
            for code in root.iterfind(f".//am:{element}/md:kode", N):
                assert code.text in code_lists[listname], (element, code.text)
        for obj in root.iterfind(".//am:dokumentobjekt", N):  # every document is in the package, as described
            body = package[obj.findtext("am:referanseDokumentfil", namespaces=N)]
            assert obj.findtext("am:sjekksum", namespaces=N) == hashlib.sha256(body).hexdigest()
            assert int(obj.findtext("am:filstoerrelse", namespaces=N)) == len(body)
        assert int(root.findtext("am:antallFiler", namespaces=N)) == len(root.findall(".//am:dokumentobjekt", N))
        return package, root

    return run


def text(root: etree._Element, path: str) -> str | None:
    return root.findtext(path, namespaces=N)


def correspondents(root: etree._Element, kind: str) -> list[etree._Element]:
    return [p for p in root.iterfind("am:registrering/am:korrespondansepart", N)
            if text(p, "am:korrespondanseparttype/md:kode") == kind]


def documents(root: etree._Element) -> list[etree._Element]:
    return root.findall("am:registrering/am:dokumentbeskrivelse", N)


KINDERGARTEN = {
    "child": {"first_name": "Emma", "last_name": "Hansen", "national_id": "12032000086", "special_needs": True,
              "special_needs_description": "Allergi mot nøtter; trenger tilpasset kost."},
    "start_date": "2027-08-16", "first_choice": None, "place_size": "full_time",
    "applicant": {"first_name": "Ingrid", "last_name": "Hansen", "national_id": "03057800002", "relation": "mother",
                  "address": ADDRESS, "email": "ingrid.hansen@example.no", "phone": "+4791234567"},
    "has_other_guardian": False, "privacy_consent": True,
}


@pytest.fixture
def kindergarten(shipped) -> tuple[dict, bytes]:
    form = shipped.forms["kindergarten-application"]
    data = json.loads(json.dumps(KINDERGARTEN))
    data["first_choice"] = form.field_at("first_choice").options[0].value
    certificate = pdf_file()
    data["child"]["documentation"] = [record("legeerklæring.pdf", certificate, "application/pdf")]
    return data, certificate


def test_late_night_kindergarten_application_is_filed_on_the_local_day_in_the_childs_case(archive, kindergarten) -> None:
    data, certificate = kindergarten
    # 23:30 UTC on 27 November is 00:30 on 28 November in Oslo
    received = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.timezone.utc)
    package, root = archive("kindergarten-application", data, received=received, files={"legeerklæring.pdf": certificate})
    case, post = root.find("am:mappe", N), root.find("am:registrering", N)
    assert text(case, "am:saksdato") == "2026-11-28"
    assert text(post, "am:dokumentetsDato") == "2026-11-28"
    assert text(post, "am:mottattDato") == "2026-11-28T00:30:00+01:00"
    # P8W from 28.11.2026 is Saturday 23.01.2027: the deadline is Monday 25.01.2027
    assert text(post, "am:forfallsdato") == "2027-01-25"
    # routing: rule, archive part, unit, journal unit and the unit as internal recipient
    assert text(root, "am:regel") == "BARNEHAGEOPPTAK"
    assert text(case, "am:arkivdel/md:kode") == "BARN"
    assert text(case, "am:administrativEnhet/md:identifikator") == "oppvekst"
    assert text(case, "am:administrativEnhet/md:navn") == "Oppvekst (barnehage og skole)"
    assert text(case, "am:journalenhet") == text(post, "am:journalenhet") == "SENTRAL"
    internal = correspondents(root, "IM")
    assert [text(p, "am:administrativEnhet/md:identifikator") for p in internal] == ["oppvekst"]
    # the archive's classification system ids, not formc's scheme names
    assert [(text(k, "am:klassifikasjonssystemID"), text(k, "am:klasseID")) for k in case.findall("am:klassifikasjon", N)] \
        == [("FA", "A10"), ("FNR", "12032000086")]
    # the case is screened, so the parent (a natural person) is screened as sender, with the personal-name flag
    [sender] = correspondents(root, "EA")
    assert text(sender, "am:korrespondansepartNavn") == "Ingrid Hansen"
    assert (text(sender, "am:erSkjermet"), text(sender, "am:erPersonnavn")) == ("true", "true")
    # parties: the child (klient) and the parent (formynder), both screened
    parts = [(text(p, "am:partNavn"), text(p, "am:partRolle/md:kode"), text(p, "am:personID/am:identifikator"),
              text(p, "am:erSkjermet")) for p in case.findall("am:part", N)]
    assert parts == [("Emma Hansen", "K", "12032000086", "true"), ("Ingrid Hansen", "F", "03057800002", "true")]
    # the doctor's letter is its own attachment; plain PDF is not an archive format: kept as original, marked
    [upload] = documents(root)[2:]
    assert text(upload, "am:tilknyttetRegistreringSom/md:kode") == "V"
    assert text(upload, "am:dokumenttype/md:kode") == "DOKUMENT"
    obj = upload.find("am:dokumentobjekt", N)
    assert text(obj, "am:filnavn") == "legeerklæring.pdf"
    assert text(obj, "am:variantformat/md:kode") == "P" and text(obj, "am:format/md:kode").startswith("fmt/")
    assert text(obj, "am:sjekksum") == hashlib.sha256(certificate).hexdigest()
    assert "konverteres" in text(upload, "am:merknad/am:merknadstekst")
    assert package[text(obj, "am:referanseDokumentfil")] == certificate
    # data.xml is the archive variant of the data, data.json the production variant
    variants = {text(o, "am:filnavn"): text(o, "am:variantformat/md:kode") for o in documents(root)[1].findall("am:dokumentobjekt", N)}
    assert variants == {"data.json": "P", "data.xml": "A"}


def test_one_case_per_child_joins_later_applications(archive, kindergarten) -> None:
    data, certificate = kindergarten
    files = {"legeerklæring.pdf": certificate}
    received = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=OSLO_WINTER)
    _, first = archive("kindergarten-application", data, received=received, files=files, submission_id="a")
    _, again = archive("kindergarten-application", data, received=received, files=files, submission_id="b")
    other = json.loads(json.dumps(data))
    other["child"]["national_id"] = "12032000167"
    _, sibling = archive("kindergarten-application", other, received=received, files=files, submission_id="c")
    key = text(first, "am:mappe/am:referanseEksternNoekkel/md:noekkel")
    assert key == text(again, "am:mappe/am:referanseEksternNoekkel/md:noekkel") != \
        text(sibling, "am:mappe/am:referanseEksternNoekkel/md:noekkel")
    assert "12032000086" not in key  # the national id is not sent as a key
    assert text(again, "am:registrering/am:referanseForelderMappe/md:referanseEksternNoekkel/md:noekkel") == key


def test_same_submission_gives_the_same_bytes_whatever_the_offset(archive, kindergarten) -> None:
    data, certificate = kindergarten
    instant = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.timezone.utc)
    files = {"legeerklæring.pdf": certificate}
    first, _ = archive("kindergarten-application", data, received=instant, files=files)
    second, _ = archive("kindergarten-application", data, received=instant.astimezone(OSLO_WINTER), files=files)
    assert first == second


def test_missing_or_mismatching_upload_refuses_the_package(shipped, kindergarten, fake_receipt) -> None:
    data, certificate = kindergarten
    form = shipped.forms["kindergarten-application"]
    received = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=OSLO_WINTER)
    with pytest.raises(UploadError, match=r"/child/documentation/0: the uploaded file `legeerklæring.pdf`.*was not given"):
        build_package(form, data, lang="nb", channel="web", received=received, submission_id="x")
    with pytest.raises(UploadError, match="has sha256 .* but the data records"):
        build_package(form, data, lang="nb", channel="web", received=received, submission_id="x",
                      files={"legeerklæring.pdf": certificate + b"tampered"})


def test_home_care_sent_by_next_of_kin_names_the_relative_as_sender(archive) -> None:
    data = {
        "patient": {"first_name": "Olav", "last_name": "Berg", "national_id": "14115200039", "address": ADDRESS,
                    "phone": "+4737270000", "lives_alone": True},
        "submitted_by": "next_of_kin",
        "next_of_kin": [{"first_name": "Siri", "last_name": "Berg", "national_id": "22068800033", "relation": "child",
                         "email": "siri.berg@example.no", "phone": "+4790000001"}],
        "services": ["home_nursing"], "health_situation": "Trenger hjelp med medisiner etter sykehusopphold.",
        "key_box": True, "privacy_consent": True,
    }
    _, root = archive("home-care-services", data, received=datetime.datetime(2026, 12, 1, 23, 40, tzinfo=OSLO_WINTER))
    case = root.find("am:mappe", N)
    [sender] = correspondents(root, "EA")
    assert text(sender, "am:korrespondansepartNavn") == "Siri Berg"
    assert text(sender, "am:personid") == "22068800033" and text(sender, "am:erSkjermet") == "true"
    parts = [(text(p, "am:partNavn"), text(p, "am:partRolle/md:kode")) for p in case.findall("am:part", N)]
    assert parts == [("Olav Berg", "K"), ("Siri Berg", "P")]
    assert text(case, "am:administrativEnhet/md:identifikator") == "helse-omsorg"


def serving_permit(form) -> tuple[dict, dict]:
    tax, plan, certificate, registration = pdf_file(), png_file(), pdf_file(), pdf_file()
    data = {
        "company": {"org_number": "974760673", "name": "Strandkroa Lillesand AS", "address": ADDRESS,
                    "email": "post@strandkroa.no", "phone": "+4737271000"},
        "owners": [{"first_name": "Per", "last_name": "Strand", "national_id": "01019000083", "role": "Daglig leder"}],
        "venue_name": "Strandkroa", "venue_address": ADDRESS, "permit_type": "ordinary",
        "alcohol_groups": [form.field_at("alcohol_groups").options[0].value], "area_indoor": 120.0,
        "outdoor_serving": False, "capacity": 80, "closing_time": "01:00", "concept": "Restaurant med bar.",
        "managers": {"manager_first_name": "Per", "manager_last_name": "Strand", "manager_national_id": "01019000083",
                     "manager_test_passed": True, "deputy_first_name": "Kari", "deputy_last_name": "Strand",
                     "deputy_national_id": "01019000164", "deputy_test_passed": True},
        "certificates": [record("kunnskapsprøver.pdf", certificate, "application/pdf")],
        "floor_plan": [record("plantegning.png", plan, "image/png")],
        "tax_certificate": [record("skatteattest.pdf", tax, "application/pdf")],
        "company_registration": [record("firmaattest.pdf", registration, "application/pdf")],
        "privacy_consent": True,
    }
    files = {"kunnskapsprøver.pdf": certificate, "plantegning.png": plan, "skatteattest.pdf": tax,
             "firmaattest.pdf": registration}
    return data, files


def test_serving_permit_company_case_is_public_but_the_tax_certificate_is_not(archive, shipped) -> None:
    data, files = serving_permit(shipped.forms["serving-permit"])
    _, root = archive("serving-permit", data, received=datetime.datetime(2026, 5, 4, 9, 0, tzinfo=OSLO_WINTER), files=files)
    assert root.find("am:mappe/am:skjerming", N) is None and root.find("am:registrering/am:skjerming", N) is None
    by_file = {text(d, "am:dokumentobjekt/am:filnavn"): d for d in documents(root)}
    assert "skatteforvaltningsloven" in text(by_file["skatteattest.pdf"], "am:skjerming/am:skjermingshjemmel")
    assert text(by_file["skatteattest.pdf"], "am:skjerming/am:tilgangsrestriksjon/md:kode") == "13"
    assert by_file["firmaattest.pdf"].find("am:skjerming", N) is None
    main = documents(root)[0]
    assert text(main, "am:tilknyttetRegistreringSom/md:kode") == "H" and main.find("am:skjerming", N) is not None
    # PNG is an archive format (variant A, no conversion note); the floor plan is a drawing
    plan_doc = by_file["plantegning.png"]
    assert text(plan_doc, "am:dokumentobjekt/am:variantformat/md:kode") == "A"
    assert text(plan_doc, "am:dokumentobjekt/am:format/md:kode") == "fmt/11"
    assert text(plan_doc, "am:dokumenttype/md:kode") == "TEGNING" and plan_doc.find("am:merknad", N) is None
    # the company is the correspondent: its name and number, not a personal name, never screened
    [sender] = correspondents(root, "EA")
    assert (text(sender, "am:korrespondansepartNavn"), text(sender, "am:organisasjonid")) == ("Strandkroa Lillesand AS", "974760673")
    assert text(sender, "am:erPersonnavn") == "false" and text(sender, "am:erSkjermet") is None


def test_complaint_on_an_existing_case_is_a_record_in_that_case(archive, shipped) -> None:
    form = shipped.forms["complaint-on-decision"]
    data = {
        "case_number": "2026/1432", "decision_date": "2026-10-01", "received_date": "2026-10-05",
        "department": form.field_at("department").options[0].value,
        "what_to_change": "Vedtaket om avslag må omgjøres.", "reasons": "Kommunen har lagt feil faktum til grunn.",
        "late": False,
        "appellant": {"first_name": "Mona", "last_name": "Kristiansen", "national_id": "03057800193", "address": ADDRESS,
                      "email": "mona@bygg.example.no", "phone": "+4790000002"},
        "role": "company", "company": {"org_number": "923456783", "name": "Kristiansen Bygg AS"},
        "privacy_consent": True,
    }
    _, root = archive("complaint-on-decision", data, received=datetime.datetime(2026, 10, 20, 14, 0, tzinfo=OSLO_WINTER))
    assert root.find("am:mappe", N) is None  # no new case
    parent = root.find("am:registrering/am:referanseForelderMappe", N)
    assert (text(parent, "md:saksnummer/md:saksaar"), text(parent, "md:saksnummer/md:sakssekvensnummer")) == ("2026", "1432")
    [sender] = correspondents(root, "EA")
    assert text(sender, "am:korrespondansepartNavn") == "Kristiansen Bygg AS"
    assert text(sender, "am:organisasjonid") == "923456783" and text(sender, "am:kontaktperson") == "Mona Kristiansen"
    assert text(sender, "am:erPersonnavn") == "false"
    assert text(root, "am:registrering/am:dokumentbeskrivelse/am:dokumenttype/md:kode") == "KLAGE"


def test_building_notice_by_letter_records_the_paper_original_and_every_drawing(archive) -> None:
    site_plan, drawing, receipts = pdf_file(), png_file("blue"), pdf_file() + b"%receipts\n"
    data = {
        "property_address": ADDRESS, "gnr": 41, "bnr": 125,
        "applicant": {"first_name": "Lars", "last_name": "Moen", "national_id": "22068800114", "address": ADDRESS,
                      "email": "lars@example.no", "phone": "+4790000003"},
        "is_owner": True, "area_m2": 30.0, "height_m": 3.5, "distance_boundary_m": 2.5, "distance_road_m": 10.0,
        "walls": "open", "needs_exemption": False,
        "site_plan": [record("situasjonsplan.pdf", site_plan, "application/pdf")],
        "drawings": [record("fasade.png", drawing, "image/png")],
        "neighbour_receipts": [record("kvitteringer.pdf", receipts, "application/pdf")],
        "privacy_consent": True,
    }
    files = {hashlib.sha256(c).hexdigest(): c for c in (site_plan, drawing, receipts)}  # a content-addressed store
    _, root = archive("carport-building-notice", data, channel="letter", files=files,
                      received=datetime.datetime(2026, 12, 4, 9, 5, tzinfo=OSLO_WINTER))
    post = root.find("am:registrering", N)
    assert text(post, "am:dokumentmedium/md:kode") == "B"
    assert "Papiroriginal" in text(post, "am:merknad/am:merknadstekst")
    [sender] = correspondents(root, "EA")
    assert text(sender, "am:forsendelsesmaate/md:kode") == "POST"
    assert [text(d, "am:dokumenttype/md:kode") for d in documents(root)[2:]] == ["KART", "TEGNING", "VEDLEGG"]
    assert text(post, "am:antallVedlegg") == "4"
    assert text(root, "am:mappe/am:matrikkelnummer/am:gardsnummer") == "41"
    assert text(root, "am:mappe/am:arkivdel/md:kode") == "BYGG"
    # 04.12.2026 + P3W = Friday 25.12.2026 (Christmas Day); 26.12 is a holiday and 27.12 a Sunday
    assert text(post, "am:forfallsdato") == "2026-12-28"


def test_culture_grants_of_one_round_share_a_case(archive, shipped) -> None:
    form = shipped.forms["culture-grant"]

    def application(org: str, name: str, title: str) -> dict:
        return {
            "applicant_type": "organisation", "organisation": {"org_number": org, "name": name},
            "contact_person": {"first_name": "Anne", "last_name": "Lie", "national_id": "01019000164", "address": ADDRESS,
                               "email": "anne@example.no", "phone": "+4790000004"},
            "year": 2027, "grant_type": "project", "project_title": title,
            "art_forms": [form.field_at("art_forms").options[0].value], "description": "Konsertserie med fire konserter for barn og unge i Lillesand sentrum, med lokale musikere og gjesteartister fra Agder.",
            "target_group": "Barn og unge", "start_date": "2027-03-01", "end_date": "2027-06-01",
            "budget_lines": [{"item": "Honorar", "amount": 20000}], "total_budget": 20000, "amount_applied": 10000,
            "account": "12345678903", "privacy_consent": True,
        }

    received = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=OSLO_WINTER)
    _, one = archive("culture-grant", application("974760673", "Lillesand Musikkorps", "Vårkonserter"), received=received)
    _, two = archive("culture-grant", application("991825827", "Lillesand Teaterlag", "Sommerteater"), received=received,
                     submission_id="sub-2")
    keys = {text(r, "am:mappe/am:referanseEksternNoekkel/md:noekkel") for r in (one, two)}
    assert keys == {"culture-grant/2027"}
    [sender] = correspondents(one, "EA")
    assert text(sender, "am:korrespondansepartNavn") == "Lillesand Musikkorps"
    assert text(sender, "am:kontaktperson") == "Anne Lie" and text(sender, "am:erPersonnavn") == "false"


def test_package_pdf_shows_and_is_titled_with_the_filled_document_title(shipped) -> None:
    import pypdf

    form = shipped.forms["serving-permit"]
    data, files = serving_permit(form)
    received = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.timezone.utc)
    package = build_package(form, data, lang="nb", channel="web", received=received, submission_id="s-9", files=files)
    root = etree.fromstring(package["arkivmelding.xml"])
    title = text(root, "am:registrering/am:dokumentbeskrivelse/am:tittel")
    assert title == "Søknad om skjenkebevilling – Strandkroa Lillesand AS"
    reader = pypdf.PdfReader(io.BytesIO(package["form.pdf"]))
    assert reader.metadata.title == title
    page = " ".join(reader.pages[0].extract_text().split())
    assert title in page and "{company.name}" not in page
    assert "28.11.2026 kl. 00:30 CET" in page  # local time with its zone
    everything = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "010190 *****" in everything and "01019000083" not in everything  # never a full national id
    assert "skatteattest.pdf (PDF-dokument," in everything  # the type in words


def test_noark_metadata_screens_the_sender_name_of_restricted_cases_with_a_natural_person(shipped) -> None:
    from formc.targets.noark import TARGET
    from formc.targets_api import BuildContext

    def screening(form_id: str) -> set[str]:
        context = BuildContext(shipped.organisation, classification_plan=shipped.settings.classification_plan)
        [xml] = [f.content for f in TARGET.emit_form(shipped.forms[form_id], context) if f.path.endswith(".noark.xml")]
        return {e.get("kode") for e in etree.fromstring(xml).iter("{*}skjermingMetadata") if e.get("kode")}

    # the parent's name is not among the screened fields, yet the case is restricted: "navn avsender" is screened
    assert "NA" in screening("kindergarten-application")
    assert "NA" in screening("home-care-services")
    assert "NA" not in screening("serving-permit")  # a company sender (and a public case)


# Direction controls in an answer: the archive's titles are balanced for reading, the data kept as submitted.
BIDI_NAME = "Strand" + bidi.RLO + "kroa AS"  # a right-to-left override left open: would reverse the rest of a title


def test_bidi_titles_close_the_override_and_the_data_keeps_it(archive, shipped) -> None:
    data, files = serving_permit(shipped.forms["serving-permit"])
    data["venue_name"] = BIDI_NAME
    package, root = archive("serving-permit", data, received=datetime.datetime(2026, 5, 4, 9, 0, tzinfo=OSLO_WINTER),
                            files=files)
    for path in ("am:mappe/am:tittel", "am:mappe/am:offentligTittel", "am:registrering/am:tittel"):
        assert text(root, path) == f"Skjenkebevilling – {BIDI_NAME}{bidi.PDF}", path
    # the data files are the citizen's bytes: the override is kept, nothing added
    assert json.loads(package["data.json"])["venue_name"] == BIDI_NAME
    assert BIDI_NAME.encode() in package["data.json"] and bidi.PDF.encode() not in package["data.json"]
    assert [e.text for e in etree.fromstring(package["data.xml"]).iter() if e.text and bidi.RLO in e.text] == [BIDI_NAME]
    assert bidi.PDF.encode() not in package["data.xml"]


def test_bidi_receipt_heading_closes_the_override(shipped) -> None:
    from formc.runtime.receipt import receipt_html, receipt_title

    form = shipped.forms["serving-permit"]  # document title "Søknad om skjenkebevilling – {company.name}"
    data, _ = serving_permit(form)
    data["company"]["name"] = BIDI_NAME
    assert receipt_title(form, data, "nb") == f"Søknad om skjenkebevilling – {BIDI_NAME}{bidi.PDF}"
    html = receipt_html(form, data, "nb", "web", datetime.datetime(2026, 5, 4, 9, 0, tzinfo=OSLO_WINTER), "s-1")
    assert f"<title>Søknad om skjenkebevilling – {BIDI_NAME}{bidi.PDF}</title>" in html


def test_a_balanced_bidi_answer_is_written_into_the_title_as_it_is(archive, shipped) -> None:
    data, files = serving_permit(shipped.forms["serving-permit"])
    data["venue_name"] = "Strand" + bidi.RLO + "kroa" + bidi.PDF + " AS"
    _, root = archive("serving-permit", data, received=datetime.datetime(2026, 5, 4, 9, 0, tzinfo=OSLO_WINTER), files=files)
    assert text(root, "am:mappe/am:tittel") == "Skjenkebevilling – Strand" + bidi.RLO + "kroa" + bidi.PDF + " AS"
