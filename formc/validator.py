"""The runtime validator: every rule of a form, applied to one submission's data.

It enforces what the JSON Schema target expresses statically (types, lengths,
ranges, patterns, options, visibility, unknown keys) and what no JSON Schema
can (check digits, ``today``-relative dates, decimals, rules). Messages are in
the submitter's language; paths are JSON pointers into the data.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from formc import checkdigits, formats
from formc.expressions.evaluate import MISSING, evaluate, lookup, predicate
from formc.expressions.nodes import Path, paths_in
from formc.messages import DYNAMIC_CODES, message
from formc.model import Field, Form
from formc.visibility import settle


@dataclass(frozen=True)
class ValidationError:
    path: str  # JSON pointer into the data
    code: str
    message: str

    @property
    def dynamic(self) -> bool:
        """True for checks that a JSON Schema cannot express (see ``x-formc-rules``)."""
        return self.code in DYNAMIC_CODES

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message}


@lru_cache(maxsize=4096)
def _escape(segment: str) -> str:
    """A JSON pointer segment; characters no output can carry (lone surrogates, controls) shown as U+FFFD."""
    if formats.bad_character(segment) is not None:
        segment = "".join("\ufffd" if formats.bad_character(ch) else ch for ch in segment)
    return segment.replace("~", "~0").replace("/", "~1")


# (field type, country) → (check, error code); the browser script gets the codes from here too.
CHECKS: dict[tuple[str, str], tuple[Callable[[str], bool], str]] = {
    ("national_id", "NO"): (checkdigits.no_national_id, "national_id"),
    ("national_id", "DK"): (checkdigits.dk_cpr, "cpr"),
    ("org_number", "NO"): (checkdigits.no_org_number, "org_number"),
    ("org_number", "DK"): (checkdigits.dk_cvr, "cvr"),
    ("bank_account", "NO"): (checkdigits.no_bank_account, "bank_account"),
    ("bank_account", "iban"): (checkdigits.iban, "iban"),
}
# (field type, country) → the message used when an identifier has the wrong shape.
SHAPE_MESSAGE = {("national_id", "DK"): "cpr", ("org_number", "DK"): "cvr", ("bank_account", "iban"): "iban"}


def _is_integer(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _decimals(value: float | int) -> int:
    if isinstance(value, int) or float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        places = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, places - int(exponent))
    return len(text.split(".")[1])


_Step = tuple[Field, Callable[[Any, datetime.date], bool] | None, bool, Callable[[Any, datetime.date], bool] | None]
_PLANS: dict[int, tuple[tuple[Field, ...], frozenset[str], list[_Step]]] = {}


def _plan(fields: tuple[Field, ...]) -> tuple[frozenset[str], list[_Step]]:
    """The answer-taking fields of one object with their compiled conditions, prepared once per object."""
    cached = _PLANS.get(id(fields))
    if cached is not None and cached[0] is fields:
        return cached[1], cached[2]
    steps = [(f, predicate(f.visible_if) if f.visible_if is not None else None, f.required,
              predicate(f.required_if) if f.required_if is not None else None) for f in fields if f.type != "note"]
    known = frozenset(f.id for f, *_ in steps)
    if len(_PLANS) > 10_000:  # forms loaded again and again (a reloading server): start afresh
        _PLANS.clear()
    _PLANS[id(fields)] = (fields, known, steps)  # the entry keeps fields alive, so its id cannot be reused
    return known, steps


class _Run:
    def __init__(self, form: Form, lang: str, today: datetime.date, twins: dict[int, dict]):
        self.form = form
        self.lang = lang
        self.today = today
        self.twins = twins  # original object id → the same object without hidden answers (formc.visibility)
        self.errors: list[ValidationError] = []

    def add(self, pointer: str, code: str, field: Field | None, msg: str | None = None, **slots: Any) -> None:
        label = field.label(self.lang) if field is not None and field.label is not None else (field.id if field else "")
        self.errors.append(ValidationError(pointer, code, message(msg or code, self.lang, label=label, **slots)))

    def inner(self, stack: list[Any], obj: dict) -> list[Any]:
        """The condition stack one object deeper: conditions read the data without hidden answers."""
        return stack + [self.twins.get(id(obj), {})]

    def object(self, fields: tuple[Field, ...], obj: dict, stack: list[Any], pointer: str) -> None:
        known, plan = _plan(fields)
        today = self.today
        for field, visible, required, required_if in plan:
            present = field.id in obj
            if visible is not None and not visible(stack, today):
                if present:
                    self.add(f"{pointer}/{_escape(field.id)}", "hidden", field)
                continue
            if not present:
                needed = required and (required_if is None or required_if(stack, today))
                if field.type == "group" and (needed or field.always_present):
                    self.absent_group(field, needed, stack, f"{pointer}/{_escape(field.id)}")
                elif needed:
                    code = "consent" if field.type == "consent" else "required"
                    key = "required_choice" if field.type in ("choice", "multichoice", "boolean") else \
                        "required_file" if field.type == "file" else code
                    self.add(f"{pointer}/{_escape(field.id)}", "required", field, key)
                continue
            self.value(field, obj[field.id], stack, f"{pointer}/{_escape(field.id)}")
        if len(obj) > len(known) or not known.issuperset(obj):
            for key in obj:
                if key not in known:
                    self.add(f"{pointer}/{_escape(key)}", "unknown", None, key=_escape(key)[:100])

    def absent_group(self, field: Field, needed: bool, stack: list[Any], here: str) -> None:
        """An unanswered group that must be there: its fields' own errors, all in one round (else "required")."""
        before = len(self.errors)
        self.object(field.fields, {}, stack + [{}], here)
        if needed and len(self.errors) == before:
            self.add(here, "required", field)

    def value(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if value is None or (not value and isinstance(value, (str, list, dict))):
            self.add(here, "empty", field)
            return
        _BY_TYPE[field.type](self, field, value, stack, here)

    def characters(self, field: Field, value: str, here: str, single_line: bool = True) -> bool:
        """Report a character no submission may hold (formats.FORBIDDEN); True when the value is clean."""
        if formats.bad_character(value, single_line) is None:
            return True
        self.add(here, "characters", field)
        return False

    def text(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, str):
            return self.add(here, "type", field)
        if not self.characters(field, value, here, single_line=field.type == "text"):
            return
        if field.min_length is not None and len(value) < field.min_length:
            self.add(here, "min_length", field, min=field.min_length)
        if field.max_length is not None and len(value) > field.max_length:
            return self.add(here, "max_length", field, max=field.max_length)
        if field.pattern is not None and not formats.matches(formats.whole_match(field.pattern), value):
            if field.pattern_message is not None:
                self.errors.append(ValidationError(here, "pattern", field.pattern_message(self.lang)))
            else:
                self.add(here, "pattern", field)

    def number(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        integer = field.type == "integer"
        if not (_is_integer(value) if integer else _is_number(value)):
            return self.add(here, "type", field, "integer" if integer else "number")
        low, high = number_bounds(field)
        if value < low:
            self.add(here, "minimum", field, min=low)
        if value > high:
            self.add(here, "maximum", field, max=high)
        if field.decimals is not None and _decimals(value) > field.decimals:
            self.add(here, "decimals", field, decimals=field.decimals)

    def boolean(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, bool):
            self.add(here, "type", field, "boolean")

    def consent(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if value is not True:
            self.add(here, "type", field, "consent")

    def time(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, str) or not formats.matches(formats.TIME, value):
            return self.add(here, "type", field, "time")
        if field.time_min is not None and value < field.time_min:
            self.add(here, "time_min", field, min=field.time_min)
        if field.time_max is not None and value > field.time_max:
            self.add(here, "time_max", field, max=field.time_max)

    def formatted(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        """email, url and phone: one regular expression each, and a length limit."""
        kind = field.type
        pattern = formats.EMAIL if kind == "email" else formats.URL if kind == "url" else formats.phone_pattern(field.country)
        if isinstance(value, str) and (len(value) > 254 and kind == "email" or len(value) > 2000):  # before the pattern
            self.add(here, "max_length", field, max=254 if kind == "email" else 2000)
        elif not isinstance(value, str) or not formats.matches(pattern, value):
            self.add(here, "type", field, kind)

    def choice(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, str) or field.option(value) is None:
            self.add(here, "option", field)

    def group(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, dict):
            return self.add(here, "type", field, "object")
        self.object(field.fields, value, self.inner(stack, value), here)

    def repeat(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, list):
            return self.add(here, "type", field, "object")
        self.items(field, value, here)
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(f"{here}/{index}", "type", field, "object")
                continue
            self.object(field.fields, item, self.inner(stack, item), f"{here}/{index}")

    def items(self, field: Field, value: list, here: str) -> None:
        if field.min_items is not None and len(value) < field.min_items:
            self.add(here, "min_items", field, min=field.min_items)
        if field.max_items is not None and len(value) > field.max_items:
            self.add(here, "max_items", field, max=field.max_items)

    def date(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, str) or not formats.matches(formats.DATE, value):
            return self.add(here, "type", field, "date")
        day = datetime.date.fromisoformat(value)  # the pattern admits real dates only
        if field.date_min is not None:
            bound = field.date_min.resolve(self.today)
            if day < bound:
                self.add(here, "date_min", field, min=_show_date(bound, self.lang))
        if field.date_max is not None:
            bound = field.date_max.resolve(self.today)
            if day > bound:
                self.add(here, "date_max", field, max=_show_date(bound, self.lang))

    def multichoice(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, list):
            return self.add(here, "type", field, "option")
        for index, item in enumerate(value):
            if not isinstance(item, str) or field.option(item) is None:
                self.add(f"{here}/{index}", "option", field)
        hashable = [json_key(v) for v in value]
        if len(set(hashable)) != len(hashable):
            self.add(here, "unique", field)
        self.items(field, value, here)

    def identifier(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        key = (field.type, field.country or "NO")
        shape_message = SHAPE_MESSAGE.get(key, field.type)
        if not isinstance(value, str) or not formats.matches(formats.identifier_pattern(field.type, field.country), value):
            return self.add(here, "pattern", field, shape_message)
        check = CHECKS.get(key)
        if check is not None and not check[0](value):
            self.add(here, check[1], field)

    def files(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, list):
            return self.add(here, "type", field, "file")
        self.items(field, value, here)
        for index, item in enumerate(value):
            at = f"{here}/{index}"
            if not isinstance(item, dict) or set(item) != {"filename", "media_type", "size", "sha256"}:
                self.add(at, "type", field, "file")
                continue
            name, media, size, digest = item["filename"], item["media_type"], item["size"], item["sha256"]
            if not isinstance(name, str) or not 1 <= len(name) <= 255 or formats.bad_character(name, True) is not None \
                    or not isinstance(digest, str) or not formats.matches(formats.SHA256, digest) \
                    or not _is_integer(size) or not 0 <= size <= formats.MAX_SAFE_INTEGER:
                self.add(at, "type", field, "file")
                continue
            if not isinstance(media, str) or not formats.matches(formats.MEDIA_TYPE, media) or not _accepts(field.accept, media):
                self.add(f"{at}/media_type", "option", field, "file_type")
            if field.max_size is not None and size > field.max_size:
                self.add(f"{at}/size", "maximum", field, "file_size", max=field.max_size)

    def address(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, dict):
            return self.add(here, "type", field, "object")
        allowed = {"street", "postal_code", "city", "country"}
        for key in value:
            if key not in allowed:
                self.add(f"{here}/{_escape(key)}", "unknown", None, key=_escape(key)[:100])
        for key in ("street", "postal_code", "city"):
            if key not in value:
                self.add(f"{here}/{key}", "required", field)
        for key in ("street", "city"):
            if key in value and (not isinstance(value[key], str) or not 1 <= len(value[key]) <= 200):
                self.add(f"{here}/{key}", "type", field, "object")
        for key in ("street", "city"):
            if key in value and isinstance(value[key], str) and 1 <= len(value[key]) <= 200:
                self.characters(field, value[key], f"{here}/{key}")
        country = value.get("country")
        if "country" in value and (not isinstance(country, str) or not formats.matches(formats.COUNTRY, country)):
            self.add(f"{here}/country", "type", field, "object")
        if "postal_code" in value:
            code = value["postal_code"]
            domestic = country is None or country == field.country
            pattern = formats.identifier_pattern("postal_code", field.country) if domestic else formats.FOREIGN_POSTAL_CODE
            if not isinstance(code, str) or not formats.matches(pattern, code):
                self.add(f"{here}/postal_code", "pattern", field, "postal_code")

    def rules(self, data: dict) -> None:
        stack = [self.twins.get(id(data), data)]
        for rule in self.form.rules:
            refs = [p.ref for p in paths_in(rule.check) if isinstance(p, Path) and p.ref is not None]
            if any(lookup(ref, stack) is MISSING for ref in refs):
                continue
            if not evaluate(rule.check, stack, self.today):
                target = rule.fields[0] if rule.fields else ()
                pointer = "/" + "/".join(_escape(p) for p in target) if target else ""
                self.errors.append(ValidationError(pointer, "rule", rule.message(self.lang)))


_BY_TYPE: dict[str, Callable[[_Run, Field, Any, list[Any], str], None]] = {
    "text": _Run.text, "textarea": _Run.text, "integer": _Run.number, "decimal": _Run.number, "money": _Run.number,
    "boolean": _Run.boolean, "consent": _Run.consent, "date": _Run.date, "time": _Run.time, "email": _Run.formatted,
    "url": _Run.formatted, "phone": _Run.formatted, "choice": _Run.choice, "multichoice": _Run.multichoice,
    "national_id": _Run.identifier, "org_number": _Run.identifier, "postal_code": _Run.identifier,
    "bank_account": _Run.identifier, "file": _Run.files, "address": _Run.address, "group": _Run.group,
    "repeat": _Run.repeat,
}


def json_key(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, sort_keys=True)
    return (type(value).__name__ == "bool", value)


def _accepts(accept: tuple[str, ...], media: str) -> bool:
    if not accept:
        return True
    return any(media == a or (a.endswith("/*") and media.startswith(a[:-1])) for a in accept)


def _show_date(day: datetime.date, lang: str) -> str:
    if lang in ("nb", "nn", "no", "da", "se"):
        return day.strftime("%d.%m.%Y")
    return day.isoformat()


def number_bounds(field: Field) -> tuple[float | int, float | int]:
    """A number field's limits: its own ``min``/``max`` within ±(2^53 − 1), the range every channel holds exactly."""
    low, high = -formats.MAX_SAFE_INTEGER, formats.MAX_SAFE_INTEGER
    if field.minimum is not None:
        low = max(low, field.minimum)
    if field.maximum is not None:
        high = min(high, field.maximum)
    return low, high


def size_problem(data: Any) -> tuple[str, int] | None:
    """("too_deep", limit) or ("too_large", limit) when data exceeds formats.MAX_DEPTH / MAX_NODES; else None."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while pending:
        value, depth = pending.pop()
        nodes += 1
        if nodes > formats.MAX_NODES:
            return "too_large", formats.MAX_NODES
        if isinstance(value, (dict, list)):
            if depth > formats.MAX_DEPTH:
                return "too_deep", formats.MAX_DEPTH
            pending.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return None


def validate(form: Form, data: Any, lang: str, today: datetime.date | None = None) -> list[ValidationError]:
    """Every problem with ``data``; ``today`` defaults to today in the form's time zone (``form.timezone``)."""
    if not isinstance(data, dict):
        return [ValidationError("", "type", message("object", lang, label=form.title(lang)))]
    problem = size_problem(data)
    if problem is not None:
        return [ValidationError("", problem[0], message(problem[0], lang, max=problem[1]))]
    today = today or form.today()
    _, _, twins = settle(form.fields, data, today)
    run = _Run(form, lang, today, twins)
    run.object(form.fields, data, run.inner([], data), "")
    if not run.errors:
        run.rules(data)
    return run.errors
