"""One submission as a Fiks Arkiv V1 ``arkivmelding.opprett``: its case and its inbound record.

The message holds the routing ``regel``; a ``saksmappe`` (unless the form files
into an existing case) with the titles in the archive language (screened
fields masked in the public title), ``arkivdel``, the parties (``part``), the
access restriction, the classifications under the archive's system ids, the
case's external key (per submission, per person/object or per round; see
:class:`formc.model.CaseSettings`), the local ``saksdato``, unit, case officer
and journal unit; and a ``journalpost`` of type I linked to the case by that
key or by ``saksnummer``: one ``dokumentbeskrivelse`` per document (the form,
the data, each uploaded file) with its own screening, formats, checksums and
sizes, ``dokumentmedium``, the channel in ``virksomhetsspesifikkeMetadata``
(namespace ``urn:formc:noark-metadata:1``), the sender (EA, chosen by
``when``; an organisation with its contact person, or a person, screened in a
restricted case) and the internal recipient (IM), the local received time
with its offset and the deadline on a working day (:mod:`formc.calendar`).

The titles and codes are filled in by :mod:`formc.archive_titles`.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from lxml import etree

from formc import archive_codes as codes
from formc import calendar
from formc.archive_config import DOCUMENT_MEDIUM, Identity, Routing, archive_language, system_id
from formc.archive_titles import (
    answer_text, case_title, document_title, fill_template, is_screened, lookup, template_paths,
)
from formc.class_plan import matrikkelnummer, property_code
from formc.model import AccessRestriction, CaseSettings, DocumentSettings, Form, Party, Sender

if TYPE_CHECKING:
    from formc.runtime.uploads import Upload

AM = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FM = "urn:formc:noark-metadata:1"
SYSTEM = "formc"


@dataclass(frozen=True)
class Submission:
    """One submission and the facts recorded about it."""

    form: Form
    data: dict
    lang: str
    channel: str
    received: datetime.datetime  # timezone-aware
    submission_id: str
    registered_by: str | None = None  # the employee who registered it for the citizen (counter, phone, letter, e-mail)


@dataclass(frozen=True)
class PackageFile:
    """A document file of the package, as the arkivmelding describes it."""

    name: str  # the file name in the package (referanseDokumentfil)
    content: bytes
    format: tuple[str, str, str]  # PRONOM code, description, media type

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def deadline(form: Form, received: datetime.datetime) -> datetime.date | None:
    """forfallsdato: the local day received plus the service's processing time, moved to a working day."""
    return calendar.deadline(received, form.service.processing_time, form.country, form.timezone)


# --------------------------------------------------------------------------- the message


def _el(parent: etree._Element, name: str, text: str | None = None, ns: str = AM) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def _code(parent: etree._Element, name: str, code: str, description: str | None) -> None:
    element = _el(parent, name)
    _el(element, "kode", code, MDK)
    if description:
        _el(element, "beskrivelse", description, MDK)


def _key(parent: etree._Element, name: str, key: str, ns: str = AM) -> None:
    element = _el(parent, name, ns=ns)
    _el(element, "fagsystem", SYSTEM, MDK)
    _el(element, "noekkel", key, MDK)


def _identities(parent: etree._Element, name: str, who: Identity) -> None:
    element = _el(parent, name)
    for key, child in (("name", "navn"), ("id", "identifikator"), ("initials", "initialer"), ("email", "epostadresse")):
        if getattr(who, key):
            _el(element, child, getattr(who, key), MDK)


class ArchiveError(ValueError):
    """A submission that cannot be archived as its form says (e.g. an unreadable case number)."""


def case_key(sub: Submission) -> str:
    """The external key of the submission's case: per submission, per person/object (hashed) or per round."""
    case = sub.form.archive.case if sub.form.archive else CaseSettings()
    if case.mode in ("per_object", "per_round") and case.key:
        filled = fill_template(sub.form, case.key, sub.data, archive_language(sub.form))
        if filled:
            if case.mode == "per_object":  # the key may hold a national id: send only its hash
                filled = hashlib.sha256(f"{sub.form.id}\n{filled}".encode()).hexdigest()[:32]
            return f"{sub.form.id}/{filled}"
    return f"{sub.submission_id}/saksmappe"


_CASE_NUMBER = re.compile(r"^\s*(\d{4}|\d{2})\s*/\s*(\d+)\s*$")


