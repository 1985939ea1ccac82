"""Compact JSON text of outputs, as ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` writes it,
written by orjson (several times faster) wherever orjson writes the same bytes.

The two write strings, integers, booleans, null, lists and objects alike (``sort_keys``: both order an object's
members by the code points of their keys). They differ in floats whose ``repr`` has an exponent: ``json`` writes
``1e-05`` and ``1e+16``, orjson ``0.00001`` and ``1e16``; every such orjson text holds a digit followed by ``e``,
or ``0.0000``. So where orjson's text holds either (such a float, or a string that happens to), ``json`` writes
it, as it does what orjson refuses (integers past 64 bits, lone surrogates, keys that are not strings).
``tests/core/test_jsontext.py`` holds the two equal on generated values. Outputs hold no NaN or infinity (JSON has
none: ``json`` writes ``NaN``, orjson ``null``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_WRITTEN_OTHERWISE = re.compile(rb"[0-9]e|0\.0000")  # what orjson's text of a float with an exponent holds


def compact(value: Any, sort_keys: bool = False) -> bytes:
    """``json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))`` as UTF-8."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0)
    except orjson.JSONEncodeError:
        text = None
    if text is None or _WRITTEN_OTHERWISE.search(text):
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":")).encode("utf-8")
    return text
