"""A formc form definition (as parsed YAML) rewritten as the equivalent XLSForm, for the pyxform reference.

Used by ``benchmarks/pyxform_reference.py`` to give pyxform (the ODK XLSForm compiler) the same forms the
corpus generator of ``benchmarks/core.py`` writes for formc. It covers what that generator uses, and refuses
(``ValueError``) anything else rather than guess:

- field types: text, integer, decimal, date as themselves; choice as ``select_one`` over its options;
  boolean as ``select_one`` over a shared yes/no list; textarea as text with the ``multiline`` appearance;
  email, phone, postal_code, national_id, org_number as text with a ``regex()`` constraint using formc's own
  patterns (``formc.formats``; XPath cannot check the national-id and org-number check digits, so only
  their shape is checked); a ``max: today`` date as the constraint ``. <= today()``;
- labels and hints in every language as ``label::Norsk bokmål (nb)`` etc. (XLSForm's ``name (code)``
  convention, which pyxform otherwise warns about), the first language as the default;
- ``required``; ``visible_if`` as ``relevant``; a repeat as ``begin_repeat``/``end_repeat`` with its fields,
  its ``max_items`` as ``position(..) <= n`` on its first field (XLSForm has no maximum for a repeat);
- each rule as a constraint, with its message, on the field its check names first.

Expressions: comparisons ``a op b`` (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``) of a field with a
literal, ``today`` or another field, and ``a in [...]``, joined by ``and``/``or``. A boolean field compared
with ``true``/``false`` becomes ``${a} = 'yes'``/``'no'``.
"""

from __future__ import annotations

import re
from typing import Any

from formc import formats

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English", "da": "Dansk"}
PLAIN = {"text": "text", "integer": "integer", "decimal": "decimal", "date": "date", "textarea": "text"}
SHAPED = ("email", "phone", "postal_code", "national_id", "org_number")
YES_NO = "yes_no"
YES_WORDS = {"nb": "Ja", "nn": "Ja", "en": "Yes", "da": "Ja"}
NO_WORDS = {"nb": "Nei", "nn": "Nei", "en": "No", "da": "Nej"}

Sheets = dict[str, list[dict[str, str]]]


def language_column(kind: str, lang: str) -> str:
    return f"{kind}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def shape_pattern(field_type: str, country: str) -> str:
    if field_type == "email":
        return formats.EMAIL
    if field_type == "phone":
        return formats.phone_pattern(country)
    return formats.identifier_pattern(field_type, country)


_TOKEN = re.compile(r"\s*(?:(?P<list>\[[^\]]*\])|(?P<op>==|!=|<=|>=|<|>)|(?P<str>'[^']*'|\"[^\"]*\")"
                    r"|(?P<num>-?[0-9]+(?:\.[0-9]+)?)|(?P<word>[A-Za-z_][A-Za-z0-9_]*))")


def _tokens(expression: str) -> list[tuple[str, str]]:
    found, at = [], 0
    while at < len(expression.rstrip()):
        match = _TOKEN.match(expression, at)
        if match is None:
            raise ValueError(f"cannot translate {expression!r} to XPath")
        found.append((match.lastgroup, match.group(match.lastgroup)))
        at = match.end()
    return found


class Expressions:
    """Translates the corpus's expressions to XLSForm XPath, knowing each field's type."""

    def __init__(self, types: dict[str, str]):
        self.types = types

    def operand(self, kind: str, text: str, other: str | None) -> str:
        if kind == "word" and text in self.types:
            return "${" + text + "}"
        if kind == "word" and text == "today":
            return "today()"
        if kind == "word" and text in ("true", "false") and other is not None and self.types.get(other) == "boolean":
            return "'yes'" if text == "true" else "'no'"
        if kind in ("str", "num"):
            return "'" + text.strip("'\"") + "'" if kind == "str" else text
        raise ValueError(f"cannot translate the operand {text!r} to XPath")

    def comparison(self, left: tuple[str, str], op: tuple[str, str], right: tuple[str, str]) -> str:
        field = left[1] if left[0] == "word" and left[1] in self.types else None
        if op == ("word", "in"):
            if right[0] != "list" or field is None:
                raise ValueError(f"cannot translate {left[1]} in {right[1]} to XPath")
            values = [v.strip().strip("'\"") for v in right[1][1:-1].split(",") if v.strip()]
            return "(" + " or ".join(f"${{{field}}} = '{v}'" for v in values) + ")"
        if op[0] != "op":
            raise ValueError(f"cannot translate the operator {op[1]!r} to XPath")
        xpath_op = "=" if op[1] == "==" else op[1]
        return f"{self.operand(*left, None)} {xpath_op} {self.operand(*right, field)}"

    def translate(self, expression: str) -> str:
        tokens, parts = _tokens(expression), []
        while tokens:
            if len(tokens) < 3:
                raise ValueError(f"cannot translate {expression!r} to XPath")
            parts.append(self.comparison(*tokens[:3]))
            tokens = tokens[3:]
            if tokens:
                joiner = tokens.pop(0)
                if joiner not in (("word", "and"), ("word", "or")):
                    raise ValueError(f"cannot translate {expression!r} to XPath")
                parts.append(joiner[1])
        return " ".join(parts)

    def first_field(self, expression: str) -> str:
        for kind, text in _tokens(expression):
            if kind == "word" and text in self.types:
                return text
        raise ValueError(f"{expression!r} names no field")


