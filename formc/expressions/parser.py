"""A recursive-descent parser for the expression grammar of LANGUAGE.md.

    expr    := or
    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := term (op term | 'in' '[' literal (',' literal)* ']')?
    term    := path | literal | 'answered' '(' path ')' | 'count' '(' path ')' | 'today' | '(' expr ')'

Brackets and ``not`` nest at most :data:`MAX_NESTING` deep, so no expression can exhaust
the stack of the parser, the type checker, the evaluators or the browser script.
"""

from __future__ import annotations

import datetime

from formc.expressions.lexer import ExpressionSyntaxError, Token, tokenize
from formc.expressions.nodes import BoolOp, Call, Compare, Expr, In, Literal, Not, Path, Today

MAX_NESTING = 32  # brackets and `not`s, counted together


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        tok = self.tokens[self.index]
        self.index += 1
        return tok

    def accept(self, text: str) -> Token | None:
        if self.token.text == text and self.token.kind in ("keyword", "op", "punct"):
            return self.advance()
        return None

    def expect(self, text: str, what: str) -> Token:
        tok = self.accept(text)
        if tok is None:
            found = self.token.text or "the end of the expression"
            raise ExpressionSyntaxError(f"expected {what}, found `{found}`", self.token.offset)
        return tok

    def parse(self) -> Expr:
        if self.token.kind == "end":
            raise ExpressionSyntaxError("the expression is empty", 0, "write a condition such as `has_children == true`")
        expr = self.parse_or()
        if self.token.kind != "end":
            help = "combine conditions with `and` or `or`" if self.token.kind in ("name", "keyword") else None
            raise ExpressionSyntaxError(f"unexpected `{self.token.text}`", self.token.offset, help)
        return expr

    def parse_or(self) -> Expr:
        first = self.parse_and()
        items = [first]
        while self.accept("or"):
            items.append(self.parse_and())
        return first if len(items) == 1 else BoolOp("or", tuple(items), _offset(first))

    def parse_and(self) -> Expr:
        first = self.parse_not()
        items = [first]
        while self.accept("and"):
            items.append(self.parse_not())
        return first if len(items) == 1 else BoolOp("and", tuple(items), _offset(first))

    def parse_not(self) -> Expr:
        tok = self.accept("not")
        if tok:
            self.enter(tok)
            item = self.parse_not()
            self.depth -= 1
            return Not(item, tok.offset)
        return self.parse_compare()

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionSyntaxError(
                f"the expression is nested too deeply (more than {MAX_NESTING} brackets and `not`s)", tok.offset,
                "split the condition, or write it with fewer brackets",
            )

    def parse_compare(self) -> Expr:
        left = self.parse_term()
        if self.token.kind == "op":
            op = self.advance()
            return Compare(op.text, left, self.parse_term(), op.offset)
        if self.accept("in"):
            self.expect("[", "`[` after `in`")
            values = [self.parse_literal()]
            while self.accept(","):
                values.append(self.parse_literal())
            self.expect("]", "`]` to close the list")
            return In(left, tuple(values), _offset(left))
        return left

    def parse_literal(self) -> Literal:
        tok = self.token
        term = self.parse_term()
        if not isinstance(term, Literal):
            raise ExpressionSyntaxError("a list after `in` may only hold literal values", tok.offset)
        return term

    def parse_term(self) -> Expr:
        tok = self.token
        if tok.kind == "number":
            self.advance()
            return Literal(tok.value, "number", tok.offset)
        if tok.kind == "string":
            self.advance()
            return Literal(tok.value, "string", tok.offset)
        if tok.kind == "date":
            self.advance()
            try:
                return Literal(datetime.date.fromisoformat(tok.text), "date", tok.offset)
            except ValueError:
                raise ExpressionSyntaxError(f"`{tok.text}` is not a real calendar date", tok.offset) from None
        if tok.kind == "keyword":
            if tok.text in ("true", "false"):
                self.advance()
                return Literal(tok.text == "true", "boolean", tok.offset)
            if tok.text == "today":
                self.advance()
                return Today(tok.offset)
            if tok.text in ("answered", "count"):
                self.advance()
                self.expect("(", f"`(` after `{tok.text}`")
                arg = self.parse_path()
                self.expect(")", "`)`")
                return Call(tok.text, arg, tok.offset)
        if tok.kind == "name":
            return self.parse_path()
        if self.accept("("):
            self.enter(tok)
            inner = self.parse_or()
            self.expect(")", "`)`")
            self.depth -= 1
            return inner
        found = tok.text or "the end of the expression"
        raise ExpressionSyntaxError(f"expected a field, a value or `(`, found `{found}`", tok.offset)

    def parse_path(self) -> Path:
        tok = self.token
        if tok.kind != "name":
            raise ExpressionSyntaxError(f"expected a field id, found `{tok.text or 'the end'}`", tok.offset)
        parts = [self.advance().text]
        while self.accept("."):
            if self.token.kind != "name":
                raise ExpressionSyntaxError("expected a field id after `.`", self.token.offset)
            parts.append(self.advance().text)
        return Path(tuple(parts), tok.offset)


def _offset(expr: Expr) -> int:
    return getattr(expr, "offset", 0)


def parse(source: str) -> Expr:
    """Parse ``source``; raise :class:`ExpressionSyntaxError` with an offset on bad syntax."""
    return _Parser(source).parse()
