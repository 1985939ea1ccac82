"""The loader's compiled fast path (formc/_fastload.c) against its Python builder.

For any text the fast path either builds exactly what the Python builder builds — the same values of the
same types, the same line:column for every value and key, the same bare flow keys — or declines, and it
declines exactly the texts the Python builder refuses with a diagnostic (which ``load_text`` then reports,
position and all). The documents are generated: awkward scalars in every quoting style, duplicate keys,
anchors and aliases, tags, flow and block collections, deep nesting, and random damage to the text.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from formc import loader
from formc.diagnostics import Diagnostics
from formc.loader import SourceFile, load_text
from formc.project import check_project

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(loader._fastload is None and not os.environ.get("CI"),
                                reason="formc._fastload is not built here (`pip install -e .` builds it)")

PLAIN = ["yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE",
         "false", "False", "FALSE", "1e3", "1E3", "1e+3", "0x10", "0x1F", "0o17", "0o8", "017", "08", "0b101",
         "2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01 10:00:00+01:00", "12:30", "1:20:30", ".inf", "-.inf",
         "+.INF", ".nan", ".NaN", "1_000", "+1", "-0", "0", "1.5", "1.", "-.5", ".5", "+.5e-3", "1.0.0",
         "9007199254740991", "-9007199254740991", "9007199254740992", "9007199254740991.0", "9.007199254740992e15",
         "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "0x20000000000000", "0o400000000000000000",
         "nb", "form-0001", "field_1", "text", "national_id", "~x", "-", "-x", "+", ".", "..", "1-2", "x" * 300,
         "ø", "æøå ÆØÅ", "😀", "é", "١٢٣", "１２", "a b", "today"]
QUOTED = ["", " ", "yes", "1", "~", "null", "1e3", "x\\ty", "\\x01", "\\0", "\\u0000", "\\r", "\\n", "\\uFFFE",
          "\\uffff", "\\ud800", "\\U0001F600", "\\x85", "\\u2028", "\\e", "\\/", "line\\nline", "ø", "'", "\\\"",
          "\\u202e", "a\\u202eb\\u202c", "\\u2067x\\u2069", "\\u2069", "\\u202ax\\ny\\u202c", "\\u2029"]
KEYS = ["a", "b", "c", "yes", "1", "~", "null", "id", "ø", "'a'", '"a"', "'b'", "! a", "&k a", "\"\\t\"", "? a\n"]
ODD_KEYS = ["!!str a", "!x a", "\"\\x01\"", "? [a]\n", "*a", "[a]", "{a: 1}"]  # each refused
ANCHORS = ["a", "b", "c"]
CHARACTERS = st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.characters(blacklist_categories=("Cs",)))


def scalar() -> st.SearchStrategy[str]:
    words = st.text(st.sampled_from("abcxyz019 ._-/øé😀\u00a0"), min_size=1, max_size=12)
    odd_words = st.text(st.sampled_from("ax0 .\u2028\x85:#,[{!&*%@`|>'\"\t\u202a\u202c\u202e\u2066\u2068\u2069\u2029"),
                        min_size=1, max_size=6)
    plain = st.one_of(st.sampled_from(PLAIN), st.sampled_from(PLAIN), words, words, words, words, odd_words)
    single = st.text(CHARACTERS, max_size=12).map(lambda t: "'" + t.replace("'", "''") + "'")
    double = st.sampled_from(QUOTED).map(lambda t: f'"{t}"')
    tagged = st.tuples(st.sampled_from(["!!str", "!!int", "!", "!x", "!!binary", "!!timestamp"]),
                       st.sampled_from(PLAIN[:30])).map(" ".join)
    return st.one_of(*[plain] * 8, single, double, tagged)


def _node(children: st.SearchStrategy) -> st.SearchStrategy:
    keys = st.one_of(st.sampled_from(["a", "b", "c"]), st.sampled_from(["a", "b", "c"]), st.sampled_from(KEYS),
                     st.sampled_from(["a", *ODD_KEYS]))
    mapping = st.tuples(st.just("map"), st.lists(st.tuples(keys, children), max_size=5),
                        st.booleans(), st.sampled_from([None, None, *ANCHORS]))
    sequence = st.tuples(st.just("seq"), st.lists(children, max_size=4), st.booleans(),
                         st.sampled_from([None, None, *ANCHORS]))
    return st.one_of(mapping, sequence)


NODES = st.recursive(
    st.one_of(scalar().map(lambda s: ("scalar", s)),
              st.sampled_from(ANCHORS + ["zz"]).map(lambda a: ("alias", a)),
              st.tuples(st.sampled_from(ANCHORS), scalar()).map(lambda pair: ("scalar", f"&{pair[0]} {pair[1]}")),
              st.lists(st.text(CHARACTERS, max_size=20), min_size=1, max_size=3).map(lambda lines: ("literal", lines))),
    _node, max_leaves=15)


def flow(node: Any) -> str:
    kind = node[0]
    if kind == "scalar":
        return node[1]
    if kind == "alias":
        return "*" + node[1]
    if kind == "literal":
        return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in node[1]) + '"'
    anchor = f"&{node[3]} " if node[3] else ""
    if kind == "map":  # a key with no value is a bare key: `{a, b: 1}`
        return anchor + "{" + ", ".join(k if v == ("scalar", "") else f"{k}: {flow(v)}" for k, v in node[1]) + "}"
    return anchor + "[" + ", ".join(flow(child) for child in node[1]) + "]"


def block(node: Any, indent: int) -> str:
    """The node in block style where it is a non-empty block collection, else in flow style on one line."""
    pad = " " * indent
    kind = node[0]
    if kind not in ("map", "seq") or node[2] or not node[1]:
        return pad + flow(node) + "\n"
    anchor = f"&{node[3]}" if node[3] else ""
    lines = [pad + anchor + "\n"] if anchor else []
    for item in node[1]:
        key, child = item if kind == "map" else ("-", item)
        lead = pad + (key if kind == "map" and key.endswith("\n") else f"{key}:" if kind == "map" else "-")
        if child[0] == "literal":
            lines.append(f"{lead} |\n" + "".join(f"{pad}  {line}\n" for line in child[1]))
        elif child[0] in ("map", "seq") and not child[2] and child[1]:
            lines.append(f"{lead}\n" + block(child, indent + 2))
        else:
            lines.append(f"{lead} {flow(child)}\n")
    return "".join(lines)


DAMAGE = st.sampled_from(["", "", "", "\t", "\x01", "\x00", ":", "- ", "[", "]", "{", "}", ",", "#", "&a ", "*a",
                          "!", "'", '"', "\n", "\n  ", "---\n", "...\n", "%YAML 1.1\n---\n", "\ufeff", "\x85", "?"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    node = draw(NODES)
    text = block(node, 0) if draw(st.booleans()) else flow(node) + "\n"
    if draw(st.integers(0, 5)) == 0:  # nesting deep enough to meet the depth limit
        depth = draw(st.integers(60, 70))
        text += f"deep: {'[' * depth}1{']' * depth}\n" if draw(st.booleans()) else \
            "deep:\n" + "".join(" " * (2 * i + 2) + f"k{i}:\n" for i in range(depth)) + " " * (2 * depth + 2) + "x\n"
    for _ in range(draw(st.sampled_from([0] * 8 + [1, 2]))):
        where = draw(st.integers(0, len(text)))
        text = text[:where] + draw(DAMAGE) + text[where:]
    return text


def same(left: Any, right: Any) -> bool:
    """Equal values of the same types all the way down (1 == 1.0 == True would hide a typing difference)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right))
    return left == right