def existing_case(sub: Submission) -> tuple[int, int] | str | None:
    """For case mode ``existing``: the (saksaar, sakssekvensnummer) answered, or the text as given; else None."""
    case = sub.form.archive.case if sub.form.archive else CaseSettings()
    if case.mode != "existing" or case.case_number is None:
        return None
    value = lookup(sub.data, case.case_number)
    if not isinstance(value, str) or not value.strip():
        raise ArchiveError(f"the case number field `{'.'.join(case.case_number)}` is not answered")
    match = _CASE_NUMBER.match(value)
    if match is None:
        return value.strip()  # sent as mappeID for the archive to resolve
    year = int(match.group(1))
    return (year + 2000 if year < 100 else year, int(match.group(2)))


def build(sub: Submission, main: PackageFile, data_files: list[PackageFile],
          uploads: Iterable["Upload"] = ()) -> bytes:
    """The arkivmelding.xml of a package: ``main`` (the filled form), ``data_files`` and the uploaded files."""
    sub = dataclasses.replace(sub, received=calendar.local(sub.received, sub.form.timezone))
    uploads = list(uploads)
    form, archive = sub.form, sub.form.archive
    lang = archive_language(form)
    routing = archive.routing if archive else (form.archive_config.routing or Routing())
    root = etree.Element(f"{{{AM}}}arkivmelding", nsmap={None: AM, "n5mdk": MDK, "xsi": XSI})
    _el(root, "system", SYSTEM)
    if routing.rule:
        _el(root, "regel", routing.rule)
    _el(root, "antallFiler", str(1 + len(data_files) + len(uploads)))
    existing = existing_case(sub)
    parties = list(_parties(sub))
    if existing is None:
        _case(_el(root, "mappe"), sub, routing, parties)
    post = _el(root, "registrering")
    post.set(f"{{{XSI}}}type", "journalpost")
    if sub.registered_by:  # M601: who registered the record (an employee for the citizen; else the system below)
        _el(post, "opprettetAv", sub.registered_by)
    parent = _el(post, "referanseForelderMappe")
    if existing is None:
        _key(parent, "referanseEksternNoekkel", case_key(sub), MDK)
    elif isinstance(existing, str):
        _el(parent, "mappeID", existing, MDK)
    else:
        number = _el(parent, "saksnummer", ns=MDK)
        _el(number, "saksaar", str(existing[0]), MDK)
        _el(number, "sakssekvensnummer", str(existing[1]), MDK)
        for part in parties:  # the case exists: the parties go with the record
            post.append(part)
    _skjerming(post, archive.access_restriction if archive else None)
    title = document_title(form, sub.data, lang)
    main_settings = archive.main_document if archive else DocumentSettings()
    _document(post, 1, main_settings.document_type or (archive.document_type if archive else "SØKNAD"), title,
              "H", [(main, "A")], _pdf_name(title), main_settings.access_restriction)
    data_title = {"nb": "Innsendte data", "nn": "Innsende data", "da": "Indsendte data", "sv": "Inskickade data"}
    _document(post, 2, "VEDLEGG", f"{data_title.get(lang, 'Submitted data')} – {title}", "V",
              [(f, "A" if f.format == codes.FORMAT_XML else "P") for f in data_files],
              None, main_settings.access_restriction)
    for number, upload in enumerate(uploads, start=3):
        settings = archive.attachment(upload.field) if archive else DocumentSettings()
        _document(post, number, settings.document_type or "VEDLEGG", _upload_title(form, upload, lang), "V",
                  [(upload.file, "A" if upload.format.archival else "P")], upload.filename,
                  settings.access_restriction, upload)
    _el(post, "tittel", case_title(form, sub.data, lang))
    _el(post, "offentligTittel", case_title(form, sub.data, lang, public=True))
    medium = DOCUMENT_MEDIUM.get(sub.channel, "E")
    _code(post, "dokumentmedium", medium, codes.DOKUMENTMEDIUM[medium])
    _business_metadata(_el(post, "virksomhetsspesifikkeMetadata"), sub)
    if medium != "E":
        paper = {"letter": "Papiroriginal mottatt per post", "counter": "Papiroriginal levert ved servicetorget"}
        note = _el(post, "merknad")
        _el(note, "merknadstekst", f"{paper.get(sub.channel, 'Papiroriginal mottatt')}; skjemaet er registrert "
                                   "elektronisk av mottaket.")
        _code(note, "merknadstype", "MA", codes.MERKNADSTYPE["MA"])
        if sub.registered_by:
            _el(note, "merknadRegistrertAv", sub.registered_by)
    _sender(post, sub)
    _internal_recipient(post, routing)
    _key(post, "referanseEksternNoekkel", sub.submission_id)
    _code(post, "journalposttype", "I", codes.JOURNALPOSTTYPE["I"])
    _el(post, "dokumentetsDato", sub.received.date().isoformat())
    _el(post, "mottattDato", sub.received.isoformat())
    due = deadline(form, sub.received)
    if due is not None:
        _el(post, "forfallsdato", due.isoformat())
    _el(post, "antallVedlegg", str(1 + len(uploads)))
    if routing.journal_unit:
        _el(post, "journalenhet", routing.journal_unit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _case(mappe: etree._Element, sub: Submission, routing: Routing, parties: list[etree._Element]) -> None:
    form, archive, lang = sub.form, sub.form.archive, archive_language(sub.form)
    mappe.set(f"{{{XSI}}}type", "saksmappe")
    _el(mappe, "tittel", case_title(form, sub.data, lang))
    _el(mappe, "offentligTittel", case_title(form, sub.data, lang, public=True))
    if routing.archive_part:
        _code(mappe, "arkivdel", routing.archive_part, None)
    for part in parties:
        mappe.append(part)
    _skjerming(mappe, archive.access_restriction if archive else None)
    _classifications(mappe, sub)
    _key(mappe, "referanseEksternNoekkel", case_key(sub))
    _el(mappe, "saksdato", sub.received.date().isoformat())
    if routing.administrative_unit:
        _identities(mappe, "administrativEnhet", routing.administrative_unit)
    if routing.case_officer:
        _identities(mappe, "saksansvarlig", routing.case_officer)
    if routing.journal_unit:
        _el(mappe, "journalenhet", routing.journal_unit)
    _code(mappe, "saksstatus", "B", codes.SAKSSTATUS["B"])
    _matrikkelnummer(mappe, sub)


def _upload_title(form: Form, upload: "Upload", lang: str) -> str:
    field = form.field_at(upload.field)
    label = field.label(lang) if field is not None and field.label is not None else "Vedlegg"
    return f"{label} – {upload.filename}"


def _pdf_name(title: str) -> str:
    safe = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", title).strip() or "skjema"
    return f"{safe[:120].strip()}.pdf"


def _skjerming(parent: etree._Element, restriction: AccessRestriction | None) -> None:
    if restriction is None:
        return
    element = _el(parent, "skjerming")
    _code(element, "tilgangsrestriksjon", restriction.code, None)
    _el(element, "skjermingshjemmel", restriction.legal_basis)


def _classifications(mappe: etree._Element, sub: Submission) -> None:
    archive = sub.form.archive
    if archive is None:
        return
    number = matrikkelnummer(sub.form, sub.data)
    for item in archive.classification:
        if item.object == "property":
            code = property_code(number) if number else ""
        else:
            code = fill_template(sub.form, item.code, sub.data, sub.lang)
        if not code:
            continue  # a facet whose field is unanswered
        element = _el(mappe, "klassifikasjon")
        _el(element, "klassifikasjonssystemID", system_id(sub.form, item.scheme, code))
        _el(element, "klasseID", code)
        if item.title:
            _el(element, "tittel", item.title)
        personal = any(is_screened(p, archive.screened_fields) or _is_type(sub.form, p, "national_id")
                       for p in template_paths(item.code))
        if personal or codes.classification_type(item.scheme) == "PNR":
            _el(element, "erSkjermet", "true")


def _matrikkelnummer(mappe: etree._Element, sub: Submission) -> None:
    number = matrikkelnummer(sub.form, sub.data)
    if number is not None:
        element = _el(mappe, "matrikkelnummer")
        for key, value in number.items():
            _el(element, key, value)


def _is_type(form: Form, path: tuple[str, ...], kind: str) -> bool:
    field = form.field_at(path)
    return field is not None and field.type == kind


def _document(post: etree._Element, number: int, doc_type: str, title: str, role: str,
              files: list[tuple[PackageFile, str]], original_name: str | None,
              restriction: AccessRestriction | None, upload: "Upload | None" = None) -> None:
    element = _el(post, "dokumentbeskrivelse")
    _code(element, "dokumenttype", doc_type, codes.document_type_description(doc_type))
    _code(element, "dokumentstatus", "F", codes.DOKUMENTSTATUS["F"])
    _el(element, "tittel", title)
    _code(element, "tilknyttetRegistreringSom", role, codes.TILKNYTTET_REGISTRERING_SOM[role])
    _el(element, "dokumentnummer", str(number))
    if upload is not None and not upload.format.archival:
        note = _el(element, "merknad")
        _el(note, "merknadstekst", f"Originalformat {upload.format.puid} ({upload.format.name}) er ikke et "
                                   "arkivformat: dokumentet må konverteres til arkivformat (f.eks. PDF/A) ved arkivering.")
        _code(note, "merknadstype", "MA", codes.MERKNADSTYPE["MA"])
    _skjerming(element, restriction)
    for file, variant in files:
        obj = _el(element, "dokumentobjekt")
        _el(obj, "versjonsnummer", "1")
        _code(obj, "variantformat", variant, codes.VARIANTFORMAT[variant])
        _code(obj, "format", file.format[0], file.format[1])
        if upload is not None and not upload.format.archival:
            _el(obj, "formatDetaljer", "Ikke arkivformat; originalen er bevart og må konverteres")
        if file.format[2]:
            _el(obj, "mimeType", file.format[2])
        _el(obj, "filnavn", original_name or file.name)
        _el(obj, "referanseDokumentfil", file.name)
        _el(obj, "sjekksum", file.sha256)
        _el(obj, "sjekksumAlgoritme", codes.SHA256)
        _el(obj, "filstoerrelse", str(file.size))


def _business_metadata(parent: etree._Element, sub: Submission) -> None:
    from formc.xmldata import namespace

    element = etree.SubElement(parent, f"{{{FM}}}innsending", nsmap={"formc": FM})
    for name, value in (("skjemaID", sub.form.id), ("skjemaversjon", sub.form.version),
                        ("datanavnerom", namespace(sub.form)), ("kanal", sub.channel), ("spraak", sub.lang),
                        ("innsendingID", sub.submission_id), ("mottatt", sub.received.isoformat())):
        _el(element, name, value, FM)


# --------------------------------------------------------------------------- who


@dataclass(frozen=True)
class _Who:
    """A correspondent or party as the answers give it."""

    name: str
    personal: bool  # the name is a person's name (erPersonnavn)
    person_id: str | None
    org_id: str | None
    contact: str | None  # kontaktperson: the person acting for an organisation
    address: dict | None
    email: str | None
    phone: str | None
    country: str | None


def _who(form: Form, who: Sender, data: Any, lang: str) -> _Who | None:
    def value(path: tuple[str, ...] | None) -> Any:
        return lookup(data, path) if path else None

    person = " ".join(filter(None, (answer_text(form.field_at(p), value(p), lang) for p in who.name))).strip()
    org_id = value(who.org_number)
    org_name = value(who.org_name)
    if isinstance(org_id, str) and org_id:
        # an organisation: its name (from org_name, else the name fields) and the person as its contact
        name = org_name if isinstance(org_name, str) and org_name.strip() else (person if who.org_name is None else "")
        contact = person if who.org_name is not None and person else None
        personal, person_id = False, None
    else:
        name, contact, org_id, personal = person, None, None, True
        person_id = value(who.national_id) if isinstance(value(who.national_id), str) else None
    if not name.strip():
        return None
    address = value(who.address)
    field = form.field_at(who.address) if who.address else None
    address = address if isinstance(address, dict) else None
    country = (address or {}).get("country") or (field.country if field is not None else None)
    return _Who(name.strip(), personal, person_id, org_id, contact, address,
                value(who.email) if isinstance(value(who.email), str) else None,
                value(who.phone) if isinstance(value(who.phone), str) else None, country)


def _address(element: etree._Element, who: _Who) -> None:
    if who.address is not None:
        for key, child in (("street", "postadresse"), ("postal_code", "postnummer"), ("city", "poststed")):
            if who.address.get(key):
                _el(element, child, who.address[key])
        if who.country:
            _code(element, "landkode", who.country, None)
    if who.email:
        _el(element, "epostadresse", who.email)
    if who.phone:
        _el(element, "telefonnummer", who.phone)


def _screened(form: Form, who: Sender, found: _Who) -> bool:
    """A natural person is screened when the case is access-restricted (unless opted out) or its name fields are."""
    archive = form.archive
    if archive is None or not found.personal:
        return False
    if any(is_screened(p, archive.screened_fields) for p in who.name):
        return archive.access_restriction is not None
    return archive.access_restriction is not None and who.screened is not False


def choose_sender(sub: Submission) -> Sender | None:
    """The sender whose ``when`` holds first (a sender without ``when`` always holds)."""
    from formc.expressions.evaluate import evaluate

    archive = sub.form.archive
    if archive is None:
        return None
    for sender in archive.senders:
        if sender.when is None or evaluate(sender.when, [sub.data], sub.received.date()):
            return sender
    return None


def _sender(post: etree._Element, sub: Submission, role: str = "EA") -> None:
    """The submitter as the record's correspondent: its sender (EA) on the way in, its recipient (EM) on the way out."""
    sender = choose_sender(sub)
    found = None
    if sender is not None and sender.item is not None:
        items = lookup(sub.data, sender.item)
        first = items[0] if isinstance(items, list) and items else None
        found = _who(sub.form, dataclasses.replace(sender, **_relative(sender, sender.item)), first, sub.lang)
    elif sender is not None:
        found = _who(sub.form, sender, sub.data, sub.lang)
    if sender is None or found is None:
        return  # no name: Fiks Arkiv requires korrespondansepartNavn, so no correspondent is named
    part = _el(post, "korrespondansepart")
    _code(part, "korrespondanseparttype", role, codes.KORRESPONDANSEPARTTYPE[role])
    _el(part, "korrespondansepartNavn", found.name)
    if found.org_id:
        _el(part, "organisasjonid", found.org_id)
    elif found.person_id:
        _el(part, "personid", found.person_id)
    _address(part, found)
    if found.contact:
        _el(part, "kontaktperson", found.contact)
    if _screened(sub.form, sender, found):
        _el(part, "erSkjermet", "true")
    _el(part, "erPersonnavn", "true" if found.personal else "false")
    method = sub.form.archive_config.delivery_method(sub.channel) if role == "EA" else None
    if method is not None:
        _code(part, "forsendelsesmaate", method[0], method[1])


def _internal_recipient(post: etree._Element, routing: Routing) -> None:
    unit = routing.internal_recipient
    if unit is None:
        return
    part = _el(post, "korrespondansepart")
    _code(part, "korrespondanseparttype", "IM", codes.KORRESPONDANSEPARTTYPE["IM"])
    _el(part, "korrespondansepartNavn", unit.name or unit.id or "")
    _identities(part, "administrativEnhet", unit)
    if routing.case_officer:
        _identities(part, "saksbehandler", routing.case_officer)


def _parties(sub: Submission) -> Iterator[etree._Element]:
    """The ``part`` elements of the case: the person it is about, guardians, next of kin (in definition order)."""
    from formc.expressions.evaluate import evaluate

    archive = sub.form.archive
    if archive is None:
        return
    for party in archive.parties:
        if party.when is not None and not evaluate(party.when, [sub.data], sub.received.date()):
            continue
        if party.each is not None:
            items = lookup(sub.data, party.each)
            relative = dataclasses.replace(party, **_relative(party, party.each))
            for item in items if isinstance(items, list) else []:
                yield from _part(sub, relative, item)
        else:
            yield from _part(sub, party, sub.data)


def _relative(party: Sender, repeat: tuple[str, ...]) -> dict[str, Any]:
    """The paths of a sender or party taken inside a repeat, made relative to its item."""
    cut = len(repeat)
    changes: dict[str, Any] = {"name": tuple(p[cut:] for p in party.name)}
    for key in ("national_id", "org_number", "org_name", "address", "email", "phone"):
        value = getattr(party, key)
        changes[key] = value[cut:] if value else None
    return changes


def _part(sub: Submission, party: Party, data: Any) -> Iterator[etree._Element]:
    found = _who(sub.form, party, data, sub.lang)
    if found is None:
        return
    element = etree.Element(f"{{{AM}}}part")
    _el(element, "partNavn", found.name)
    _code(element, "partRolle", party.role, codes.PARTROLLE[party.role])
    if found.org_id:
        ident = _el(element, "organisasjonID")
        _el(ident, "identifikator", found.org_id)
    elif found.person_id:
        ident = _el(element, "personID")
        _el(ident, "landkode", sub.form.country)
        _el(ident, "identifikator", found.person_id)
    _address(element, found)
    if found.contact:
        _el(element, "kontaktperson", found.contact)
    if _screened(sub.form, party, found):
        _el(element, "erSkjermet", "true")
    _el(element, "erPersonnavn", "true" if found.personal else "false")
    yield element
