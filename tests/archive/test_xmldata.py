"""The JSON ⇄ XML mapping and the data XSD: round trips, schema validity, what the XSD says per field type."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from archive_strategies import TODAY, valid_data
from formc import data_xsd as data_xsd_module
from formc import from_xml, to_xml
from formc.model import Option, Text
from formc.xmldata import XmlDataError, data_xsd, namespace

XS = "{http://www.w3.org/2001/XMLSchema}"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _schema(form) -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring(data_xsd(form)))


def _same(a, b) -> bool:
    """Equal as JSON values, with the same Python number kinds."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) and a == b


@SETTINGS
@given(st.data())
def test_round_trip_and_xsd_for_the_test_form(permit, data) -> None:
    submission = data.draw(valid_data(permit))
    assume(submission is not None)
    assert permit.validate(submission, today=TODAY) == []
    xml = to_xml(permit, submission)
    _schema(permit).assertValid(etree.fromstring(xml))
    assert _same(from_xml(permit, xml), submission)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_round_trip_and_xsd_for_every_shipped_form(shipped, data) -> None:
    form = shipped.forms[data.draw(st.sampled_from(sorted(shipped.forms)))]
    submission = data.draw(valid_data(form))
    assume(submission is not None)
    xml = to_xml(form, submission)
    _schema(form).assertValid(etree.fromstring(xml))
    assert _same(from_xml(form, xml), submission)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_round_trip_and_xsd_for_generated_forms(data) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
    from strategies import forms  # the core tests' random form definitions

    form = data.draw(forms())
    submission = data.draw(valid_data(form))
    assume(submission is not None)
    xml = to_xml(form, submission)
    _schema(form).assertValid(etree.fromstring(xml))
    assert _same(from_xml(form, xml), submission)


def test_numbers_keep_their_kind(permit) -> None:
    base = {"applicant": {"first_name": "A", "last_name": "B", "national_id": "01019012345",
                          "address": {"street": "S", "postal_code": "0155", "city": "C"}, "email": "a@b.no"},
            "plate": "AB1234", "resident": False, "zone": "a", "consent": True}
    for weight in (2, 2.0, 0.5, 3500, 1234.5):
        data = dict(base, weight=weight)
        back = from_xml(permit, to_xml(permit, data))
        assert back["weight"] == weight and type(back["weight"]) is type(weight)


def test_xsd_types_and_facets(permit) -> None:
    schema = etree.fromstring(data_xsd(permit))
    assert schema.get("targetNamespace") == namespace(permit) == "urn:formc:form:permit:2"

    def element(name: str) -> etree._Element:
        found = schema.findall(f".//{XS}element[@name='{name}']")
        assert len(found) == 1, name
        return found[0]

    def restriction(name: str) -> etree._Element:
        return element(name).find(f"{XS}simpleType/{XS}restriction")

    assert restriction("since").get("base") == "xs:date"
    assert restriction("since").find(f"{XS}minInclusive").get("value") == "1900-01-01"
    assert restriction("vehicles").get("base") == "xs:integer"
    assert [restriction("vehicles").find(f"{XS}{f}").get("value") for f in ("minInclusive", "maxInclusive")] == ["1", "5"]
    assert restriction("weight").get("base") == "xs:decimal"
    assert restriction("weight").find(f"{XS}fractionDigits").get("value") == "1"
    assert restriction("fee").find(f"{XS}fractionDigits").get("value") == "2"
    assert [e.get("value") for e in restriction("zone").findall(f"{XS}enumeration")] == ["a", "b"]
    assert restriction("plate").find(f"{XS}pattern").get("value") == "([A-Z]{2}[0-9]{4,5})"
    assert element("days").get("maxOccurs") == "3" and element("days").get("minOccurs") == "0"
    assert element("children").get("maxOccurs") == "4"
    assert element("attachments").get("maxOccurs") == "3"
    assert [e.get("name") for e in element("attachments").findall(f"{XS}complexType/{XS}sequence/{XS}element")] == [
        "filename", "media_type", "size", "sha256"]
    assert element("applicant").get("minOccurs") == "1"
    assert element("since").get("minOccurs") == "0"  # required only when shown
    assert restriction("national_id").find(f"{XS}pattern").get("value") == "[0-9]{11}"


@pytest.mark.parametrize("bad", [
    {"plate": "AB1234", "nope": 1},
    {"plate": 5},
    {"days": "mon"},
    {"plate": "A\x01B"},
])
def test_to_xml_refuses_what_it_cannot_write(permit, bad) -> None:
    with pytest.raises(XmlDataError):
        to_xml(permit, bad)


@pytest.mark.parametrize("xml", [
    b"<submission/>",
    b'<submission xmlns="urn:formc:form:permit:2"><nope/></submission>',
    b'<submission xmlns="urn:formc:form:permit:2"><plate>A</plate><plate>B</plate></submission>',
    b'<submission xmlns="urn:formc:form:permit:2"><resident>yes</resident></submission>',
    b"<not-xml",
])
def test_from_xml_refuses_foreign_xml(permit, xml) -> None:
    with pytest.raises(XmlDataError):
        from_xml(permit, xml)


