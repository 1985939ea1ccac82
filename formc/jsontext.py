"""Compact JSON text of outputs (the JSON Schemas, the HTML forms' client data), written by orjson.

It writes what ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` writes, several times faster, for
every string, integer, boolean, null, list and object (``sort_keys``: both order members by the code points of
their keys). A float whose ``repr`` has an exponent is written in orjson's shortest notation instead
(``0.00001`` for ``1e-05``, ``1e16`` for ``1e+16``): the same number. What orjson refuses (an integer past 64 bits,
a key that is not a string) is written by ``json``. Outputs hold no NaN or infinity (JSON has none), nor lone
surrogates (the loader refuses them). ``tests/core/test_jsontext.py`` holds all of this on generated values.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def compact(value: Any, sort_keys: bool = False) -> bytes:
    """``value`` as compact JSON, UTF-8 (see the module's docstring)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":")).encode("utf-8")
