"""Authors' ``pattern``s: the regular-expression subset every channel reads the same way, in linear time.

A ``text`` field's pattern runs in four engines: RE2 in the validator (linear
time, so no citizen input can stall a server), ECMAScript in ``formc.js`` and
in JSON Schema validators such as ajv, and Python's ``re`` in the
``jsonschema`` package. :func:`translate` accepts the subset they agree on and
rewrites the few constructs whose meaning differs into explicit classes:

- ``\\d`` → ``[0-9]``, ``\\w`` → ``[A-Za-z0-9_]``, ``\\s`` → the whitespace of
  :data:`formc.formats.WHITESPACE` (ECMAScript's), ``.`` → any character but
  a line break (ECMAScript's meaning; the value is single-line anyway);
- capturing groups become non-capturing (matching is unchanged);
- ``\\uXXXX`` becomes the character itself.

Refused, with the reason: look-around, back-references, named groups, flags,
``\\b``, ``\\A``, ``\\Z``, ``\\p{...}``, possessive quantifiers, repeat counts
over 1000, unescaped ``{``, ``}`` or ``]`` used as literals, and ``[]``. The
documentation is docs/language.md ("Patterns").
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

from formc import formats

# Written with literal characters (RE2 has no ``\\uXXXX``) and the escapes all four engines know.
_LITERAL_ESCAPES = {"\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r"}
_SPACE_CLASS = "".join(_LITERAL_ESCAPES.get(ch, ch) for ch in formats.WHITESPACE)
_NOT_LINE_BREAK = "[^\\n\\r\u2028\u2029]"
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE_CLASS}
_NEGATED = {"D": "d", "W": "w", "S": "s"}
_CONTROL_ESCAPES = "ntrfv"
_SYNTAX = set("^$\\.*+?()[]{}|/")
_MAX_REPEAT = 1000


@dataclass
class PatternError(Exception):
    """Why a pattern is outside the shared subset; ``offset`` is the position in the author's text."""

    message: str
    offset: int
    help: str = ("use literal characters, classes like `[A-Z]` and `[0-9]`, groups, `|` and the quantifiers "
                 "`* + ? {n} {n,m}`; escape `{ } [ ] ( ) . * + ?` with `\\`")


