"""What the paper form shows: numbered questions with answer space sized by type, conditions in words, service facts.

:func:`page_context` turns a form into plain data for ``form.html``: each
question knows its number, label, the instructions that govern it (its
condition and required-condition in words, the rules it is checked by) and
the kind and size of its answer space (character boxes, lines, tick boxes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from formc.describe import answer_only_if, required_if
from formc.expressions.nodes import Expr, paths_in
from formc.model import Field, Form, Organisation
from formc.numbering import number_questions
from formc.runtime.answers import fee_lines, format_period, words as runtime_words

REPEAT_CAP = 3  # at most this many blank blocks for a repeat; beyond, the form asks for a separate sheet
CHARS_PER_LINE = 70
_BOXES = {  # (type, country) → character boxes
    ("national_id", "NO"): 11, ("national_id", "DK"): 10,
    ("org_number", "NO"): 9, ("org_number", "DK"): 8,
    ("postal_code", "NO"): 4, ("postal_code", "DK"): 4,
    ("bank_account", "NO"): 11,
}


@dataclass(frozen=True)
class Question:
    number: str
    label: str
    space: str  # boxes | date | time | lines | number | ticks | yesno | consent | attach | address | group | repeat | note
    hint: str | None = None
    required: bool = False
    notes: tuple[str, ...] = ()  # conditions and rules in words
    boxes: int = 0
    lines: int = 0
    options: tuple[str, ...] = ()
    multiple: bool = False
    unit: str | None = None
    children: tuple["Question", ...] = ()
    blocks: tuple[str, ...] = ()  # repeat: the heading of each blank block
    more: str | None = None  # repeat: what to do when there are more items than blocks


def _lines(field: Field) -> int:
    if field.print.lines:
        return field.print.lines
    limit = field.max_length or (200 if field.type == "text" else 4000)
    cap = 3 if field.type == "text" else 10
    return max(1, min(cap, math.ceil(limit / CHARS_PER_LINE)))


class _Layout:
    def __init__(self, form: Form, lang: str, w: Mapping[str, Any]):
        self.form = form
        self.lang = lang
        self.w = w
        self.numbers = number_questions(form)
        self.rules: dict[tuple[str, ...], list[str]] = {}
        for rule in form.rules:
            if rule.fields:
                self.rules.setdefault(rule.fields[0], []).append(rule.message(lang))

    def see(self, expr: Expr) -> str:
        numbers = sorted({self.numbers[p.ref.field_path] for p in paths_in(expr)
                          if p.ref is not None and p.ref.field_path in self.numbers}, key=_number_key)
        if not numbers:
            return ""
        return " " + self.w["see_questions" if len(numbers) > 1 else "see_question"].format(n=", ".join(numbers))

    def notes(self, field: Field) -> tuple[str, ...]:
        notes = [self.w["optional_group"]] if field.optional else []
        if field.visible_if is not None:
            notes.append(answer_only_if(field.visible_if, self.form, self.lang) + self.see(field.visible_if))
        if field.required_if is not None:
            notes.append(required_if(field.required_if, self.form, self.lang) + self.see(field.required_if))
        notes += self.rules.get(field.path, [])
        return tuple(notes)

    def questions(self, fields: tuple[Field, ...]) -> tuple[Question, ...]:
        return tuple(self.question(f) for f in fields if not f.print.hide)

    def question(self, field: Field) -> Question:
        lang = self.lang
        if field.type == "note":
            title = field.title(lang) if field.title is not None else ""
            return Question("", title, "note", hint=field.text(lang) if field.text is not None else None)
        base: dict[str, Any] = dict(
            number=self.numbers.get(field.path, ""),
            label=field.label(lang) if field.label is not None else field.id,
            hint=field.hint(lang) if field.hint is not None else None,
            required=field.required,
            notes=self.notes(field),
        )
        kind = field.type
        boxes = _BOXES.get((kind, field.country or "NO"))
        if boxes:
            return Question(**base, space="boxes", boxes=boxes)
        if kind in ("date", "time"):
            return Question(**base, space=kind)
        if kind in ("text", "textarea", "bank_account"):
            return Question(**base, space="lines", lines=_lines(field) if kind != "bank_account" else 1)
        if kind in ("email", "phone", "url"):
            return Question(**base, space="lines", lines=1)
        if kind in ("integer", "decimal", "money"):
            return Question(**base, space="number", unit=(field.currency or "NOK") if kind == "money" else None)
        if kind in ("choice", "multichoice"):
            return Question(**base, space="ticks", options=tuple(o.label(lang) for o in field.options),
                            multiple=kind == "multichoice")
        if kind == "boolean":
            yes = field.true_label(lang) if field.true_label is not None else runtime_words(lang)["yes"]
            no = field.false_label(lang) if field.false_label is not None else runtime_words(lang)["no"]
            return Question(**base, space="yesno", options=(yes, no))
        if kind == "consent":
            return Question(**base, space="consent")
        if kind == "file":
            return Question(**base, space="attach")
        if kind == "address":
            return Question(**base, space="address", boxes=4)
        if kind == "group":
            return Question(**base, space="group", children=self.questions(field.fields))
        return self.repeat(field, base)

    def repeat(self, field: Field, base: dict[str, Any]) -> Question:
        most = field.max_items if field.max_items is not None else 10
        count = max(1, min(most, REPEAT_CAP))
        label = base["label"]
        headings = tuple(field.item_label(self.lang).replace("{n}", str(n)) if field.item_label is not None
                         else f"{label} {n}" for n in range(1, count + 1))
        more = self.w["add_sheet"].format(n=count, label=label) if most > count else None
        return Question(**base, space="repeat", children=self.questions(field.fields), blocks=headings, more=more)


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def page_context(form: Form, lang: str, organisation: Organisation, w: Mapping[str, Any]) -> dict[str, Any]:
    """Everything ``form.html`` renders, for ``form`` in ``lang``."""
    layout = _Layout(form, lang, w)
    service = form.service
    authority = service.authority
    sender = authority if authority.street else organisation
    return {
        "lang": lang,
        "w": w,
        "rw": runtime_words(lang),
        "form": form,
        "title": form.title(lang),
        "description": form.description(lang) if form.description is not None else None,
        "organisation": authority.name(lang),
        "service_name": service.name(lang),
        "service_description": service.description(lang) if service.description is not None else None,
        "processing_time": format_period(service.processing_time, lang) if service.processing_time else None,
        "fee": fee_lines(service.fee, lang),
        "legal_basis": [(b.title(lang), b.url) for b in service.legal_basis],
        "send_to": sender,
        "send_to_name": sender.name(lang),
        "contact": service.contact,
        "opening_hours": service.contact.opening_hours(lang) if service.contact and service.contact.opening_hours else None,
        "pages": [(page.title(lang) if page.title is not None else "", layout.questions(page.fields)) for page in form.pages],
    }
