"""Decode posted HTML form fields into a form's submission data (the JSON the JSON Schema describes).

The HTML target names every input by its data path (``applicant.address.street``,
``children[0].name``); a browser posts them as ``application/x-www-form-urlencoded``
or ``multipart/form-data``. :func:`decode` turns those (name, value) pairs
back into typed data: numbers (``1 234,50`` in Norwegian style too),
booleans, arrays for multichoice and repeats, file metadata for file fields.
Empty inputs are absent, empty repeat items and groups are dropped, and the
answers of hidden fields are dropped (``visible_if`` evaluated to a fixed point,
see :mod:`formc.visibility`), so a page without JavaScript, which shows and
posts every field, decodes to the same data as one with it. Texts are trimmed
of :data:`formc.formats.WHITESPACE`; numbers and identifiers lose every such
space, and Norwegian account numbers their dots; only ASCII digits count as
digits. Input that does not parse (``abc`` or a 50-digit number in an integer)
is kept as the raw string, so that ``form.validate`` reports it instead of the
decoder failing. Decode never raises on what a client posts.

``formc.js`` in the HTML target mirrors this module step for step, so the
browser validates exactly what the server will decode.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any, Iterable, Mapping

from formc import formats
from formc.model import Field, Form
from formc.visibility import settle

ADDRESS_PARTS = ("street", "postal_code", "city", "country")
_STEP = re.compile(r"([a-z][a-z0-9_]*)(?:\[([0-9]{1,4})\])?")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_WHOLE = re.compile(r"[+-]?[0-9]+")
_NORWEGIAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ABSENT = object()
MAX_NAME = 1000  # characters in a posted field name; longer names are not fields of any form


def _pairs(posted: Any) -> Iterable[tuple[str, Any]]:
    """(name, value) pairs from a list of pairs, a MultiDict-like object with ``getlist``, or a plain mapping."""
    if hasattr(posted, "getlist"):
        return [(key, value) for key in posted.keys() for value in posted.getlist(key)]
    if isinstance(posted, Mapping):
        return [(key, v) for key, value in posted.items() for v in (value if isinstance(value, list) else [value])]
    try:
        return [pair for pair in posted if isinstance(pair, (tuple, list)) and len(pair) == 2]
    except TypeError:
        return []


def _steps(name: str) -> list[tuple[str, int | None]] | None:
    if len(name) > MAX_NAME:
        return None
    steps = []
    for part in name.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            return None
        steps.append((match.group(1), int(match.group(2)) if match.group(2) is not None else None))
    return steps


def _insert(fields: tuple[Field, ...], raw: dict, steps: list[tuple[str, int | None]], value: Any) -> None:
    """File ``value`` under its field in the raw tree; names that are not fields of the form are ignored."""
    (ident, index), rest = steps[0], steps[1:]
    field = next((f for f in fields if f.id == ident and f.type != "note"), None)
    if field is None:
        return
    if field.type == "group" and index is None and rest:
        _insert(field.fields, raw.setdefault(ident, {}), rest, value)
    elif field.type == "repeat" and index is not None and rest:
        _insert(field.fields, raw.setdefault(ident, {}).setdefault(index, {}), rest, value)
    elif field.type == "address" and index is None and len(rest) == 1 and rest[0][1] is None and rest[0][0] in ADDRESS_PARTS:
        raw.setdefault(ident, {}).setdefault(rest[0][0], []).append(value)
    elif field.type not in ("group", "repeat", "address") and index is None and not rest:
        raw.setdefault(ident, []).append(value)


def parse_number(text: str) -> int | float | str:
    """A number as people type it (``1 234,50``, ``-3``, ``12.5``); the text itself when it is not one."""
    compact = formats.remove_spaces(text).replace("\u2212", "-")
    if "," in compact:
        compact = compact.replace(".", "").replace(",", ".")
    if len(compact) > formats.MAX_NUMBER_TEXT or not _NUMBER.fullmatch(compact):
        return text
    if _WHOLE.fullmatch(compact):
        return int(compact)
    number = float(compact)
    if not math.isfinite(number):
        return text
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _scalar(field: Field, text: str) -> Any:
    kind = field.type
    if kind in ("integer", "decimal", "money"):
        return parse_number(text)
    if kind in ("boolean", "consent"):
        return {"true": True, "false": False}.get(text, text) if kind == "boolean" else (True if text == "true" else text)
    if kind == "date":
        match = _NORWEGIAN_DATE.fullmatch(text)
        return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else text
    if kind in ("national_id", "org_number", "postal_code", "phone"):
        return formats.remove_spaces(text)
    if kind == "bank_account":
        compact = formats.remove_spaces(text)
        return compact.upper() if field.country == "iban" else compact.replace(".", "")
    return text


def _clean(value: Any) -> str:
    """A posted text value, trimmed, with the browser's CRLF line breaks as LF; "" when it is not text."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return formats.trim(value.replace("\r\n", "\n")) if isinstance(value, str) else ""


def _value(field: Field, raw: Any) -> Any:
    kind = field.type
    if kind == "group":
        return _object(field.fields, raw) or _ABSENT
    if kind == "repeat":
        if not isinstance(raw, dict):
            return _ABSENT
        items = [_object(field.fields, raw[index]) for index in sorted(raw)]
        return [item for item in items if item] or _ABSENT
    if kind == "address":
        parts = {}
        for part in ADDRESS_PARTS:
            text = next((t for t in map(_clean, raw.get(part, ())) if t), "")
            if text:
                if part == "country":  # an ISO 3166 code as people type it: " se " → "SE"
                    text = formats.remove_spaces(text).upper()
                parts[part] = formats.remove_spaces(text) if part == "postal_code" else text
        return parts or _ABSENT
    if kind == "file":
        files = [dict(v) for v in raw if isinstance(v, Mapping) and v.get("filename")]
        return files or _ABSENT
    texts = [t for t in map(_clean, raw) if t]
    if kind == "multichoice":
        return texts or _ABSENT
    return _scalar(field, texts[0]) if texts else _ABSENT


def _object(fields: tuple[Field, ...], raw: dict) -> dict[str, Any]:
    data = {}
    for field in fields:
        if field.type != "note" and field.id in raw:
            value = _value(field, raw[field.id])
            if value is not _ABSENT:
                data[field.id] = value
    return data


def decode(form: Form, posted: Any, today: datetime.date | None = None) -> dict[str, Any]:
    """The submission data for ``form`` from posted (name, value) pairs (or a MultiDict / mapping of them).

    ``today`` (for conditions that read it) defaults to today in the form's time zone.

    File fields take the server's metadata dicts ``{filename, media_type, size, sha256}`` as values.
    """
    raw: dict = {}
    for name, value in _pairs(posted):
        steps = _steps(name) if isinstance(name, str) else None
        if steps:
            _insert(form.fields, raw, steps, value)
    data = _object(form.fields, raw)
    return settle(form.fields, data, today or form.today())[0]
