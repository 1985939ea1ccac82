"""Hypothesis strategies: random form definitions and random (valid or broken) submissions for them."""

from __future__ import annotations

import datetime
from typing import Any

import yaml
from hypothesis import strategies as st

from formc.checker import FormBuilder
from formc.diagnostics import Diagnostics
from formc.loader import load_text
from formc.model import Field, Form, Organisation, Text
from formc.schema_check import check_against_schema

ORG = Organisation(name=Text({"en": "Test municipality"}))
TODAY = datetime.date(2026, 6, 15)
OPTIONS = [{"value": v, "label": {"en": v.title(), "nb": v.title()}} for v in ("red", "green", "blue", "other")]


def _mod11_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    control = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return 0 if control == 11 else None if control == 10 else control


@st.composite
def no_national_id(draw: st.DrawFn) -> str:
    while True:
        day = draw(st.dates(datetime.date(1920, 1, 1), datetime.date(2025, 12, 31)))
        individual = draw(st.integers(0, 999))
        base = day.strftime("%d%m%y") + f"{individual:03d}"
        k1 = _mod11_digit(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        if k1 is None:
            continue
        k2 = _mod11_digit(base + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if k2 is not None:
            return base + str(k1) + str(k2)


@st.composite
def with_mod11(draw: st.DrawFn, length: int, weights: tuple[int, ...]) -> str:
    while True:
        base = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - 1, max_size=length - 1)))
        digit = _mod11_digit(base, weights)
        if digit is not None:
            return base + str(digit)


# -- random definitions -----------------------------------------------------------------------------

SIMPLE_TYPES = ["text", "textarea", "integer", "decimal", "money", "boolean", "consent", "date", "time", "email",
                "phone", "url", "choice", "multichoice", "national_id", "org_number", "postal_code", "bank_account",
                "file", "address"]


@st.composite
def raw_field(draw: st.DrawFn, ident: str, depth: int, siblings: list[dict]) -> dict:
    kinds = SIMPLE_TYPES + (["group", "repeat"] if depth < 2 else []) + ["note"]
    kind = draw(st.sampled_from(kinds))
    field: dict[str, Any] = {"id": ident, "type": kind}
    if kind == "note":
        return dict(field, text={"en": "Note", "nb": "Merknad"})
    field["label"] = {"en": ident.title(), "nb": ident.title()}
    if kind in ("text", "textarea"):
        if draw(st.booleans()):
            field["max_length"] = draw(st.integers(1, 30))
        if kind == "text" and draw(st.integers(0, 4)) == 0:
            field["pattern"] = "[A-Z]{2}[0-9]{1,3}"
    elif kind in ("integer", "decimal", "money"):
        if draw(st.booleans()):
            field["min"] = draw(st.integers(-5, 5))
        if draw(st.booleans()):
            field["max"] = field.get("min", 0) + draw(st.integers(0, 50))
        if kind == "decimal" and draw(st.booleans()):
            field["decimals"] = draw(st.integers(0, 3))
    elif kind in ("choice", "multichoice"):
        field["options"] = OPTIONS
        if kind == "multichoice" and draw(st.booleans()):
            field["max_items"] = draw(st.integers(1, 4))
    elif kind == "date" and draw(st.booleans()):
        field[draw(st.sampled_from(["min", "max"]))] = draw(st.sampled_from(["today", "today-P18Y", "2020-01-01"]))
    elif kind == "national_id":
        field["country"] = draw(st.sampled_from(["NO", "DK"]))
    elif kind == "org_number":
        field["country"] = draw(st.sampled_from(["NO", "DK"]))
    elif kind == "bank_account":
        field["country"] = draw(st.sampled_from(["NO", "iban"]))
    elif kind == "file":
        field["accept"] = ["application/pdf", "image/*"]
        field["max_size"] = 1000
        field["max_files"] = draw(st.integers(1, 3))
    elif kind in ("group", "repeat"):
        field["fields"] = draw(raw_fields(depth + 1, ident))
        if kind == "repeat":
            field["max_items"] = draw(st.integers(1, 3))
            field["min_items"] = draw(st.integers(0, 1))
    conditional = [s for s in siblings if s["type"] in ("boolean", "choice", "integer", "multichoice")]
    if conditional and draw(st.booleans()):
        other = draw(st.sampled_from(conditional))
        field["visible_if"] = _condition(draw, other)
    if draw(st.integers(0, 3)) == 0:
        field["required"] = True
    elif conditional and draw(st.integers(0, 4)) == 0:
        field["required"] = _condition(draw, draw(st.sampled_from(conditional)))
    return field


