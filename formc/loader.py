"""Load YAML definition files into plain values, keeping the line and column of every node.

Safe by construction: only the YAML 1.2 core types are produced (``no`` stays a
string), explicit tags, duplicate keys, multiple documents, non-UTF-8 input,
oversized files, alias bombs, nesting deeper than :data:`MAX_DEPTH`, numbers no
JSON reader can hold exactly and control characters in any text are refused with
a diagnostic, never a traceback.

Two builders produce the same result: the compiled fast path (formc/_fastload.c, built by
``pip install`` where a C compiler and libyaml are there) loads a clean file several times
faster and declines any other, which :class:`_Builder` then loads from its parser's events to
report the diagnostic. tests/core/test_loader_fast.py holds the two to the same values and
positions.
"""

from __future__ import annotations

import codecs
import hashlib
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formc.bidi import CONTROLS as DIRECTION_CONTROLS
from formc.bidi import ISOLATES, PDF, PDI, unbalanced
from formc.diagnostics import Diagnostics, Span
from formc.files import NotRegularFile, open_regular

try:  # built from _fastload.c by `pip install`, where a C compiler and libyaml are there
    from formc import _fastload
except ImportError:  # pragma: no cover - then the Python builder below loads every file
    _fastload = None

MAX_FILE_BYTES = 1024 * 1024
MAX_ALIASES = 50
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 64  # nested mappings/lists; deep enough for groups nested to the checker's limit
MAX_SAFE_INTEGER = 2**53 - 1  # the largest integer every JSON reader (JavaScript too) holds exactly

# C0 controls but tab and line feed, U+FFFE/U+FFFF and lone surrogates: not text, not storable in XML or UTF-8
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")  # C0 but tab/LF, DEL, C1

PathKey = tuple  # a tuple of str (mapping keys) and int (sequence indexes)

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_MAYBE_TYPED = frozenset("-+.0123456789~nNtTfF")  # first characters of null, booleans and numbers
_OUT_OF_RANGE = object()  # what _fast_plain answers for a number _check_number refuses
_LIMITS = (MAX_DEPTH, MAX_ALIASES, MAX_EXPANDED_NODES)


@dataclass
class SourceFile:
    """One loaded YAML document: its value and where each part of it stands.

    The compiled fast path records only the positions a clean definition asks for (see formc/_fastload.c)
    and keeps the text in ``unplaced``: the first :meth:`span` outside them loads it again for all of them.
    """

    path: str
    data: Any
    digest: str = ""  # sha256 of the file's bytes
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    bare_keys: list[PathKey] = field(default_factory=list)  # `{a: b, c}`: keys in flow style without `:`
    unplaced: bytes | None = field(default=None, repr=False)  # the UTF-8 text while the positions are few

    def span(self, path: PathKey = (), key: bool = False) -> Span:
        """The position of the value at ``path`` (or of its key), else of its nearest ancestor."""
        probe = tuple(path)
        if self.unplaced is not None and (key or probe not in self.positions):
            self.positions, self.key_positions = _fastload.load(self.unplaced, _fast_plain, _OUT_OF_RANGE, _LIMITS)[1:3]
            self.unplaced = None
        table = self.key_positions if key else self.positions
        while True:
            if probe in table:
                line, col = table[probe]
                span = _new(Span)  # Span(self.path, line, col) without the frozen dataclass's __init__
                span.__dict__.update(path=self.path, line=line, column=col)
                return span
            if key and probe in self.positions:
                line, col = self.positions[probe]
                return Span(self.path, line, col)
            if not probe:
                return Span(self.path, 1, 1)
            probe = probe[:-1]


_new = object.__new__


