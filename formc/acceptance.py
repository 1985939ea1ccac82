"""Acceptors: fast "nothing to report" answers for the validator (:mod:`formc.validator`).

An acceptor of a field is a predicate of (value, today) that is True only where
the validator's check of that field's type would report nothing, decided
without building a path, a message or (mostly) calling a regular expression.
False says nothing: the validator then runs the full check, so the errors it
reports never depend on an acceptor. :mod:`formc.walker` writes the simplest
of them out in the Python it generates.
"""

from __future__ import annotations

import datetime
import sys
from typing import Any, Callable

from formc import checkdigits, formats
from formc.model import Field

Acceptor = Callable[[Any, datetime.date], bool]  # (value, today) → True only if the field's check finds nothing

# (field type, country) → (check, error code); the browser script gets the codes from here too.
CHECKS: dict[tuple[str, str], tuple[Callable[[str], bool], str]] = {
    ("national_id", "NO"): (checkdigits.no_national_id, "national_id"),
    ("national_id", "DK"): (checkdigits.dk_cpr, "cpr"),
    ("org_number", "NO"): (checkdigits.no_org_number, "org_number"),
    ("org_number", "DK"): (checkdigits.dk_cvr, "cvr"),
    ("bank_account", "NO"): (checkdigits.no_bank_account, "bank_account"),
    ("bank_account", "iban"): (checkdigits.iban, "iban"),
}

def decimals(value: float) -> int:
    """The decimal places of a number as written in JSON (1e-7 has 7)."""
    if isinstance(value, int) or float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        places = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, places - int(exponent))
    return len(text.split(".")[1])


def number_bounds(field: Field) -> tuple[float | int, float | int]:
    """A number field's limits: its own ``min``/``max`` within ±(2^53 − 1), the range every channel holds exactly."""
    low, high = -formats.MAX_SAFE_INTEGER, formats.MAX_SAFE_INTEGER
    if field.minimum is not None:
        low = max(low, field.minimum)
    if field.maximum is not None:
        high = min(high, field.maximum)
    return low, high


NO_LIMIT = sys.maxsize  # a length limit that is no limit


def acceptor(field: Field) -> Acceptor | None:
    """A predicate of (value, today) that is True only where the check of ``field``'s type reports nothing.

    False says nothing: the full check then runs. None: the type has no shortcut (files, addresses,
    groups and repeats, unusual settings).
    """
    make = _ACCEPTORS.get(field.type)
    return make(field) if make is not None else None


def _accept_text(field: Field) -> Acceptor | None:
    find = formats.FIND_FORBIDDEN_SINGLE_LINE if field.type == "text" else formats.FIND_FORBIDDEN
    low, high = max(1, field.min_length or 0), NO_LIMIT if field.max_length is None else field.max_length
    pattern = formats.matcher(formats.whole_match(field.pattern)) if field.pattern is not None else None

    def accept(value: Any, today: datetime.date) -> bool:
        return type(value) is str and low <= len(value) <= high and find(value) is None \
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
        return kind is float and low <= value <= high and (places is None or decimals(value) <= places)
    return accept


def _accept_date(field: Field) -> Acceptor | None:
    earliest, latest = field.date_min, field.date_max
    parse = datetime.date.fromisoformat

    def accept(value: Any, today: datetime.date) -> bool:
        # YYYY-MM-DD that names a real day of years 1-9999, what formats.DATE admits: fromisoformat reads
        # ten ASCII characters with these two dashes only as four, two and two ASCII digits
        if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-" or not value.isascii():
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


def _formatted(field: Field) -> tuple[Callable[[str], Any], int, int, int]:
    """An e-mail, URL or phone field's shape test (truthy: the pattern matches), length limit, and the lengths
    of an all-digit value that passes."""
    kind = field.type
    if kind == "email":  # the same addresses as RE2's EMAIL (see formats.EMAIL_SHAPE), in less than half the time
        return formats.EMAIL_SHAPE, 254, 1, 0
    pattern = formats.URL if kind == "url" else formats.phone_pattern(field.country)
    # phone numbers as digits only: 8 at home (PHONE_DOMESTIC), 6-15 anywhere (PHONE_ANY); the rest asks RE2
    low, high = (8, 8) if pattern == formats.PHONE_DOMESTIC else (6, 15) if pattern == formats.PHONE_ANY else (1, 0)
    return formats.matcher(pattern), 2000, low, high