def _condition(draw: st.DrawFn, other: dict) -> str:
    if other["type"] == "boolean":
        return draw(st.sampled_from([f"{other['id']} == true", f"{other['id']} != false", f"not ({other['id']} == true)",
                                     f"answered({other['id']})"]))
    if other["type"] == "integer":
        return draw(st.sampled_from([f"{other['id']} > 3", f"{other['id']} <= 0", f"{other['id']} != 2"]))
    if other["type"] == "multichoice":
        return draw(st.sampled_from([f"{other['id']} == 'red'", f"{other['id']} in ['blue', 'green']",
                                     f"count({other['id']}) >= 2"]))
    return draw(st.sampled_from([f"{other['id']} == 'red'", f"{other['id']} in ['blue', 'green']",
                                 f"{other['id']} == 'red' or not answered({other['id']})"]))


@st.composite
def raw_fields(draw: st.DrawFn, depth: int = 0, prefix: str = "f") -> list[dict]:
    count = draw(st.integers(1, 5 if depth == 0 else 3))
    fields: list[dict] = []
    if draw(st.booleans()):
        gate_type = draw(st.sampled_from(["boolean", "choice", "integer", "multichoice"]))
        gate: dict[str, Any] = {"id": f"{prefix}_gate", "type": gate_type, "label": {"en": "Gate", "nb": "Port"}}
        if gate_type in ("choice", "multichoice"):
            gate["options"] = OPTIONS
        fields.append(gate)
    for index in range(count):
        fields.append(draw(raw_field(f"{prefix}_{index}", depth, fields)))
    if not any(f["type"] != "note" for f in fields):
        fields.append({"id": f"{prefix}_x", "type": "text", "label": {"en": "X", "nb": "X"}})
    return fields


@st.composite
def forms(draw: st.DrawFn) -> Form:
    raw = {"formc": 1, "kind": "form", "id": "generated", "version": "1.0.0", "languages": ["en", "nb"],
           "title": {"en": "Generated", "nb": "Generert"}, "pages": [{"id": "p", "fields": draw(raw_fields())}]}
    diags = Diagnostics()
    source = load_text(yaml.safe_dump(raw, allow_unicode=True), "generated.yaml", diags)
    assert source is not None and check_against_schema(source, "", diags), diags.items
    form = FormBuilder(source, {}, {}, ORG, diags).build()
    assert form is not None, [(d.code, d.message) for d in diags.items]
    return form


# -- random data --------------------------------------------------------------------------------------

JUNK = st.one_of(st.none(), st.just(""), st.integers(-3, 3), st.booleans(), st.text(max_size=4), st.just([]),
                 st.just({}), st.floats(-10, 10, allow_nan=False), st.lists(st.integers(), max_size=2))


def valid_value(field: Field) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind in ("text", "textarea"):
        if field.pattern:
            return st.from_regex(f"^{field.pattern}$", fullmatch=True)
        return st.text(min_size=1, max_size=field.max_length or 20)
    if kind == "integer":
        return st.integers(int(field.minimum) if field.minimum is not None else -100,
                           int(field.maximum) if field.maximum is not None else 100)
    if kind in ("decimal", "money"):
        lo = field.minimum if field.minimum is not None else -100
        hi = field.maximum if field.maximum is not None else 100
        return st.one_of(st.integers(int(lo), int(hi)), st.decimals(lo, hi, places=2).map(float).filter(lambda v: lo <= v <= hi))
    if kind == "boolean":
        return st.booleans()
    if kind == "consent":
        return st.just(True)
    if kind == "date":
        return st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)).map(datetime.date.isoformat)
    if kind == "time":
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if kind == "email":
        return st.sampled_from(["kari@example.no", "ola.nordmann+test@kommune.example.com", "a@b.no"])
    if kind == "url":
        return st.sampled_from(["https://www.lillesand.kommune.no/", "http://example.com/a?b=c#d", "https://x.no"])
    if kind == "phone":
        return st.sampled_from(["37261500", "+4737261500", "+4512345678"])
    if kind == "choice":
        return st.sampled_from([o.value for o in field.options])
    if kind == "multichoice":
        values = [o.value for o in field.options]
        return st.lists(st.sampled_from(values), min_size=1, max_size=field.max_items or len(values), unique=True)
    if kind == "national_id":
        return no_national_id() if field.country == "NO" else st.sampled_from(["0101901234", "2902001234", "3112991111"])
    if kind == "org_number":
        return with_mod11(9, (3, 2, 7, 6, 5, 4, 3, 2)) if field.country == "NO" else st.sampled_from(["10150817", "25313763"])
    if kind == "postal_code":
        return st.from_regex(r"^[0-9]{4}$", fullmatch=True)
    if kind == "bank_account":
        return with_mod11(11, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) if field.country == "NO" else st.sampled_from(
            ["NO9386011117947", "DK5000400440116243"])
    if kind == "file":
        item = st.fixed_dictionaries({"filename": st.sampled_from(["a.pdf", "bilde.jpg"]),
                                      "media_type": st.sampled_from(["application/pdf", "image/png"]),
                                      "size": st.integers(0, 1000), "sha256": st.just("0" * 64)})
        return st.lists(item, min_size=1, max_size=field.max_items or 1)
    if kind == "address":
        return st.fixed_dictionaries({"street": st.just("Storgata 1"), "postal_code": st.just("4790"),
                                      "city": st.just("Lillesand")}, optional={"country": st.just("NO")})
    raise ValueError(kind)


