"""formc.bidi: direction controls in an answer closed for display, checked against GNU FriBidi's UAX #9 levels."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formc.bidi import CONTROLS, FSI, LRE, LRI, PDF, PDI, RLI, RLO, balanced, has_controls, spelled_out, unbalanced

IN_CI = os.environ.get("CI") == "true"  # as tests/conftest.py: in CI a missing FriBidi fails instead of skipping


def _fribidi() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("fribidi")
    if not name:
        return None
    library = ctypes.CDLL(name)
    library.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8  # FriBidiLevel: the highest level + 1, 0 = failed
    return library


FRIBIDI = _fribidi()
needs_fribidi = pytest.mark.skipif(FRIBIDI is None and not IN_CI, reason="GNU FriBidi (libfribidi0, a Pango dependency) is not installed")
PAR_LTR = 0x110  # FRIBIDI_PAR_LTR


def levels(text: str) -> list[int]:
    """The resolved embedding level of every character of ``text``, one left-to-right paragraph (UAX #9, by FriBidi)."""
    assert FRIBIDI is not None, "GNU FriBidi is missing in CI"
    n = len(text)
    chars = (ctypes.c_uint32 * n)(*map(ord, text))
    types = (ctypes.c_uint32 * n)()
    brackets = (ctypes.c_uint32 * n)()
    result = (ctypes.c_int8 * n)()
    FRIBIDI.fribidi_get_bidi_types(chars, n, types)
    FRIBIDI.fribidi_get_bracket_types(chars, n, types, brackets)
    base = ctypes.c_uint32(PAR_LTR)
    assert FRIBIDI.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(base), result) > 0
    return list(result)


def tail_levels(value: str) -> list[int]:
    """The levels of the Latin word written after ``value`` on the same line (0 = read left to right, as written)."""
    text = "Navn: " + value + " etter"
    return levels(text)[-5:]


# Text as a citizen might type it, rich in direction controls, right-to-left letters and digits.
LINE_CHARACTERS = sorted(CONTROLS) + list("ab1 .(\u05d0\u05d1\u0627\u200f")
TEXTS = st.text(st.sampled_from(LINE_CHARACTERS + ["\n"]), max_size=40)
LINES = st.text(st.sampled_from(LINE_CHARACTERS), max_size=40)


def test_an_open_override_is_closed_and_the_text_kept() -> None:
    assert balanced("Ola" + RLO + "snudd") == "Ola" + RLO + "snudd" + PDF


def test_open_controls_are_closed_innermost_first() -> None:
    assert balanced("a" + RLI + "b" + LRE + "c") == "a" + RLI + "b" + LRE + "c" + PDF + PDI


def test_closers_that_match_nothing_are_dropped() -> None:
    assert balanced("abc" + PDI + RLO + "def") == "abc" + RLO + "def" + PDF
    assert balanced(PDF + "x") == "x"


def test_a_pdf_cannot_close_an_embedding_outside_an_open_isolate() -> None:
    assert balanced(RLO + "a" + RLI + "b" + PDF + "c") == RLO + "a" + RLI + "bc" + PDI + PDF


def test_a_pdi_closes_the_embeddings_opened_inside_its_isolate() -> None:
    text = "x" + LRI + "a" + RLO + "b" + PDI + "y"
    assert balanced(text) == text


def test_every_line_is_closed_on_its_own() -> None:
    assert balanced("a" + RLO + "b\nc" + PDF) == "a" + RLO + "b" + PDF + "\nc"


def test_text_without_controls_is_the_same_object() -> None:
    text = "Kari Nordmann \u05e9\u05dc\u05d5\u05dd\u200f"
    assert balanced(text) is text
    assert not has_controls(text)
    assert has_controls("a" + PDI) and has_controls(RLO)
    assert has_controls([{"filename": "a" + RLO + "fdp.exe", "size": 3}])
    assert not has_controls({"street": "Storgata 1", "n": [1, 2.5, True, None]})


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(TEXTS, TEXTS, max_size=3))
def test_spelled_out_json_is_the_same_data_with_the_controls_visible(data: dict[str, str]) -> None:
    text = spelled_out(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(text) == data
    assert not has_controls(text)


def test_spelled_out_xml_is_the_same_text() -> None:
    from lxml import etree

    xml = spelled_out("<navn>Ola" + RLO + "snudd</navn>", "&#x{:x};")
    assert xml == "<navn>Ola&#x202e;snudd</navn>"
    assert etree.fromstring(xml).text == "Ola" + RLO + "snudd"


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_only_direction_controls_are_added_or_removed(text: str) -> None:
    def visible(s: str) -> str:
        return "".join(c for c in s if c not in CONTROLS)

    assert visible(balanced(text)) == visible(text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_balanced_is_idempotent(text: str) -> None:
    once = balanced(text)
    assert balanced(once) == once


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_unbalanced_finds_a_control_exactly_when_balanced_would_change_the_text(text: str) -> None:
    """What the loader refuses in a definition (FC053) is what display would have to mend."""
    index = unbalanced(text)
    assert (index is None) == (balanced(text) == text)
    if index is not None:
        assert text[index] in CONTROLS


def test_unbalanced_names_the_control_at_fault() -> None:
    assert unbalanced("Ola" + RLO + "snudd") == 3  # left open
    assert unbalanced("a" + PDF + "b") == 1  # closes nothing
    assert unbalanced(RLI + "x" + PDI + " " + LRE + "y\nz" + PDF) == 4  # open where its line ends
    assert unbalanced(FSI + "\u05d0" + LRE + "b" + PDI) is None  # the PDI closes the embedding inside its isolate


@settings(max_examples=300, deadline=None)
@given(LINES, LINES)
def test_a_balanced_text_is_returned_unchanged(left: str, right: str) -> None:
    """Whatever is between a matched opener and closer (itself balanced) is left exactly as it was."""
    inner = balanced(left)
    for opener, closer in ((RLO, PDF), (LRE, PDF), (RLI, PDI), (FSI, PDI)):
        text = inner + opener + balanced(right) + closer + inner
        assert balanced(text) == text


@needs_fribidi
@settings(max_examples=400, deadline=None)
@given(LINES)
def test_text_after_a_balanced_value_reads_left_to_right(value: str) -> None:
    """FriBidi's levels: after the value, the next word is at the paragraph's level (not reversed, not embedded)."""
    assert tail_levels(balanced(value)) == [0] * 5


@needs_fribidi
@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_every_line_of_a_balanced_text_leaves_the_next_word_alone(text: str) -> None:
    for line in balanced(text).split("\n"):
        assert tail_levels(line) == [0] * 5


@needs_fribidi
def test_the_oracle_sees_the_attack() -> None:
    """Without balancing, the override reverses the word after the value (so the tests above can fail)."""
    assert tail_levels("Ola" + RLO + "snudd") != [0] * 5
    assert tail_levels("abc" + PDI + RLO + "def") != [0] * 5
    assert tail_levels("a" + RLI + "b") != [0] * 5
