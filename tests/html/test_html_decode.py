"""formc.decode: posted HTML fields → the typed submission data (types, hidden fields, empties, repeats, bad input)."""

from __future__ import annotations


import pytest

import formc
from formc.runtime.decode import parse_number


@pytest.fixture(scope="module")
def form(small: formc.Project) -> formc.model.Form:
    return small.forms["every-type"]


class MultiDict:
    """The shape of werkzeug's MultiDict: keys() and getlist()."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def keys(self) -> list[str]:
        return list(dict.fromkeys(k for k, _ in self.pairs))

    def getlist(self, key: str) -> list[str]:
        return [v for k, v in self.pairs if k == key]


@pytest.mark.parametrize("text, number", [
    ("12", 12), ("-3", -3), ("1 234", 1234), ("1 234,50", 1234.5), ("1\u00a0234,5", 1234.5), ("1.234,50", 1234.5),
    ("12.5", 12.5), ("0,25", 0.25), ("+7", 7), ("\u22125", -5), ("100,00", 100), (",5", 0.5),
])
def test_numbers_are_read_as_people_type_them(text: str, number: float) -> None:
    assert parse_number(text) == number and type(parse_number(text)) is type(number)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1e5", "12 kr", "--1", "."])
def test_what_is_not_a_number_stays_text(text: str) -> None:
    assert parse_number(text) == text


def test_types(form: formc.model.Form) -> None:
    data = formc.decode(form, [
        ("name", "  Kari  "), ("age", "42"), ("height", "1,75"), ("income", "12 500,50"), ("has_kids", "false"),
        ("agree", "true"), ("days", "mon"), ("days", "wed"), ("size", "large"), ("nin", "010190 00083"),
        ("account", "1234.56.70007"), ("start", "1.2.2030"), ("end", "2030-03-01"), ("story", "line one\r\nline two"),
        ("home.street", "Storgata 1"), ("home.postal_code", "47 90"), ("home.city", "Lillesand"),
        ("attachment", {"filename": "a.pdf", "media_type": "application/pdf", "size": 3, "sha256": "0" * 64}),
        ("partner.partner_name", "Per"),
    ])
    assert data == {
        "name": "Kari", "age": 42, "height": 1.75, "income": 12500.5, "has_kids": False, "agree": True,
        "days": ["mon", "wed"], "size": "large", "nin": "01019000083", "account": "12345670007",
        "start": "2030-02-01", "end": "2030-03-01", "story": "line one\nline two",
        "home": {"street": "Storgata 1", "postal_code": "4790", "city": "Lillesand"},
        "attachment": [{"filename": "a.pdf", "media_type": "application/pdf", "size": 3, "sha256": "0" * 64}],
        "partner": {"partner_name": "Per"},
    }


def test_empty_inputs_are_absent(form: formc.model.Form) -> None:
    posted = [("name", ""), ("age", "   "), ("home.street", ""), ("home.city", ""), ("kids[0].kid_name", ""),
              ("partner.partner_name", ""), ("attachment", {"filename": "", "media_type": "", "size": 0, "sha256": ""}),
              ("attachment", "")]
    assert formc.decode(form, posted) == {}


def test_repeats_keep_order_and_drop_empty_items(form: formc.model.Form) -> None:
    data = formc.decode(form, [("has_kids", "true"), ("kids[2].kid_name", "C"), ("kids[0].kid_name", "A"),
                               ("kids[1].kid_name", " "), ("kids[0].kid_age", "7"), ("kids[0].kid_school", "Lillesand")])
    assert data == {"has_kids": True, "kids": [{"kid_name": "A", "kid_age": 7, "kid_school": "Lillesand"}, {"kid_name": "C"}]}


def test_hidden_fields_are_dropped_innermost_first(form: formc.model.Form) -> None:
    # kid_school shows only from age 6; kids only with children; wed_note only when Wednesday is ticked
    posted = [("has_kids", "true"), ("kids[0].kid_name", "A"), ("kids[0].kid_age", "3"), ("kids[0].kid_school", "X"),
              ("days", "mon"), ("wed_note", "hidden")]
    assert formc.decode(form, posted) == {"has_kids": True, "kids": [{"kid_name": "A", "kid_age": 3}], "days": ["mon"]}
    assert formc.decode(form, [("has_kids", "false"), ("kids[0].kid_name", "A"), ("kids[0].kid_school", "X")]) == {"has_kids": False}


def test_a_chain_of_conditions_settles() -> None:
    chain = formc.load(__import__("pathlib").Path(__file__).parent / "projects" / "chain").forms["chain"]
    assert formc.decode(chain, [("a", "false"), ("b", "red"), ("c", "x")]) == {"a": False}
    assert formc.decode(chain, [("a", "true"), ("b", "red"), ("c", "x")]) == {"a": True, "b": "red", "c": "x"}


def test_bad_input_is_kept_raw_for_validate(form: formc.model.Form) -> None:
    data = formc.decode(form, [("age", "abc"), ("has_kids", "maybe"), ("start", "tomorrow"), ("agree", "yes")])
    assert data == {"age": "abc", "has_kids": "maybe", "start": "tomorrow", "agree": "yes"}
    codes = {e.path: e.code for e in form.validate(data)}
    assert codes["/age"] == "type" and codes["/has_kids"] == "type" and codes["/start"] == "type" and codes["/agree"] == "type"


def test_unknown_names_are_ignored(form: formc.model.Form) -> None:
    posted = [("csrf", "t"), ("formc-add", "kids"), ("name.first", "x"), ("kids.kid_name", "x"), ("home", "x"),
              ("home.planet", "Mars"), ("name[0]", "x"), ("Name", "x"), ("", "x"), ("name", "Kari")]
    assert formc.decode(form, posted) == {"name": "Kari"}


def test_mapping_shapes(form: formc.model.Form) -> None:
    pairs = [("days", "mon"), ("days", "tue"), ("age", "5")]
    expected = {"days": ["mon", "tue"], "age": 5}
    assert formc.decode(form, MultiDict(pairs)) == expected
    assert formc.decode(form, {"days": ["mon", "tue"], "age": "5"}) == expected


def test_decoded_valid_data_validates(form: formc.model.Form, kit: object) -> None:
    data = kit.valid_data(form)  # type: ignore[attr-defined]
    assert formc.decode(form, kit.encode(form.fields, data)) == data  # type: ignore[attr-defined]
    assert form.validate(data) == []  # today in the form's time zone