def python_builder(text: str) -> tuple[SourceFile | None, Diagnostics]:
    diags = Diagnostics()
    return loader._build(text, SourceFile("t.yaml", None, ""), diags), diags


def assert_agree(text: str) -> None:
    fast = loader._fastload.load(text.encode("utf-8"), loader._fast_plain, loader._OUT_OF_RANGE, loader._LIMITS)
    slow, slow_diags = python_builder(text)
    diags = Diagnostics()
    public = load_text(text, "t.yaml", diags)
    if slow is None:
        assert fast is None, "the fast path took a text the Python builder refuses"
        assert public is None and diags.items == slow_diags.items and diags.items
        return
    assert fast is not None, "the fast path declined a text the Python builder loads"
    data, positions, key_positions, bare_keys = fast
    assert same(data, slow.data)
    assert positions == slow.positions
    assert key_positions == slow.key_positions
    assert bare_keys == slow.bare_keys
    assert public is not None and same(public.data, slow.data) and diags.items == []
    few = loader._fastload.load(text.encode("utf-8"), loader._fast_plain, loader._OUT_OF_RANGE, loader._LIMITS, True)
    assert same(few[0], slow.data) and few[3] == slow.bare_keys and few[2] == {}
    assert few[1].items() <= slow.positions.items()
    # each span the loaded file gives is the Python builder's: a value's span among the few positions kept is
    # answered from them, without loading the rest; the first span asked outside them (a key's, here) loads all the
    # positions, and every span after that is answered from those
    asked = [*slow.positions, *slow.key_positions, *(p + ("zz",) for p in slow.positions)]
    loaded = load_text(text, "t.yaml", Diagnostics())
    for path in few[1]:
        assert loaded.span(path) == slow.span(path), path
    assert loaded.unplaced is not None, "a span among the few positions loaded the rest"
    for path in asked:
        for key in (True, False):
            assert loaded.span(path, key) == slow.span(path, key), (path, key)
    assert loaded.unplaced is None


