"""Resolve field paths lexically and type-check expressions against a form's fields.

Paths resolve like variables in nested blocks: inside a group or a repeat item
an id is looked up among its siblings first, then outward. A resolved path
records how many scopes it goes ``up`` and the ids it steps ``down`` through
groups, so every runtime (Python, the browser, JSON Schema) can find the value
relative to the object being checked.
"""

from __future__ import annotations

import re
from typing import Sequence

from formc.expressions.lexer import ExpressionSyntaxError
from formc.expressions.nodes import BoolOp, Call, Compare, Expr, In, Literal, Not, Path, Ref, Today
from formc.frozen import replaced
from formc.suggest import did_you_mean

_STRINGY = {"text", "textarea", "email", "phone", "url", "national_id", "org_number", "postal_code", "bank_account"}
_NUMERIC = {"integer", "decimal", "money"}
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


class ExpressionTypeError(ExpressionSyntaxError):
    """A well-formed expression that does not fit the form (unknown field, wrong type...)."""


def value_type(field_type: str) -> str:
    """The expression type of a field's value."""
    if field_type in _STRINGY:
        return "string"
    if field_type in _NUMERIC:
        return "number"
    if field_type in ("boolean", "consent"):
        return "boolean"
    return _OTHER_TYPES.get(field_type, field_type)


_OTHER_TYPES = {"date": "date", "time": "time", "choice": "choice", "multichoice": "multichoice",
                "repeat": "repeat", "file": "files", "group": "object", "address": "object"}
# the kind of literal a field's value type is compared with
_LITERAL_KINDS = {"string": "string", "choice": "string", "multichoice": "string", "number": "number",
                  "boolean": "boolean", "date": "date", "time": "string"}
_COMPATIBLE = {frozenset({"choice", "string"}), frozenset({"time", "string"})}  # types that compare across


class Scope:
    """The fields visible from one place in a form: ``frames[-1]`` is the innermost object."""

    def __init__(self, frames: Sequence[Sequence], prefix: tuple[str, ...]):
        self.frames = list(frames)  # each frame: a sequence of model Fields
        self.prefix = prefix  # absolute path of the innermost object
        self._by_id: list[dict[str, object] | None] = [None] * len(self.frames)  # per frame, made when first asked

    def _named(self, depth: int, name: str) -> object | None:
        """The first field of ``frames[depth]`` with id ``name`` that is not a note."""
        by_id = self._by_id[depth]
        if by_id is None:
            by_id = self._by_id[depth] = {}
            for f in self.frames[depth]:
                if f.type != "note":
                    by_id.setdefault(f.id, f)
        return by_id.get(name)

    def resolve(self, path: Path) -> tuple[Ref, object]:
        first = path.parts[0]
        for depth in range(len(self.frames) - 1, -1, -1):
            field = self._named(depth, first)
            if field is None:
                continue
            up = len(self.frames) - 1 - depth
            for step in path.parts[1:]:
                if field.type != "group":
                    kind = "a repeat" if field.type == "repeat" else f"a {field.type}"
                    raise ExpressionTypeError(
                        f"`{field.id}` is {kind}, so `{path.dotted}` cannot look inside it", path.offset,
                        "only groups can be looked into with `.`; use count() or answered() on a repeat",
                    )
                child = next((f for f in field.fields if f.id == step and f.type != "note"), None)
                if child is None:
                    names = [f.id for f in field.fields]
                    raise ExpressionTypeError(
                        f"`{field.id}` has no field `{step}`", path.offset, did_you_mean(step, names)
                    )
                field = child
            return Ref(up, path.parts, field.path), field
        names = [f.id for frame in self.frames for f in frame]
        raise ExpressionTypeError(f"unknown field `{first}`", path.offset, did_you_mean(first, names))


def check(expr: Expr, scope: Scope, restricted: bool) -> Expr:
    """Resolve and type-check ``expr``; ``restricted`` applies the visible_if/required limits."""
    checker = _Checker(scope, restricted)
    resolved = checker.expr(expr)
    kind = checker.type_of(resolved)
    if kind != "boolean":
        raise ExpressionTypeError(
            "a condition must be true or false", getattr(expr, "offset", 0),
            "compare the field with a value, e.g. `field == 'value'`",
        )
    return resolved


