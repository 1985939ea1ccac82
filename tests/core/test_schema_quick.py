"""The language-schema check's compiled quick path (fastjsonschema: each field type, and the big optional
sections of a form and of formc.yaml, compiled on their own) says valid exactly when the full validator
(jsonschema, which explains errors) finds no error: on every shipped definition and formc.yaml, and on
each of them broken one value or one key at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from formc.diagnostics import Diagnostics
from formc.loader import load_file
from formc.schema_check import _SECTIONS, _quick_valid, _shallow_definitions, _target, _validator
from formc.schema_sure import sure_check

ROOT = Path(__file__).parent.parent.parent
FILES = sorted([*ROOT.glob("form_definitions/**/*.yaml"), *ROOT.glob("examples/*/forms/*.yaml"),
                *ROOT.glob("examples/*/formc.yaml"), ROOT / "formc.yaml"])


def definition_of(path: Path) -> str:
    return "project" if path.name == "formc.yaml" else ""


def load(path: Path) -> Any:
    source = load_file(path, str(path), Diagnostics())
    assert source is not None
    return source.data


def variants(data: Any) -> Iterator[tuple[str, Any]]:
    """Copies of ``data`` with one change each inside a section: a value of the wrong type, an unknown key."""
    def walk(node: Any, path: tuple) -> Iterator[tuple]:
        yield path
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, (*path, index))

    sections = {name for names in _SECTIONS.values() for name in names}
    for section in sorted(sections & set(data)):
        for path in walk(data[section], (section,)):
            for change in ("wrong type", "unknown key"):
                copy = replace(data, path, change)
                if copy is not None:
                    yield f"{change} at {'/'.join(map(str, path))}", copy


def replace(node: Any, path: tuple, change: str) -> Any:
    if not path:
        if change == "wrong type":
            return [] if isinstance(node, (str, int, float, bool)) or node is None else 7
        return {**node, "zz_not_a_key": 1} if isinstance(node, dict) else None
    head, rest = path[0], path[1:]
    inner = replace(node[head], rest, change)
    if inner is None:
        return None
    if isinstance(node, dict):
        return {**node, head: inner}
    return [*node[:head], inner, *node[head + 1:]]


def full_valid(data: Any, definition: str) -> bool:
    return next(iter(_validator(definition).iter_errors(data)), None) is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_quick_check_agrees_with_the_full_validator(path: Path) -> None:
    data, definition = load(path), definition_of(path)
    assert _quick_valid(data, definition) == full_valid(data, definition) is True
    checked = 0
    for what, copy in variants(data):
        assert _quick_valid(copy, definition) == full_valid(copy, definition), what
        checked += 1
    if any(section in data for sections in _SECTIONS.values() for section in sections):
        assert checked



# keys whose values the schema lets take one of several JSON types (`oneOf` by type: texts, `required`,
# `max_size`, names of archive parties); the quick check tries those types as an `anyOf`
MIXED_KEYS = ("label", "hint", "title", "description", "text", "message", "required", "max_size", "name", "sender")
VALUES_OF_EVERY_TYPE = ("x", "", True, False, 3, 2.5, None, [], ["x"], [{"nb": "x"}], {}, {"nb": "x"}, {"nb": 1},
                        {"NB": "x"}, {"nb": "x", "en": "y"})


def places(node: Any, where: tuple = ()) -> Iterator[tuple]:
    """The path of every value of a `MIXED_KEYS` key in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in MIXED_KEYS:
                yield (*where, key)
            yield from places(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from places(value, (*where, index))


def first_places() -> list[tuple[Path, tuple]]:
    """For each mixed key, its first place in the shipped definitions (the smallest file that has it)."""
    found: dict[str, tuple[Path, tuple]] = {}
    for path in sorted((p for p in FILES if "form_definitions" in p.parts), key=lambda p: p.stat().st_size):
        for where in places(load(path)):
            found.setdefault(str(where[-1]), (path, where))
    assert set(found) == set(MIXED_KEYS)
    return [found[key] for key in MIXED_KEYS]


def put(node: Any, where: tuple, value: Any) -> Any:
    if not where:
        return value
    head, rest = where[0], where[1:]
    if isinstance(node, dict):
        return {**node, head: put(node[head], rest, value)}
    return [*node[:head], put(node[head], rest, value), *node[head + 1:]]


@pytest.mark.parametrize("path, where", first_places(), ids=lambda v: str(v[-1]) if isinstance(v, tuple) else v.name)
def test_values_of_every_type_where_the_schema_takes_several(path: Path, where: tuple) -> None:
    data = load(path)
    verdicts = set()
    for value in VALUES_OF_EVERY_TYPE:
        copy = put(data, where, value)
        quick = _quick_valid(copy, "")
        assert quick == full_valid(copy, ""), f"{value!r} at {'/'.join(map(str, where))}"
        verdicts.add(quick)
    assert verdicts == {True, False}


# formc.schema_sure: the first pass, sure of a value or passing it on; held to the full validator value by value
SURE_VALUES = (*VALUES_OF_EVERY_TYPE, 1.0, -1, 0, 10**7, "x" * 300, "X", "a b", "nb", "text", ["x", "x"], [1], [None],
               {"zz": 1}, {"nb": "x", "nn": "y", "en": "z"})


def every_change(node: Any, deep: bool = True) -> Iterator[tuple[tuple, Any]]:
    """(where, copy of ``node``) with the value at each place replaced by each of `SURE_VALUES`, an unknown key
    added to each mapping and each key of each mapping left out; not below field lists and sections unless ``deep``."""
    shallow = {"fields", *(name for names in _SECTIONS.values() for name in names)}

    def walk(value: Any, where: tuple) -> Iterator[tuple[tuple, Any]]:
        if where:
            yield from ((where, other) for other in SURE_VALUES)
        if isinstance(value, dict):
            yield where, {**value, "zz_not_a_key": 1}
            yield from ((where, {k: v for k, v in value.items() if k != key}) for key in value)
            for key, inner in value.items():
                if deep or key not in shallow:
                    yield from walk(inner, (*where, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                yield from walk(inner, (*where, index))

    for where, changed in walk(node, ()):
        yield where, put(node, where, changed)


def first_fields() -> list[tuple[str, dict]]:
    """The first field of each kind (and the first `use`) in the shipped definitions."""
    from formc.schema_check import _nested_fields

    found: dict[str, dict] = {}
    for path in FILES:
        data = load(path)
        if isinstance(data, dict) and data.get("kind") in ("form", "block"):
            for field in _nested_fields(data):
                found.setdefault("use" if "use" in field else f"field_{field['type']}", field)
    return sorted(found.items())


@pytest.mark.parametrize("kind, field", first_fields(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_first_pass_is_sure_only_of_valid_fields(kind: str, field: dict) -> None:
    sure = sure_check(_target(kind, None), _shallow_definitions())
    assert sure(field)
    verdicts = set()
    for where, copy in every_change(field, deep=False):
        if where[:1] == ("fields",):
            continue  # a group's fields are each checked on their own (what this check is sure of: a list of mappings)
        verdicts.add(sure(copy))
        if sure(copy):
            assert full_valid(copy, kind), f"sure of an invalid field: {'/'.join(map(str, where))} = {copy!r}"
    assert verdicts == {True, False}


@pytest.mark.parametrize("path", [FILES[0], ROOT / "formc.yaml", *sorted(ROOT.glob("form_definitions/lists/*.yaml"))[:1],
                                  *sorted(ROOT.glob("form_definitions/blocks/*.yaml"))[:1]],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_first_pass_is_sure_only_of_valid_definitions(path: Path) -> None:
    data, definition = load(path), definition_of(path)
    checked = 0
    for where, copy in every_change(data, deep=False):
        if _quick_valid(copy, definition):  # (when not, the full validator explains or finds nothing)
            assert full_valid(copy, definition), f"sure of an invalid definition: {'/'.join(map(str, where))}"
        checked += 1
    assert checked > 50
