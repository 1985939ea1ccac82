"""Every arkivmelding formc writes validates against Fiks Arkiv V1 and uses only official code values."""

from __future__ import annotations

import datetime
import hashlib
import uuid

import holidays
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from archive_strategies import TODAY, valid_data
from formc import archive_codes as codes
from formc.runtime import arkivmelding
from formc.runtime.arkivmelding import AM, FM, MDK, PackageFile, Submission

N = {"am": AM, "md": MDK, "fm": FM}
# Which official list each code element of the message belongs to.
LISTS = {"journalposttype": "journalposttype", "dokumentstatus": "dokumentstatus", "saksstatus": "saksstatus",
         "korrespondanseparttype": "korrespondanseparttype", "variantformat": "variantformat",
         "tilknyttetRegistreringSom": "tilknyttetregistreringsom", "dokumenttype": "dokumenttype"}
RECEIVED = datetime.datetime(2026, 6, 15, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))


def _message(form, data, lang="nb", received=RECEIVED) -> tuple[bytes, list[PackageFile]]:
    main = PackageFile("form.pdf", b"%PDF-1.7 stand-in", codes.FORMAT_PDFA_2A)
    files = [PackageFile("data.json", b"{}", codes.FORMAT_JSON), PackageFile("data.xml", b"<x/>", codes.FORMAT_XML)]
    sub = Submission(form, data, lang if lang in form.languages else form.default_language, "counter", received,
                     str(uuid.uuid5(uuid.NAMESPACE_URL, form.id)))
    return arkivmelding.build(sub, main, files), [main, *files]


def assert_working_day_deadline(written: str, raw: datetime.date, country: str) -> None:
    """The deadline is the raw date, or the first working day after it (weekends and public holidays skipped)."""
    days_off = holidays.country_holidays(country, years=[raw.year, raw.year + 1])
    due = datetime.date.fromisoformat(written)
    assert due >= raw and due.weekday() < 5 and due not in days_off
    day = raw
    while day < due:
        assert day.weekday() >= 5 or day in days_off, (raw, due)
        day += datetime.timedelta(days=1)


def check_message(xml: bytes, form, files: list[PackageFile], schema, metadata_schema, code_lists) -> etree._Element:
    root = etree.fromstring(xml)
    schema.assertValid(root)
    # the parts formc means to send are there (the schema makes them optional)
    post = root.find("am:registrering", N)
    assert post.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "journalpost"
    assert post.findtext("am:journalposttype/md:kode", namespaces=N) == "I"
    if form.archive is not None and form.archive.case.mode == "existing":
        # a record in the case the submission names: no new case, a reference by case number
        assert root.find("am:mappe", N) is None
        parent = post.find("am:referanseForelderMappe", N)
        assert parent.find("md:saksnummer", N) is not None or parent.findtext("md:mappeID", namespaces=N)
    else:
        assert root.find("am:mappe", N).get("{http://www.w3.org/2001/XMLSchema-instance}type") == "saksmappe"
        key = root.findtext("am:mappe/am:referanseEksternNoekkel/md:noekkel", namespaces=N)
        assert post.findtext("am:referanseForelderMappe/md:referanseEksternNoekkel/md:noekkel", namespaces=N) == key
    # every code in its official list (tilgangsrestriksjon and format have no Fiks Arkiv list)
    for element, listname in LISTS.items():
        for code in root.iterfind(f".//am:{element}/md:kode", N):
            assert code.text in code_lists[listname], (element, code.text)
            description = code.getnext()
            if description is not None:
                assert description.text == code_lists[listname][code.text]
    # documents: references, checksums, sizes, count
    objects = root.findall(".//am:dokumentobjekt", N)
    assert int(root.findtext("am:antallFiler", namespaces=N)) == len(objects) == len(files)
    by_name = {f.name: f for f in files}
    for obj in objects:
        file = by_name[obj.findtext("am:referanseDokumentfil", namespaces=N)]
        assert obj.findtext("am:sjekksum", namespaces=N) == hashlib.sha256(file.content).hexdigest()
        assert obj.findtext("am:sjekksumAlgoritme", namespaces=N) == "SHA256"
        assert int(obj.findtext("am:filstoerrelse", namespaces=N)) == len(file.content)
        assert obj.findtext("am:format/md:kode", namespaces=N) == file.format[0]
    roles = [d.findtext("am:tilknyttetRegistreringSom/md:kode", namespaces=N) for d in post.findall("am:dokumentbeskrivelse", N)]
    assert roles == ["H", "V"]
    # formc's business metadata validates against the shipped metadata XSD
    metadata_schema.assertValid(etree.ElementTree(post.find("am:virksomhetsspesifikkeMetadata/fm:innsending", N)))
    # the deadline
    if form.service.processing_time is not None:
        assert_working_day_deadline(post.findtext("am:forfallsdato", namespaces=N),
                                    form.service.processing_time.add_to(RECEIVED.date()), form.country)
    return root


