"""One submission as a Fiks Arkiv V1 ``arkivmelding.opprett``: a new case (saksmappe) with its inbound record.

The message holds a ``saksmappe`` (case title filled from the form's template,
the public title with screened fields masked, the classification, the access
restriction) and a ``journalpost`` of type I linked to it through an external
key: the sender as korrespondansepart EA, the received time, the deadline
(received date + ``service.processing_time``), the channel in
``virksomhetsspesifikkeMetadata`` (namespace ``urn:formc:noark-metadata:1``,
described by the ``noark`` target's XSD), and one ``dokumentbeskrivelse`` per
document of the package with formats, checksums and sizes.

The title helpers here (:func:`fill_template`) are shared with the ``noark`` target.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import Any, Iterable

from lxml import etree

from formc import archive_codes as codes
from formc.class_plan import matrikkelnummer, property_code
from formc.model import Field, Form

AM = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FM = "urn:formc:noark-metadata:1"
SYSTEM = "formc"
MASK = "******"
_SLOT = re.compile(r"\{([^{}]*)\}")
_YES_NO = {"nb": ("ja", "nei"), "nn": ("ja", "nei"), "da": ("ja", "nej"), "sv": ("ja", "nej"), "se": ("juo", "ii")}


@dataclass(frozen=True)
class Submission:
    """One submission and the facts recorded about it."""

    form: Form
    data: dict
    lang: str
    channel: str
    received: datetime.datetime  # timezone-aware
    submission_id: str


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


# --------------------------------------------------------------------------- titles


def slot_path(slot: str) -> tuple[str, ...]:
    return tuple(part for part in slot.strip().split(".") if part)


def template_paths(template: str) -> list[tuple[str, ...]]:
    """The field paths a title or code template inserts."""
    return [slot_path(m.group(1)) for m in _SLOT.finditer(template)]


def is_screened(path: tuple[str, ...], screened: Iterable[tuple[str, ...]]) -> bool:
    """True when ``path`` is a screened field or lies inside one (screening a group screens its fields)."""
    return any(path[:len(s)] == tuple(s) for s in screened)


def fill_template(form: Form, template: str, data: dict | None, lang: str, masked: Iterable[tuple[str, ...]] = ()) -> str:
    """``template`` with each ``{path}`` replaced by the answer (``******`` for masked fields; "" when unanswered).

    With ``data=None`` only the masking is done and other placeholders stay as written.
    """
    masked = tuple(masked)

    def replace(match: re.Match[str]) -> str:
        path = slot_path(match.group(1))
        if is_screened(path, masked):
            return MASK
        if data is None:
            return match.group(0)
        return _show(form.field_at(path), _lookup(data, path), lang)

    text = _SLOT.sub(replace, template)
    return re.sub(r"\s+", " ", text).strip().rstrip(" -–—:,").strip() if data is not None else text


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def _show(field: Field | None, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(filter(None, (_show(field, v, lang) for v in value)))
    if field is not None and field.type in ("choice", "multichoice"):
        option = field.option(value) if isinstance(value, str) else None
        return option.label(lang) if option is not None else str(value)
    if isinstance(value, bool):
        label = field.true_label if value else field.false_label if field is not None else None
        return label(lang) if label is not None else _YES_NO.get(lang, ("yes", "no"))[0 if value else 1]
    if isinstance(value, dict):
        if field is not None and field.type == "address":
            return ", ".join(filter(None, (value.get("street", ""), " ".join(
                filter(None, (value.get("postal_code", ""), value.get("city", "")))))))
        return " ".join(filter(None, (_show(None, v, lang) for v in value.values())))
    return str(value)


def case_title(form: Form, data: dict | None, lang: str, public: bool = False) -> str:
    """The case title (saksmappe tittel), or with ``public`` the offentligTittel with screened fields masked."""
    template = form.archive.case_title(lang) if form.archive and form.archive.case_title else form.title(lang)
    return fill_template(form, template, data, lang, form.archive.screened_fields if public and form.archive else ())


def document_title(form: Form, data: dict | None, lang: str, public: bool = False) -> str:
    template = form.archive.document_title(lang) if form.archive and form.archive.document_title else form.title(lang)
    return fill_template(form, template, data, lang, form.archive.screened_fields if public and form.archive else ())


def deadline(form: Form, received: datetime.datetime) -> datetime.date | None:
    """forfallsdato: the received date plus the service's processing time."""
    period = form.service.processing_time
    return period.add_to(received.date()) if period is not None else None


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


def case_key(submission_id: str) -> str:
    return f"{submission_id}/saksmappe"


