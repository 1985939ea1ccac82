"""Write translated texts into an author's YAML file without reformatting it.

The parser's marks give the exact characters of every text; a new translation replaces just the
characters of the old one, or is added after the mapping's last entry (``, en: "..."`` in flow
style, a new line at the same indentation in block style). Every other byte of the file (comments,
order, quoting, line breaks) stays as the author wrote it. The result is parsed again and must hold
exactly the expected values, else nothing is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from formc.diagnostics import Diagnostics
from formc.bidi import unbalanced
from formc.loader import CONTROL_CHARACTER, PathKey, load_text

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_SAFE = re.compile(r"^[^\W\d_][\w .'’()/–-]*(?<![ :])$")
_YAML_ESCAPES = str.maketrans({"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\x7f": "\\x7f", "\ufeff": "\\uFEFF"})
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


class EditError(Exception):
    """The file cannot take the edit (a text that is not a mapping, or a result that does not read back)."""


@dataclass
class _Mapping:
    flow: bool
    column: int = 0  # of its first key
    last_end: int = 0  # where its last value ends
    values: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # key → (start, end, style)


def _scan(text: str) -> dict[PathKey, _Mapping]:
    """Every mapping of the document by path, with where its entries are."""
    found: dict[PathKey, _Mapping] = {}
    loader = _Loader(text)
    try:
        stack: list[tuple[PathKey, Any]] = []  # (path, index or pending key)
        pending: list[Any] = []
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                pending.pop()
                _after_value(found, stack, pending, event.end_mark.index, None, None)
                continue
            # a node: is it a key, or a value at some path?
            if stack and stack[-1][1] == "map" and pending[-1] is None:
                pending[-1] = event.value  # a key (definitions have plain keys)
                if not found[stack[-1][0]].values:
                    found[stack[-1][0]].column = event.start_mark.column
                continue
            path = _child_path(stack, pending)
            if isinstance(event, yaml.MappingStartEvent):
                found[path] = _Mapping(bool(event.flow_style))
                stack.append((path, "map"))
                pending.append(None)
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append((path, "seq"))
                pending.append(0)
            else:  # scalar or alias
                _after_value(found, stack, pending, event.end_mark.index, event.start_mark.index,
                             getattr(event, "style", None) or "")
    finally:
        loader.dispose()
    return found


def _child_path(stack: list, pending: list) -> PathKey:
    if not stack:
        return ()
    return stack[-1][0] + (pending[-1],)


def _after_value(found: dict, stack: list, pending: list, end: int, start: int | None, style: str | None) -> None:
    """Record a finished value in its parent and move the parent on to its next key or index."""
    if not stack:
        return
    parent_path, kind = stack[-1]
    if kind == "map":
        mapping = found[parent_path]
        if start is not None:
            mapping.values[pending[-1]] = (start, end, style or "")
        mapping.last_end = end
        pending[-1] = None
    else:
        pending[-1] += 1


def render(value: str, plain_ok: bool) -> str:
    """A YAML scalar for ``value``: plain where that reads back the same, else double-quoted."""
    if plain_ok and _PLAIN_SAFE.match(value) and value.lower() not in _YAML_WORDS:
        return value
    # a JSON string is a YAML double-quoted scalar, once the characters YAML reads as line breaks or refuses
    # raw are escaped too
    return json.dumps(value, ensure_ascii=False).translate(_YAML_ESCAPES)


def set_texts(text: str, edits: dict[PathKey, dict[str, str]], display: str = "<file>") -> str:
    """``text`` with each ``edits[path][language]`` written into the text mapping at ``path``."""
    for path, languages in edits.items():
        for lang, value in languages.items():
            bad = CONTROL_CHARACTER.search(value)
            if bad:
                raise EditError(f"{display}: the `{lang}` text at {'/'.join(map(str, path))} holds the control "
                                f"character U+{ord(bad.group()):04X}; remove it from the translation")
            index = unbalanced(value)
            if index is not None:
                raise EditError(f"{display}: the `{lang}` text at {'/'.join(map(str, path))} holds the direction "
                                f"control U+{ord(value[index]):04X} at character {index + 1}, unbalanced (it would "
                                "reorder the text after it); remove it from the translation, or close it on its line")
    mappings = _scan(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    splices: list[tuple[int, int, str]] = []
    for path, languages in edits.items():
        mapping = mappings.get(path)
        if mapping is None:
            raise EditError(f"{display}: the text at {'/'.join(map(str, path))} is not a mapping of languages")
        added = []
        for lang, value in languages.items():
            if lang in mapping.values:
                start, end, style = mapping.values[lang]
                splices.append((start, end, render(value, style == "")))
            else:
                added.append((lang, value))
        if not added:
            continue
        if mapping.flow:
            splices.append((mapping.last_end, mapping.last_end, "".join(f", {lang}: {render(v, True)}" for lang, v in added)))
            continue
        indent = " " * mapping.column
        lines = "".join(f"{newline}{indent}{lang}: {render(v, True)}" for lang, v in added)
        end = mapping.last_end
        if end > 0 and text[end - 1] == "\n":  # a block scalar ends after its line break
            splices.append((end, end, lines[len(newline):] + newline))
        else:
            line_end = text.find(newline, end)
            line_end = len(text) if line_end < 0 else line_end  # after a comment on the same line
            splices.append((line_end, line_end, lines))
    result = text
    for start, end, replacement in sorted(splices, reverse=True):
        result = result[:start] + replacement + result[end:]
    _verify(text, result, edits, display)
    return result


def _verify(before: str, after: str, edits: dict[PathKey, dict[str, str]], display: str) -> None:
    old = load_text(before, display, Diagnostics())
    new = load_text(after, display, Diagnostics())
    if old is None or new is None:
        raise EditError(f"{display}: the file does not read back after the edit; nothing was written")
    expected = old.data
    for path, languages in edits.items():
        node = expected
        for part in path:
            node = node[part]
        node.update(languages)
    if new.data != expected:
        raise EditError(f"{display}: the edit would change more than the texts; nothing was written")
