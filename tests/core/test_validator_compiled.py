"""The validator's prepared form (formc.validator, formc.walker, formc.acceptance) decides as the rules say.

A form is prepared once and kept while the form lives; conditions read the
data as posted until an answered field is hidden; an acceptor answers "nothing
to report" for ordinary values without the full check. These tests hold those
shortcuts to the plain meaning: another form (or another version of the same
form) gets its own answers, the cache never keeps a form alive, data that
takes the long road (dict subclasses, hidden answers) gets the same errors as
data that takes the short one, an acceptor never accepts what the full check
would report, and the check-digit and character shortcuts agree with their
textbook definitions.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import gc
import weakref
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formc import checkdigits, formats
from formc.acceptance import acceptor
from formc.model import Form
from strategies import TODAY, awkward_value, forms, submissions, valid_value
from test_validator import label, make_form

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def errors(form: Form, data: Any, lang: str = "en") -> list[tuple[str, str, str]]:
    return [(e.path, e.code, e.message) for e in form.validate(data, lang=lang, today=TODAY)]


class Items(list):
    """A list subclass: equal to the list, but not the type JSON gives."""


def _subclassed(value: Any) -> Any:
    """The same data in OrderedDicts and Items: equal, but taking the validator's long road."""
    if isinstance(value, dict):
        return collections.OrderedDict((k, _subclassed(v)) for k, v in value.items())
    if isinstance(value, list):
        return Items(_subclassed(v) for v in value)
    return value


def test_two_versions_of_one_form_keep_their_own_rules() -> None:
    short = make_form([{"id": "name", "type": "text", "label": label("Name"), "max_length": 3, "required": True}])
    long = dataclasses.replace(short, version="2.0.0", pages=tuple(
        dataclasses.replace(page, fields=tuple(dataclasses.replace(f, max_length=10) for f in page.fields))
        for page in short.pages))
    for _ in range(2):  # alternately, so a cached preparation of one would show in the other
        assert [e[1] for e in errors(short, {"name": "Kari Nordmann"[:6]})] == ["max_length"]
        assert errors(long, {"name": "Kari Nordmann"[:6]}) == []
        assert [e[1] for e in errors(short, {})] == [e[1] for e in errors(long, {})] == ["required"]


def test_forms_with_the_same_field_ids_do_not_share_answers() -> None:
    first = make_form([{"id": "a", "type": "integer", "label": label("A"), "max": 5}])
    second = make_form([{"id": "a", "type": "text", "label": label("A")}])
    for _ in range(2):
        assert [e[1] for e in errors(first, {"a": 7})] == ["maximum"]
        assert [e[1] for e in errors(first, {"a": "7"})] == ["type"]
        assert errors(second, {"a": "7"}) == []
        assert [e[1] for e in errors(second, {"a": 7})] == ["type"]


def test_a_validated_form_is_not_kept_alive() -> None:
    form = make_form([{"id": "a", "type": "text", "label": label("A"), "visible_if": "b == true"},
                      {"id": "b", "type": "boolean", "label": label("B")}])
    assert errors(form, {"a": "x", "b": True}) == []
    gone = weakref.ref(form)
    del form
    gc.collect()
    assert gone() is None


def test_a_replaced_form_validated_after_the_old_one_is_gone_gets_its_own_answers() -> None:
    for limit in (2, 4, 8):  # a new form object may reuse the memory (and id) of the one before
        form = make_form([{"id": "t", "type": "text", "label": label("T"), "max_length": limit}])
        assert [e[1] for e in errors(form, {"t": "abcde"})] == ([] if limit >= 5 else ["max_length"])
        del form
        gc.collect()


CONDITIONAL = [
    {"id": "has_children", "type": "boolean", "label": label("Children?"), "required": True},
    {"id": "kind", "type": "choice", "label": label("Kind"), "options": [{"value": v, "label": label(v)} for v in "abc"]},
    {"id": "count", "type": "integer", "label": label("How many"), "visible_if": "has_children == true",
     "required": "kind in ['a', 'b']", "max": 20},
    {"id": "spouse", "type": "group", "label": label("Spouse"), "optional": True, "visible_if": "kind == 'a'",
     "fields": [{"id": "name", "type": "text", "label": label("Name"), "required": True}]},
    {"id": "home", "type": "group", "label": label("Home"), "required": "kind == 'b'",
     "fields": [{"id": "street", "type": "text", "label": label("Street")}]},
    {"id": "children", "type": "repeat", "label": label("Children"), "visible_if": "has_children == true",
     "min_items": 1, "max_items": 2, "fields": [
         {"id": "name", "type": "text", "label": label("Name"), "required": True},
         {"id": "needs", "type": "boolean", "label": label("Needs?")},
         {"id": "needs_text", "type": "textarea", "label": label("Describe"), "visible_if": "needs == true"}]},
]


