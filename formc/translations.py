"""The texts of a project as translation units, and whether each translation is missing, outdated or current.

A unit is one localised text of a definition file (a form, block or list): where it is (the file
and an *id path* such as ``pages/who/fields/name/hint``), its text in the source language (the
first language of the forms), a context for the translator (the field's label when the text is a
hint, an option or a pattern message) and its current translation.

Staleness: when a translation is imported (or accepted with ``formc translate accept``), a
fingerprint of the source text it was made from is kept beside it, in ``formc-translations.json``
next to ``formc.yaml`` (the definitions stay clean). A translation whose fingerprint no longer
matches its source is *outdated*; ``formc check`` warns about it (FC280).
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from formc.diagnostics import Diagnostic, Diagnostics
from formc.loader import PathKey, SourceFile, load_file
from formc.project import Project, definition_files
from formc.schema_check import language_schema

STORE_FILE = "formc-translations.json"


@dataclass(frozen=True)
class Unit:
    file: str  # the definition file, relative to the project root (POSIX)
    path: PathKey  # where the text is in the file's data
    id_path: str  # the same place named by ids: pages/who/fields/name/hint
    source_language: str
    source: str
    language: str
    target: str | None
    context: str | None
    status: str  # missing | outdated | current

    @property
    def key(self) -> str:
        return f"{self.file}#{self.id_path}"


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a source text (the first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# -- where the texts are ----------------------------------------------------------------------

def text_paths(data: Any, kind: str) -> Iterator[PathKey]:
    """The path of every localised text in a schema-valid definition of ``kind`` (form, block, list)."""
    yield from _texts(data, {"$ref": f"#/definitions/{kind}"}, ())


def _texts(data: Any, schema: dict, path: PathKey) -> Iterator[PathKey]:
    definitions = language_schema()["definitions"]
    ref = schema.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[1]
        if name == "text":
            yield path
            return
        if name == "field" and isinstance(data, dict):
            schema = definitions["use"] if "use" in data else definitions.get(f"field_{data.get('type')}", {})
        else:
            schema = definitions[name]
    for branch in schema.get("oneOf", []) + schema.get("anyOf", []):
        if branch.get("type") == ("object" if isinstance(data, dict) else "array" if isinstance(data, list) else "-"):
            schema = branch
            break
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        for key, value in data.items():
            if key in properties:
                yield from _texts(value, properties[key], path + (key,))
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(data):
            yield from _texts(item, schema["items"], path + (index,))


def id_path(data: Any, path: PathKey) -> str:
    """``path`` with list indexes replaced by the item's `id` (or an option's `value`) where it has one."""
    parts, node = [], data
    for part in path:
        child = node[part]
        if isinstance(part, int):
            name = child.get("id", child.get("value")) if isinstance(child, dict) else None
            parts.append(str(name) if isinstance(name, (str, int)) else str(part))
        else:
            parts.append(part)
        node = child
    return "/".join(parts)


def _context(data: Any, path: PathKey, language: str) -> str | None:
    """The label (or title) of the field, page or form a text belongs to, unless the text is that label."""
    owner_path = path[:-1]
    option = len(owner_path) >= 2 and owner_path[-2] == "options"
    if option:
        owner_path = owner_path[:-2]  # an option's label: the context is its field
    owner = _get(data, owner_path) if owner_path else data
    if not isinstance(owner, dict):
        return None
    for key in ("label", "title"):
        if not option and path == owner_path + (key,):
            continue
        text = owner.get(key)
        value = text.get(language) if isinstance(text, dict) else text
        if isinstance(value, str):
            if option:
                return f"an option of the field: {value}"
            what = "field" if key == "label" else "page" if owner_path[-2:-1] == ("pages",) else "form"
            return f"{path[-1]} of the {what}: {value}"
    return None


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


# -- the project's units --------------------------------------------------------------------------

@dataclass
class Catalogue:
    """Every unit of a project for its target languages, with the fingerprint store they were checked against."""

    root: Path
    source_language: str
    units: list[Unit]
    sources: dict[str, SourceFile]  # file → loaded file


def load_store(root: Path) -> dict[str, dict[str, str]]:
    """The fingerprints: ``{file#id_path: {language: fingerprint of the source it was translated from}}``."""
    path = root / STORE_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    texts = data.get("texts") if isinstance(data, dict) else None
    return texts if isinstance(texts, dict) else {}


def save_store(root: Path, store: dict[str, dict[str, str]]) -> None:
    """Write the fingerprints sorted, so the file diffs well in version control."""
    body = {"formc-translations": 1, "texts": {k: dict(sorted(v.items())) for k, v in sorted(store.items()) if v}}
    tmp = root / (STORE_FILE + ".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, root / STORE_FILE)


def catalogue(project: Project, languages: list[str] | None = None) -> Catalogue:
    """Every text of the project's files in each target language (all but the source, or ``languages``)."""
    root = project.root
    loaded: list[tuple[str, str, str, SourceFile]] = []  # (relative file, kind, id, source)
    for file in definition_files(project.settings):
        if str(file) not in project.file_ids:
            continue  # not a definition, or one with schema errors
        kind, ident = project.file_ids[str(file)]
        source = load_file(file, os.path.relpath(file), Diagnostics())  # shown as the other diagnostics are
        if source is not None:
            relative = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
            loaded.append((relative, kind, ident, source))
    forms = [source.data for _, kind, _, source in loaded if kind == "form"]
    firsts = collections.Counter(data["languages"][0] for data in forms)
    source_language = firsts.most_common(1)[0][0] if firsts else "nb"
    used_in: dict[str, set[str]] = collections.defaultdict(set)  # "block:x" → languages of the forms using it
    for data in forms:
        for used in _references(data):
            used_in[used].update(data["languages"])
    store = load_store(root)
    units: list[Unit] = []
    sources: dict[str, SourceFile] = {}
    for relative, kind, ident, source in loaded:
        sources[relative] = source
        if kind == "form":
            wanted = list(source.data["languages"])
            file_source = wanted[0]
        else:
            wanted = sorted(used_in.get(f"{kind}:{ident}", set()))
            file_source = source_language
        targets = [lang for lang in (languages or wanted) if lang in wanted and lang != file_source]
        for path in text_paths(source.data, kind):
            value = _get(source.data, path)
            text = value if isinstance(value, str) else value.get(file_source) if isinstance(value, dict) else None
            if not isinstance(text, str):
                continue
            where = id_path(source.data, path)
            for lang in targets:
                target = value.get(lang) if isinstance(value, dict) else None
                kept = store.get(f"{relative}#{where}", {}).get(lang)
                status = "missing" if target is None else "outdated" if kept and kept != fingerprint(text) else "current"
                units.append(Unit(relative, path, where, file_source, text, lang, target,
                                  _context(source.data, path, file_source), status))
    return Catalogue(root, source_language, units, sources)


def _references(data: Any) -> Iterator[str]:
    """`block:x` and `list:y` for every block and list a definition names (blocks through blocks are not followed)."""
    if isinstance(data, dict):
        for key, kind in (("use", "block"), ("list", "list")):
            if isinstance(data.get(key), str):
                yield f"{kind}:{data[key]}"
        for value in data.values():
            yield from _references(value)
    elif isinstance(data, list):
        for item in data:
            yield from _references(item)


def outdated_warnings(project: Project) -> list[Diagnostic]:
    """FC280 for each translation made from a source text that has changed since."""
    if not (project.root / STORE_FILE).is_file():
        return []
    diags = Diagnostics()
    found = catalogue(project)
    for unit in found.units:
        if unit.status == "outdated":
            source = found.sources[unit.file]
            diags.warning("FC280", f"the `{unit.language}` translation is outdated: the `{unit.source_language}` "
                          "text changed after it was translated", source.span(unit.path + (unit.language,)),
                          f"update it, e.g. `formc translate export --lang {unit.language} --only outdated`, or "
                          f"`formc translate accept --lang {unit.language}` if it is still right")
    return diags.sorted()


@dataclass
class ImportResult:
    files: list[str]  # definition files written
    translations: int  # translations taken (new, changed or confirmed)
    problems: list[str]  # translations that could not be placed


def apply_translations(project: Project, translated: list, write: bool = True) -> ImportResult:
    """Write ``translated`` (from :mod:`formc.translation_files`) into the definitions and keep the
    fingerprint of the source each was made from; the author's formatting is kept (:mod:`formc.yaml_edit`)."""
    from formc.yaml_edit import set_texts

    found = catalogue(project)
    index = {(u.file, u.id_path, u.language): u for u in found.units}
    store = load_store(project.root)
    edits: dict[str, dict[PathKey, dict[str, str]]] = collections.defaultdict(dict)
    problems: list[str] = []
    taken = 0
    for t in translated:
        unit = index.get((t.file, t.id_path, t.language))
        if unit is None:
            problems.append(f"{t.file}: no text `{t.id_path}` to translate into `{t.language}` (was the definition "
                            "changed or the language removed since the export?)")
            continue
        taken += 1
        target = t.target.replace("\r\n", "\n").replace("\r", "\n")  # line breaks as YAML reads them
        if target != unit.target:
            edits[unit.file].setdefault(unit.path, {})[unit.language] = target
        made_from = t.source if t.source is not None else unit.source
        store.setdefault(unit.key, {})[unit.language] = fingerprint(made_from)
    written = []
    for file, file_edits in sorted(edits.items()):
        path = project.root / file
        raw = path.read_bytes().decode("utf-8")
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        result = bom + set_texts(raw.removeprefix("\ufeff"), file_edits, file)
        if write:
            tmp = path.with_name(f".{path.name}.formc-tmp")
            tmp.write_bytes(result.encode("utf-8"))
            os.replace(tmp, path)
        written.append(file)
    if write:
        save_store(project.root, store)
    return ImportResult(written, taken, problems)


def accept(project: Project, languages: list[str] | None) -> int:
    """Record the current source of every existing translation as the one it was made from; the count."""
    store = load_store(project.root)
    count = 0
    for unit in catalogue(project, languages).units:
        if unit.target is not None:
            store.setdefault(unit.key, {})[unit.language] = fingerprint(unit.source)
            count += 1
    save_store(project.root, store)
    return count
