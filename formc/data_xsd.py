"""The XML Schema of a form's submitted data (``<form-id>.data.xsd``), and what the XML mapping shares with it.

:mod:`formc.xmldata` maps the data to XML and back (with lxml); this module
holds the names that mapping uses (the form's namespace, the root element, the
keys of a file's and an address's element) and writes the XSD as text, without
lxml, so the ``noark`` target, which ships the XSD, does not import lxml
(about 7 ms of every build's start-up). lxml is imported only to ask whether a
pattern compiles as an XSD regular expression.

Text that XML 1.0 cannot carry (control characters other than tab, line
feed and carriage return; lone surrogates) raises :class:`XmlDataError`.
"""

from __future__ import annotations

import decimal
import math
import re
from functools import lru_cache
from typing import Any

from formc import formats
from formc.model import Field, Form, Option

XS = "http://www.w3.org/2001/XMLSchema"
ROOT = "submission"
FILE_KEYS = ("filename", "media_type", "size", "sha256")
ADDRESS_KEYS = ("street", "postal_code", "city", "country")
# the characters XML 1.0 cannot carry (controls other than tab, line feed and carriage return; lone surrogates)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>"
_FACET_ORDER = ("totalDigits", "fractionDigits", "minInclusive", "maxInclusive", "minLength", "maxLength", "pattern")
# what libxml2 escapes when it writes text and attribute values
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\n\r\t]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


class XmlDataError(ValueError):
    """Data that cannot be written as, or read from, a form's XML."""


def namespace(form: Form) -> str:
    """The form's XML namespace: one per form and major version (a major version may change the data)."""
    return f"urn:formc:form:{form.id}:{form.version.split('.')[0]}"


# --------------------------------------------------------------------------- the data XSD
#
# The schema is written as text, line by line, exactly as lxml's pretty printer writes the same tree (two spaces
# per level, an element without children self-closed, an element with only text on one line, libxml2's escaping):
# building an lxml tree of some 250 elements per form and serialising it cost several times as much.


def data_xsd(form: Form) -> bytes:
    """The XML Schema of ``form``'s data as XML (deterministic bytes)."""
    return _SchemaWriter(form).write()