# Characters the channels once disagreed on: line breaks ($ in Python), controls, a lone surrogate, whitespace
# that only one language trims (U+0085, U+001C-U+001F, U+FEFF), non-ASCII digits.
AWKWARD_CHARACTERS = ["\n", "\r\n", " ", "\t", "\u0000", "\u001f", "\u001c", "\ud800", "\u0085", "\ufeff", "\u2028",
                      "\u00a0", "\uffff", "\u0661", "\uff12"]
AWKWARD_DATES = ["2021-02-29", "2020-13-01", "0000-01-01", "2024-02-29", "2023-04-31", "1900-02-29", "2000-02-29",
                 "9999-12-31", "2020-1-01", "2020-01-01T00:00"]
AWKWARD_NUMBERS = [1e-05, 0.1, 2**53 - 1, 2**53, 2**60, -(2**60), 1e300, -0.0, 12345.678901]


def awkward_value(field: Field) -> st.SearchStrategy[Any]:
    """A valid value made awkward: an odd character before, inside or after it; impossible dates; extreme numbers."""
    if field.type in ("integer", "decimal", "money"):
        return st.sampled_from(AWKWARD_NUMBERS)
    if field.type == "date":
        return st.one_of(st.sampled_from(AWKWARD_DATES), valid_value(field).map(lambda d: d + "\n"))
    if field.type == "address":
        return st.tuples(st.sampled_from(["street", "city", "postal_code"]), st.sampled_from(AWKWARD_CHARACTERS)).map(
            lambda pair: {"street": "Storgata 1", "postal_code": "4790", "city": "Lillesand",
                          pair[0]: {"street": "Storgata 1", "postal_code": "4790", "city": "Lillesand"}[pair[0]] + pair[1]})
    if field.type in ("text", "textarea", "email", "url", "phone", "national_id", "org_number", "postal_code",
                      "bank_account", "time", "choice"):
        def place(args: tuple[str, str, int]) -> str:
            value, odd, where = args
            cut = min(where, len(value))
            return value[:cut] + odd + value[cut:]
        return st.tuples(valid_value(field), st.sampled_from(AWKWARD_CHARACTERS), st.integers(0, 30)).map(place)
    return valid_value(field)


def data_for(fields: tuple[Field, ...]) -> st.SearchStrategy[dict]:
    """Objects where each field is absent, valid or junk, ignoring visibility (so hidden and missing both occur)."""
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in fields:
        if field.type == "note":
            continue
        if field.type == "group":
            valid = data_for(field.fields)
        elif field.type == "repeat":
            valid = st.lists(data_for(field.fields), min_size=1, max_size=(field.max_items or 2) + 1)
        else:
            valid = valid_value(field)
        awkward = awkward_value(field) if field.type not in ("group", "repeat") else valid
        optional[field.id] = st.one_of(valid, valid, valid, valid, valid, valid, awkward, JUNK)
    return st.fixed_dictionaries({}, optional=optional)  # type: ignore[arg-type]


def _remove(data: dict, pointer: str) -> tuple[dict, Any]:
    """A copy of ``data`` without the value at a JSON pointer, and that value."""
    import copy

    data = copy.deepcopy(data)
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    parent: Any = data
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    return data, parent.pop(parts[-1])


@st.composite
def submissions(draw: st.DrawFn, form: Form) -> dict:
    """Raw data; or the same with every hidden answer removed; or that plus one hidden answer put back."""
    data = draw(data_for(form.fields))
    mode = draw(st.sampled_from(["raw", "pruned", "one-hidden"]))
    if mode == "raw":
        return data
    removed: list[tuple[str, Any]] = []
    for _ in range(20):
        hidden = [e.path for e in form.validate(data, "en", TODAY) if e.code == "hidden"]
        if not hidden:
            break
        data, value = _remove(data, hidden[0])
        removed.append((hidden[0], value))
    if mode == "one-hidden" and removed:
        pointer, value = draw(st.sampled_from(removed))
        parts = pointer.split("/")[1:]
        parent: Any = data
        try:
            for part in parts[:-1]:
                parent = parent[int(part)] if isinstance(parent, list) else parent[part]
            parent[parts[-1]] = value
        except (KeyError, IndexError, ValueError, TypeError):
            pass
    return data
