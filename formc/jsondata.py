"""Reading submission data from JSON text with limits, so hostile input gets a clear error, never a traceback.

Python's ``json`` module raises ``RecursionError`` on deeply nested arrays,
``ValueError`` on integer literals past 4,300 digits and accepts ``NaN``;
:func:`loads` refuses all of them up front with a message and a position.
The limits are those of :mod:`formc.formats` (documented in docs/targets/jsonschema.md).
"""

from __future__ import annotations

import json
from typing import Any

from formc import formats

MAX_BYTES = 20_000_000  # a submission's JSON text (files travel as metadata, not content)


class DataError(ValueError):
    """Why JSON text is not usable submission data; ``line``/``column`` are 1-based (0 when not known)."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than formats.MAX_DEPTH before the recursive parser sees it (one linear scan)."""
    depth, in_string, escaped = 0, False, False
    for offset, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > formats.MAX_DEPTH:
                raise DataError(f"nested deeper than {formats.MAX_DEPTH} levels", *_position(text, offset))
        elif ch in "]}":
            depth -= 1


def _number(kind: type) -> Any:
    def parse(literal: str) -> Any:
        if len(literal) > formats.MAX_NUMBER_TEXT:
            raise DataError(f"a number written with {len(literal)} characters (at most {formats.MAX_NUMBER_TEXT})")
        return kind(literal)
    return parse


def _constant(name: str) -> Any:
    raise DataError(f"`{name}` is not JSON")


def loads(text: str) -> Any:
    """The value of JSON ``text``; :class:`DataError` when it is not JSON or exceeds the limits."""
    if len(text) > MAX_BYTES:
        raise DataError(f"larger than {MAX_BYTES:,} characters")
    _check_depth(text)
    try:
        return json.loads(text, parse_int=_number(int), parse_float=_number(float), parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