class _Translator:
    def __init__(self, source: str):
        self.s = source
        self.i = 0
        self.depth = 0
        self.unbounded = 0  # unbounded quantifiers read so far (a cheap guard before the exact check)

    def fail(self, message: str, at: int | None = None, help: str | None = None) -> PatternError:
        error = PatternError(message, self.i if at is None else at)
        if help is not None:
            error.help = help
        return error

    def peek(self, ahead: int = 0) -> str:
        at = self.i + ahead
        return self.s[at] if at < len(self.s) else ""

    def run(self) -> str:
        out = self.alternation()
        if self.i < len(self.s):
            raise self.fail("unbalanced `)`: escape it as `\\)` for a literal parenthesis")
        return out

    def alternation(self) -> str:
        parts = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            parts.append(self.sequence())
        return "|".join(parts)

    def sequence(self) -> str:
        out = []
        while self.i < len(self.s) and self.peek() not in "|)":
            start = self.i
            atom, quantifiable = self.atom()
            unbounded_inside = self.unbounded > 0 and atom.startswith("(?:") and _has_unbounded(atom)
            at = self.i
            quantifier = self.quantifier()
            if quantifier and not quantifiable:
                raise self.fail(f"nothing to repeat before `{quantifier}`", start)
            if unbounded_inside and quantifier.rstrip("?") not in ("", "?") and not _exact(quantifier):
                raise self.fail("a repeated group that itself contains `*`, `+` or `{n,}` (like `(a+)+`) can take "
                                "exponential time in browsers and other validators", at,
                                "repeat either the group or its inside, not both: `(a+)+` is `a+`")
            if _unbounded(quantifier):
                self.unbounded += 1
            out.append(atom + quantifier)
        return "".join(out)

    def atom(self) -> tuple[str, bool]:
        ch = self.peek()
        if ch in "^$":
            self.i += 1
            return ch, False
        if ch == "(":
            return self.group(), True
        if ch == "[":
            return self.char_class(), True
        if ch == ".":
            self.i += 1
            return _NOT_LINE_BREAK, True
        if ch == "\\":
            return self.escape(in_class=False), True
        if ch in "*+?":
            raise self.fail(f"nothing to repeat before `{ch}`")
        if ch in "{}]":
            raise self.fail(f"a literal `{ch}` must be escaped as `\\{ch}` (JavaScript refuses it bare)")
        self.i += 1
        return self.literal(ch), True

    def literal(self, ch: str) -> str:
        if formats.bad_character(ch, single_line=True) is not None:
            raise self.fail(f"the control character U+{ord(ch):04X} cannot be part of a pattern", self.i - 1)
        return ch

    def group(self) -> str:
        start = self.i
        self.i += 1
        if self.peek() == "?":
            if self.peek(1) != ":":
                kind = {"=": "look-ahead", "!": "look-ahead", "<": "look-behind or named group", "P": "named group"}.get(
                    self.peek(1), "inline flag")
                raise self.fail(f"a {kind} `(?{self.peek(1)}` is not supported by every validator (nor in linear time)",
                                start, "rewrite it with plain groups, alternatives and classes")
            self.i += 2
        self.depth += 1
        if self.depth > 50:
            raise self.fail("groups nested more than 50 deep", start)
        inner = self.alternation()
        if self.peek() != ")":
            raise self.fail("`(` without its `)`", start)
        self.i += 1
        self.depth -= 1
        return f"(?:{inner})"

    def quantifier(self) -> str:
        ch = self.peek()
        if ch in "*+?":
            self.i += 1
            q = ch
        elif ch == "{":
            start = self.i
            end = self.s.find("}", start)
            body = self.s[start + 1:end] if end > 0 else ""
            low, comma, high = body.partition(",")
            if end < 0 or not low.isascii() or not low.isdigit() or (high and not (high.isascii() and high.isdigit())):
                raise self.fail("a literal `{` must be escaped as `\\{`; a count is `{n}`, `{n,}` or `{n,m}`", start)
            if int(low) > _MAX_REPEAT or (high and int(high) > _MAX_REPEAT):
                raise self.fail(f"a repeat count above {_MAX_REPEAT}", start, "use `max_length` for long values")
            if high and int(high) < int(low):
                raise self.fail(f"`{{{body}}}`: the larger number comes second", start)
            self.i = end + 1
            q = "{" + body + "}"
        else:
            return ""
        if self.peek() == "?":
            self.i += 1
            q += "?"
        if self.peek() in ("*", "+", "?", "{"):
            raise self.fail("a quantifier cannot follow a quantifier (possessive and nested quantifiers are not "
                            "supported)", self.i, "put the repeated part in a group: `(?:ab+)*`")
        return q

    def char_class(self) -> str:
        start = self.i
        self.i += 1
        negate = self.peek() == "^"
        if negate:
            self.i += 1
        if self.peek() == "]":
            raise self.fail("an empty class `[]` (or `]` first in a class): escape `]` as `\\]`", start)
        items = []
        while True:
            ch = self.peek()
            if not ch:
                raise self.fail("`[` without its `]`", start)
            if ch == "]":
                self.i += 1
                break
            if ch == "[":
                raise self.fail("a `[` inside a class must be escaped as `\\[`")
            item = self.class_char()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                end = self.class_char()
                if len(item) > 1 and item.startswith("\\") and item[1] in "dws" or len(end) > 1 and end[1] in "dws":
                    raise self.fail("a range cannot start or end with a class like `\\d`")
                if _code(item) > _code(end):
                    raise self.fail("a range out of order", start)
                items.append(f"{item}-{end}")
            else:
                items.append(item)
        return "[" + ("^" if negate else "") + "".join(items) + "]"

    def class_char(self) -> str:
        ch = self.peek()
        if ch == "\\":
            return self.escape(in_class=True)
        self.i += 1
        if ch in "^-":
            return "\\" + ch
        return self.literal(ch)

    def escape(self, in_class: bool) -> str:
        start = self.i
        self.i += 1
        ch = self.peek()
        self.i += 1
        if not ch:
            raise self.fail("a pattern cannot end with `\\`", start)
        if ch in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[ch] if in_class else f"[{_CLASS_ESCAPES[ch]}]"
        if ch in _NEGATED:
            if in_class:
                raise self.fail(f"`\\{ch}` inside a class is not read alike by every validator", start,
                                "use a negated class instead, e.g. `[^0-9]`")
            return f"[^{_CLASS_ESCAPES[_NEGATED[ch]]}]"
        if ch in _CONTROL_ESCAPES:
            return "\\" + ch
        if ch == "u":
            digits = self.s[self.i:self.i + 4]
            if len(digits) != 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail("`\\u` needs four hex digits", start)
            self.i += 4
            char = chr(int(digits, 16))
            if "\ud800" <= char <= "\udfff":
                raise self.fail("a surrogate cannot be part of a pattern", start)
            return ("\\" + char) if char in _SYNTAX or char in "-^" else self.literal(char)
        if ch in _SYNTAX or (in_class and ch == "-"):
            if ch == "/" or (ch == "-" and not in_class):
                return ch
            return "\\" + ch
        if ch == "-":
            return "-"
        what = {"b": "word boundary", "B": "word boundary", "A": "start anchor (use `^`)", "Z": "end anchor (use `$`)",
                "z": "end anchor (use `$`)", "p": "Unicode property", "P": "Unicode property", "x": "hex escape (use `\\uXXXX`)",
                "0": "NUL", "c": "control escape", "k": "named back-reference"}.get(ch, "back-reference" if ch.isdigit() else "escape")
        raise self.fail(f"`\\{ch}` ({what}) is not read alike by every validator", start)


def _unbounded(quantifier: str) -> bool:
    q = quantifier.rstrip("?") if quantifier != "?" else ""
    return q in ("*", "+") or q.endswith(",}")


def _exact(quantifier: str) -> bool:
    return quantifier.startswith("{") and "," not in quantifier


def _has_unbounded(translated: str) -> bool:
    """True when a translated atom contains an unbounded quantifier outside its classes and escapes."""
    i, in_class = 0, False
    while i < len(translated):
        ch = translated[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "*+" or (ch == "," and translated[i + 1:i + 2] == "}"):
            return True
        i += 1
    return False


def _code(item: str) -> int:
    """The code point a class item (a character or an escaped character) stands for."""
    if item.startswith("\\") and len(item) == 2:
        return {"n": 10, "t": 9, "r": 13, "f": 12, "v": 11}.get(item[1], ord(item[1]))
    return ord(item)


def translate(pattern: str) -> str:
    """``pattern`` in the shared dialect (see the module docstring); raises :class:`PatternError` outside it."""
    translated = _Translator(pattern).run()
    try:
        formats.compiled(formats.whole_match(translated))
    except re2.error as exc:  # a limit of RE2 (e.g. program size) the subset check did not catch
        raise PatternError(f"the pattern is too large to run safely ({exc})", 0, "simplify the pattern") from None
    return translated
