"""The runtime validator: every rule of a form, applied to one submission's data.

It enforces what the JSON Schema target expresses statically (types, lengths,
ranges, patterns, options, visibility, unknown keys) and what no JSON Schema
can (check digits, ``today``-relative dates, decimals, rules). Messages are in
the submitter's language; paths are JSON pointers into the data.

A form is prepared once (:func:`_compiled`, cached while the form lives): per
field its compiled conditions and an *acceptor*, a predicate that answers
"nothing to report" for an ordinary good value without building a path or a
message. An acceptor may say no to a good value; then the full check of the
field's type runs and reports exactly what it finds (perhaps nothing), so the
errors never depend on the acceptors. Conditions read the data as posted until
an answered field turns out hidden; only then is visibility settled
(:func:`formc.visibility.settle`) and the walk repeated on the settled data.
"""

from __future__ import annotations

import datetime
import math
import sys
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from formc import checkdigits, formats
from formc.expressions.evaluate import MISSING, lookup, predicate
from formc.expressions.nodes import Path, paths_in
from formc.messages import DYNAMIC_CODES, message
from formc.model import Field, Form, Text
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


Condition = Callable[[Any, datetime.date], bool]
Acceptor = Callable[[Any, datetime.date], bool]  # (value, today) → True only if the field's check finds nothing


@dataclass(frozen=True)
class _Plan:
    """One object's answer-taking fields, prepared once per form.

    A step is (field id, its escaped pointer segment, the field, visible_if, required, required_if, acceptor,
    the plan of a group's or repeat's own fields).
    """

    steps: tuple[tuple[str, str, Field, Condition | None, bool, Condition | None, Acceptor | None, "_Plan | None"], ...]
    known: frozenset[str]


@dataclass(frozen=True)
class _Compiled:
    """A form prepared for validation: the plan of its top level and its rules (refs, check, pointer, message)."""

    root: _Plan
    rules: tuple[tuple[tuple[Any, ...], Condition, str, Text], ...]


def _plan(fields: tuple[Field, ...]) -> _Plan:
    steps = tuple((f.id, _escape(f.id), f, predicate(f.visible_if) if f.visible_if is not None else None, f.required,
                   predicate(f.required_if) if f.required_if is not None else None, acceptor(f),
                   _plan(f.fields) if f.is_container else None) for f in fields if f.type != "note")
    return _Plan(steps, frozenset(step[0] for step in steps))


# id(form) → (a weak reference to the form, its prepared validator); an entry goes when its form does.
_COMPILED: dict[int, tuple[weakref.ref[Form], _Compiled]] = {}


def _compiled(form: Form) -> _Compiled:
    """``form`` prepared for validation, once per form object (forms are immutable; another version is another object)."""
    key = id(form)
    entry = _COMPILED.get(key)
    if entry is not None and entry[0]() is form:
        return entry[1]
    rules = []
    for rule in form.rules:
        refs = tuple(p.ref for p in paths_in(rule.check) if isinstance(p, Path) and p.ref is not None)
        target = rule.fields[0] if rule.fields else ()
        pointer = "/" + "/".join(_escape(p) for p in target) if target else ""
        rules.append((refs, predicate(rule.check), pointer, rule.message))
    compiled = _Compiled(_plan(form.fields), tuple(rules))  # holds fields and rules, never the form itself

    def forget(ref: weakref.ref[Form]) -> None:
        if _COMPILED.get(key, (None,))[0] is ref:
            _COMPILED.pop(key, None)

    _COMPILED[key] = (weakref.ref(form, forget), compiled)
    return compiled


class _Hidden(Exception):
    """An answered field is hidden: the optimistic walk stops, and visibility is settled first."""


