"""Translation units to and from the files translators use: XLIFF 2.0 (written and read with lxml) and CSV.

XLIFF 2.0 (OASIS): one ``<file original="forms/x.yaml">`` per definition file, one ``<unit
name="pages/who/fields/name/hint">`` per text with the context and status as ``<note>``s, one
segment with the source and, where there is one, the current translation. A file holds one
target language (``trgLang``). CSV: one row per text and language, with a header.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Iterable

from lxml import etree

from formc.translations import Unit

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
CSV_COLUMNS = ("file", "path", "source_language", "source", "language", "translation", "context", "status")


@dataclass(frozen=True)
class Translated:
    """One translation read back: where it goes, the source it was made from, and the text."""

    file: str
    id_path: str
    language: str
    source: str | None
    target: str


class TranslationFileError(Exception):
    """The file is not a translation file formc can read; the message says where and why."""


def _q(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def write_xliff(units: list[Unit], source_language: str, language: str) -> bytes:
    root = etree.Element(_q("xliff"), nsmap={None: XLIFF_NS},
                         attrib={"version": "2.0", "srcLang": source_language, "trgLang": language})
    by_file: dict[str, list[Unit]] = {}
    for unit in units:
        by_file.setdefault(unit.file, []).append(unit)
    for number, (name, file_units) in enumerate(by_file.items(), start=1):
        file_element = etree.SubElement(root, _q("file"), id=f"f{number}", original=name)
        for index, unit in enumerate(file_units, start=1):
            element = etree.SubElement(file_element, _q("unit"), id=f"u{index}", name=unit.id_path)
            notes = etree.SubElement(element, _q("notes"))
            if unit.context:
                etree.SubElement(notes, _q("note"), category="context").text = unit.context
            etree.SubElement(notes, _q("note"), category="status").text = unit.status
            state = {"current": {"state": "translated"}, "missing": {"state": "initial"},
                     "outdated": {"state": "initial", "subState": "formc:outdated"}}[unit.status]
            segment = etree.SubElement(element, _q("segment"), **state)
            etree.SubElement(segment, _q("source")).text = unit.source
            if unit.target is not None:
                etree.SubElement(segment, _q("target")).text = unit.target
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff(data: bytes) -> list[Translated]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TranslationFileError(f"not well-formed XML: {exc}") from None
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise TranslationFileError("not an XLIFF 2.0 file (expected <xliff version=\"2.0\"> in the "
                                   f"{XLIFF_NS} namespace)")
    language = root.get("trgLang")
    if not language:
        raise TranslationFileError("the <xliff> element has no trgLang (the language translated into)")
    found = []
    for file_element in root.iterfind(_q("file")):
        original = file_element.get("original")
        for unit in file_element.iter(_q("unit")):
            source_element = unit.find(f"{_q('segment')}/{_q('source')}")
            source = "".join(source_element.itertext()) if source_element is not None else None
            target = unit.find(f"{_q('segment')}/{_q('target')}")
            text = "".join(target.itertext()) if target is not None else ""
            if not original or not unit.get("name"):
                raise TranslationFileError(f"unit `{unit.get('id')}` (line {unit.sourceline}) has no file `original` "
                                           "or unit `name`: it was not exported by formc")
            if text.strip():
                found.append(Translated(original, unit.get("name"), language, source, text))
    return found


def write_csv(units: Iterable[Unit]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for u in units:
        writer.writerow([u.file, u.id_path, u.source_language, u.source, u.language, u.target or "", u.context or "",
                         u.status])
    return out.getvalue()


def read_csv(text: str) -> list[Translated]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in ("file", "path", "language", "translation") if c not in (reader.fieldnames or [])]
    if missing:
        raise TranslationFileError(f"the CSV header lacks {', '.join(missing)} (expected {', '.join(CSV_COLUMNS)})")
    found = []
    for row in reader:
        if (row.get("translation") or "").strip():
            found.append(Translated(row["file"], row["path"], row["language"], row.get("source"), row["translation"]))
    return found
