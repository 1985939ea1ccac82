"""The project's classification plan: every class the forms file cases under, with retention and screening.

One :class:`PlanRow` per (form, class). The ``noark`` target turns the rows into
the archivist's spreadsheet (CSV and XLSX) and Noark 5 ``klasse`` elements;
:func:`check_titles` refuses one code with two titles across the project (an
archive holds one title per class, so an import of both would conflict).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Iterable, Mapping

from formc import archive_codes as codes
from formc.diagnostics import Diagnostics, Span
from formc.loader import SourceFile
from formc.model import Classification, Form

# Deterministic systemIDs: UUIDv5 of "<scheme>/<code>" in this namespace (uuid5(NAMESPACE_URL, "urn:formc:klasse")).
CLASS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:formc:klasse")


def class_uuid(scheme: str, code: str = "") -> str:
    """The systemID of a class (or, with no code, of its klassifikasjonssystem): the same in every build."""
    return str(uuid.uuid5(CLASS_NAMESPACE, f"{scheme}/{code}" if code else scheme))


def is_object_class(item: Classification) -> bool:
    """True when the code is filled per submission (a person's or a property's class), not a fixed plan class."""
    return item.object is not None or "{" in item.code


@dataclass(frozen=True)
class PlanRow:
    """One class of one form. ``carries_retention``: the form's retention is set on this class (the first class
    with a fixed code: a person's or a property's class exists per case, its retention comes from the subject)."""

    form: Form
    item: Classification
    primary: bool
    carries_retention: bool

    @property
    def fixed(self) -> bool:
        return not is_object_class(self.item)


def rows(forms: Iterable[Form]) -> list[PlanRow]:
    """Every (form, class) pair, forms in id order, classes in the form's order (the first is primary)."""
    found = []
    for form in sorted(forms, key=lambda f: f.id):
        classes = form.archive.classification if form.archive else ()
        fixed = [i for i, item in enumerate(classes) if not is_object_class(item)]
        holder = fixed[0] if fixed else 0
        found += [PlanRow(form, item, index == 0, index == holder) for index, item in enumerate(classes)]
    return found


@dataclass(frozen=True)
class TitleRow:
    """A fixed class with a title, as one form declares it: what :func:`check_titles` compares across forms."""

    form_id: str
    scheme: str
    code: str
    title: str
    span: Span  # of the title in the form's definition

    @property
    def key(self) -> tuple[str, str]:
        return self.scheme.strip().lower(), self.code


def title_rows(forms: Iterable[Form], sources: Mapping[str, SourceFile]) -> list[TitleRow]:
    """The titled fixed classes of ``forms``, forms in id order, classes in each form's order."""
    found = []
    for row in rows(forms):
        if row.fixed and row.item.title is not None:
            index = row.form.archive.classification.index(row.item)  # type: ignore[union-attr]
            span = sources[row.form.id].span(("archive", "classification", index, "title"))
            found.append(TitleRow(row.form.id, row.item.scheme, row.item.code, row.item.title, span))
    return found


def check_titles(titles: Iterable[TitleRow], diags: Diagnostics) -> None:
    """Refuse a fixed class (scheme and code) declared with different titles in different forms (FC250).

    ``titles`` in form-id order: the first form's title is the one the others are compared with.
    """
    first: dict[tuple[str, str], TitleRow] = {}
    for row in titles:
        other = first.setdefault(row.key, row)
        if row.title != other.title:
            diags.error("FC250", f"class {row.scheme} {row.code} is titled `{row.title}` here but "
                        f"`{other.title}` in form `{other.form_id}`", row.span,
                        "an archive holds one title per class: use the same title in every form, or file the cases "
                        "under a different code")


def retention_cells(form: Form) -> dict[str, str]:
    """The retention of a form's cases as spreadsheet cells (empty strings where nothing is declared)."""
    retention = form.archive.retention if form.archive else None
    if retention is None:
        return {"decision": "", "years": "", "trigger": "", "legal_basis": "", "plan_item": "", "selection": ""}
    code = codes.RETENTION_DECISION[retention.decision]
    return {"decision": f"{code} {codes.KASSASJONSVEDTAK[code]}",
            "years": "" if retention.years is None else str(retention.years),
            "trigger": codes.RETENTION_TRIGGER[retention.trigger] if retention.years is not None else "",
            "legal_basis": retention.legal_basis or "", "plan_item": retention.plan_item or "",
            "selection": retention.selection or ""}


def matrikkelnummer(form: Form, data: dict) -> dict[str, str] | None:
    """The property a submission is about (kommunenummer, gardsnummer, bruksnummer, festenummer, seksjonsnummer).

    ``None`` when the form declares no ``archive.property`` or the submission lacks gnr or bnr. The
    municipality number comes from its field, else from the authority (``organisation.municipality_number``).
    """
    prop = form.archive.property if form.archive else None
    if prop is None:
        return None

    def value(path: tuple[str, ...] | None) -> str | None:
        current: object = data
        for step in path or ():
            if not isinstance(current, dict) or current.get(step) in (None, ""):
                return None
            current = current[step]
        return None if path is None else str(current)

    municipality = value(prop.municipality_number) or form.service.authority.municipality_number
    gnr, bnr = value(prop.gnr), value(prop.bnr)
    if not (municipality and gnr and bnr):
        return None
    found = {"kommunenummer": municipality, "gardsnummer": gnr, "bruksnummer": bnr}
    for key, path in (("festenummer", prop.fnr), ("seksjonsnummer", prop.snr)):
        if value(path) not in (None, "0"):
            found[key] = value(path)  # type: ignore[assignment]
    return found


def property_code(number: dict[str, str]) -> str:
    """The klasseID of a property class: ``4215-41/125``, with ``/fnr`` and ``/snr`` when the property has them."""
    code = f"{number['kommunenummer']}-{number['gardsnummer']}/{number['bruksnummer']}"
    if "festenummer" in number or "seksjonsnummer" in number:
        code += f"/{number.get('festenummer', '0')}"
    if "seksjonsnummer" in number:
        code += f"/{number['seksjonsnummer']}"
    return code
