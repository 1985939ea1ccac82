"""Split an expression into tokens, each with its offset in the source text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from formc.loader import MAX_SAFE_INTEGER


class ExpressionSyntaxError(Exception):
    def __init__(self, message: str, offset: int, help: str | None = None):
        super().__init__(message)
        self.message, self.offset, self.help = message, offset, help


@dataclass(frozen=True)
class Token:
    kind: str  # name, number, string, date, op, punct, keyword, end
    text: str
    offset: int
    value: object = None


KEYWORDS = {"and", "or", "not", "in", "true", "false", "today", "answered", "count"}
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<date>\d{4}-\d{2}-\d{2}(?![\w.]))
  | (?P<number>-?\d+(\.\d+)?(?![\w]))
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[.(),\[\]])
    """,
    re.VERBOSE | re.ASCII,  # digits and spaces are ASCII only, as in the browser's copy of the grammar
)


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match:
            char = source[pos]
            help = "use `==` to compare and `and`/`or`/`not` to combine" if char in "=&|!" else None
            if char in "'\"":
                raise ExpressionSyntaxError("unterminated string", pos, "close the string with the same quote")
            raise ExpressionSyntaxError(f"unexpected character `{char}`", pos, help)
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "string":
            body = text[1:-1]
            value: object = re.sub(r"\\(.)", r"\1", body)
            tokens.append(Token("string", text, pos, value))
        elif kind == "number":
            tokens.append(Token("number", text, pos, _number(text, pos)))
        elif kind == "name":
            tokens.append(Token("keyword" if text in KEYWORDS else "name", text, pos))
        elif kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


def _number(text: str, offset: int) -> int | float:
    """The value of a number literal; one that no JSON reader holds exactly is a syntax error."""
    try:
        value: int | float = float(text) if "." in text else int(text)
    except ValueError:  # more digits than Python converts
        value = math.inf
    if not math.isfinite(value) or abs(value) > MAX_SAFE_INTEGER:
        raise ExpressionSyntaxError(f"the number `{text[:20]}{'…' if len(text) > 20 else ''}` is out of range", offset,
                                    f"numbers in expressions are at most {MAX_SAFE_INTEGER} in size")
    return value
