"""The runtime validator, rule by rule, and the identifier checks it relies on."""

from __future__ import annotations

import datetime

import pytest
import yaml

from formc import checkdigits
from formc.checker import FormBuilder
from formc.diagnostics import Diagnostics
from formc.loader import load_text
from formc.model import Form
from strategies import ORG

TODAY = datetime.date(2026, 6, 15)


def make_form(fields: list[dict], rules: list[dict] | None = None) -> Form:
    raw = {"formc": 1, "kind": "form", "id": "t", "version": "1.0.0", "languages": ["nb", "nn", "en"],
           "title": {"nb": "T", "nn": "T", "en": "T"}, "pages": [{"id": "p", "fields": fields}], "rules": rules or []}
    diags = Diagnostics()
    source = load_text(yaml.safe_dump(raw, allow_unicode=True), "t.yaml", diags)
    form = FormBuilder(source, {}, {}, ORG, diags).build()  # type: ignore[arg-type]
    assert form is not None, diags.items
    return form


def label(text: str) -> dict:
    return {"nb": text, "nn": text, "en": text}


def codes(form: Form, data: dict, lang: str = "en") -> list[tuple[str, str]]:
    return [(e.path, e.code) for e in form.validate(data, lang=lang, today=TODAY)]


@pytest.mark.parametrize("value, valid", [("964965226", True), ("974760673", True), ("964965227", False), ("12345678", False)])
def test_norwegian_org_number(value: str, valid: bool) -> None:
    assert checkdigits.no_org_number(value) is valid


@pytest.mark.parametrize("value, valid", [("15076500565", True), ("55076500565", False), ("15076500566", False),
                                          ("31029912345", False)])
def test_norwegian_national_id(value: str, valid: bool) -> None:
    assert checkdigits.no_national_id(value) is valid


def test_d_number_has_forty_added_to_the_day() -> None:
    base = "550765005"  # 15.07.65 as a D-number
    for k1 in range(10):
        for k2 in range(10):
            if checkdigits.no_national_id(base + str(k1) + str(k2)):
                return
    pytest.fail("no D-number with valid check digits found for 55.07.65")


@pytest.mark.parametrize("value, valid", [("0101901234", True), ("3102901234", False), ("2902001234", True),
                                          ("2902011234", False)])
def test_danish_cpr_is_a_real_date(value: str, valid: bool) -> None:
    assert checkdigits.dk_cpr(value) is valid


@pytest.mark.parametrize("value, valid", [("12345678903", True), ("12345678904", False)])
def test_norwegian_bank_account(value: str, valid: bool) -> None:
    assert checkdigits.no_bank_account(value) is valid


def test_iban_and_cvr() -> None:
    assert checkdigits.iban("NO9386011117947") and not checkdigits.iban("NO9386011117948")
    assert checkdigits.dk_cvr("10150817") and not checkdigits.dk_cvr("10150818")


def test_unanswered_means_absent() -> None:
    form = make_form([{"id": "a", "type": "text", "label": label("A")},
                      {"id": "m", "type": "multichoice", "label": label("M"),
                       "options": [{"value": "x", "label": label("X")}, {"value": "y", "label": label("Y")}]}])
    assert codes(form, {}) == []
    assert codes(form, {"a": None}) == [("/a", "empty")]
    assert codes(form, {"a": ""}) == [("/a", "empty")]
    assert codes(form, {"m": []}) == [("/m", "empty")]
    assert codes(form, {"m": ["x", "x"]}) == [("/m", "unique")]
    assert codes(form, {"m": ["z"]}) == [("/m/0", "option")]
    assert codes(form, {"b": 1}) == [("/b", "unknown")]


def test_today_relative_dates_and_decimals() -> None:
    form = make_form([{"id": "born", "type": "date", "label": label("Born"), "max": "today-P18Y"},
                      {"id": "amount", "type": "money", "label": label("Amount")},
                      {"id": "ratio", "type": "decimal", "label": label("Ratio"), "decimals": 1}])
    assert codes(form, {"born": "2008-06-15", "amount": 10.25, "ratio": 0.5}) == []
    assert codes(form, {"born": "2008-06-16"}) == [("/born", "date_max")]  # 18 years before 2026-06-15
    assert codes(form, {"born": "2023-02-29"}) == [("/born", "type")]
    assert codes(form, {"amount": 10.255}) == [("/amount", "decimals")]
    assert codes(form, {"ratio": 0.25}) == [("/ratio", "decimals")]
    assert codes(form, {"amount": True}) == [("/amount", "type")]