@pytest.mark.parametrize("data, expected", [
    ({"has_children": False, "kind": "c"}, []),
    ({"has_children": True, "kind": "a", "count": 2, "children": [{"name": "Ola"}]}, []),
    ({"has_children": True, "kind": "a", "children": [{"name": "Ola"}]}, [("/count", "required")]),
    ({"has_children": True, "kind": "c", "children": [{"name": "Ola"}]}, []),
    ({"has_children": False, "kind": "a", "count": 2}, [("/count", "hidden")]),
    ({"has_children": False, "kind": "a", "spouse": {}}, [("/spouse", "empty")]),
    ({"has_children": False, "kind": "a", "spouse": {"name": ""}}, [("/spouse/name", "empty")]),
    ({"has_children": False, "kind": "c", "spouse": {"name": "Kari"}}, [("/spouse", "hidden")]),
    ({"has_children": False, "kind": "b"}, [("/home", "required")]),
    ({"has_children": True, "kind": "c", "children": [{"name": "Ola", "needs": False, "needs_text": "x"}, 3, {}]},
     [("/children", "max_items"), ("/children/0/needs_text", "hidden"), ("/children/1", "type"),
      ("/children/2/name", "required")]),
    ({"has_children": True, "kind": "c", "children": []}, [("/children", "empty")]),
    ({"kind": "z", "extra": {"deep": [1]}, "count": "2"},
     [("/has_children", "required"), ("/kind", "option"), ("/count", "hidden"), ("/extra", "unknown")]),
])
def test_conditions_requirements_and_groups_in_every_combination(data: dict, expected: list) -> None:
    form = make_form(CONDITIONAL)
    assert [(e[0], e[1]) for e in errors(form, data)] == expected
    assert errors(form, _subclassed(data)) == errors(form, data)  # the long road: visibility settled first


def test_a_hidden_answer_does_not_show_the_fields_that_depend_on_it() -> None:
    """Conditions read the data without hidden answers: `b` is hidden, so `c` (visible when b is true) is too."""
    form = make_form([{"id": "a", "type": "boolean", "label": label("A")},
                      {"id": "b", "type": "boolean", "label": label("B"), "visible_if": "a == true"},
                      {"id": "c", "type": "text", "label": label("C"), "visible_if": "b == true", "required": True}])
    data = {"a": False, "b": True, "c": "x"}
    assert [(e[0], e[1]) for e in errors(form, data)] == [("/b", "hidden"), ("/c", "hidden")]
    assert [(e[0], e[1]) for e in errors(form, {"a": False, "b": True})] == [("/b", "hidden")]  # c not required
    assert errors(form, {"a": True, "b": True, "c": "x"}) == []
    assert errors(form, _subclassed(data)) == errors(form, data)


@SETTINGS
@given(st.data())
def test_posted_data_and_its_subclassed_twin_get_the_same_errors(data: st.DataObject) -> None:
    """Plain dicts and lists take the short road (conditions read the data as posted); subclasses the settled one."""
    form = data.draw(forms())
    submission = data.draw(submissions(form))
    assert errors(form, _subclassed(submission)) == errors(form, submission)


@SETTINGS
@given(st.data())
def test_an_acceptor_never_accepts_what_the_full_check_reports(data: st.DataObject) -> None:
    form = data.draw(forms())
    fields = [f for f in form.fields if f.type not in ("note", "group", "repeat") and f.visible_if is None]
    if not fields:
        return
    field = data.draw(st.sampled_from(fields))
    value = data.draw(st.one_of(valid_value(field), awkward_value(field)))
    accept = acceptor(field)
    if accept is not None and accept(value, TODAY):
        assert [e for e in errors(form, {field.id: value}) if e[0] == f"/{field.id}"] == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-+:/ T\n٣", min_size=8, max_size=12))
def test_the_date_acceptor_admits_only_what_the_date_pattern_does(value: str) -> None:
    field = make_form([{"id": "d", "type": "date", "label": label("D")}]).fields[0]
    if acceptor(field)(value, TODAY):  # type: ignore[misc]
        assert formats.matches(formats.DATE, value)


@pytest.mark.parametrize("value", ["2024-02-29", "0001-01-01", "9999-12-31", "2023-02-29", "0000-01-01", "2024-1-01",
                                   "2024-01-01\n", "٢٠٢٤-01-01", "+024-01-01", "2024-01-+1"])
def test_the_date_acceptor_on_the_pattern_s_edges(value: str) -> None:
    field = make_form([{"id": "d", "type": "date", "label": label("D")}]).fields[0]
    assert acceptor(field)(value, datetime.date(2026, 1, 1)) is formats.matches(formats.DATE, value)  # type: ignore[misc]


def _textbook_mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    control = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return 0 if control == 11 else None if control == 10 else control