class _SchemaWriter:
    """The lines of one form's data XSD."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.languages = tuple(dict.fromkeys(form.languages))
        self.documentation = tuple(f'<xs:documentation xml:lang="{_escape_attribute(lang)}"' for lang in self.languages)
        self.lines: list[str] = []

    def write(self) -> bytes:
        form, lines = self.form, self.lines
        ns = _escape_attribute(namespace(form))
        lines += [_XML_DECLARATION,
                  f'<xs:schema xmlns:xs="{XS}" xmlns="{ns}" targetNamespace="{ns}" elementFormDefault="qualified" '
                  f'version="{_escape_attribute(form.version)}">']
        self.annotation(1, [f"{form.title(lang)} ({form.id} {form.version}): the submitted data as XML, written by "
                            "formc. Checks an XML Schema cannot express (visibility, conditional requirements, rules, "
                            "check digits, dates relative to today) are made by formc's validator."
                            for lang in self.languages])
        lines += [f'  <xs:element name="{ROOT}">', "    <xs:complexType>"]
        self.sequence(3, form.fields)
        lines += [f'      <xs:attribute name="form" type="xs:string" fixed="{_escape_attribute(form.id)}" '
                  'use="required"/>',
                  '      <xs:attribute name="version" type="xs:string" use="required"/>',
                  "    </xs:complexType>", "  </xs:element>", "</xs:schema>", ""]
        return "\n".join(lines).encode()

    def annotation(self, depth: int, texts: list[str | None]) -> None:
        """An ``xs:annotation`` with an ``xs:documentation`` per language (``texts`` in the form's language order)."""
        pad = "  " * depth
        if not texts:
            self.lines.append(f"{pad}<xs:annotation/>")
            return
        lines = self.lines
        lines.append(f"{pad}<xs:annotation>")
        for start, text in zip(self.documentation, texts):
            lines.append(f"{pad}  {start}/>" if text is None else f"{pad}  {start}>{_escape_text(text)}</xs:documentation>")
        lines.append(f"{pad}</xs:annotation>")

    def sequence(self, depth: int, fields: tuple[Field, ...]) -> None:
        pad = "  " * depth
        lines = self.lines
        start = len(lines)
        lines.append(f"{pad}<xs:sequence>")
        for field in fields:
            if field.has_value:
                self.element(depth + 1, field)
        if len(lines) == start + 1:
            lines[start] = f"{pad}<xs:sequence/>"
        else:
            lines.append(f"{pad}</xs:sequence>")

    def element(self, depth: int, field: Field) -> None:
        kind = field.type
        repeated = kind in ("repeat", "multichoice", "file")
        minimum = 0
        if _always_required(field):
            minimum = max(1, field.min_items or 0) if repeated else 1
        attributes = f'name="{_escape_attribute(field.id)}" minOccurs="{minimum}"'
        if repeated:
            most = field.max_items if field.max_items is not None else (len(field.options) if kind == "multichoice" else None)
            attributes += f' maxOccurs="{most if most is not None else "unbounded"}"'
        lines = self.lines
        opened = len(lines)
        lines.append("")  # the start tag, written when it is known whether the element has children
        if field.label is not None:
            notes = _notes(field)
            suffix = f" [{notes}]" if notes else ""
            self.annotation(depth + 1, [field.label(lang) + suffix for lang in self.languages])
        if kind in ("group", "repeat"):
            pad = "  " * (depth + 1)
            lines.append(f"{pad}<xs:complexType>")
            self.sequence(depth + 2, field.fields)
            lines.append(f"{pad}</xs:complexType>")
        elif kind in ("file", "address"):
            lines += _record(kind, depth + 1, field.max_size)
        else:
            base, facets, enumeration = _simple(field)
            if enumeration:
                self.simple_type(depth + 1, base, facets, enumeration, field)
            elif facets:
                lines += _restriction(depth + 1, base, tuple(facets.items()))
            else:
                attributes += f' type="{base}"'
        pad = "  " * depth
        if len(lines) == opened + 1:
            lines[opened] = f"{pad}<xs:element {attributes}/>"
        else:
            lines[opened] = f"{pad}<xs:element {attributes}>"
            lines.append(f"{pad}</xs:element>")

    def simple_type(self, depth: int, base: str, facets: dict[str, str], enumeration: tuple[str, ...],
                    choice: Field) -> None:
        """The ``xs:simpleType`` of a choice; each code documented with its option label per language, so the
        data stays readable without the form definition."""
        pad = "  " * depth
        lines = self.lines
        lines += [f"{pad}<xs:simpleType>", f'{pad}  <xs:restriction base="{base}">']
        options: dict[str, Option] = {}
        for option in choice.options:
            options.setdefault(option.value, option)
        for value in enumeration:
            start = f'{pad}    <xs:enumeration value="{_escape_attribute(value)}"'
            option = options.get(value)
            if option is None:
                lines.append(f"{start}/>")
            else:
                lines.append(f"{start}>")
                self.annotation(depth + 3, [option.label(lang) for lang in self.languages])
                lines.append(f"{pad}    </xs:enumeration>")
        for name in _FACET_ORDER:
            if name in facets:
                lines.append(f'{pad}    <xs:{name} value="{_escape_attribute(facets[name])}"/>')
        lines += [f"{pad}  </xs:restriction>", f"{pad}</xs:simpleType>"]


def _always_required(field: Field) -> bool:
    return field.required and field.required_if is None and field.visible_if is None


def _notes(field: Field) -> str:
    """What the schema cannot say about a field, in words, for the reader of the XSD."""
    notes = []
    if field.visible_if is not None:
        notes.append(f"only when {field.visible_source}")
    if field.required_if is not None:
        notes.append(f"required when {field.required_source}")
    elif field.required and field.visible_if is not None:
        notes.append("required when shown")
    if field.pattern is not None and _xsd_pattern(formats.whole_match(field.pattern)) is None:
        notes.append(f"must match the pattern {field.pattern} (checked by formc)")
    for bound, word in ((field.date_min, "on or after"), (field.date_max, "on or before")):
        if bound is not None and bound.relative:
            notes.append(f"{word} {bound.source}")
    if field.type == "time" and (field.time_min or field.time_max):
        notes.append(f"between {field.time_min or '00:00'} and {field.time_max or '23:59'}")
    if field.type in ("repeat", "multichoice", "file") and field.min_items and not _always_required(field):
        notes.append(f"at least {field.min_items} when answered")
    return "; ".join(notes)


def _restricted(base: str, **facets: str | None) -> tuple[str, dict[str, str]]:
    return base, {k: v for k, v in facets.items() if v is not None}


@lru_cache(maxsize=1024)
def _restriction(depth: int, base: str, facets: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The ``xs:simpleType`` of an element at ``depth`` restricting ``base`` by ``facets`` (many fields share one)."""
    pad = "  " * depth
    given = dict(facets)
    return (f"{pad}<xs:simpleType>", f'{pad}  <xs:restriction base="{base}">',
            *(f'{pad}    <xs:{name} value="{_escape_attribute(given[name])}"/>' for name in _FACET_ORDER if name in given),
            f"{pad}  </xs:restriction>", f"{pad}</xs:simpleType>")


@lru_cache(maxsize=64)
def _record(kind: str, depth: int, max_size: int | None) -> tuple[str, ...]:
    """The ``xs:complexType`` of a file or an address element at ``depth`` (the same for every form)."""
    if kind == "file":
        parts = (("filename", _restricted("xs:string", minLength="1", maxLength="255")),
                 ("media_type", _restricted("xs:string", pattern=_xsd_regex(formats.MEDIA_TYPE))),
                 ("size", _restricted("xs:integer", minInclusive="0",
                                      maxInclusive=str(max_size) if max_size is not None else None)),
                 ("sha256", _restricted("xs:string", pattern=_xsd_regex(formats.SHA256))))
        required = FILE_KEYS
    else:
        text = _restricted("xs:string", minLength="1", maxLength="200")
        parts = (("street", text), ("postal_code", _restricted("xs:string", minLength="1", maxLength="10")),
                 ("city", text), ("country", _restricted("xs:string", pattern="[A-Z]{2}")))
        required = ("street", "postal_code", "city")
    pad = "  " * depth
    lines = [f"{pad}<xs:complexType>", f"{pad}  <xs:sequence>"]
    for name, (base, facets) in parts:
        lines.append(f'{pad}    <xs:element name="{name}" minOccurs="{"1" if name in required else "0"}">')
        lines += [f"{pad}      <xs:simpleType>", f'{pad}        <xs:restriction base="{base}">']
        lines += [f'{pad}          <xs:{facet} value="{_escape_attribute(facets[facet])}"/>'
                  for facet in _FACET_ORDER if facet in facets]
        lines += [f"{pad}        </xs:restriction>", f"{pad}      </xs:simpleType>", f"{pad}    </xs:element>"]
    lines += [f"{pad}  </xs:sequence>", f"{pad}</xs:complexType>"]
    return tuple(lines)


def _number(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return format(decimal.Decimal(repr(value)), "f")
    return str(int(value))


def _simple(field: Field) -> tuple[str, dict[str, str], tuple[str, ...]]:
    kind = field.type
    if kind in ("text", "textarea"):
        pattern = _xsd_pattern(formats.whole_match(field.pattern)) if field.pattern is not None else None
        return _restricted("xs:string", minLength=str(max(1, field.min_length or 0)),
                           maxLength=str(field.max_length) if field.max_length is not None else None,
                           pattern=pattern) + ((),)
    if kind == "integer":
        return _restricted("xs:integer",
                           minInclusive=str(math.ceil(field.minimum)) if field.minimum is not None else None,
                           maxInclusive=str(math.floor(field.maximum)) if field.maximum is not None else None) + ((),)
    if kind in ("decimal", "money"):
        digits = field.decimals if field.decimals is not None else (2 if kind == "money" else None)
        return _restricted("xs:decimal", fractionDigits=str(digits) if digits is not None else None,
                           minInclusive=_number(field.minimum) if field.minimum is not None else None,
                           maxInclusive=_number(field.maximum) if field.maximum is not None else None) + ((),)
    if kind == "boolean":
        return "xs:boolean", {}, ()
    if kind == "consent":
        return "xs:boolean", {"pattern": "true|1"}, ()
    if kind == "date":
        fixed = lambda b: b.fixed.isoformat() if b is not None and b.fixed is not None else None  # noqa: E731
        return _restricted("xs:date", minInclusive=fixed(field.date_min), maxInclusive=fixed(field.date_max),
                           pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}") + ((),)
    if kind == "time":
        return "xs:string", {"pattern": _xsd_regex(formats.TIME)}, ()
    if kind in ("email", "url", "phone"):
        source = formats.EMAIL if kind == "email" else formats.URL if kind == "url" else formats.phone_pattern(field.country)
        return _restricted("xs:string", maxLength={"email": "254", "url": "2000"}.get(kind),
                           pattern=_xsd_pattern(source)) + ((),)
    if kind in ("choice", "multichoice"):
        return "xs:string", {}, tuple(o.value for o in field.options)
    if kind in ("national_id", "org_number", "postal_code", "bank_account"):
        return "xs:string", {"pattern": _xsd_regex(formats.identifier_pattern(kind, field.country))}, ()
    raise AssertionError(f"no XSD type for field type {kind}")


# --------------------------------------------------------------------------- regular expressions


def _xsd_regex(ecma: str) -> str:
    """A pattern of :mod:`formc.formats` (all translatable) in XSD syntax."""
    translated = _xsd_pattern(ecma)
    assert translated is not None, ecma
    return translated


# formc's own patterns (:mod:`formc.formats`): their XSD translations are known to compile (tests/archive/
# test_xmldata.py asks lxml about each), so a form without an author's `pattern` needs no lxml
_OWN_PATTERNS = frozenset({
    formats.TIME, formats.EMAIL, formats.URL, formats.PHONE_DOMESTIC, formats.PHONE_ANY, formats.MEDIA_TYPE,
    formats.SHA256, *(formats.identifier_pattern(kind, country) for kind, country in formats.DIGIT_COUNT),
    formats.identifier_pattern("bank_account", "iban"),
})


@lru_cache(maxsize=512)
def _xsd_pattern(ecma: str) -> str | None:
    """An anchored ECMAScript pattern in XSD regex syntax, or None when XSD cannot say the same."""
    translated = xsd_translation(ecma)
    return translated if translated is not None and (ecma in _OWN_PATTERNS or compiles(translated)) else None


def xsd_translation(ecma: str) -> str | None:
    """An anchored ECMAScript pattern written in XSD regex syntax, None when it uses what XSD lacks (not yet
    asked whether XSD compiles it)."""
    body = ecma
    if body.startswith("^") and body.endswith("$") and not body.endswith("\\$"):
        body = body[1:-1]
    out: list[str] = []
    index, in_class = 0, False
    while index < len(body):
        char = body[index]
        if char == "\\":
            nxt = body[index + 1:index + 2]
            if nxt in ("d", "D", "s", "S", "w", "W", "n", "r", "t", "\\", "|", ".", "?", "*", "+", "(", ")",
                       "{", "}", "-", "[", "]", "^"):
                out.append(char + nxt)
            elif nxt in ("/", "$", "'", '"', "#", "&", "~", "!", "@", "%", "=", ":", ",", "<", ">", "_"):
                out.append(nxt)
            else:
                return None  # \b, back-references, \u escapes...
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                return None
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if body[index + 1:index + 2] == "^":
                out.append("^")
                index += 1
        elif body.startswith("(?:", index):
            out.append("(")
            index += 3
            continue
        elif char in "^$" or body.startswith("(?", index):
            return None
        elif char in "*+?}" and body[index + 1:index + 2] == "?":
            return None  # lazy quantifiers
        else:
            out.append(char)
        index += 1
    return "".join(out)


def compiles(pattern: str) -> bool:
    """Whether XSD (libxml2) compiles ``pattern`` as a regular expression."""
    from lxml import etree  # only a form with an author's pattern asks

    schema = etree.XML(
        f'<xs:schema xmlns:xs="{XS}"><xs:simpleType name="t"><xs:restriction base="xs:string">'
        f'<xs:pattern value="{_escape_attribute(pattern)}"/></xs:restriction></xs:simpleType></xs:schema>'.encode())
    try:
        etree.XMLSchema(schema)
    except etree.XMLSchemaParseError:
        return False
    return True


def _escape_text(text: str) -> str:
    """``text`` as libxml2 writes element content; text XML cannot carry raises :class:`XmlDataError`."""
    if text.isprintable() and "&" not in text and "<" not in text and ">" not in text:
        return text  # the common case: nothing to escape, no control character (those are not printable)
    _check_xml_text(text)
    return _TEXT_SPECIAL.sub(_escape, text)


def _escape_attribute(text: str) -> str:
    """``text`` as libxml2 writes an attribute value in double quotes (line breaks and tabs as references)."""
    if text.isprintable() and "&" not in text and "<" not in text and ">" not in text and '"' not in text:
        return text
    _check_xml_text(text)
    return _ATTRIBUTE_SPECIAL.sub(_escape, text)


def _check_xml_text(text: str) -> None:
    bad = NOT_XML.search(text)
    if bad:
        raise XmlDataError(f"the character U+{ord(bad.group()):04X} cannot be written in XML")


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]
