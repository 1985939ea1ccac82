"""The ``noark`` target: per form, the archive metadata (``<id>.noark.xml``) and the data XSD (``<id>.data.xsd``).

``<id>.noark.xml`` tells an archivist how the submissions of a service are
archived (classification, titles, document type, skjerming, kassasjon,
deadline, sender mapping); it validates against ``formc-noark-metadata.xsd``
(namespace ``urn:formc:noark-metadata:1``), which :meth:`emit_shared` copies
into the build output. When formc.yaml dates the archive's classification plan
(``classification_plan.adopted``), its ``formc:arkivstruktur`` part holds Noark 5
v5.0 ``klassifikasjonssystem``/``klasse`` elements (:mod:`.plan`) that validate
against Arkivverket's ``arkivstruktur.xsd``. The shared outputs add the
project's classification plan as a spreadsheet (``classification-plan.csv`` and
``.xlsx``), made from each form's rows (:meth:`summarise`), not from the forms. ``<id>.data.xsd`` describes ``data.xml`` of each archive package
(:mod:`formc.xmldata`). ``noark.xml`` comes from the template ``templates/noark.xml.j2`` when the project overrides
it, else from :mod:`.metadata_xml`, which writes the shipped template's bytes without Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from formc import archive_codes as codes
from formc.archive_config import system_id
from formc.archive_titles import case_title, document_title, is_screened, template_paths
from formc.data_xsd import data_xsd, namespace
from formc.model import Form
from formc.targets.noark import metadata_xml
from formc.targets.noark.plan import NOARK5, csv_bytes, noark5_systems, plan_rows, spreadsheet, xlsx_bytes
from formc.targets_api import BuildContext, OutputFile, static_file

NAME = "noark"
TEMPLATE = "noark.xml.j2"
METADATA_XSD = "formc-noark-metadata.xsd"
PLAN_CSV = "classification-plan.csv"
PLAN_XLSX = "classification-plan.xlsx"
SCREENING_METADATA = {
    "NA": "Skjerming navn avsender",
    "TMO": "Skjerming tittel mappe – utvalgte ord",
    "TRO": "Skjerming tittel registrering – utvalgte ord",
    "KID": "Skjerming klasseID",
}
_SENDER_KEYS = (("national_id", "personid"), ("org_number", "organisasjonid"), ("address", "postadresse"),
                ("email", "epostadresse"), ("phone", "telefonnummer"))


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


def _classifications(form: Form) -> list[dict]:
    archive = form.archive
    result = []
    for item in archive.classification if archive else ():
        paths = template_paths(item.code)
        kind = codes.classification_type(item.scheme)
        personal = any(is_screened(p, archive.screened_fields) or getattr(form.field_at(p), "type", None) == "national_id"
                       for p in paths)
        result.append({"scheme": item.scheme, "system": system_id(form, item.scheme, None if paths else item.code),
                       "code": item.code, "title": item.title,
                       "template": bool(paths) or item.object is not None,
                       "type": kind, "type_description": codes.KLASSIFIKASJONSTYPE.get(kind or ""),
                       "screened": personal or kind == "PNR", "status": item.status,
                       "status_description": codes.CLASS_STATUS.get(item.status or ""), "source": item.source,
                       "facet": item.facet})
    return result


def _screening(form: Form, classifications: list[dict]) -> list[tuple[str, str]]:
    archive = form.archive
    if archive is None or archive.access_restriction is None:
        return []
    found = []
    # the sender's name is screened: named as a screened field, or a natural person in a restricted case
    if any(is_screened(p, archive.screened_fields) for p in archive.sender.name) or any(
            s.name and s.org_name is None and s.screened is not False for s in archive.senders):
        found.append("NA")
    titles = [archive.case_title(lang) for lang in form.languages] if archive.case_title else []
    if any(is_screened(p, archive.screened_fields) for t in titles for p in template_paths(t)):
        found += ["TMO", "TRO"]
    if any(c["screened"] for c in classifications):
        found.append("KID")
    return [(code, SCREENING_METADATA[code]) for code in found]


@dataclass(frozen=True)
class _Retention:
    code: str
    description: str
    years: int | None
    legal_basis: str | None
    trigger: tuple[str, str] | None
    plan_item: str | None
    selection: str | None


def metadata(form: Form, ctx: BuildContext) -> bytes:
    """``<form-id>.noark.xml``: the project's template when it has one, else :mod:`.metadata_xml` (the same bytes
    as the shipped template)."""
    values = template_context(form, ctx)
    if _overridden(ctx.template_overrides):
        return ctx.templates(NAME).get_template(TEMPLATE).render(values).encode()
    return metadata_xml.render(values).encode()


def template_context(form: Form, ctx: BuildContext) -> dict:
    """What ``noark.xml.j2`` is rendered with."""
    archive = form.archive
    languages = ctx.form_languages(form) or form.languages
    classifications = _classifications(form)
    retention = None
    if archive is not None and archive.retention is not None:
        code = codes.RETENTION_DECISION[archive.retention.decision]
        r = archive.retention
        trigger = (r.trigger, codes.RETENTION_TRIGGER[r.trigger]) if r.years is not None else None
        retention = _Retention(code, codes.KASSASJONSVEDTAK[code], r.years, r.legal_basis, trigger, r.plan_item, r.selection)
    document_type = archive.document_type if archive else "SØKNAD"
    sender = []
    if archive is not None:
        sender = [("korrespondansepartNavn", _dotted(p)) for p in archive.sender.name]
        sender += [(element, _dotted(getattr(archive.sender, key))) for key, element in _SENDER_KEYS
                   if getattr(archive.sender, key) is not None]
    authority = form.service.authority
    screening = _screening(form, classifications)
    return {
        "form": form,
        "titles": [(lang, form.title(lang)) for lang in languages],
        "data_namespace": namespace(form),
        "data_xsd": f"{form.id}.data.xsd",
        "authority": {"name": authority.name(languages[0]), "org_number": authority.org_number},
        "classifications": classifications,
        "case_titles": [(lang, case_title(form, None, lang)) for lang in languages],
        "public_case_titles": [(lang, case_title(form, None, lang, public=True)) for lang in languages],
        "document_titles": [(lang, document_title(form, None, lang)) for lang in languages],
        "saksstatus": ("B", codes.SAKSSTATUS["B"]),
        "journalposttype": ("I", codes.JOURNALPOSTTYPE["I"]),
        "document_type": (document_type, codes.document_type_description(document_type)),
        "processing_time": str(form.service.processing_time) if form.service.processing_time else None,
        "sender": sender,
        "restriction": archive.access_restriction if archive else None,
        "screening_metadata": screening,
        "screened_fields": [_dotted(p) for p in archive.screened_fields] if archive else [],
        "retention": retention,
        "systems": noark5_systems(form, ctx.classification_plan, [text for _, text in screening])
        if ctx.classification_plan else [],
        "noark5": NOARK5,
    }


def _overridden(overrides: Path | None) -> bool:
    """Whether the project has its own ``noark.xml.j2`` (in ``noark/templates/`` or ``noark/``)."""
    if overrides is None:
        return False
    folder = overrides / NAME
    return (folder / "templates" / TEMPLATE).is_file() or (folder / TEMPLATE).is_file()


class NoarkTarget:
    name = NAME

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]:
        return [OutputFile(f"{form.id}.noark.xml", metadata(form, ctx)),
                OutputFile(f"{form.id}.data.xsd", data_xsd(form))]

    def summarise(self, form: Form, ctx: BuildContext) -> list[list[str]]:
        """The form's rows of the classification-plan spreadsheet."""
        return plan_rows(form)

    def emit_shared(self, summaries: Sequence[list[list[str]]], ctx: BuildContext) -> list[OutputFile]:
        table = spreadsheet(summaries)
        return [OutputFile(METADATA_XSD, static_file(NAME, METADATA_XSD, ctx.template_overrides)),
                OutputFile(PLAN_CSV, csv_bytes(table)),
                OutputFile(PLAN_XLSX, xlsx_bytes(table, ctx.classification_plan))]


TARGET = NoarkTarget()
