"""A form's submitted data as XML: the lossless JSON ⇄ XML mapping and the XSD that describes it.

Shared by the ``noark`` target (which ships ``<form-id>.data.xsd``) and the
runtime (which puts ``data.xml`` in each archive package). The mapping:

- the root is ``<submission form=".." version="..">`` in the namespace
  ``urn:formc:form:<form-id>:<major version>``; every element is in it;
- an element per answered field, named by the field id, in definition order;
- a group is a nested element, a repeat is its element repeated once per
  item, a multichoice repeats its element once per ticked value, a file
  field repeats a ``{filename, media_type, size, sha256}`` element per file;
  an unanswered field has no element (the data never holds ``null``);
- numbers keep their JSON kind: an integer is written without a decimal
  point, a floating-point number always with one (``2.0``), so
  ``from_xml(to_xml(data)) == data`` with the same Python types.

Text that XML 1.0 cannot carry (control characters other than tab, line
feed and carriage return; lone surrogates) raises :class:`XmlDataError`.
The XSD (:func:`data_xsd`) is written by :mod:`formc.data_xsd`, which needs no
lxml: the ``noark`` target imports that alone.
"""

from __future__ import annotations

import decimal
import math
from typing import Any

from lxml import etree

from formc.data_xsd import ADDRESS_KEYS, FILE_KEYS, NOT_XML, ROOT, XmlDataError, data_xsd, namespace
from formc.model import Field, Form

__all__ = ["ADDRESS_KEYS", "FILE_KEYS", "ROOT", "XmlDataError", "data_xsd", "from_xml", "namespace", "to_xml"]


# --------------------------------------------------------------------------- JSON → XML


def to_xml(form: Form, data: dict) -> bytes:
    """``data`` (a valid submission of ``form``) as UTF-8 XML bytes."""
    if not isinstance(data, dict):
        raise XmlDataError("the data must be a JSON object")
    ns = namespace(form)
    root = etree.Element(f"{{{ns}}}{ROOT}", nsmap={None: ns})
    root.set("form", form.id)
    root.set("version", form.version)
    _write_object(root, form.fields, data, ns, "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_object(parent: etree._Element, fields: tuple[Field, ...], obj: dict, ns: str, where: str) -> None:
    known = {f.id: f for f in fields if f.has_value}
    for key in obj:
        if key not in known:
            raise XmlDataError(f"{where}/{key}: not a field of this form")
    for field in fields:
        if field.has_value and field.id in obj:
            _write_field(parent, field, obj[field.id], ns, f"{where}/{field.id}")


def _write_field(parent: etree._Element, field: Field, value: Any, ns: str, where: str) -> None:
    tag = f"{{{ns}}}{field.id}"
    kind = field.type
    if kind in ("repeat", "multichoice", "file"):
        if not isinstance(value, list):
            raise XmlDataError(f"{where}: expected a list")
        for index, item in enumerate(value):
            _write_single(etree.SubElement(parent, tag), field, item, ns, f"{where}/{index}")
        return
    _write_single(etree.SubElement(parent, tag), field, value, ns, where)


def _write_single(element: etree._Element, field: Field, value: Any, ns: str, where: str) -> None:
    kind = field.type
    if kind in ("group", "repeat"):
        if not isinstance(value, dict):
            raise XmlDataError(f"{where}: expected an object")
        _write_object(element, field.fields, value, ns, where)
    elif kind in ("file", "address"):
        keys = FILE_KEYS if kind == "file" else ADDRESS_KEYS
        if not isinstance(value, dict) or not set(value) <= set(keys):
            raise XmlDataError(f"{where}: expected an object with keys {', '.join(keys)}")
        for key in keys:
            if key in value:
                child = etree.SubElement(element, f"{{{ns}}}{key}")
                child.text = _number_text(value[key], where) if key == "size" else _string(value[key], f"{where}/{key}")
    elif kind in ("boolean", "consent"):
        if not isinstance(value, bool):
            raise XmlDataError(f"{where}: expected true or false")
        element.text = "true" if value else "false"
    elif kind in ("integer", "decimal", "money"):
        element.text = _number_text(int(value) if kind == "integer" and isinstance(value, float) else value, where)
    else:
        element.text = _string(value, where)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise XmlDataError(f"{where}: expected a string")
    bad = NOT_XML.search(value)
    if bad:
        raise XmlDataError(f"{where}: the character U+{ord(bad.group()):04X} cannot be written in XML")
    return value


def _number_text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise XmlDataError(f"{where}: expected a number")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise XmlDataError(f"{where}: {value} is not a number XML can hold")
    text = format(decimal.Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


# --------------------------------------------------------------------------- XML → JSON


def from_xml(form: Form, xml: bytes) -> dict:
    """The JSON data held by ``xml`` (as written by :func:`to_xml`)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise XmlDataError(f"not well-formed XML: {exc}") from None
    ns = namespace(form)
    if root.tag != f"{{{ns}}}{ROOT}":
        raise XmlDataError(f"the root element must be {{{ns}}}{ROOT}, not {root.tag}")
    return _read_object(root, form.fields, ns, "")


def _children(element: etree._Element, where: str) -> list[etree._Element]:
    children = [c for c in element if not isinstance(c, (etree._Comment, etree._ProcessingInstruction))]
    if (element.text or "").strip() or any((c.tail or "").strip() for c in children):
        raise XmlDataError(f"{where}: text is not allowed between elements")
    return children


def _local(element: etree._Element, ns: str, where: str) -> str:
    qname = etree.QName(element)
    if qname.namespace != ns:
        raise XmlDataError(f"{where}: element {element.tag} is not in the form's namespace {ns}")
    return qname.localname


def _read_object(element: etree._Element, fields: tuple[Field, ...], ns: str, where: str) -> dict:
    known = {f.id: f for f in fields if f.has_value}
    result: dict[str, Any] = {}
    for child in _children(element, where):
        name = _local(child, ns, where)
        field = known.get(name)
        here = f"{where}/{name}"
        if field is None:
            raise XmlDataError(f"{here}: not a field of this form")
        value = _read_single(child, field, ns, here)
        if field.type in ("repeat", "multichoice", "file"):
            result.setdefault(name, []).append(value)
        elif name in result:
            raise XmlDataError(f"{here}: given more than once")
        else:
            result[name] = value
    return {f.id: result[f.id] for f in fields if f.id in result}


def _read_single(element: etree._Element, field: Field, ns: str, where: str) -> Any:
    kind = field.type
    if kind in ("group", "repeat"):
        return _read_object(element, field.fields, ns, where)
    if kind in ("file", "address"):
        keys = FILE_KEYS if kind == "file" else ADDRESS_KEYS
        parts: dict[str, Any] = {}
        for child in _children(element, where):
            key = _local(child, ns, where)
            if key not in keys or key in parts or len(child):
                raise XmlDataError(f"{where}/{key}: unexpected element")
            parts[key] = _read_number(child.text, f"{where}/{key}") if key == "size" else child.text or ""
        return {k: parts[k] for k in keys if k in parts}
    if len(element):
        raise XmlDataError(f"{where}: unexpected child elements")
    text = element.text or ""
    if kind in ("boolean", "consent"):
        if text not in ("true", "false", "1", "0"):
            raise XmlDataError(f"{where}: `{text}` is not a boolean")
        return text in ("true", "1")
    if kind in ("integer", "decimal", "money"):
        return _read_number(text, where)
    return text


def _read_number(text: str | None, where: str) -> int | float:
    text = (text or "").strip()
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        raise XmlDataError(f"{where}: `{text}` is not a number") from None
