"""Conditions in words: a resolved expression as a sentence a person can follow.

Shared by every channel that cannot evaluate a condition for the reader (the
HTML page without JavaScript, the printed form): ``describe`` gives the
clause ("du svarte Ja på «Har du barn?»"), ``answer_only_if`` and
``required_if`` the full instructions ("Svar bare hvis du svarte Ja på «Har du
barn?»."). Option values are shown by their labels, booleans as yes/no (or the
field's own ``true_label``/``false_label``), dates and decimals in the
language's style. Languages without their own wording fall back to English.
"""

from __future__ import annotations

import datetime
from typing import Any

from formc.expressions.nodes import BoolOp, Call, Compare, Expr, In, Literal, Not, Path, Today
from formc.model import Field, Form

_WORDS: dict[str, dict[str, str]] = {
    "nb": {
        "answered_value": "du svarte {value} på {label}", "not_answered_value": "du ikke svarte {value} på {label}",
        "ticked": "du krysset av for {value} på {label}", "not_ticked": "du ikke krysset av for {value} på {label}",
        "answered": "du har svart på {label}", "not_answered": "du ikke har svart på {label}",
        "<": "{left} er mindre enn {right}", "<=": "{left} er høyst {right}",
        ">": "{left} er mer enn {right}", ">=": "{left} er minst {right}",
        "==": "{left} er {right}", "!=": "{left} ikke er {right}",
        "date<": "{left} er før {right}", "date<=": "{left} er {right} eller tidligere",
        "date>": "{left} er etter {right}", "date>=": "{left} er {right} eller senere",
        "count": "antall svar på {label}", "today": "dagens dato", "not": "det ikke stemmer at {clause}",
        "and": "og", "or": "eller", "yes": "Ja", "no": "Nei", "always": "alltid",
        "answer_only_if": "Svar bare hvis {clause}.", "required_if": "Må fylles ut hvis {clause}.",
        "quote": "«{}»",
    },
    "nn": {
        "answered_value": "du svarte {value} på {label}", "not_answered_value": "du ikkje svarte {value} på {label}",
        "ticked": "du kryssa av for {value} på {label}", "not_ticked": "du ikkje kryssa av for {value} på {label}",
        "answered": "du har svart på {label}", "not_answered": "du ikkje har svart på {label}",
        "<": "{left} er mindre enn {right}", "<=": "{left} er høgst {right}",
        ">": "{left} er meir enn {right}", ">=": "{left} er minst {right}",
        "==": "{left} er {right}", "!=": "{left} ikkje er {right}",
        "date<": "{left} er før {right}", "date<=": "{left} er {right} eller tidlegare",
        "date>": "{left} er etter {right}", "date>=": "{left} er {right} eller seinare",
        "count": "talet på svar på {label}", "today": "dagens dato", "not": "det ikkje stemmer at {clause}",
        "and": "og", "or": "eller", "yes": "Ja", "no": "Nei", "always": "alltid",
        "answer_only_if": "Svar berre viss {clause}.", "required_if": "Må fyllast ut viss {clause}.",
        "quote": "«{}»",
    },
    "en": {
        "answered_value": "you answered {value} to {label}", "not_answered_value": "you did not answer {value} to {label}",
        "ticked": "you ticked {value} for {label}", "not_ticked": "you did not tick {value} for {label}",
        "answered": "you answered {label}", "not_answered": "you did not answer {label}",
        "<": "{left} is less than {right}", "<=": "{left} is at most {right}",
        ">": "{left} is more than {right}", ">=": "{left} is at least {right}",
        "==": "{left} is {right}", "!=": "{left} is not {right}",
        "date<": "{left} is before {right}", "date<=": "{left} is on or before {right}",
        "date>": "{left} is after {right}", "date>=": "{left} is on or after {right}",
        "count": "the number of answers to {label}", "today": "today's date", "not": "it is not the case that {clause}",
        "and": "and", "or": "or", "yes": "Yes", "no": "No", "always": "always",
        "answer_only_if": "Answer only if {clause}.", "required_if": "Required if {clause}.",
        "quote": "“{}”",
    },
}
_NORDIC_NUMBERS = ("nb", "nn")


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang) or _WORDS.get(lang.split("-")[0]) or _WORDS["en"]


