"""Hostile citizen data gets a clear error, never a traceback, and the same answer in every channel.

Covers the classes of issue 9: size and depth caps, numbers beyond 2^53,
author patterns on a linear-time engine with ECMAScript's ``$``, control
characters and lone surrogates, impossible dates, one set of whitespace and
digits, and visibility evaluated to a fixed point.
"""

from __future__ import annotations

import json
import time

import pytest

from formc import formats, jsondata, patterns
from formc.runtime.answers import format_number
from formc.runtime.decode import decode, parse_number
from test_validator import TODAY, codes, label, make_form


def test_author_pattern_runs_in_linear_time_and_catastrophic_ones_are_refused() -> None:
    with pytest.raises(patterns.PatternError) as refused:
        patterns.translate("(a+)+")
    assert "exponential" in refused.value.message and refused.value.offset == 4
    form = make_form([{"id": "code", "type": "text", "label": label("Code"), "max_length": 200,
                      "pattern": "(?:a|b)*c[a-z]+"}])
    start = time.process_time()
    assert codes(form, {"code": "ab" * 90 + "!"}) == [("/code", "pattern")]
    assert time.process_time() - start < 0.5


@pytest.mark.parametrize("pattern, problem", [
    ("(?=a)b", "look-ahead"), (r"(a)\1", "back-reference"), (r"\bword", "word boundary"), ("a{", "escaped"),
    ("x]", "escaped"), ("[]", "empty class"), ("a**", "quantifier"), ("(?i)abc", "inline flag"), (r"\p{L}", "Unicode property"),
])
def test_patterns_outside_the_shared_dialect_are_refused_with_the_reason(pattern: str, problem: str) -> None:
    with pytest.raises(patterns.PatternError) as refused:
        patterns.translate(pattern)
    assert problem in refused.value.message


@pytest.mark.parametrize("pattern, good, bad", [
    (r"\d{4}", "2024", "２０２４"),              # \d is ASCII in every channel
    (r"[A-Z]\s[0-9]", "A\u00a01", "A\u00851"),  # \s is ECMAScript's whitespace (NBSP yes, NEL no)
    ("a.c", "abc", "a\u2028c"),                 # . never matches a line break
])
def test_translated_classes_mean_what_javascript_means(pattern: str, good: str, bad: str) -> None:
    whole = formats.whole_match(patterns.translate(pattern))
    assert formats.matches(whole, good) and not formats.matches(whole, bad)


def test_trailing_newline_does_not_pass_any_pattern() -> None:
    form = make_form([{"id": "email", "type": "email", "label": label("E-mail")},
                      {"id": "code", "type": "text", "label": label("Code"), "pattern": "[A-Z]{2}"},
                      {"id": "day", "type": "date", "label": label("Day")}])
    assert codes(form, {"email": "kari@example.no", "code": "AB", "day": "2024-01-31"}) == []
    assert sorted(codes(form, {"email": "kari@example.no\n", "code": "AB\n", "day": "2024-01-31\n"})) == [
        ("/code", "characters"), ("/day", "type"), ("/email", "type")]


@pytest.mark.parametrize("value", ["a\u0000b", "a\u001fb", "\ud800", "a\ufffeb", "two\nlines"])
def test_control_characters_and_lone_surrogates_are_refused(value: str) -> None:
    form = make_form([{"id": "name", "type": "text", "label": label("Name")}])
    assert codes(form, {"name": value}) == [("/name", "characters")]


def test_a_textarea_keeps_line_breaks_but_not_controls() -> None:
    form = make_form([{"id": "story", "type": "textarea", "label": label("Story")}])
    assert codes(form, {"story": "one\ntwo\tthree"}) == []
    assert codes(form, {"story": "one\u0007"}) == [("/story", "characters")]


def test_a_lone_surrogate_key_is_reported_in_printable_form() -> None:
    form = make_form([{"id": "name", "type": "text", "label": label("Name")}])
    [error] = form.validate({"\ud800x": 1}, lang="en", today=TODAY)
    assert error.code == "unknown" and error.path == "/\ufffdx"
    json.dumps(error.as_dict(), ensure_ascii=False).encode("utf-8")  # printable: no UnicodeEncodeError


def test_deep_and_huge_data_is_refused_as_a_whole() -> None:
    form = make_form([{"id": "name", "type": "text", "label": label("Name")}])
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    assert codes(form, {"name": deep}) == [("", "too_deep")]
    assert codes(form, {"name": list(range(formats.MAX_NODES + 1))}) == [("", "too_large")]


@pytest.mark.parametrize("value, code", [(2**53, "maximum"), (-(2**60), "minimum"), (10**5000, "maximum"), (1e300, "maximum")],
                         ids=["2^53", "-2^60", "10^5000", "1e300"])
def test_numbers_beyond_two_to_the_53_are_refused(value: float, code: str) -> None:
    form = make_form([{"id": "n", "type": "decimal", "label": label("N")}])
    assert codes(form, {"n": value}) == [("/n", code)]