def _accept_formatted(field: Field) -> Acceptor | None:
    shape, limit, low, high = _formatted(field)

    def accept(value: Any, today: datetime.date) -> bool:
        if type(value) is not str or len(value) > limit:
            return False
        return (low <= len(value) <= high and value.isascii() and value.isdigit()) or bool(shape(value))
    return accept


def _accept_choice(field: Field) -> Acceptor | None:
    options = frozenset(o.value for o in field.options)
    return lambda value, today: type(value) is str and value != "" and value in options


def _accept_multichoice(field: Field) -> Acceptor | None:
    options = frozenset(o.value for o in field.options)
    low = max(1, field.min_items or 0)
    high = NO_LIMIT if field.max_items is None else field.max_items

    def accept(value: Any, today: datetime.date) -> bool:
        return type(value) is list and low <= len(value) <= high \
            and all(type(item) is str and item in options for item in value) and len(set(value)) == len(value)
    return accept


def _identifier(field: Field) -> tuple[int | Callable[[str], bool], Callable[[str], bool] | None] | None:
    """An identifier's shape (its count of ASCII digits, or the IBAN pattern) and check; None: no shortcut."""
    key = (field.type, field.country or "NO")
    check = CHECKS[key][0] if key in CHECKS else None
    if field.type == "bank_account" and field.country == "iban":
        return formats.matcher(formats.IBAN), check
    return (formats.DIGIT_COUNT[key], check) if key in formats.DIGIT_COUNT else None


def _accept_identifier(field: Field) -> Acceptor | None:
    parts = _identifier(field)
    if parts is None:
        return None
    shape, check = parts
    if not isinstance(shape, int):
        return lambda value, today: type(value) is str and shape(value) and (check is None or check(value))
    return lambda value, today: type(value) is str and len(value) == shape and value.isascii() and value.isdigit() \
        and (check is None or check(value))


_ACCEPTORS: dict[str, Callable[[Field], Acceptor | None]] = {
    "text": _accept_text, "textarea": _accept_text, "integer": _accept_number, "decimal": _accept_number,
    "money": _accept_number, "boolean": lambda field: lambda value, today: type(value) is bool,
    "consent": lambda field: lambda value, today: value is True, "date": _accept_date, "time": _accept_time,
    "email": _accept_formatted, "url": _accept_formatted, "phone": _accept_formatted, "choice": _accept_choice,
    "multichoice": _accept_multichoice, "national_id": _accept_identifier, "org_number": _accept_identifier,
    "postal_code": _accept_identifier, "bank_account": _accept_identifier,
}


def refusal(field: Field, accept: Acceptor, bind: Callable[[Any], str]) -> str:
    """Python source, an expression of ``value`` and ``today``: true unless ``accept`` (``field``'s acceptor) accepts.

    The simplest acceptors written out (for :mod:`formc.walker`); ``bind`` names a value for the source.
    """
    kind = field.type
    if kind == "boolean":
        return "type(value) is not bool"
    if kind == "consent":
        return "value is not True"
    if kind == "choice":
        return f"type(value) is not str or not value or value not in {bind(frozenset(o.value for o in field.options))}"
    if kind == "integer":
        low, high = number_bounds(field)
        return f"type(value) is not int or not {bind(low)} <= value <= {bind(high)}"
    if kind in ("text", "textarea"):
        low, high = max(1, field.min_length or 0), NO_LIMIT if field.max_length is None else field.max_length
        find = formats.FIND_FORBIDDEN_SINGLE_LINE if kind == "text" else formats.FIND_FORBIDDEN
        test = f"type(value) is not str or not {low} <= len(value) <= {high} or {bind(find)}(value) is not None"
        if field.pattern is not None:
            test += f" or not {bind(formats.matcher(formats.whole_match(field.pattern)))}(value)"
        return test
    if kind in ("email", "url", "phone"):
        shape, limit, low, high = _formatted(field)
        return f"type(value) is not str or len(value) > {limit} or not ({low} <= len(value) <= {high} " \
               f"and value.isascii() and value.isdigit() or {bind(shape)}(value))"
    parts = _identifier(field) if kind in ("national_id", "org_number", "postal_code", "bank_account") else None
    if parts is not None:
        shape, check = parts
        test = f"type(value) is not str or len(value) != {shape} or not value.isascii() or not value.isdigit()" \
            if isinstance(shape, int) else f"type(value) is not str or not {bind(shape)}(value)"
        return test + (f" or not {bind(check)}(value)" if check is not None else "")
    return f"not {bind(accept)}(value, today)"