def test_required_only_while_visible_and_hidden_must_be_absent() -> None:
    form = make_form([{"id": "kids", "type": "boolean", "label": label("Kids?")},
                      {"id": "count", "type": "integer", "label": label("How many"), "min": 1,
                       "visible_if": "kids == true", "required": True}])
    assert codes(form, {"kids": False}) == []
    assert codes(form, {"kids": True}) == [("/count", "required")]
    assert codes(form, {"kids": False, "count": 2}) == [("/count", "hidden")]
    assert codes(form, {"kids": True, "count": 0}) == [("/count", "minimum")]
    assert codes(form, {"count": 2}) == [("/count", "hidden")]  # unanswered condition: not visible


def test_repeat_bounds_and_item_scope() -> None:
    form = make_form([{"id": "children", "type": "repeat", "label": label("Children"), "min_items": 1, "max_items": 2,
                       "fields": [{"id": "needs", "type": "boolean", "label": label("Needs?")},
                                  {"id": "what", "type": "text", "label": label("What"), "visible_if": "needs == true",
                                   "required": True}]}])
    assert codes(form, {"children": [{"needs": False}, {"needs": True, "what": "x"}]}) == []
    assert codes(form, {"children": [{"needs": True}]}) == [("/children/0/what", "required")]
    assert codes(form, {"children": [{}, {}, {}]}) == [("/children", "max_items")]


def test_rules_are_checked_when_their_fields_are_answered() -> None:
    form = make_form([{"id": "start", "type": "date", "label": label("Start")},
                      {"id": "end", "type": "date", "label": label("End")}],
                     [{"id": "order", "check": "end >= start", "fields": ["end"],
                       "message": {"nb": "Slutt før start", "nn": "Slutt før start", "en": "End before start"}}])
    assert codes(form, {"start": "2026-01-02"}) == []
    assert form.validate({"start": "2026-01-02", "end": "2026-01-01"}, lang="nn", today=TODAY)[0].message == "Slutt før start"
    assert codes(form, {"start": "2026-01-02", "end": "2026-01-01"}) == [("/end", "rule")]


def test_messages_follow_the_language() -> None:
    form = make_form([{"id": "name", "type": "text", "label": {"nb": "Navn", "nn": "Namn", "en": "Name"},
                       "required": True}])
    assert form.validate({}, lang="nb")[0].message == "Fyll ut «Navn»."
    assert form.validate({}, lang="nn")[0].message == "Fyll ut «Namn»."
    assert form.validate({}, lang="en")[0].message == "Enter “Name”."


def test_identifiers_address_and_files() -> None:
    form = make_form([{"id": "org", "type": "org_number", "label": label("Org")},
                      {"id": "home", "type": "address", "label": label("Home")},
                      {"id": "doc", "type": "file", "label": label("Doc"), "accept": ["application/pdf"], "max_size": "1KB"}])
    assert codes(form, {"org": "964965226", "home": {"street": "Storgata 1", "postal_code": "4790", "city": "Lillesand"}}) == []
    assert codes(form, {"org": "964965227"}) == [("/org", "org_number")]
    assert codes(form, {"org": "96496522"}) == [("/org", "pattern")]
    assert codes(form, {"home": {"street": "Storgata 1", "postal_code": "479", "city": "Lillesand"}}) == [
        ("/home/postal_code", "pattern")]
    assert codes(form, {"home": {"street": "Main St 1", "postal_code": "SW1A 1AA", "city": "London", "country": "GB"}}) == []
    doc = {"filename": "a.png", "media_type": "image/png", "size": 2000, "sha256": "0" * 64}
    assert codes(form, {"doc": [doc]}) == [("/doc/0/media_type", "option"), ("/doc/0/size", "maximum")]
