"""formc.jsontext.compact: what ``json.dumps`` writes, but for the notation of floats with an exponent."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formc.jsontext import compact

FINITE = st.floats(allow_nan=False, allow_infinity=False)
TEXT = st.one_of(st.text(), st.sampled_from(["0.00001", "1e5", "\x00", "\x1f", "\u2028", "</script>", "é😀"]))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(2**53), 2**53), TEXT)
NUMBERS = st.one_of(FINITE, st.sampled_from([1e-05, 1.5e-07, 1e16, -2.5e22, 0.0001, 123456789012345678.0, 5e-324]))


def _values(scalars: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                         st.dictionaries(TEXT, inner, max_size=5)), max_leaves=25)


def _dumps(value: Any, sort_keys: bool) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":")).encode("utf-8")


def _has_exponent(value: Any) -> bool:
    if isinstance(value, float):
        return "e" in repr(value)
    if isinstance(value, dict):
        return any(_has_exponent(v) for v in value.values())
    return isinstance(value, list) and any(_has_exponent(v) for v in value)


@settings(max_examples=1000, deadline=None)
@given(_values(SCALARS), st.booleans())
def test_without_floats_compact_writes_what_json_dumps_writes(value: Any, sort_keys: bool) -> None:
    try:
        expected = _dumps(value, sort_keys)
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 text holds one (nor does a definition: the loader refuses it)
        with pytest.raises((UnicodeEncodeError, TypeError)):
            compact(value, sort_keys)
        return
    assert compact(value, sort_keys) == expected


@settings(max_examples=1000, deadline=None)
@given(_values(st.one_of(SCALARS, NUMBERS)), st.booleans())
def test_with_floats_compact_writes_the_same_numbers(value: Any, sort_keys: bool) -> None:
    try:
        expected = _dumps(value, sort_keys)
    except UnicodeEncodeError:
        return
    written = compact(value, sort_keys)
    assert json.loads(written) == json.loads(expected)  # the same values, every float exactly
    if not _has_exponent(value):
        assert written == expected


def test_floats_with_an_exponent_in_shortest_notation_and_big_integers_by_json() -> None:
    assert compact({"step": 1e-05, "max": 1e16}) == b'{"step":0.00001,"max":1e16}'
    assert json.loads(compact({"step": 1e-05}))["step"] == 1e-05 and not math.isnan(json.loads(compact([0.1]))[0])
    assert compact([2**70]) == b"[" + str(2**70).encode() + b"]"
    assert compact({"b": 1, "a": [True, None]}, sort_keys=True) == b'{"a":[true,null],"b":1}'