def test_from_xml_does_not_expand_entities(permit) -> None:
    xml = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<submission xmlns="urn:formc:form:permit:2"><plate>&e;</plate></submission>')
    with pytest.raises(XmlDataError):  # the unexpanded entity reference is not text
        from_xml(permit, xml)


def test_code_lists_carry_their_option_labels_per_language(shipped) -> None:
    """data.xml keeps `bankheia`; the XSD says what it means in every language of the form."""
    xs = "http://www.w3.org/2001/XMLSchema"
    for form in shipped.forms.values():
        schema = etree.fromstring(data_xsd(form))
        for field in (f for f in form.walk() if f.type in ("choice", "multichoice")):
            element = schema.find(f".//{{{xs}}}element[@name='{field.id}']")
            codes = element.findall(f".//{{{xs}}}enumeration")
            assert [c.get("value") for c in codes] == [o.value for o in field.options], (form.id, field.id)
            for code, option in zip(codes, field.options):
                docs = {d.get("{http://www.w3.org/XML/1998/namespace}lang"): d.text
                        for d in code.iterfind(f"{{{xs}}}annotation/{{{xs}}}documentation")}
                assert docs == {lang: option.label(lang) for lang in form.languages}, (form.id, field.id)


# --------------------------------------------------------------------------- the XSD's bytes


def _as_lxml_writes_it(xsd: bytes) -> bytes:
    """The same tree as lxml's pretty printer writes it: the data XSD is written as text and must be exactly that."""
    tree = etree.fromstring(xsd, etree.XMLParser(remove_blank_text=True))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def test_xsd_bytes_are_what_lxml_writes_for_every_shipped_and_test_form(shipped, alltypes) -> None:
    for form in [*shipped.forms.values(), *alltypes.forms.values()]:
        xsd = data_xsd(form)
        assert xsd == _as_lxml_writes_it(xsd), form.id


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_xsd_bytes_are_what_lxml_writes_for_generated_forms(data) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
    from strategies import forms  # the core tests' random form definitions

    xsd = data_xsd(data.draw(forms()))
    assert xsd == _as_lxml_writes_it(xsd)


_XML_TEXT = st.text(st.one_of(st.sampled_from("&<>\"'\t\n\r ]]>"),
                              st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")),
                    min_size=1, max_size=12)


def _with_field(form, field_id: str, **changes):
    """``form`` with the top-level field ``field_id`` changed."""
    pages = tuple(dataclasses.replace(page, fields=tuple(
        dataclasses.replace(f, **changes) if f.id == field_id else f for f in page.fields)) for page in form.pages)
    return dataclasses.replace(form, pages=pages)


@SETTINGS
@given(label=_XML_TEXT, values=st.lists(_XML_TEXT, min_size=1, max_size=3, unique=True), option_label=_XML_TEXT)
def test_xsd_keeps_any_text_exactly(permit, label, values, option_label) -> None:
    """Markup characters, quotes, tabs, line breaks and carriage returns in labels and codes come back unchanged."""
    options = tuple(Option(value, Text({lang: f"{option_label} {lang}" for lang in permit.languages}))
                    for value in values)
    form = _with_field(_with_field(permit, "plate", label=Text({lang: label for lang in permit.languages})),
                       "zone", options=options)
    xsd = data_xsd(form)
    assert xsd == _as_lxml_writes_it(xsd)
    schema = etree.fromstring(xsd)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    plate = schema.find(f".//{XS}element[@name='plate']")
    assert {d.get(lang): d.text for d in plate.iterfind(f"{XS}annotation/{XS}documentation")} == dict.fromkeys(
        permit.languages, label)
    codes = schema.find(f".//{XS}element[@name='zone']").findall(f".//{XS}enumeration")
    assert [c.get("value") for c in codes] == values
    for code in codes:
        assert [d.text for d in code.iterfind(f"{XS}annotation/{XS}documentation")] == [
            f"{option_label} {lang}" for lang in permit.languages]


@pytest.mark.parametrize("text", ["a\x01b", "\x00", "a\ufffe", "x\ud800"])
def test_xsd_refuses_text_xml_cannot_carry(permit, text) -> None:
    with pytest.raises(XmlDataError):
        data_xsd(_with_field(permit, "plate", label=Text({lang: text for lang in permit.languages})))
    with pytest.raises(XmlDataError):
        data_xsd(_with_field(permit, "zone", options=(Option(text, Text({"nb": "x"})),)))


@pytest.mark.parametrize("pattern", sorted(data_xsd_module._OWN_PATTERNS))
def test_formc_own_patterns_compile_as_xsd_regular_expressions(pattern: str) -> None:
    """The data XSD takes formc's own patterns as translated without asking lxml: each must compile."""
    translated = data_xsd_module.xsd_translation(pattern)
    assert translated is not None and data_xsd_module.compiles(translated)
    assert not data_xsd_module.compiles("[a-")  # the check can refuse
