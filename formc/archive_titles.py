"""Archive titles and codes from a form's templates: ``{path}`` slots filled with the answers, screened ones masked.

Shared by the runtime's arkivmelding (:mod:`formc.runtime.arkivmelding`), the
receipt, the preview and the ``noark`` target, which needs these alone (not
the arkivmelding's XML, nor lxml).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from formc.bidi import balanced
from formc.model import Field, Form

MASK = "******"
_SLOT = re.compile(r"\{([^{}]*)\}")
_YES_NO = {"nb": ("ja", "nei"), "nn": ("ja", "nei"), "da": ("ja", "nej"), "sv": ("ja", "nej"), "se": ("juo", "ii")}


def slot_path(slot: str) -> tuple[str, ...]:
    return tuple(part for part in slot.strip().split(".") if part)


def template_paths(template: str) -> list[tuple[str, ...]]:
    """The field paths a title or code template inserts."""
    return [slot_path(m.group(1)) for m in _SLOT.finditer(template)]


def is_screened(path: tuple[str, ...], screened: Iterable[tuple[str, ...]]) -> bool:
    """True when ``path`` is a screened field or lies inside one (screening a group screens its fields)."""
    return any(path[:len(s)] == tuple(s) for s in screened)


def fill_template(form: Form, template: str, data: dict | None, lang: str, masked: Iterable[tuple[str, ...]] = (),
                  shown: bool = False) -> str:
    """``template`` with each ``{path}`` replaced by the answer (``******`` for masked fields; "" when unanswered).

    With ``data=None`` only the masking is done and other placeholders stay as written. With ``shown`` (a title
    people read) each answer's direction controls are balanced (:func:`formc.bidi.balanced`), so an override in
    one answer cannot reverse the rest of the title; keys and codes made with it keep the answers as they are.
    """
    masked = tuple(masked)

    def replace(match: re.Match[str]) -> str:
        path = slot_path(match.group(1))
        if is_screened(path, masked):
            return MASK
        if data is None:
            return match.group(0)
        text = answer_text(form.field_at(path), lookup(data, path), lang)
        return balanced(text) if shown else text

    text = _SLOT.sub(replace, template)
    return re.sub(r"\s+", " ", text).strip().rstrip(" -–—:,").strip() if data is not None else text


def lookup(data: Any, path: tuple[str, ...]) -> Any:
    """The answer at ``path`` in ``data``; None when there is none."""
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def answer_text(field: Field | None, value: Any, lang: str) -> str:
    """An answer as a title shows it: an option's label, yes/no in ``lang``, an address on one line."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(filter(None, (answer_text(field, v, lang) for v in value)))
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
        return " ".join(filter(None, (answer_text(None, v, lang) for v in value.values())))
    return str(value)


def case_title(form: Form, data: dict | None, lang: str, public: bool = False) -> str:
    """The case title (saksmappe tittel), or with ``public`` the offentligTittel with screened fields masked."""
    template = form.archive.case_title(lang) if form.archive and form.archive.case_title else form.title(lang)
    return fill_template(form, template, data, lang, form.archive.screened_fields if public and form.archive else (), shown=True)


def document_title(form: Form, data: dict | None, lang: str, public: bool = False) -> str:
    template = form.archive.document_title(lang) if form.archive and form.archive.document_title else form.title(lang)
    return fill_template(form, template, data, lang, form.archive.screened_fields if public and form.archive else (), shown=True)
