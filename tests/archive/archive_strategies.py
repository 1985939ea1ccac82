"""Valid submissions built by walking a form's model: a strategy per field type, then visibility and requirements settled."""

from __future__ import annotations

import copy
import datetime
import random
from typing import Any

from hypothesis import strategies as st

from formc import formats
from formc.model import Field, Form

TODAY = datetime.date(2026, 6, 15)
# XML-safe text: no surrogates, no control characters except tab, line feed and carriage return.
CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn"), whitelist_characters="\t\n\r")


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    control = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return 0 if control == 11 else None if control == 10 else control


@st.composite
def no_national_id(draw: st.DrawFn) -> str:
    while True:
        day = draw(st.dates(datetime.date(1930, 1, 1), datetime.date(2025, 12, 31)))
        base = day.strftime("%d%m%y") + f"{draw(st.integers(0, 999)):03d}"
        k1 = _mod11(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        k2 = _mod11(base + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) if k1 is not None else None
        if k2 is not None:
            return base + str(k1) + str(k2)


@st.composite
def mod11_number(draw: st.DrawFn, weights: tuple[int, ...]) -> str:
    while True:
        base = "".join(str(draw(st.integers(0, 9))) for _ in weights)
        digit = _mod11(base, weights)
        if digit is not None:
            return base + str(digit)


@st.composite
def dk_cvr(draw: st.DrawFn) -> str:
    while True:
        base = str(draw(st.integers(1, 9))) + "".join(str(draw(st.integers(0, 9))) for _ in range(6))
        digit = -sum(int(d) * w for d, w in zip(base, (2, 7, 6, 5, 4, 3, 2))) % 11
        if digit < 10:
            return base + str(digit)


@st.composite
def iban(draw: st.DrawFn) -> str:
    bban = "".join(str(draw(st.integers(0, 9))) for _ in range(11))
    number = int("".join(str(int(c, 36)) for c in bban + "NO00"))
    return f"NO{98 - number % 97:02d}{bban}"


def _bounded(field: Field, low: float, high: float) -> tuple[float, float]:
    return (field.minimum if field.minimum is not None else low, field.maximum if field.maximum is not None else high)


def value(field: Field) -> st.SearchStrategy[Any]:
    """A valid value of one field (ignoring visibility and rules)."""
    kind = field.type
    if kind in ("text", "textarea"):
        low, high = max(1, field.min_length or 0), field.max_length or 200
        if field.pattern:
            return st.from_regex(formats.whole_match(field.pattern), fullmatch=True).filter(lambda s: low <= len(s) <= high)
        return st.text(CHARS, min_size=low, max_size=min(high, low + 40))
    if kind == "integer":
        low, high = _bounded(field, -10**12, 10**12)
        return st.integers(int(-(-low // 1)), int(high // 1))
    if kind in ("decimal", "money"):
        low, high = _bounded(field, -10**6, 10**6)
        places = field.decimals if field.decimals is not None else (2 if kind == "money" else 4)
        decimals = st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False).map(float)
        return st.one_of(st.integers(int(-(-low // 1)), int(high // 1)), decimals.filter(lambda v: low <= v <= high))
    if kind == "boolean":
        return st.booleans()
    if kind == "consent":
        return st.just(True)
    if kind == "date":
        span = datetime.timedelta(days=1000)
        low = field.date_min.resolve(TODAY) if field.date_min else None
        high = field.date_max.resolve(TODAY) if field.date_max else None
        low = low or min(TODAY, high or TODAY) - span
        high = high or max(TODAY, low) + span
        return st.dates(low, high).map(datetime.date.isoformat)
    if kind == "time":
        return st.times().map(lambda t: t.strftime("%H:%M")).filter(
            lambda t: (field.time_min or "00:00") <= t <= (field.time_max or "23:59"))
    if kind == "email":
        return st.sampled_from(["kari@example.no", "ola.nordmann+skjema@kommune.example.com", "a_b@x-y.no"])
    if kind == "url":
        return st.sampled_from(["https://www.lillesand.kommune.no/", "http://example.com/a?b=c&d=e#f", "https://x.no"])
    if kind == "phone":
        return st.sampled_from(["37261500", "+4737261500", "+4512345678"] if field.country in (None, "NO", "DK")
                               else ["+4737261500", "4512345678"])
    if kind in ("choice", "multichoice"):
        values = [o.value for o in field.options]
        if kind == "choice":
            return st.sampled_from(values)
        most = min(field.max_items or len(values), len(values))
        return st.lists(st.sampled_from(values), min_size=min(max(1, field.min_items or 0), most), max_size=most, unique=True)
    if kind == "national_id":
        if field.country == "DK":
            return st.tuples(st.dates(datetime.date(1930, 1, 1), datetime.date(2025, 12, 31)), st.integers(0, 9999)).map(
                lambda t: t[0].strftime("%d%m%y") + f"{t[1]:04d}")
        return no_national_id()
    if kind == "org_number":
        return dk_cvr() if field.country == "DK" else mod11_number((3, 2, 7, 6, 5, 4, 3, 2))
    if kind == "postal_code":
        return st.integers(0, 9999).map(lambda n: f"{n:04d}")
    if kind == "bank_account":
        return iban() if field.country == "iban" else mod11_number((5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    if kind == "file":
        accept = [a.replace("*", "png") for a in field.accept] or ["application/pdf"]
        item = st.fixed_dictionaries({
            "filename": st.sampled_from(["vedlegg.pdf", "bilde 1.png", "søknad & bilag.pdf"]),
            "media_type": st.sampled_from(accept),
            "size": st.integers(0, field.max_size if field.max_size is not None else 10**7),
            "sha256": st.binary(min_size=32, max_size=32).map(bytes.hex)})
        return st.lists(item, min_size=max(1, field.min_items or 0), max_size=field.max_items or 1)
    if kind == "address":
        return st.fixed_dictionaries({"street": st.sampled_from(["Storgata 1", "Postboks 23"]),
                                      "postal_code": st.integers(0, 9999).map(lambda n: f"{n:04d}"),
                                      "city": st.sampled_from(["Lillesand", "Tromsø"])})
    if kind == "group":
        return full_object(field.fields)
    if kind == "repeat":
        return st.lists(full_object(field.fields), min_size=max(1, field.min_items or 0), max_size=min(field.max_items or 3, 3))
    raise ValueError(kind)


def full_object(fields: tuple[Field, ...]) -> st.SearchStrategy[dict]:
    """Every field answered."""
    return st.fixed_dictionaries({f.id: value(f) for f in fields if f.has_value})


def _drop_optional(fields: tuple[Field, ...], obj: dict, rnd: random.Random) -> None:
    for field in fields:
        if field.id not in obj:
            continue
        if not (field.required and field.required_if is None) and rnd.random() < 0.3:
            del obj[field.id]
        elif field.type == "group":
            _drop_optional(field.fields, obj[field.id], rnd)
        elif field.type == "repeat":
            for item in obj[field.id]:
                _drop_optional(field.fields, item, rnd)


def _steps(pointer: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/")]


def _settle(form: Form, full: dict, data: dict) -> dict | None:
    for _ in range(8):
        errors = form.validate(data, today=TODAY)
        if not errors:
            return data
        changed = False
        for error in errors:
            steps = _steps(error.path)
            try:
                parent = data
                for step in steps[:-1]:
                    parent = parent[step]
                if error.code == "hidden" and steps[-1] in parent:
                    del parent[steps[-1]]
                    changed = True
                elif error.code == "required":
                    source = full
                    for step in steps:
                        source = source[step]
                    parent[steps[-1]] = copy.deepcopy(source)
                    changed = True
            except (KeyError, IndexError, TypeError):
                return None
        if not changed:
            return None
    return None


@st.composite
def valid_data(draw: st.DrawFn, form: Form) -> dict | None:
    """A valid submission of ``form`` (validated with ``today=TODAY``), or None when rules could not be met."""
    for _ in range(6):  # cross-field rules hold by chance: try a few drafts
        full = draw(full_object(form.fields))
        data = copy.deepcopy(full)
        _drop_optional(form.fields, data, draw(st.randoms(use_true_random=False)))
        settled = _settle(form, full, data)
        if settled is not None:
            return settled
    return None