def _field_types(fields: list[dict[str, Any]], into: dict[str, str]) -> dict[str, str]:
    for field in fields:
        into[field["id"]] = field["type"]
        _field_types(field.get("fields", []), into)
    return into


def to_xlsform(form: dict[str, Any], country: str = "NO") -> Sheets:
    """The XLSForm sheets (``survey``, ``choices``, ``settings``: rows of column → text) of one parsed form."""
    languages: list[str] = form["languages"]
    fields = [field for page in form["pages"] for field in page["fields"]]
    exprs = Expressions(_field_types(fields, {}))
    constraints: dict[str, tuple[list[str], dict[str, str] | None]] = {}
    for rule in form.get("rules", []):
        host = exprs.first_field(rule["check"])
        constraints[host] = ([exprs.translate(rule["check"])], rule.get("message"))
    survey: list[dict[str, str]] = []
    choices: list[dict[str, str]] = [
        {"list_name": YES_NO, "name": value, **{language_column("label", lang): word[lang] for lang in languages}}
        for value, word in (("yes", YES_WORDS), ("no", NO_WORDS))]

    def texts(row: dict[str, str], kind: str, value: dict[str, str] | None) -> None:
        for lang in languages:
            if value and lang in value:
                row[language_column(kind, lang)] = value[lang]

    def add(field: dict[str, Any]) -> None:
        kind = field["type"]
        row: dict[str, str] = {"name": field["id"]}
        texts(row, "label", field.get("label"))
        if kind == "repeat":
            row["type"] = "begin_repeat"
            if "visible_if" in field:
                row["relevant"] = exprs.translate(field["visible_if"])
            survey.append(row)
            for number, child in enumerate(field["fields"]):
                if number == 0 and "max_items" in field:
                    checks, message = constraints.get(child["id"], ([], None))
                    constraints[child["id"]] = ([f"position(..) <= {int(field['max_items'])}", *checks], message)
                add(child)
            survey.append({"type": "end_repeat", "name": field["id"]})
            return
        texts(row, "hint", field.get("hint"))
        checks, message = constraints.get(field["id"], ([], None))
        checks = list(checks)
        if kind in PLAIN:
            row["type"] = PLAIN[kind]
        elif kind in SHAPED:
            row["type"] = "text"
            checks.insert(0, f'regex(., "{shape_pattern(kind, country)}")')
        elif kind == "boolean":
            row["type"] = f"select_one {YES_NO}"
        elif kind == "choice":
            row["type"] = f"select_one {field['id']}"
            for option in field["options"]:
                choice = {"list_name": field["id"], "name": str(option["value"])}
                texts(choice, "label", option.get("label"))
                choices.append(choice)
        else:
            raise ValueError(f"field {field['id']}: no XLSForm equivalent written for type {kind!r}")
        if kind == "textarea":
            row["appearance"] = "multiline"
        if field.get("max") == "today":
            checks.append(". <= today()")
        elif "max" in field or "min" in field:
            raise ValueError(f"field {field['id']}: only max: today is translated")
        if checks:
            row["constraint"] = " and ".join(f"({check})" for check in checks) if len(checks) > 1 else checks[0]
            texts(row, "constraint_message", message)
        if field.get("required"):
            row["required"] = "yes"
        if "visible_if" in field:
            row["relevant"] = exprs.translate(field["visible_if"])
        survey.append(row)

    for field in fields:
        add(field)
    default = languages[0]
    settings = [{"form_title": form["title"][default], "form_id": form["id"], "version": str(form["version"]),
                 "default_language": f"{LANGUAGE_NAMES.get(default, default)} ({default})"}]
    return {"survey": survey, "choices": choices, "settings": settings}


def headers(rows: list[dict[str, str]]) -> list[str]:
    """The columns of a sheet, in the order they first appear."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def workbook_dict(sheets: Sheets, name: str) -> dict[str, Any]:
    """The dict pyxform's own .xlsx reader (``xls2json_backends.xlsx_to_dict``) makes of these sheets."""
    book: dict[str, Any] = {"sheet_names": list(sheets), "fallback_form_name": name}
    for sheet, rows in sheets.items():
        columns = headers(rows)
        book[sheet] = [{column: row[column] for column in columns if column in row} for row in rows]  # sheet order
        book[f"{sheet}_header"] = [dict.fromkeys(columns)]
    return book


def write_xlsx(sheets: Sheets, path: str) -> None:
    """The sheets as an .xlsx workbook (openpyxl), header row first."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet, rows in sheets.items():
        columns = headers(rows)
        table = book.create_sheet(sheet)
        table.append(columns)
        for row in rows:
            table.append([row.get(column) for column in columns])
    book.save(path)