def test_a_tiny_decimal_without_decimals_is_accepted_and_formats_without_exponent() -> None:
    form = make_form([{"id": "n", "type": "decimal", "label": label("N")}])
    assert codes(form, {"n": 1e-05}) == []
    assert format_number(1e-05, "nb") == "0,00001" and format_number(2.0, "en") == "2"


@pytest.mark.parametrize("day, valid", [("2024-02-29", True), ("2000-02-29", True), ("1900-02-29", False),
                                        ("2021-02-29", False), ("2020-13-01", False), ("0000-01-01", False),
                                        ("2023-04-31", False), ("9999-12-31", True), ("0001-01-01", True)])
def test_the_date_pattern_alone_admits_real_dates_only(day: str, valid: bool) -> None:
    assert formats.matches(formats.DATE, day) is valid
    form = make_form([{"id": "d", "type": "date", "label": label("D")}])
    assert (codes(form, {"d": day}) == []) is valid


@pytest.mark.parametrize("text, why", [
    ("[" * 10_000 + "]" * 10_000, "nested deeper"), ('{"a": ' + "9" * 5000 + "}", "a number written with 5000"),
    ('{"a": NaN}', "`NaN` is not JSON"), ('{"a": 1', "not valid JSON")])
def test_json_input_is_read_within_limits(text: str, why: str) -> None:
    with pytest.raises(jsondata.DataError) as refused:
        jsondata.loads(text)
    assert why in refused.value.message


def test_one_set_of_whitespace_and_digits() -> None:
    assert parse_number("１２") == "１２" and parse_number("\u066312") == "\u066312"  # ASCII digits only
    assert parse_number("\ufeff12\u2009000") == 12000            # U+FEFF and thin space are whitespace
    assert parse_number("12\u0085") == "12\u0085"                  # U+0085 is not
    assert formats.trim("\u001c x \ufeff") == "\u001c x"          # JavaScript's trim, exactly
    assert set(formats.WHITESPACE) == set(" \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {
        chr(c) for c in range(0x2000, 0x200b)}


def test_decode_never_raises_on_what_a_client_posts() -> None:
    form = make_form([{"id": "n", "type": "integer", "label": label("N")},
                      {"id": "g", "type": "group", "label": label("G"),
                       "fields": [{"id": "x", "type": "text", "label": label("X")}]}])
    hostile = [("n", "9" * 5000), (None, "x"), ("g", "flat"), ("g.x.y", "deep"), ("n" * 5000, "1"), ("g.x", b"\xff\xfe"),
               ("g.x", 12), ("n[0]", "1"), ("n", "１２")]
    data = decode(form, hostile, today=TODAY)
    assert data == {"n": "9" * 5000, "g": {"x": "\ufffd\ufffd"}}
    assert codes(form, data) == [("/n", "type")]
    assert decode(form, 42, today=TODAY) == {} and decode(form, [("n",)], today=TODAY) == {}


def test_visibility_is_a_fixed_point_whatever_the_field_order() -> None:
    form = make_form([
        {"id": "a", "type": "boolean", "label": label("A")},
        {"id": "c", "type": "text", "label": label("C"), "visible_if": "not answered(b)", "required": True},
        {"id": "b", "type": "text", "label": label("B"), "visible_if": "a == true"},
    ])
    posted = [("a", "false"), ("b", "stale"), ("c", "kept")]
    data = decode(form, posted, today=TODAY)
    assert data == {"a": False, "c": "kept"}
    assert codes(form, data) == []
    assert codes(form, {"a": False, "b": "stale", "c": "kept"}) == [("/b", "hidden")]


@pytest.mark.parametrize("fields", [
    [{"id": "a", "type": "text", "label": label("A"), "visible_if": "answered(b)"},
     {"id": "b", "type": "text", "label": label("B"), "visible_if": "not answered(a)"}],
    [{"id": "g", "type": "group", "label": label("G"), "visible_if": "answered(y)",
      "fields": [{"id": "x", "type": "text", "label": label("X")}]},
     {"id": "y", "type": "text", "label": label("Y"), "visible_if": "answered(g.x)"}],
])
def test_conditions_that_decide_each_others_visibility_are_refused(fields: list[dict]) -> None:
    from formc.checker import FormBuilder
    from formc.diagnostics import Diagnostics
    from formc.loader import load_text
    import yaml
    from strategies import ORG

    raw = {"formc": 1, "kind": "form", "id": "t", "version": "1.0.0", "languages": ["nb", "nn", "en"],
           "title": label("T"), "pages": [{"id": "p", "fields": fields}]}
    diags = Diagnostics()
    source = load_text(yaml.safe_dump(raw, allow_unicode=True), "t.yaml", diags)
    assert FormBuilder(source, {}, {}, ORG, diags).build() is None  # type: ignore[arg-type]
    [cycle] = [d for d in diags.items if d.code == "FC406"]
    assert "depending on each other" in cycle.message and cycle.span.line > 0
