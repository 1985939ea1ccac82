"""Unicode bidirectional controls in citizen text, made harmless for display (the "Trojan Source" class, CVE-2021-42574).

An answer may contain the explicit direction controls of Unicode (embeddings
and overrides U+202A–U+202E, isolates U+2066–U+2069). Left open, a right-to-left
override in one answer (``Ola\\u202esnudd``) reverses the text that follows it on
the same line or in the same paragraph: another answer, a label, a file's size.
The data itself is kept exactly as submitted (the JSON, the archive's
``data.xml``); only what is *shown* is changed, by the functions here:

- :func:`balanced` closes every embedding, override and isolate a text leaves
  open (appending U+202C PDF / U+2069 PDI) and drops closers that match nothing,
  line by line; a text that is balanced already comes back unchanged.
- :func:`has_controls` says whether a text, or any text in a JSON value, holds
  any of them (the serve pages mark such answers in words).
- :func:`spelled_out` writes them as escapes (``\\u202e`` in JSON, ``&#x202e;`` in
  XML), for views of source text such as ``formc preview``'s data inspector.

In HTML each value is also put in its own ``<bdi>``; a ``<bdi>`` alone is not
enough, because a stray U+2069 in the value closes the isolate the browser
opens for the element (Chromium does exactly that), which :func:`balanced` prevents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
EMBEDDINGS = frozenset(LRE + RLE + LRO + RLO)  # closed by PDF
ISOLATES = frozenset(LRI + RLI + FSI)  # closed by PDI
CONTROLS = EMBEDDINGS | ISOLATES | {PDF, PDI}
# UAX #9 ends every embedding at a paragraph separator (bidi class B); HTML may not (a newline is a space there),
# so a text is balanced line by line to be safe either way.
PARAGRAPH_SEPARATORS = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")


def has_controls(value: Any) -> bool:
    """Whether ``value`` (a text, or a JSON value's texts and keys) holds an explicit direction control."""
    if isinstance(value, str):
        return not CONTROLS.isdisjoint(value)
    if isinstance(value, Mapping):
        return any(has_controls(k) or has_controls(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_controls(v) for v in value)
    return False


def balanced(text: str) -> str:
    """``text`` for display: every embedding, override and isolate closed before each line ends, unmatched closers dropped.

    Follows the explicit rules of UAX #9 (X1–X8): a PDF closes the innermost embedding or override unless an isolate
    is open inside it, a PDI closes the innermost isolate and whatever was opened within it. A text without open or
    unmatched controls is returned as it is.
    """
    if CONTROLS.isdisjoint(text):
        return text
    out: list[str] = []
    stack: list[str] = []  # the open controls, innermost last

    def close_all() -> None:
        out.extend(PDI if opened in ISOLATES else PDF for opened in reversed(stack))
        stack.clear()

    for ch in text:
        if ch in EMBEDDINGS or ch in ISOLATES:
            stack.append(ch)
        elif ch == PDF:
            if not stack or stack[-1] not in EMBEDDINGS:
                continue  # nothing to close here: would close something outside the value
            stack.pop()
        elif ch == PDI:
            if not any(opened in ISOLATES for opened in stack):
                continue
            while stack.pop() not in ISOLATES:
                pass  # the PDI also closes the embeddings opened inside its isolate
        elif ch in PARAGRAPH_SEPARATORS:
            close_all()
        out.append(ch)
    close_all()
    return "".join(out)


def unbalanced(text: str) -> int | None:
    """The index of the first direction control :func:`balanced` would have to close or drop; None when
    ``balanced(text) == text``: a closer that closes nothing, or an opener still open where its line ends (the
    outermost one)."""
    if CONTROLS.isdisjoint(text):
        return None
    stack: list[int] = []  # the indexes of the open controls, innermost last
    for index, ch in enumerate(text):
        if ch in EMBEDDINGS or ch in ISOLATES:
            stack.append(index)
        elif ch == PDF:
            if not stack or text[stack[-1]] not in EMBEDDINGS:
                return index
            stack.pop()
        elif ch == PDI:
            if not any(text[opened] in ISOLATES for opened in stack):
                return index
            while text[stack.pop()] not in ISOLATES:
                pass
        elif ch in PARAGRAPH_SEPARATORS and stack:
            return stack[0]
    return stack[0] if stack else None


def spelled_out(text: str, escape: str = "\\u{:04x}") -> str:
    """``text`` with each direction control written as ``escape`` of its code point (JSON's ``\\u202e`` by default).

    For JSON or XML source shown to people (``escape="&#x{:x};"`` for XML): the same data, every control visible.
    """
    if CONTROLS.isdisjoint(text):
        return text
    return "".join(escape.format(ord(ch)) if ch in CONTROLS else ch for ch in text)
