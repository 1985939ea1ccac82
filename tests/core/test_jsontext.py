"""formc.jsontext.compact: the bytes ``json.dumps`` writes, whichever encoder wrote them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formc.jsontext import compact

FINITE = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-(2**53), 2**53), FINITE,
                    st.sampled_from([1e-05, 1.5e-07, 1e16, -2.5e22, 0.0001, 123456789012345678.0, 5e-324]),
                    st.text(), st.sampled_from(["0.00001", "1e5", "\x00", "\u2028", "</script>", "\ud800"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=5)),
                      max_leaves=25)


def _dumps(value: Any, sort_keys: bool) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":")).encode("utf-8")


@settings(max_examples=1500, deadline=None)
@given(VALUES, st.booleans())
def test_compact_writes_what_json_dumps_writes(value: Any, sort_keys: bool) -> None:
    try:
        expected = _dumps(value, sort_keys)
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 text holds one (nor does a definition: the loader refuses it)
        with pytest.raises(UnicodeEncodeError):
            compact(value, sort_keys)
        return
    assert compact(value, sort_keys) == expected


def test_values_orjson_writes_otherwise_or_refuses_are_written_by_json() -> None:
    assert compact({"step": 1e-05, "max": 1e16}) == b'{"step":1e-05,"max":1e+16}'
    assert compact([2**70]) == b"[" + str(2**70).encode() + b"]"
    assert compact({"b": 1, "a": [True, None]}, sort_keys=True) == b'{"a":[true,null],"b":1}'