class _Refused(Exception):
    def __init__(self, code: str, message: str, line: int, col: int, help: str | None = None):
        super().__init__(message)
        self.code, self.message, self.line, self.col, self.help = code, message, line, col, help


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The value of a scalar, refused if it is a number out of range or text with a control character."""
    value = _typed(event)
    if isinstance(value, str):
        _check_text(value, event.start_mark)
    else:
        _check_number(value, event)
    return value


def _typed(event: yaml.ScalarEvent) -> Any:
    if event.tag is not None and event.tag != "!":
        mark = event.start_mark
        raise _Refused(
            "FC003",
            f"YAML tag `{event.tag}` is not allowed",
            mark.line + 1,
            mark.column + 1,
            "definitions use plain YAML values only; remove the tag (quote the value if it must be text)",
        )
    value = event.value
    if event.style or event.tag == "!" or (value and value[0] not in _MAYBE_TYPED):  # quoted, block, or plainly text
        return value
    return _resolve_plain(value)


def _resolve_plain(value: str) -> Any:
    """The value of a plain untagged scalar: null, a boolean, an integer, a float, else the text itself."""
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(value):
        try:
            return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
        except ValueError:
            return value
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        return float(value)
    return value


def _in_range(value: Any) -> bool:
    """False for a number a JSON reader cannot hold exactly: an infinity, NaN, an integer beyond 2^53 − 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) <= MAX_SAFE_INTEGER
    return abs(value) <= MAX_SAFE_INTEGER


def _check_number(value: Any, event: yaml.ScalarEvent) -> None:
    """Refuse numbers a JSON reader cannot hold exactly: infinities, NaN, integers beyond 2^53 − 1."""
    if _in_range(value):
        return
    raise _Refused(
        "FC051", f"the number `{event.value[:40]}` is out of range", event.start_mark.line + 1,
        event.start_mark.column + 1,
        f"numbers must be finite and at most {MAX_SAFE_INTEGER} in size (2^53 − 1, what every JSON reader holds exactly)",
    )


def _fast_plain(value: str) -> Any:
    """:func:`_resolve_plain` for the compiled fast path: :data:`_OUT_OF_RANGE` for a number it must not take."""
    typed = _resolve_plain(value)
    return typed if _in_range(typed) else _OUT_OF_RANGE


