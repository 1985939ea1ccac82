"""Value formats and text rules shared by decode, the validator, the JSON Schema target and formc.js.

Every pattern here is written in the subset of regular-expression syntax that
ECMAScript (the dialect JSON Schema specifies), RE2 and Python's ``re`` read
the same way: explicit ASCII classes, no ``\\d``/``\\s``/``.``, no look-around.
The runtime matches them with RE2 (:func:`matches`): linear time, and ``$``
means the end of the text as in ECMAScript (Python's ``$`` also matches before
a final newline).

The one set of whitespace, digits and forbidden characters (documented in
docs/targets/html.md) lives here too; ``formc.js`` receives the same classes
in its data block, so the browser and the server trim and refuse alike.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

import re2
from re2 import _re2

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$"
_URI_CHARS = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})"
URL = rf"^https?://{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?(?:/{_URI_CHARS}*)?(?:\?(?:{_URI_CHARS}|\?)*)?(?:#(?:{_URI_CHARS}|\?)*)?$"
PHONE_DOMESTIC = r"^(?:\+[0-9]{6,15}|[0-9]{8})$"
PHONE_ANY = r"^\+?[0-9]{6,15}$"
# A real calendar date, years 0001-9999: months 01-12, days that month has, 29 February only in leap years.
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
DATE = rf"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
TIME = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
SHA256 = r"^[0-9a-f]{64}$"
MEDIA_TYPE = r"^[a-z]+/[A-Za-z0-9.+-]+$"
COUNTRY = r"^[A-Z]{2}$"
FOREIGN_POSTAL_CODE = r"^[A-Za-z0-9][A-Za-z0-9 -]{0,9}$"
IBAN = r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"

# -- the one set of whitespace, digits and forbidden characters -----------------------------------

# ECMAScript's WhiteSpace and LineTerminator (what String.prototype.trim and \s remove), exactly.
WHITESPACE = ("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
              "\u2028\u2029\u202f\u205f\u3000\ufeff")
DIGITS = "0123456789"  # ASCII only: "１２" is not a number in any channel
# Characters no submission may contain: what XML 1.0 cannot carry (so the archive can always store an accepted
# submission) and lone surrogates (which UTF-8 cannot encode). As an ECMAScript/Python class body.
FORBIDDEN_CLASS = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ud800-\\udfff\\ufffe\\uffff"
# ... and, in single-line values (everything but textarea), line breaks too.
LINE_BREAK_CLASS = "\\n\\r\\u2028\\u2029"
FORBIDDEN = f"[{FORBIDDEN_CLASS}]"
FORBIDDEN_SINGLE_LINE = f"[{FORBIDDEN_CLASS}{LINE_BREAK_CLASS}]"
# The same classes for Python's re: the first such character of a text, in one pass of C (one class: no backtracking).
FIND_FORBIDDEN = re.compile(FORBIDDEN).search
FIND_FORBIDDEN_SINGLE_LINE = re.compile(FORBIDDEN_SINGLE_LINE).search
# EMAIL for Python's re, matched against the whole value (``fullmatch``: no ``$`` that also takes a final newline):
# explicit ASCII classes, so the same addresses as RE2's EMAIL, and one printable ASCII address holds no forbidden
# character. For the validator's e-mail acceptor: about 0.3 µs an address against RE2's 0.7 µs through
# :func:`matcher`. Its one repetition that can backtrack is a label's ``{0,61}``, within the 254 characters
# an address may have: microseconds at worst. Errors still come from RE2.
EMAIL_SHAPE = re.compile(EMAIL[1:-1]).fullmatch

# Size limits on citizen data (docs/targets/jsonschema.md): beyond these a submission is refused as a whole.
MAX_DEPTH = 32            # nesting of objects and arrays
MAX_NODES = 100_000       # values in one submission
MAX_STRING = 100_000      # characters in any one string
MAX_SAFE_INTEGER = 2**53 - 1  # numbers must lie within ±(2^53 − 1): exact in JavaScript and every JSON parser
MAX_NUMBER_TEXT = 40      # characters in a number as typed (decode) or written (JSON input)


def trim(text: str) -> str:
    """``text`` without leading and trailing :data:`WHITESPACE` (JavaScript's ``String.prototype.trim``)."""
    return text.strip(WHITESPACE)


def remove_spaces(text: str) -> str:
    """``text`` with every :data:`WHITESPACE` character removed (identifiers and numbers as people type them)."""
    return "".join(ch for ch in text if ch not in WHITESPACE)


def bad_character(text: str, single_line: bool = False) -> str | None:
    """The first character of ``text`` that no submission may hold (see :data:`FORBIDDEN`), or None."""
    found = (FIND_FORBIDDEN_SINGLE_LINE if single_line else FIND_FORBIDDEN)(text)
    return None if found is None else found.group()


_OPTIONS = re2.Options()
_OPTIONS.log_errors = False


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> "re2._Regexp":
    """``pattern`` compiled by RE2 (linear-time matching; ``$`` is the end of the text)."""
    return re2.compile(pattern, _OPTIONS)


_UNANCHORED = _re2.RE2.Anchor.UNANCHORED
_NO_MATCH = (-1, -1)


@lru_cache(maxsize=1024)
def matcher(pattern: str) -> Callable[[str], bool]:
    """:func:`matches` with ``pattern`` compiled once: the function a validator keeps per field.

    It calls the compiled RE2 program of google-re2 (its ``_re2`` extension, the engine its ``re2``
    wrapper drives) directly: the wrapper's ``search`` spends about ten times the matching's cost in
    Python (a generator, offset translation, a match object) on the short values of a submission.
    """
    program = _re2.RE2(pattern.encode(), _OPTIONS)
    if not program.ok():
        raise re2.error(program.error())
    match = program.Match
    find_bad = FIND_FORBIDDEN

    def matches_pattern(value: str) -> bool:
        if find_bad(value) is not None:  # bad_character(value): text RE2 cannot read, or no submission may hold
            return False
        encoded = value.encode()
        return match(_UNANCHORED, encoded, 0, len(encoded))[0] != _NO_MATCH

    return matches_pattern


def matches(pattern: str, value: str) -> bool:
    """True when ``pattern`` (anchored by the caller) finds a match in ``value``; False for text RE2 cannot read."""
    return matcher(pattern)(value)


DIGIT_COUNT = {
    ("national_id", "NO"): 11, ("national_id", "DK"): 10,
    ("org_number", "NO"): 9, ("org_number", "DK"): 8,
    ("postal_code", "NO"): 4, ("postal_code", "DK"): 4,
    ("bank_account", "NO"): 11,
}


def identifier_pattern(field_type: str, country: str | None) -> str:
    """The shape of an identifier field's value (check digits are checked separately)."""
    if field_type == "bank_account" and country == "iban":
        return IBAN
    return f"^[0-9]{{{DIGIT_COUNT[(field_type, country or 'NO')]}}}$"


def phone_pattern(country: str | None) -> str:
    return PHONE_DOMESTIC if country in (None, "NO", "DK") else PHONE_ANY


def whole_match(pattern: str) -> str:
    """An author's pattern (already in the shared dialect, see :mod:`formc.patterns`) anchored to the whole value."""
    return f"^(?:{pattern})$"