class _Run:
    def __init__(self, compiled: _Compiled, lang: str, today: datetime.date, twins: dict[int, dict] | None):
        self.compiled = compiled
        self.lang = lang
        self.today = today
        # original object id → the same object without hidden answers (formc.visibility); None while nothing
        # answered is known to be hidden: then that object is the original itself (the optimistic walk)
        self.twins = twins
        self.errors: list[ValidationError] = []

    def add(self, pointer: str, code: str, field: Field | None, msg: str | None = None, **slots: Any) -> None:
        label = field.label(self.lang) if field is not None and field.label is not None else (field.id if field else "")
        self.errors.append(ValidationError(pointer, code, message(msg or code, self.lang, label=label, **slots)))

    def inner(self, stack: list[Any], obj: dict) -> list[Any]:
        """The condition stack one object deeper: conditions read the data without hidden answers."""
        if self.twins is None:
            return stack + [obj]
        return stack + [self.twins.get(id(obj), {})]

    def object(self, plan: _Plan, obj: dict, stack: list[Any], pointer: str) -> None:
        today = self.today
        for key, segment, field, visible, required, required_if, accept, inner in plan.steps:
            if key in obj:
                if visible is not None and not visible(stack, today):
                    if self.twins is None:
                        raise _Hidden
                    self.add(f"{pointer}/{segment}", "hidden", field)
                    continue
                value = obj[key]
                if accept is not None and accept(value, today):
                    continue
                if inner is None:
                    self.value(field, value, stack, f"{pointer}/{segment}")
                else:
                    self.container(field, inner, value, stack, f"{pointer}/{segment}")
            elif visible is None or visible(stack, today):
                needed = required and (required_if is None or required_if(stack, today))
                if inner is not None and field.type == "group" and (needed or field.always_present):
                    self.absent_group(field, inner, needed, stack, f"{pointer}/{segment}")
                elif needed:
                    code = "consent" if field.type == "consent" else "required"
                    kind = "required_choice" if field.type in ("choice", "multichoice", "boolean") else \
                        "required_file" if field.type == "file" else code
                    self.add(f"{pointer}/{segment}", "required", field, kind)
        known = plan.known
        if len(obj) > len(known) or not known.issuperset(obj):
            for key in obj:
                if key not in known:
                    self.add(f"{pointer}/{_escape(key)}", "unknown", None, key=_escape(key)[:100])

    def absent_group(self, field: Field, plan: _Plan, needed: bool, stack: list[Any], here: str) -> None:
        """An unanswered group that must be there: its fields' own errors, all in one round (else "required")."""
        before = len(self.errors)
        self.object(plan, {}, stack + [{}], here)
        if needed and len(self.errors) == before:
            self.add(here, "required", field)

    def value(self, field: Field, value: Any, stack: list[Any], here: str) -> None:
        if value is None or (not value and isinstance(value, (str, list, dict))):
            self.add(here, "empty", field)
            return
        _BY_TYPE[field.type](self, field, value, stack, here)

    def container(self, field: Field, plan: _Plan, value: Any, stack: list[Any], here: str) -> None:
        """A group's or a repeat's answer: its own fields, checked with ``plan``."""
        if value is None or (not value and isinstance(value, (str, list, dict))):
            self.add(here, "empty", field)
        elif field.type == "group":
            self.group(field, plan, value, stack, here)
        else:
            self.repeat(field, plan, value, stack, here)

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

    def group(self, field: Field, plan: _Plan, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, dict):
            return self.add(here, "type", field, "object")
        self.object(plan, value, self.inner(stack, value), here)

    def repeat(self, field: Field, plan: _Plan, value: Any, stack: list[Any], here: str) -> None:
        if not isinstance(value, list):
            return self.add(here, "type", field, "object")
        self.items(field, value, here)
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(f"{here}/{index}", "type", field, "object")
                continue
            self.object(plan, item, self.inner(stack, item), f"{here}/{index}")

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
        stack = [data if self.twins is None else self.twins.get(id(data), data)]
        today = self.today
        for refs, check, pointer, text in self.compiled.rules:
            if any(lookup(ref, stack) is MISSING for ref in refs):
                continue
            if not check(stack, today):
                self.errors.append(ValidationError(pointer, "rule", text(self.lang)))


