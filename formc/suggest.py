""""Did you mean" suggestions: by spelling for misspelt names, by meaning for field types."""

from __future__ import annotations

import difflib
from typing import Iterable

# words authors reach for (from HTML, JSON Schema, other form tools) → the field types that mean that
_TYPE_MEANINGS: dict[str, tuple[str, ...]] = {
    "number": ("integer", "decimal", "money"),
    "numeric": ("integer", "decimal", "money"),
    "int": ("integer",),
    "float": ("decimal",),
    "double": ("decimal",),
    "real": ("decimal",),
    "amount": ("money",),
    "currency": ("money",),
    "price": ("money",),
    "string": ("text", "textarea"),
    "str": ("text",),
    "input": ("text",),
    "textbox": ("text",),
    "multiline": ("textarea",),
    "longtext": ("textarea",),
    "paragraph": ("textarea", "note"),
    "bool": ("boolean", "consent"),
    "yesno": ("boolean",),
    "checkbox": ("boolean", "consent", "multichoice"),
    "checkboxes": ("multichoice",),
    "radio": ("choice",),
    "select": ("choice",),
    "dropdown": ("choice",),
    "enum": ("choice",),
    "option": ("choice",),
    "options": ("choice", "multichoice"),
    "multiselect": ("multichoice",),
    "datetime": ("date", "time"),
    "timestamp": ("date", "time"),
    "tel": ("phone",),
    "telephone": ("phone",),
    "mobile": ("phone",),
    "mail": ("email",),
    "link": ("url",),
    "website": ("url",),
    "uri": ("url",),
    "ssn": ("national_id",),
    "fnr": ("national_id",),
    "fodselsnummer": ("national_id",),
    "personnummer": ("national_id",),
    "cpr": ("national_id",),
    "orgnr": ("org_number",),
    "cvr": ("org_number",),
    "zip": ("postal_code",),
    "postcode": ("postal_code",),
    "iban": ("bank_account",),
    "account": ("bank_account",),
    "attachment": ("file",),
    "upload": ("file",),
    "document": ("file",),
    "section": ("group",),
    "fieldset": ("group",),
    "object": ("group",),
    "array": ("repeat",),
    "list": ("repeat", "multichoice"),
    "info": ("note",),
    "html": ("note",),
    "markdown": ("note",),
    "heading": ("note",),
}


_TYPE_WORDS = {
    "text": "one line of text", "textarea": "several lines", "integer": "a whole number",
    "decimal": "a number with decimals", "money": "an amount of money", "boolean": "yes or no",
    "consent": "a box that must be ticked", "choice": "one of a list", "multichoice": "several of a list",
    "date": "a calendar date", "time": "a time of day", "group": "fields that belong together",
    "repeat": "a list of items", "note": "information, no answer", "file": "an upload",
}


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A ``help`` sentence naming the closest candidate, or None when nothing is close."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None


def _or(names: Iterable[str], words: dict[str, str]) -> str:
    quoted = [f"`{n}` ({words[n]})" if n in words else f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def field_type_help(name: str, types: Iterable[str]) -> str | None:
    """Which field types an unknown type name means (``number`` → integer, decimal or money), else by spelling."""
    known = set(types)
    meant = [t for t in _TYPE_MEANINGS.get(name.lower().replace("-", "").replace("_", ""), ()) if t in known]
    if meant:
        return "use " + _or(meant, _TYPE_WORDS)
    return did_you_mean(name, known)
