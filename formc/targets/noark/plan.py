"""The classification plan for the archivist: Noark 5 v5.0 classes per form, and one spreadsheet for the project.

- :func:`noark5_systems`: the ``klassifikasjonssystem``/``klasse`` elements of a
  form's ``noark.xml`` (Noark 5 v5.0 arkivstruktur namespace), one per archive
  classification system id (formc.yaml ``archive.classification_systems``), with systemIDs
  derived from the ids and codes (:func:`formc.class_plan.class_uuid`), the plan's
  adoption date as ``opprettetDato`` and the retention and screening of the
  primary class.
- :func:`plan_rows` (one form's rows: the target's summary of a form) and
  :func:`spreadsheet` (the header and every form's rows): one row per (form,
  class) with title, status, retention, legal basis and screening, as CSV
  (UTF-8 with BOM, which Excel opens in the right encoding) and XLSX
  (XlsxWriter, fixed document date: the same bytes in every build).
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Sequence

from formc import archive_codes as codes
from formc.archive_config import system_id
from formc.archive_titles import is_screened, template_paths
from formc.class_plan import PlanRow, class_uuid, retention_cells, rows
from formc.model import ClassificationPlan, Form

NOARK5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
# The kassasjonsvedtak texts of the Noark 5 metadata catalogue (M450); v5.0 stores the text, not the code.
KASSASJONSVEDTAK_TEXT = {"keep": "Bevares", "discard": "Kasseres", "review": "Vurderes senere"}
COLUMNS = (
    ("skjema", "Skjema"), ("tjeneste", "Tjeneste"), ("system", "Klassifikasjonssystem"), ("klasse", "KlasseID"),
    ("tittel", "Tittel"), ("primaer", "Primær"), ("status", "Status"), ("kilde", "Kilde"),
    ("kassasjonsvedtak", "Kassasjonsvedtak"), ("bevaringstid", "Bevaringstid (år)"), ("utloeser", "Regnes fra"),
    ("kassasjonshjemmel", "Kassasjonshjemmel"), ("planpunkt", "Planpunkt"), ("utvalg", "Utvalg"),
    ("tilgangsrestriksjon", "Tilgangsrestriksjon"), ("skjermingshjemmel", "Skjermingshjemmel"),
    ("skjermetKlasse", "Skjermet klasse"),
)


def class_screened(form: Form, row: PlanRow) -> bool:
    """A class whose code names a person (or a screened field) must itself be screened (skjermingMetadata KID)."""
    archive = form.archive
    if archive is None:
        return False
    paths = template_paths(row.item.code)
    return codes.classification_type(row.item.scheme) == "PNR" or any(
        is_screened(p, archive.screened_fields) or getattr(form.field_at(p), "type", None) == "national_id"
        for p in paths)


def _kassasjon(form: Form, plan: ClassificationPlan) -> dict | None:
    retention = form.archive.retention if form.archive else None
    if retention is None:
        return None
    years = retention.years or 0
    basis = "; ".join(filter(None, (retention.legal_basis, f"planpunkt {retention.plan_item}" if retention.plan_item
                                    else None)))
    return {"vedtak": KASSASJONSVEDTAK_TEXT[retention.decision], "hjemmel": basis or None, "bevaringstid": years,
            # the earliest date the decision can be carried out: a case closed the day the plan was adopted
            "dato": _add_years(plan.adopted, years).isoformat()}


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def noark5_systems(form: Form, plan: ClassificationPlan, screening: Sequence[str]) -> list[dict]:
    """One Noark 5 klassifikasjonssystem per scheme of ``form`` with its fixed classes (object classes are per case).

    ``screening`` holds the skjermingMetadata texts of the form; the first fixed class carries the form's retention
    and, when the form restricts access and says what is screened, its skjerming (on the first fixed class).
    """
    restriction = form.archive.access_restriction if form.archive else None
    created = datetime.datetime.combine(plan.adopted, datetime.time(), datetime.timezone.utc)
    systems: dict[str, dict] = {}
    for row in rows([form]):
        if not row.fixed:
            continue
        kind = codes.classification_type(row.item.scheme)
        archive_id = system_id(form, row.item.scheme, row.item.code)  # the archive's id (formc.yaml mapping)
        system = systems.setdefault(archive_id, {
            "systemID": class_uuid(archive_id), "type": codes.KLASSIFIKASJONSTYPE.get(kind or ""),
            "title": archive_id, "classes": []})
        system["classes"].append({
            "systemID": class_uuid(archive_id, row.item.code), "code": row.item.code,
            "title": row.item.title or row.item.code,
            "description": codes.CLASS_STATUS[row.item.status] + (f": {row.item.source}" if row.item.source else "")
            if row.item.status else None,
            "kassasjon": _kassasjon(form, plan) if row.carries_retention else None,
            "skjerming": {"tilgangsrestriksjon": restriction.code, "hjemmel": restriction.legal_basis,
                          "metadata": list(screening)} if row.carries_retention and restriction and screening else None,
        })
    for system in systems.values():
        system["created"] = created.isoformat().replace("+00:00", "Z")
        system["created_by"] = plan.created_by
    return list(systems.values())


def _cells(row: PlanRow, lang: str) -> dict[str, str]:
    form, item = row.form, row.item
    archive = form.archive
    restriction = archive.access_restriction if archive else None
    retention = retention_cells(form) if row.carries_retention else dict.fromkeys(
        ("decision", "years", "trigger", "legal_basis", "plan_item", "selection"), "")
    if item.object == "property":
        code = "gnr/bnr/fnr per sak (matrikkelnummer)"
    elif row.fixed:
        code = item.code
    else:
        code = "per sak: " + ", ".join(".".join(p) for p in template_paths(item.code))
    return {
        "skjema": form.id, "tjeneste": form.title(lang),
        "system": system_id(form, item.scheme, item.code if row.fixed else None), "klasse": code,
        "tittel": item.title or "", "primaer": "ja" if row.primary else "nei",
        "status": codes.CLASS_STATUS.get(item.status or "", ""), "kilde": item.source or "",
        "kassasjonsvedtak": retention["decision"], "bevaringstid": retention["years"], "utloeser": retention["trigger"],
        "kassasjonshjemmel": retention["legal_basis"], "planpunkt": retention["plan_item"],
        "utvalg": retention["selection"],
        "tilgangsrestriksjon": restriction.code if restriction else "",
        "skjermingshjemmel": restriction.legal_basis if restriction else "",
        "skjermetKlasse": "ja" if class_screened(form, row) else "nei",
    }


def plan_rows(form: Form) -> list[list[str]]:
    """The spreadsheet rows of one form, one per class in the form's order; titles in the form's first language."""
    found = []
    for row in rows([form]):
        cells = _cells(row, form.default_language)
        found.append([cells[key] for key, _ in COLUMNS])
    return found


def spreadsheet(forms_rows: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
    """The header, then the :func:`plan_rows` of every form (given in form-id order)."""
    return [[label for _, label in COLUMNS]] + [list(row) for form_rows in forms_rows for row in form_rows]


def csv_bytes(table: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return "\ufeff".encode() + out.getvalue().encode()


def xlsx_bytes(table: list[list[str]], plan: ClassificationPlan | None) -> bytes:
    """The table as one worksheet; the document date is the plan's adoption date (else 2000-01-01), never "now"."""
    import xlsxwriter  # only the shared outputs need it: not imported by the workers that emit the forms

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    day = plan.adopted if plan else datetime.date(2000, 1, 1)
    workbook.set_properties({"title": "Klassifikasjon, bevaring og skjerming", "created": datetime.datetime.combine(day, datetime.time())})
    sheet = workbook.add_worksheet("Klasser")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, table[0], bold)
    for index, values in enumerate(table[1:], start=1):
        sheet.write_row(index, 0, values)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table) - 1, 1), len(table[0]) - 1)
    for column, _ in enumerate(table[0]):
        width = max(len(values[column]) for values in table)
        sheet.set_column(column, column, min(max(width, 8), 60))
    workbook.close()
    return out.getvalue()