def _textbook_national_id(value: str) -> bool:
    day, month = int(value[0:2]), int(value[2:4])
    day, month = day - 40 if day > 40 else day, month - 40 if month > 40 else month  # D-numbers, test numbers
    try:
        datetime.date(2000, month, day)  # a leap year: 29 February counts
    except ValueError:
        return False
    k1 = _textbook_mod11(value[:9], (3, 7, 6, 1, 8, 9, 4, 5, 2))
    k2 = _textbook_mod11(value[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    return k1 is not None and k1 == int(value[9]) and k2 is not None and k2 == int(value[10])


@settings(max_examples=500, deadline=None)
@given(st.integers(1, 71), st.integers(1, 53), st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_national_id_check_digits_match_the_textbook_algorithm(day: int, month: int, rest: str) -> None:
    value = f"{day:02d}{month:02d}{rest}"
    assert checkdigits.no_national_id(value) is _textbook_national_id(value)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=8, max_size=11))
def test_org_bank_and_cvr_check_digits_match_the_textbook_algorithm(value: str) -> None:
    if len(value) == 9:
        k = _textbook_mod11(value[:8], (3, 2, 7, 6, 5, 4, 3, 2))
        assert checkdigits.no_org_number(value) is (k is not None and k == int(value[8]))
    if len(value) == 11:
        k = _textbook_mod11(value[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        assert checkdigits.no_bank_account(value) is (k is not None and k == int(value[10]))
    if len(value) == 8:
        total = sum(int(d) * w for d, w in zip(value, (2, 7, 6, 5, 4, 3, 2, 1)))
        assert checkdigits.dk_cvr(value) is (value[0] != "0" and total % 11 == 0)


def test_check_digits_of_other_decimal_digits_are_read_as_their_values() -> None:
    arabic = "".join(chr(0x0660 + int(d)) for d in "964965226")  # Arabic-Indic digits: str.isdigit, int() reads them
    assert checkdigits.no_org_number(arabic) is checkdigits.no_org_number("964965226") is True


_EMAIL_PARTS = st.sampled_from(["a", "Z", "0", "9", ".", "..", "-", "@", "_", "+", "!", "~", "é", "\n", " ", "\x00",
                                 "\ud800", "x" * 61, "y" * 63, "z" * 64])


@settings(max_examples=1000, deadline=None)
@given(st.emails() | st.lists(_EMAIL_PARTS, max_size=12).map("".join)
       | st.tuples(st.emails(), st.sampled_from(["", "\n", ".", "-", "é", "\x00"])).map("".join))
def test_the_e_mail_acceptor_s_shape_admits_exactly_what_re2_does(value: str) -> None:
    # formats.EMAIL_SHAPE (Python's re, for the acceptor) and formats.matches(EMAIL) (RE2, the full check)
    assert (formats.EMAIL_SHAPE(value) is not None) is formats.matches(formats.EMAIL, value)


@pytest.mark.parametrize("value", ["a@b.no", "a.b@c.no", "a..b@c.no", ".a@c.no", "a@c.no\n", "a@-c.no", "a@c-.no",
                                   "a@" + "c" * 63 + ".no", "a@" + "c" * 64 + ".no", "a@c", "æ@c.no", "a@c.no "])
def test_the_e_mail_acceptor_on_the_pattern_s_edges(value: str) -> None:
    field = make_form([{"id": "e", "type": "email", "label": label("E")}]).fields[0]
    assert acceptor(field)(value, TODAY) is formats.matches(formats.EMAIL, value)  # type: ignore[misc]


_FORBIDDEN = {*map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0e, 0x20)), "\ufffe", "\uffff"}
_BREAKS = {"\n", "\r", "\u2028", "\u2029"}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=20),
       st.booleans())
def test_the_first_forbidden_character_as_documented(text: str, single_line: bool) -> None:
    expected = next((ch for ch in text if ch in _FORBIDDEN or "\ud800" <= ch <= "\udfff"
                     or (single_line and ch in _BREAKS)), None)
    assert formats.bad_character(text, single_line) == expected


@pytest.mark.parametrize("data, code", [
    ({"a": "x" * 2_000_000}, "max_length"),
    ({"a": ["x"] * 10}, "type"),
    ({"a": {"b": {"c": 1}}}, "type"),
    ({"a": 1e308 * 10}, "type"),
])
def test_hostile_values_get_the_field_s_error_not_a_traceback(data: dict, code: str) -> None:
    form = make_form([{"id": "a", "type": "text", "label": label("A"), "max_length": 100}])
    assert [e[1] for e in errors(form, data)] == [code]
    assert errors(form, _subclassed(data)) == errors(form, data)


def test_deep_and_wide_data_is_refused_as_a_whole_on_either_road() -> None:
    form = make_form([{"id": "a", "type": "text", "label": label("A")}])
    deep: Any = "x"
    for _ in range(40):
        deep = {"a": deep}
    wide = {"a": "x", "b": list(range(formats.MAX_NODES))}
    for data, code in ((deep, "too_deep"), (wide, "too_large")):
        assert [e[1] for e in errors(form, data)] == [code]
        assert errors(form, _subclassed(data)) == errors(form, data)