class _Checker:
    def __init__(self, scope: Scope, restricted: bool):
        self.scope = scope
        self.restricted = restricted
        self.fields: dict[tuple[str, ...], object] = {}

    def expr(self, expr: Expr) -> Expr:
        if isinstance(expr, Path):
            ref, field = self.scope.resolve(expr)
            self.fields[ref.field_path] = field
            return replaced(expr, {"ref": ref})
        if isinstance(expr, Call):
            arg = self.expr(expr.arg)
            field = self.fields[arg.ref.field_path]  # type: ignore[union-attr]
            if expr.name == "count" and field.type not in ("repeat", "multichoice", "file"):
                raise ExpressionTypeError(
                    f"count() needs a repeat, a multichoice or a file field; `{expr.arg.dotted}` is a {field.type}",
                    expr.offset, "use answered() to ask whether it has a value",
                )
            return replaced(expr, {"arg": arg})
        if isinstance(expr, Today):
            if self.restricted:
                raise ExpressionTypeError(
                    "`today` is only allowed in rules", expr.offset,
                    "move the check into `rules:` (conditions must compile to plain JSON Schema)",
                )
            return expr
        if isinstance(expr, Compare):
            left, right = self.expr(expr.left), self.expr(expr.right)
            self.check_compare(expr.op, left, right, expr.offset)
            return replaced(expr, {"left": left, "right": right})
        if isinstance(expr, In):
            left = self.expr(expr.left)
            for value in expr.values:
                self.check_compare("==", left, value, value.offset)
            if self.restricted and not isinstance(left, Path):
                raise ExpressionTypeError("`in` needs a field on its left", expr.offset)
            return replaced(expr, {"left": left})
        if isinstance(expr, BoolOp):
            items = tuple(self.expr(i) for i in expr.items)
            for item in items:
                self.require_boolean(item)
            return replaced(expr, {"items": items})
        if isinstance(expr, Not):
            item = self.expr(expr.item)
            self.require_boolean(item)
            return replaced(expr, {"item": item})
        return expr

    def require_boolean(self, expr: Expr) -> None:
        if self.type_of(expr) != "boolean":
            raise ExpressionTypeError(
                "`and`, `or` and `not` combine conditions (true or false)", getattr(expr, "offset", 0),
                "compare the field with a value, e.g. `field == 'value'`",
            )

    def type_of(self, expr: Expr) -> str:
        if isinstance(expr, Literal):
            return expr.kind
        if isinstance(expr, Path):
            return value_type(self.fields[expr.ref.field_path].type)  # type: ignore[union-attr]
        if isinstance(expr, Today):
            return "date"
        if isinstance(expr, Call):
            return "number" if expr.name == "count" else "boolean"
        return "boolean"

    def check_compare(self, op: str, left: Expr, right: Expr, offset: int) -> None:
        if self.restricted:  # (both sides spelled out: this runs for every condition of every form)
            if not (isinstance(left, Literal) or isinstance(right, Literal)) \
                    or not (isinstance(left, (Path, Call)) or isinstance(right, (Path, Call))):
                raise ExpressionTypeError(
                    "conditions (`visible_if`, `required`) may only compare a field with a value",
                    offset, "comparisons between two fields belong in `rules:`",
                )
            if isinstance(left, Call) and left.name == "answered" or isinstance(right, Call) and right.name == "answered":
                raise ExpressionTypeError("answered() is already true or false; do not compare it", offset)
        if isinstance(left, Path) and isinstance(right, Literal):
            self.check_literal(left, right, op)
            return
        if isinstance(right, Path) and isinstance(left, Literal):
            self.check_literal(right, left, op)
            return
        lt, rt = self.type_of(left), self.type_of(right)
        if lt != rt and frozenset({lt, rt}) not in _COMPATIBLE:
            raise ExpressionTypeError(f"cannot compare {_a(lt)} with {_a(rt)}", offset)
        if op not in ("==", "!=") and lt not in ("number", "date", "time"):
            raise ExpressionTypeError(f"`{op}` needs numbers, dates or times, not {_a(lt)}", offset)

    def check_literal(self, path: Path, literal: Literal, op: str) -> None:
        field = self.fields[path.ref.field_path]  # type: ignore[union-attr]
        kind = value_type(field.type)  # type: ignore[attr-defined]
        expected = _LITERAL_KINDS.get(kind)
        if expected is None:
            raise ExpressionTypeError(
                f"`{path.dotted}` is a {field.type} and cannot be compared with a value", path.offset,  # type: ignore[attr-defined]
                "use answered() or count()",
            )
        if literal.kind != expected:
            help = None
            if kind == "date" and literal.kind == "string":
                help = "write dates without quotes: 2024-01-31"
            elif expected == "boolean":
                help = "write `true` or `false` without quotes"
            raise ExpressionTypeError(
                f"`{path.dotted}` holds {_a(kind)}, but is compared with {_a(literal.kind)}", literal.offset, help
            )
        if kind in ("choice", "multichoice"):
            values = [o.value for o in field.options]  # type: ignore[attr-defined]
            if literal.value not in values:
                raise ExpressionTypeError(
                    f"`{path.dotted}` has no option `{literal.value}`", literal.offset,
                    did_you_mean(str(literal.value), values) or f"the options are: {', '.join(values)}",
                )
        if kind == "time" and not _TIME.fullmatch(str(literal.value)):
            raise ExpressionTypeError(f"`{literal.value}` is not a time (HH:MM)", literal.offset)
        if op not in ("==", "!=") and kind not in ("number", "date", "time"):
            raise ExpressionTypeError(f"`{op}` needs numbers, dates or times, not {_a(kind)}", literal.offset)
        if self.restricted and op not in ("==", "!=") and kind in ("date", "time"):
            raise ExpressionTypeError(
                f"conditions cannot order {kind}s (`{op}`)", literal.offset,
                "compare dates and times in `rules:`; conditions must compile to plain JSON Schema",
            )
        if kind == "multichoice" and op not in ("==", "!="):
            raise ExpressionTypeError("a multichoice can only be tested with `==`, `!=` or `in`", literal.offset)


def _a(kind: str) -> str:
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{article} {kind}"
