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
from formc.schema_check import _SECTIONS, _quick_valid, _validator

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