class _Describer:
    def __init__(self, form: Form, lang: str):
        self.form = form
        self.lang = lang
        self.w = _words(lang)

    def field(self, path: Path) -> Field | None:
        return self.form.field_at(path.ref.field_path) if path.ref is not None else None

    def label(self, path: Path) -> str:
        field = self.field(path)
        text = field.label(self.lang) if field is not None and field.label is not None else path.dotted
        return self.w["quote"].format(text)

    def literal(self, lit: Literal, field: Field | None) -> str:
        value = lit.value
        if lit.kind == "boolean":
            custom = None if field is None else field.true_label if value else field.false_label
            if custom is not None:
                return custom(self.lang)
            return self.w["yes"] if value else self.w["no"]
        if lit.kind == "string" and field is not None and field.option(value) is not None:
            return field.option(value).label(self.lang)  # type: ignore[union-attr]
        if lit.kind == "date":
            return _date(value, self.lang)
        if lit.kind == "number":
            return _number(value, self.lang)
        return self.w["quote"].format(value)

    def term(self, expr: Expr, other: Field | None) -> str:
        if isinstance(expr, Path):
            return self.label(expr)
        if isinstance(expr, Literal):
            return self.literal(expr, other)
        if isinstance(expr, Today):
            return self.w["today"]
        if isinstance(expr, Call):
            if expr.name == "count":
                return self.w["count"].format(label=self.label(expr.arg))
            return self.clause(expr)
        return self.clause(expr)

    def compare(self, op: str, left: Expr, right: Expr) -> str:
        if isinstance(right, Path) and not isinstance(left, Path):
            left, right = right, left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        field = self.field(left) if isinstance(left, Path) else None
        if field is not None and op in ("==", "!=") and isinstance(right, Literal):
            key = "ticked" if field.type == "multichoice" else "answered_value"
            key = key if op == "==" else "not_" + key
            return self.w[key].format(value=self.literal(right, field), label=self.label(left))
        right_field = self.field(right) if isinstance(right, Path) else None
        dated = any(isinstance(e, (Today,)) or (isinstance(e, Literal) and e.kind == "date") for e in (left, right)) or \
            any(f is not None and f.type in ("date", "time") for f in (field, right_field))
        key = "date" + op if dated and op in ("<", "<=", ">", ">=") else op
        return self.w[key].format(left=self.term(left, right_field), right=self.term(right, field))

    def clause(self, expr: Expr, parent: str | None = None) -> str:
        if isinstance(expr, Compare):
            return self.compare(expr.op, expr.left, expr.right)
        if isinstance(expr, In):
            field = self.field(expr.left) if isinstance(expr.left, Path) else None
            values = [self.literal(v, field) for v in expr.values]
            joined = values[0] if len(values) == 1 else ", ".join(values[:-1]) + f" {self.w['or']} " + values[-1]
            if isinstance(expr.left, Path):
                key = "ticked" if field is not None and field.type == "multichoice" else "answered_value"
                return self.w[key].format(value=joined, label=self.label(expr.left))
            return self.w["=="].format(left=self.term(expr.left, None), right=joined)
        if isinstance(expr, BoolOp):
            text = f" {self.w[expr.op]} ".join(self.clause(item, expr.op) for item in expr.items)
            return f"({text})" if parent is not None and parent != expr.op else text
        if isinstance(expr, Not):
            return self.negation(expr.item)
        if isinstance(expr, Call):
            return self.w["answered"].format(label=self.label(expr.arg)) if expr.name == "answered" else \
                self.w[">"].format(left=self.term(expr, None), right=_number(0, self.lang))
        if isinstance(expr, Path):
            return self.compare("==", expr, Literal(True, "boolean"))
        if isinstance(expr, Literal):
            return self.w["always"] if expr.value is True else self.negation(Literal(True, "boolean"))
        return self.w["today"]

    def negation(self, item: Expr) -> str:
        if isinstance(item, Call) and item.name == "answered":
            return self.w["not_answered"].format(label=self.label(item.arg))
        if isinstance(item, Compare) and item.op == "==" and isinstance(item.left, Path) and isinstance(item.right, Literal):
            return self.compare("!=", item.left, item.right)
        return self.w["not"].format(clause=self.clause(item, "not"))


def _date(value: Any, lang: str) -> str:
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    return day.strftime("%d.%m.%Y") if lang in _NORDIC_NUMBERS else day.isoformat()


def _number(value: Any, lang: str) -> str:
    text = str(value)
    return text.replace(".", ",") if lang in _NORDIC_NUMBERS else text


def describe(expr: Expr, form: Form, lang: str) -> str:
    """The condition ``expr`` (resolved against ``form``) as a clause in ``lang``, e.g. "du svarte Ja på «Har du barn?»"."""
    return _Describer(form, lang).clause(expr)


def answer_only_if(expr: Expr, form: Form, lang: str) -> str:
    """The instruction for a conditional field: "Svar bare hvis du svarte Ja på «Har du barn?»."."""
    return _words(lang)["answer_only_if"].format(clause=describe(expr, form, lang))


def required_if(expr: Expr, form: Form, lang: str) -> str:
    """The instruction for a conditionally required field: "Må fylles ut hvis …."."""
    return _words(lang)["required_if"].format(clause=describe(expr, form, lang))