def build(sub: Submission, main: PackageFile, data_files: list[PackageFile]) -> bytes:
    """The arkivmelding.xml of a package whose documents are ``main`` (the receipt) and ``data_files``."""
    form, archive = sub.form, sub.form.archive
    root = etree.Element(f"{{{AM}}}arkivmelding", nsmap={None: AM, "n5mdk": MDK, "xsi": XSI})
    _el(root, "system", SYSTEM)
    _el(root, "antallFiler", str(1 + len(data_files)))
    mappe = _el(root, "mappe")
    mappe.set(f"{{{XSI}}}type", "saksmappe")
    _el(mappe, "tittel", case_title(form, sub.data, sub.lang))
    _el(mappe, "offentligTittel", case_title(form, sub.data, sub.lang, public=True))
    _skjerming(mappe, sub)
    _classifications(mappe, sub)
    _key(mappe, "referanseEksternNoekkel", case_key(sub.submission_id))
    _el(mappe, "saksdato", sub.received.date().isoformat())
    _code(mappe, "saksstatus", "B", codes.SAKSSTATUS["B"])
    _matrikkelnummer(mappe, sub)

    post = _el(root, "registrering")
    post.set(f"{{{XSI}}}type", "journalpost")
    parent = _el(post, "referanseForelderMappe")
    _key(parent, "referanseEksternNoekkel", case_key(sub.submission_id), MDK)
    _skjerming(post, sub)
    _document(post, 1, archive.document_type if archive else "SØKNAD", document_title(form, sub.data, sub.lang),
              "H", "A", [main], _pdf_name(document_title(form, sub.data, sub.lang)))
    data_title = {"nb": "Innsendte data", "nn": "Innsende data", "da": "Indsendte data", "sv": "Inskickade data"}
    _document(post, 2, "VEDLEGG", f"{data_title.get(sub.lang, 'Submitted data')} – {document_title(form, sub.data, sub.lang)}",
              "V", "P", data_files, None)
    _el(post, "tittel", case_title(form, sub.data, sub.lang))
    _el(post, "offentligTittel", case_title(form, sub.data, sub.lang, public=True))
    _business_metadata(_el(post, "virksomhetsspesifikkeMetadata"), sub)
    _sender(post, sub)
    _key(post, "referanseEksternNoekkel", sub.submission_id)
    _code(post, "journalposttype", "I", codes.JOURNALPOSTTYPE["I"])
    _el(post, "dokumentetsDato", sub.received.date().isoformat())
    _el(post, "mottattDato", sub.received.isoformat())
    due = deadline(form, sub.received)
    if due is not None:
        _el(post, "forfallsdato", due.isoformat())
    _el(post, "antallVedlegg", "1")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _pdf_name(title: str) -> str:
    safe = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", title).strip() or "skjema"
    return f"{safe[:120].strip()}.pdf"


def _skjerming(parent: etree._Element, sub: Submission) -> None:
    restriction = sub.form.archive.access_restriction if sub.form.archive else None
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
        _el(element, "klassifikasjonssystemID", item.scheme)
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


def _document(post: etree._Element, number: int, doc_type: str, title: str, role: str, variant: str,
              files: list[PackageFile], original_name: str | None) -> None:
    element = _el(post, "dokumentbeskrivelse")
    _code(element, "dokumenttype", doc_type, codes.document_type_description(doc_type))
    _code(element, "dokumentstatus", "F", codes.DOKUMENTSTATUS["F"])
    _el(element, "tittel", title)
    _code(element, "tilknyttetRegistreringSom", role, codes.TILKNYTTET_REGISTRERING_SOM[role])
    _el(element, "dokumentnummer", str(number))
    for file in files:
        obj = _el(element, "dokumentobjekt")
        _el(obj, "versjonsnummer", "1")
        _code(obj, "variantformat", variant, codes.VARIANTFORMAT[variant])
        _code(obj, "format", file.format[0], file.format[1])
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


def _sender(post: etree._Element, sub: Submission) -> None:
    archive = sub.form.archive
    if archive is None:
        return
    sender, data = archive.sender, sub.data
    name = " ".join(filter(None, (_show(sub.form.field_at(p), _lookup(data, p), sub.lang) for p in sender.name)))
    if not name.strip():
        return  # no name: Fiks Arkiv requires korrespondansepartNavn, so no correspondent is named
    part = _el(post, "korrespondansepart")
    _code(part, "korrespondanseparttype", "EA", codes.KORRESPONDANSEPARTTYPE["EA"])
    _el(part, "korrespondansepartNavn", name.strip())
    person = _lookup(data, sender.national_id) if sender.national_id else None
    org = _lookup(data, sender.org_number) if sender.org_number else None
    if isinstance(org, str):
        _el(part, "organisasjonid", org)
    elif isinstance(person, str):
        _el(part, "personid", person)
    address = _lookup(data, sender.address) if sender.address else None
    if isinstance(address, dict):
        if address.get("street"):
            _el(part, "postadresse", address["street"])
        if address.get("postal_code"):
            _el(part, "postnummer", address["postal_code"])
        if address.get("city"):
            _el(part, "poststed", address["city"])
        country = address.get("country") or (sub.form.field_at(sender.address).country if sub.form.field_at(sender.address) else None)
        if country:
            _code(part, "landkode", country, None)
    for key, element in ((sender.email, "epostadresse"), (sender.phone, "telefonnummer")):
        value = _lookup(data, key) if key else None
        if isinstance(value, str):
            _el(part, element, value)
    if archive.access_restriction is not None and any(is_screened(p, archive.screened_fields) for p in sender.name):
        _el(part, "erSkjermet", "true")
    if isinstance(org, str) or isinstance(person, str):
        _el(part, "erPersonnavn", "false" if isinstance(org, str) else "true")
