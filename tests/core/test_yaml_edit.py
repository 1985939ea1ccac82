"""Writing a translation into a YAML file: any text reads back exactly, and nothing else of the file changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from formc.diagnostics import Diagnostics
from formc.loader import load_text
from formc.yaml_edit import EditError, set_texts

FILE = """\
# a comment
a:   {nb: "Hei", nn: Hei}   # flow
b:
  label:
    nb: Navn  # block
    nn: 'Namn'
  hint:
    nb: |
      Lang
      tekst
c: [1, {nb: a}]
"""

# texts a translator may type: quotes, colons, hashes, brackets, commas, leading spaces, line breaks, YAML words
texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), min_size=1, max_size=40),
    st.sampled_from(["yes", "no", "true", "null", "1.0", "- item", "key: value", "# not a comment", "a, b",
                     "{x}", "[y]", "'single'", '"double"', " lead", "trail ", "line\nbreak", "tab\there", "~",
                     "line\u2028separator", "para\u2029separator", "\ufeffbom"]),
)


@settings(max_examples=150, deadline=None)
@given(flow=texts, block=texts, added=texts, nested=texts)
def test_any_text_reads_back_and_the_rest_is_kept(flow: str, block: str, added: str, nested: str) -> None:
    edits = {("a",): {"nn": flow, "en": added}, ("b", "label"): {"nn": block, "en": added},
             ("b", "hint"): {"en": added}, ("c", 1): {"en": nested}}
    result = set_texts(FILE, edits)
    data = load_text(result, "x", Diagnostics()).data
    assert data["a"] == {"nb": "Hei", "nn": flow, "en": added}
    assert data["b"]["label"] == {"nb": "Navn", "nn": block, "en": added}
    assert data["b"]["hint"] == {"nb": "Lang\ntekst\n", "en": added}
    assert data["c"] == [1, {"nb": "a", "en": nested}]
    assert "a:   {nb: \"Hei\", nn: " in result and result.splitlines()[1].endswith("}   # flow")
    for line in ("# a comment", "    nb: Navn  # block", "    nb: |", "      Lang", "      tekst"):
        assert line in result.splitlines()


def test_line_endings_of_the_file_are_kept() -> None:
    crlf = FILE.replace("\n", "\r\n")
    result = set_texts(crlf, {("b", "label"): {"en": "Name"}})
    assert "\n" not in result.replace("\r\n", "")
    assert result == crlf.replace("    nn: 'Namn'\r\n", "    nn: 'Namn'\r\n    en: Name\r\n")


@pytest.mark.parametrize("text, code", [("back\bspace", "0008"), ("del\x7f", "007F"), ("next\x85line", "0085")])
def test_a_control_character_is_refused_with_where_it_is(text: str, code: str) -> None:
    with pytest.raises(EditError, match=rf"`en` text at b/label holds the control character U\+{code}"):
        set_texts(FILE, {("b", "label"): {"en": text}})


def test_an_unbalanced_direction_control_is_refused_and_a_balanced_one_written() -> None:
    with pytest.raises(EditError, match=r"`en` text at b/label holds the direction control U\+202E at character 5"):
        set_texts(FILE, {("b", "label"): {"en": "Name\u202eeman"}})
    isolated = "Name of \u2067\u05d0\u05d1\u2069"  # a right-to-left name in an isolate, closed: kept as it is
    result = set_texts(FILE, {("b", "label"): {"en": isolated}})
    assert load_text(result, "t.yaml", Diagnostics()).data["b"]["label"]["en"] == isolated


def test_a_text_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(EditError, match="not a mapping of languages"):
        set_texts("title: Hei\n", {("title",): {"en": "Hello"}})