def _check_text(text: str, mark: Any) -> None:
    """Refuse control characters, U+FFFE/U+FFFF, lone surrogates and unbalanced direction controls in any text
    (key or value)."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        if not DIRECTION_CONTROLS.isdisjoint(text):
            _check_direction(text, mark)
        return
    code = ord(found.group())
    kind = "a control character" if code <= 0x9F else "a lone surrogate" if code < 0xE000 else "a noncharacter"
    raise _Refused(
        "FC052", f"the text contains U+{code:04X} ({kind}) at character {found.start() + 1}",
        mark.line + 1, mark.column + 1,
        "remove it; definitions may hold tabs and line breaks, but no other control characters",
    )


def _check_direction(text: str, mark: Any) -> None:
    """Refuse a direction control left open at the end of its line, or a closer that closes nothing: shown, it
    would reorder the text after it (in the form, the archive, a reviewer's diff: "Trojan Source")."""
    index = unbalanced(text)
    if index is None:
        return
    code = ord(text[index])
    name = unicodedata.name(text[index])
    what = "closes nothing" if text[index] in (PDF, PDI) else "is not closed before the line ends"
    closer = "" if text[index] in (PDF, PDI) else f" (U+{ord(PDI if text[index] in ISOLATES else PDF):04X})"
    raise _Refused(
        "FC053", f"the direction control U+{code:04X} ({name}) at character {index + 1} {what}",
        mark.line + 1, mark.column + 1,
        f"remove it, or close it on the same line{closer}; an unbalanced control reverses or reorders the text "
        "shown after it",
    )


class _Builder:
    """Turns the parser's event stream into values, recording positions as it goes."""

    def __init__(self, loader: Any, source: SourceFile):
        self.loader = loader
        self.source = source
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name → value, node count, height
        self.aliases = 0
        self.deepest = 0  # the deepest level reached so far in the node being built
        self.expanded = 0

        self.next_event = loader.get_event
        self.positions = source.positions

    def node(self, event: Any, path: PathKey) -> tuple[Any, int]:
        """Build the value that starts with ``event``; return it and its node count."""
        mark = event.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is yaml.ScalarEvent and not event.anchor:
            return _scalar(event), 1
        depth = len(path)
        if kind is yaml.AliasEvent:
            self.aliases += 1
            if event.anchor not in self.anchors:
                raise _Refused("FC004", f"unknown alias `*{event.anchor}`", mark.line + 1, mark.column + 1)
            value, size, height = self.anchors[event.anchor]
            self._deeper(depth + height, mark)
            self.expanded += size
            if self.aliases > MAX_ALIASES or self.expanded > MAX_EXPANDED_NODES:
                raise _Refused(
                    "FC004",
                    "too many YAML aliases (an alias bomb or a very repetitive file)",
                    mark.line + 1,
                    mark.column + 1,
                    f"at most {MAX_ALIASES} aliases are allowed; use a `block` or a `list` to share definitions",
                )
            return value, size
        self._deeper(depth, mark)
        outer, self.deepest = self.deepest, depth
        if kind is yaml.ScalarEvent:
            value, size = _scalar(event), 1
        elif kind is yaml.SequenceStartEvent:
            self._check_tag(event)
            value, size = [], 1
            index = 0
            while type(item := self.next_event()) is not yaml.SequenceEndEvent:
                child, child_size = self.node(item, path + (index,))
                value.append(child)
                size += child_size
                index += 1
        elif kind is yaml.MappingStartEvent:
            self._check_tag(event)
            value, size = {}, 1
            while type(key_event := self.next_event()) is not yaml.MappingEndEvent:
                kmark = key_event.start_mark
                if not isinstance(key_event, yaml.ScalarEvent):
                    raise _Refused("FC005", "a mapping key must be a plain name", kmark.line + 1, kmark.column + 1)
                if key_event.tag is not None:
                    _typed(key_event)  # raises the tag error
                key = key_event.value
                _check_text(key, kmark)
                if key in value:
                    first = self.source.key_positions.get(path + (key,), (0, 0))
                    raise _Refused(
                        "FC002",
                        f"duplicate key `{key}` (first defined on line {first[0]})",
                        kmark.line + 1,
                        kmark.column + 1,
                        "each key may appear once in a mapping; remove or merge one of them",
                    )
                self.source.key_positions[path + (key,)] = (kmark.line + 1, kmark.column + 1)
                value_event = self.next_event()
                if event.flow_style and value_event.start_mark.index == key_event.end_mark.index:
                    self.source.bare_keys.append(path + (key,))  # usually text split at an unquoted comma
                child, child_size = self.node(value_event, path + (key,))
                value[key] = child
                size += child_size
        else:  # pragma: no cover - the parser yields no other node events
            raise _Refused("FC001", "unexpected YAML structure", mark.line + 1, mark.column + 1)
        if getattr(event, "anchor", None):
            self.anchors[event.anchor] = (value, size, self.deepest - depth)
        self.deepest = max(outer, self.deepest)
        return value, size

    def _deeper(self, depth: int, mark: Any) -> None:
        """Note that the document reaches ``depth``; refuse it past :data:`MAX_DEPTH`."""
        if depth > MAX_DEPTH:
            raise _Refused(
                "FC050", f"the definition is nested too deeply (more than {MAX_DEPTH} levels)",
                mark.line + 1, mark.column + 1,
                "flatten the structure: no definition needs this depth (see the limits in docs/language.md)",
            )
        self.deepest = max(self.deepest, depth)

    @staticmethod
    def _check_tag(event: Any) -> None:
        if event.tag is not None:
            mark = event.start_mark
            raise _Refused(
                "FC003", f"YAML tag `{event.tag}` is not allowed", mark.line + 1, mark.column + 1,
                "definitions use plain YAML values only; remove the tag",
            )


def _decode(raw: bytes, display: str, diags: Diagnostics) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            "FC006", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", Span(display, line, col),
            "save the file as UTF-8 (without a byte-order mark problem); formc reads definitions only as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


def load_text(text: str, display: str, diags: Diagnostics) -> SourceFile | None:
    """Parse one YAML document from ``text``; on failure record a diagnostic and return None."""
    return _load(text, text.encode("utf-8"), display, diags)


def _load(text: str, utf8: bytes, display: str, diags: Diagnostics) -> SourceFile | None:
    """:func:`load_text` given ``text`` also as UTF-8: the compiled fast path first, else the Python builder.

    The fast path (formc/_fastload.c) builds the same value and positions as :class:`_Builder` for a file
    that loads cleanly (the positions when first asked beyond the few it records) and declines every other
    file, which the Python builder then loads again to report the diagnostic with its position.
    """
    source = SourceFile(display, None, hashlib.sha256(utf8).hexdigest())
    if _fastload is not None:
        built = _fastload.load(utf8, _fast_plain, _OUT_OF_RANGE, _LIMITS, True)
        if built is not None:
            source.data, source.positions, source.key_positions, source.bare_keys = built
            source.unplaced = utf8
            return source
    return _build(text, source, diags)


if TYPE_CHECKING:
    import yaml


def _yaml_loader() -> Any:
    """PyYAML's parser for the Python builder, imported on first use: with the compiled fast path only a file
    with a problem (or none, without it) is parsed here, so a clean build never imports PyYAML (~10 ms)."""
    global yaml
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _build(text: str, source: SourceFile, diags: Diagnostics) -> SourceFile | None:
    """Load ``text`` into ``source`` with the Python builder; on failure record a diagnostic and return None."""
    display = source.path
    loader = _yaml_loader()(text)
    try:
        loader.get_event()  # StreamStart
        first = loader.get_event()
        if isinstance(first, yaml.StreamEndEvent):
            diags.error("FC001", "the file is empty", Span(display, 1, 1), "start the file with `formc: 1` and a `kind`")
            return None
        builder = _Builder(loader, source)
        source.data, _ = builder.node(loader.get_event(), ())
        loader.get_event()  # DocumentEnd
        extra = loader.get_event()
        if not isinstance(extra, yaml.StreamEndEvent):
            mark = extra.start_mark
            diags.error(
                "FC007", "more than one YAML document in the file", Span(display, mark.line + 1, mark.column + 1),
                "put each definition in its own file (remove the `---` separator)",
            )
            return None
    except _Refused as refused:
        diags.error(refused.code, refused.message, Span(display, refused.line, refused.col), refused.help)
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere (C1 controls among them)
        line, col = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else -1
        diags.error("FC001", f"U+{code:04X} is not allowed in a YAML file: {exc.reason}", Span(display, line, col),
                    "remove it, or write it as an escape (\\u0085) in double quotes if it belongs in a text")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        diags.error("FC001", f"YAML syntax error: {problem}", Span(display, line, col),
                    "check indentation and quoting near this position")
        return None
    except yaml.YAMLError as exc:
        diags.error("FC001", f"YAML error: {exc}", Span(display, 1, 1))
        return None
    finally:
        loader.dispose()
    return source


def _line_col(text: str, position: int) -> tuple[int, int]:
    """Line and column (from 1) of the character at ``position`` in ``text``."""
    start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - start + 1


def load_file(path: Path, display: str, diags: Diagnostics) -> SourceFile | None:
    """Read and parse one definition file, refusing oversized or non-UTF-8 input."""
    try:
        with open_regular(path) as handle:  # a FIFO or a device would block or never end: refused unopened
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                diags.error(
                    "FC008", f"the file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})",
                    Span(display, 1, 1), "split the definition into blocks and lists in files of their own",
                )
                return None
            raw = handle.read(MAX_FILE_BYTES + 1)  # no more than the limit, even if the file grew meanwhile
        if len(raw) > MAX_FILE_BYTES:
            diags.error("FC008", f"the file is too large (more than {MAX_FILE_BYTES} bytes)", Span(display, 1, 1),
                        "split the definition into blocks and lists in files of their own")
            return None
    except NotRegularFile:
        diags.error("FC009", "cannot read the file: it is not a regular file", Span(display, 1, 1),
                    "definitions are plain files; remove it or give it another extension")
        return None
    except OSError as exc:
        diags.error("FC009", f"cannot read the file: {exc.strerror}", Span(display, 1, 1))
        return None
    text = _decode(raw, display, diags)
    if text is None:
        return None
    return _load(text, raw.removeprefix(codecs.BOM_UTF8), display, diags)