@settings(max_examples=int(os.environ.get("FORMC_LOADER_EXAMPLES", "600")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_fast_path_and_python_builder_agree_on_generated_documents(text: str) -> None:
    assert_agree(text)
    diags = Diagnostics()
    event("loads" if load_text(text, "t.yaml", diags) else f"refused: {diags.items[0].code}")


@pytest.mark.parametrize("text", [
    "a: &x {b: [1, 2]}\nc: *x\nd: *x\n",               # aliases share the anchored value
    "a: &x 1\nb: &x 2\nc: *x\n",                        # an anchor defined again names the later value
    "&k a: 1\nb: *k\n",                                 # an anchor on a key names nothing
    "a: {b, c: 1, d}\n",                                # bare keys in a flow mapping
    "? a\n: 1\n",                                       # an explicit key
    "\ufeffa: 1\n",                                     # a byte-order mark
    "a: 1\r\nb: 'x\r\n  y'\r\n",                        # CRLF line ends
    "a: 1\n...\n",                                      # an explicit document end
    "%YAML 1.1\n---\na: yes\n",                         # a directive does not bring YAML 1.1 booleans back
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",  # a tag through a handle is still a tag
    "a: ! 1\n! b: 2\n",                                 # the non-specific tag keeps text as text
    "a: [" * 64 + "]" * 64 + "\n",                      # nesting just within and just past the limit
    "a: [" * 65 + "]" * 65 + "\n",
    "a: " + "[" * 70 + "x" + "]" * 70 + "\n",
    "x: " + ", ".join(["*a"] * 3) + "\n",
    "a: &a [1]\nb: [" + ", ".join(["*a"] * 50) + "]\n",  # the alias limit, at and past it
    "a: &a [1]\nb: [" + ", ".join(["*a"] * 51) + "]\n",
    "a: b: c\n", "a: 'x\n", "- a\nb: 1\n", "a: 1\na: 2\n", "", "# only a comment\n", "a: 1\n---\nb: 2\n",
    "a: \"\\x01\"\n", "\"\\x01\": 1\n", "a: 1e400\n", "a: 9007199254740992\n", "a: -0x20000000000000\n",
])
def test_fast_path_and_python_builder_agree_on_edge_cases(text: str) -> None:
    assert_agree(text)


def test_fast_path_takes_every_shipped_definition() -> None:
    """It loads the real library itself (a fast path that declined everything would still agree)."""
    files = sorted((REPO / "form_definitions").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert loader._fastload.load(text.encode("utf-8"), loader._fast_plain, loader._OUT_OF_RANGE,
                                     loader._LIMITS) is not None, path
        assert_agree(text)


def test_fast_path_is_built_in_ci() -> None:
    if not os.environ.get("CI"):
        pytest.skip("checked in CI, where `pip install -e .` builds formc._fastload")
    assert loader._fastload is not None


def test_checking_the_shipped_project_asks_for_no_other_position(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path records only the positions a clean definition asks for: checking every shipped definition
    and building its forms asks for no other (each would load its file a second time)."""
    loaded: list[SourceFile] = []
    load = loader._load

    def keep(*args: Any) -> SourceFile | None:
        loaded.append(load(*args))
        return loaded[-1]

    monkeypatch.setattr(loader, "_load", keep)
    project = check_project(REPO)
    assert project.forms and not project.diagnostics
    assert len(loaded) > len(project.forms) and all(source.unplaced is not None for source in loaded)
