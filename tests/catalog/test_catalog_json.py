"""The catalogue's JSON-LD is written by orjson: the same bytes as ``json.dumps(..., indent=2)``, which it replaced."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from formc.targets.catalog.jsonld import pretty_json

# what a node holds: text (any code point but a lone surrogate, which UTF-8 cannot carry), None, booleans, integers,
# language maps and lists of them
TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
LEAVES = st.none() | st.booleans() | st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1) | TEXT
VALUES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=25)


@settings(max_examples=400)
@given(VALUES)
def test_pretty_json_is_json_dumps_indent_2(value: Any) -> None:
    assert pretty_json(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2).encode("utf-8")


@given(st.integers(min_value=2 ** 64))
def test_integers_orjson_refuses_are_written_by_json(value: Any) -> None:
    assert pretty_json({"n": [value]}) == json.dumps({"n": [value]}, indent=2).encode("utf-8")