def test_every_shipped_form(shipped, arkivmelding_schema, metadata_schema, code_lists) -> None:
    for form_id in sorted(shipped.forms):
        form = shipped.forms[form_id]

        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(valid_data(form), st.integers(min_value=-12, max_value=14))
        def run(data, offset) -> None:
            assume(data is not None)
            xml, files = _message(form, data)
            root = check_message(xml, form, files, arkivmelding_schema, metadata_schema, code_lists)
            if form.archive is not None and form.archive.access_restriction is not None:
                assert root.find("am:registrering/am:skjerming", N) is not None
            # the same submission at the same instant, written with another offset: the same bytes
            assert _message(form, data, received=RECEIVED.astimezone(datetime.timezone(datetime.timedelta(hours=offset))))[0] == xml

        run()


def test_titles_sender_and_screening(permit, arkivmelding_schema, metadata_schema, code_lists) -> None:
    data = {"applicant": {"first_name": "Kari", "last_name": "Nordmann", "national_id": "15076500565",
                          "address": {"street": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
                          "email": "kari@example.no", "phone": "37261500"},
            "plate": "AB1234", "resident": True, "zone": "a", "consent": True}
    assert permit.validate(data, today=TODAY) == []
    xml, files = _message(permit, data)
    root = check_message(xml, permit, files, arkivmelding_schema, metadata_schema, code_lists)
    mappe, post = root.find("am:mappe", N), root.find("am:registrering", N)
    assert mappe.findtext("am:tittel", namespaces=N) == "Løyve – Kari Nordmann"
    assert mappe.findtext("am:offentligTittel", namespaces=N) == "Løyve – ****** ******"
    assert [c.findtext("am:klasseID", namespaces=N) for c in mappe.findall("am:klassifikasjon", N)] == ["N12", "15076500565"]
    assert mappe.find("am:klassifikasjon[2]/am:erSkjermet", N).text == "true"
    part = post.find("am:korrespondansepart", N)
    assert part.findtext("am:korrespondansepartNavn", namespaces=N) == "Kari Nordmann"
    assert part.findtext("am:personid", namespaces=N) == "15076500565"
    assert part.findtext("am:erSkjermet", namespaces=N) == "true"
    assert post.findtext("am:mottattDato", namespaces=N) == "2026-06-15T09:30:00+02:00"
    assert post.findtext("am:forfallsdato", namespaces=N) == "2026-07-06"  # P3W
    assert post.findtext("am:virksomhetsspesifikkeMetadata/fm:innsending/fm:kanal", namespaces=N) == "counter"


def test_code_tables_are_official(code_lists) -> None:
    tables = {"journalposttype": codes.JOURNALPOSTTYPE, "dokumentstatus": codes.DOKUMENTSTATUS,
              "korrespondanseparttype": codes.KORRESPONDANSEPARTTYPE, "variantformat": codes.VARIANTFORMAT,
              "tilknyttetregistreringsom": codes.TILKNYTTET_REGISTRERING_SOM, "saksstatus": codes.SAKSSTATUS,
              "kassasjonsvedtak": codes.KASSASJONSVEDTAK, "klassifikasjonstype": codes.KLASSIFIKASJONSTYPE,
              "dokumenttype": codes.DOKUMENTTYPE}
    for name, table in tables.items():
        for code, description in table.items():
            assert code_lists[name].get(code) == description, (name, code)
    assert set(codes.RETENTION_DECISION.values()) <= set(code_lists["kassasjonsvedtak"])
    assert set(codes.SCHEME_TYPE.values()) <= set(code_lists["klassifikasjonstype"])
    assert codes.known_document_type("SØKNAD") and not codes.known_document_type("SKJEMA")


def test_shipped_document_types_are_known(shipped) -> None:
    for form in shipped.forms.values():
        if form.archive is not None:
            assert codes.known_document_type(form.archive.document_type), form.id
