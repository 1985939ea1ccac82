"""The YAML loader: YAML 1.2 core values, positions, and refusal of unsafe or broken input."""

from __future__ import annotations

import time
from pathlib import Path

from formc.diagnostics import Diagnostics
from formc.loader import MAX_FILE_BYTES, load_file, load_text


def load(text: str):
    diags = Diagnostics()
    return load_text(text, "t.yaml", diags), diags.items


def test_values_follow_the_yaml_1_2_core_schema() -> None:
    source, problems = load("a: no\nb: yes\nc: 1.2.0\nd: 2024-01-01\ne: '3'\nf: 3\ng: 1.5\nh: ~\ni: true\n")
    assert problems == []
    assert source.data == {"a": "no", "b": "yes", "c": "1.2.0", "d": "2024-01-01", "e": "3", "f": 3, "g": 1.5,
                           "h": None, "i": True}


def test_positions_of_values_and_keys() -> None:
    source, _ = load("title: x\npages:\n  - id: one\n    fields: []\n")
    assert (source.span(("pages", 0, "id")).line, source.span(("pages", 0, "id")).column) == (3, 9)
    assert (source.span(("pages", 0, "id"), key=True).line, source.span(("pages", 0, "id"), key=True).column) == (3, 5)
    assert source.span(("pages", 0, "missing", 3)).line == 3  # nearest existing ancestor


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    source, problems = load("\n".join(lines) + "\n")
    assert source is None and [p.code for p in problems] == ["FC004"]
    assert time.perf_counter() - started < 5  # a sanity bound against a hang, not a performance claim


def test_tags_multiple_documents_and_non_mapping_keys_are_refused() -> None:
    assert [p.code for p in load("a: !!str 1\n")[1]] == ["FC003"]
    assert [p.code for p in load("a: !custom x\n")[1]] == ["FC003"]
    assert [p.code for p in load("a: 1\n---\nb: 2\n")[1]] == ["FC007"]
    assert [p.code for p in load("? [a]\n: 1\n")[1]] == ["FC005"]
    assert [p.code for p in load("")[1]] == ["FC001"]


def test_oversized_and_non_utf8_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    diags = Diagnostics()
    assert load_file(big, "big.yaml", diags) is None and diags.items[0].code == "FC008"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nb: bl\xe5\n".encode("latin-1"))
    diags = Diagnostics()
    assert load_file(latin, "latin.yaml", diags) is None
    assert (diags.items[0].code, diags.items[0].span.line, diags.items[0].span.column) == ("FC006", 2, 6)