_BY_TYPE: dict[str, Callable[[_Run, Field, Any, list[Any], str], None]] = {
    "text": _Run.text, "textarea": _Run.text, "integer": _Run.number, "decimal": _Run.number, "money": _Run.number,
    "boolean": _Run.boolean, "consent": _Run.consent, "date": _Run.date, "time": _Run.time, "email": _Run.formatted,
    "url": _Run.formatted, "phone": _Run.formatted, "choice": _Run.choice, "multichoice": _Run.multichoice,
    "national_id": _Run.identifier, "org_number": _Run.identifier, "postal_code": _Run.identifier,
    "bank_account": _Run.identifier, "file": _Run.files, "address": _Run.address,
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


# -- acceptors: "nothing to report" for ordinary good values, without a path, a message or a regular expression

_NO_LIMIT = sys.maxsize


def acceptor(field: Field) -> Acceptor | None:
    """A predicate of (value, today) that is True only where the check of ``field``'s type reports nothing.

    False says nothing: the full check then runs. None: the type has no shortcut (files, addresses,
    groups and repeats, unusual settings).
    """
    make = _ACCEPTORS.get(field.type)
    return make(field) if make is not None else None


def _accept_text(field: Field) -> Acceptor | None:
    single_line = field.type == "text"
    bad = formats.bad_character
    low, high = max(1, field.min_length or 0), _NO_LIMIT if field.max_length is None else field.max_length
    pattern = formats.matcher(formats.whole_match(field.pattern)) if field.pattern is not None else None

    def accept(value: Any, today: datetime.date) -> bool:
        return type(value) is str and low <= len(value) <= high and bad(value, single_line) is None \
            and (pattern is None or pattern(value))
    return accept


def _accept_number(field: Field) -> Acceptor | None:
    low, high = number_bounds(field)
    places = field.decimals
    if places is not None and places < 0:
        return None
    if field.type == "integer":
        return lambda value, today: type(value) is int and low <= value <= high

    def accept(value: Any, today: datetime.date) -> bool:
        kind = type(value)
        if kind is int:
            return low <= value <= high
        return kind is float and low <= value <= high and (places is None or _decimals(value) <= places)
    return accept


def _accept_date(field: Field) -> Acceptor | None:
    earliest, latest = field.date_min, field.date_max
    parse = datetime.date.fromisoformat

    def accept(value: Any, today: datetime.date) -> bool:
        # YYYY-MM-DD in ASCII digits that names a real day of years 1-9999: what formats.DATE admits
        if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-" or not value.isascii() \
                or not (value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit()):
            return False
        try:
            day = parse(value)
        except ValueError:
            return False
        return (earliest is None or day >= earliest.resolve(today)) and (latest is None or day <= latest.resolve(today))
    return accept


def _accept_time(field: Field) -> Acceptor | None:
    shape, earliest, latest = formats.matcher(formats.TIME), field.time_min, field.time_max
    return lambda value, today: type(value) is str and shape(value) and (earliest is None or value >= earliest) \
        and (latest is None or value <= latest)


def _accept_formatted(field: Field) -> Acceptor | None:
    kind = field.type
    pattern = formats.EMAIL if kind == "email" else formats.URL if kind == "url" else formats.phone_pattern(field.country)
    shape, limit = formats.matcher(pattern), 254 if kind == "email" else 2000
    # phone numbers as digits only: 8 at home (PHONE_DOMESTIC), 6-15 anywhere (PHONE_ANY); the rest asks RE2
    digits = (8, 8) if pattern == formats.PHONE_DOMESTIC else (6, 15) if pattern == formats.PHONE_ANY else (1, 0)

    def accept(value: Any, today: datetime.date) -> bool:
        if type(value) is not str or len(value) > limit:
            return False
        return (digits[0] <= len(value) <= digits[1] and value.isascii() and value.isdigit()) or shape(value)
    return accept


def _accept_choice(field: Field) -> Acceptor | None:
    options = frozenset(o.value for o in field.options)
    return lambda value, today: type(value) is str and value != "" and value in options


def _accept_multichoice(field: Field) -> Acceptor | None:
    options = frozenset(o.value for o in field.options)
    low = max(1, field.min_items or 0)
    high = _NO_LIMIT if field.max_items is None else field.max_items

    def accept(value: Any, today: datetime.date) -> bool:
        return type(value) is list and low <= len(value) <= high \
            and all(type(item) is str and item in options for item in value) and len(set(value)) == len(value)
    return accept


def _accept_identifier(field: Field) -> Acceptor | None:
    key = (field.type, field.country or "NO")
    check = CHECKS[key][0] if key in CHECKS else None
    if field.type == "bank_account" and field.country == "iban":
        shape = formats.matcher(formats.IBAN)
        return lambda value, today: type(value) is str and shape(value) and (check is None or check(value))
    if key not in formats.DIGIT_COUNT:
        return None
    count = formats.DIGIT_COUNT[key]
    return lambda value, today: type(value) is str and len(value) == count and value.isascii() and value.isdigit() \
        and (check is None or check(value))


_ACCEPTORS: dict[str, Callable[[Field], Acceptor | None]] = {
    "text": _accept_text, "textarea": _accept_text, "integer": _accept_number, "decimal": _accept_number,
    "money": _accept_number, "boolean": lambda field: lambda value, today: type(value) is bool,
    "consent": lambda field: lambda value, today: value is True, "date": _accept_date, "time": _accept_time,
    "email": _accept_formatted, "url": _accept_formatted, "phone": _accept_formatted, "choice": _accept_choice,
    "multichoice": _accept_multichoice, "national_id": _accept_identifier, "org_number": _accept_identifier,
    "postal_code": _accept_identifier, "bank_account": _accept_identifier,
}


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


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain_and_small(container: dict | list, depth: int, budget: int) -> int:
    """What is left of ``budget`` (values allowed) after ``container``'s, or -1: beyond a limit or not plain.

    Plain means dicts and lists of exactly those types, as JSON gives (a subclass may read differently
    from the settled copy that conditions read). -1 is no verdict: :func:`size_problem` then decides.
    """
    if depth > formats.MAX_DEPTH:
        return -1
    values = container.values() if type(container) is dict else container
    budget -= len(values)
    if budget < 0:
        return -1
    for value in values:
        kind = type(value)
        if kind in _SCALARS:
            continue
        if kind is dict or kind is list:
            budget = _plain_and_small(value, depth + 1, budget)
            if budget < 0:
                return -1
        elif isinstance(value, (dict, list)):
            return -1
    return budget


def validate(form: Form, data: Any, lang: str, today: datetime.date | None = None) -> list[ValidationError]:
    """Every problem with ``data``; ``today`` defaults to today in the form's time zone (``form.timezone``)."""
    if not isinstance(data, dict):
        return [ValidationError("", "type", message("object", lang, label=form.title(lang)))]
    plain = type(data) is dict and _plain_and_small(data, 1, formats.MAX_NODES - 1) >= 0
    if not plain:
        problem = size_problem(data)
        if problem is not None:
            return [ValidationError("", problem[0], message(problem[0], lang, max=problem[1]))]
    today = today or form.today()
    compiled = _compiled(form)
    run: _Run | None = None
    if plain:  # optimistic: as long as no answer is hidden, the settled data is the data as posted
        run = _Run(compiled, lang, today, None)
        try:
            run.object(compiled.root, data, run.inner([], data), "")
        except _Hidden:
            run = None
    if run is None:  # conditions must read the data without its hidden answers
        run = _Run(compiled, lang, today, settle(form.fields, data, today)[2])
        run.object(compiled.root, data, run.inner([], data), "")
    if not run.errors:
        run.rules(data)
    return run.errors
