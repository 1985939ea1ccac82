"""Evaluate a resolved expression against submitted data.

``stack`` is the chain of objects from the data's root to the object the
expression belongs to (a group, or the current repeat item). A comparison that
involves an unanswered field is false (whatever the operator); ``not`` turns
that into true; ``count`` of an unanswered field is 0.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Sequence

from formc.expressions.nodes import BoolOp, Call, Compare, Expr, In, Literal, Not, Path, Ref, Today

MISSING = object()


def lookup(ref: Ref, stack: Sequence[Any]) -> Any:
    index = len(stack) - 1 - ref.up
    if index < 0:
        return MISSING
    value = stack[index]
    for step in ref.steps:
        if not isinstance(value, dict) or step not in value:
            return MISSING
        value = value[step]
    return value


def _value(expr: Expr, stack: Sequence[Any], today: datetime.date) -> Any:
    if isinstance(expr, Literal):
        return expr.value.isoformat() if expr.kind == "date" else expr.value
    if isinstance(expr, Path):
        return lookup(expr.ref, stack)  # type: ignore[arg-type]
    if isinstance(expr, Today):
        return today.isoformat()
    if isinstance(expr, Call):
        value = lookup(expr.arg.ref, stack)  # type: ignore[arg-type]
        if expr.name == "answered":
            return value is not MISSING
        return len(value) if isinstance(value, list) else 0
    return evaluate(expr, stack, today)


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is MISSING or right is MISSING:
        return False
    if isinstance(left, list) and not isinstance(right, list):  # multichoice: "is among the ticked values"
        return (right in left) if op == "==" else (right not in left) if op == "!=" else False
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    try:
        if op == "==":
            return left == right
        if op == "!=":
            return left != right
        if op == "<":
            return left < right
        if op == "<=":
            return left <= right
        if op == ">":
            return left > right
        if op == ">=":
            return left >= right
    except TypeError:
        return False
    raise ValueError(op)


def evaluate(expr: Expr, stack: Sequence[Any], today: datetime.date) -> bool:
    """True or false for a condition or rule check."""
    if isinstance(expr, Compare):
        left, right = _value(expr.left, stack, today), _value(expr.right, stack, today)
        if isinstance(right, list) and not isinstance(left, list):
            left, right = right, left
        return _compare(expr.op, left, right)
    if isinstance(expr, In):
        left = _value(expr.left, stack, today)
        return any(_compare("==", left, _value(v, stack, today)) for v in expr.values)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return all(evaluate(i, stack, today) for i in expr.items)
        return any(evaluate(i, stack, today) for i in expr.items)
    if isinstance(expr, Not):
        return not evaluate(expr.item, stack, today)
    value = _value(expr, stack, today)
    return value is True


_COMPILED: dict[int, tuple[Expr, Callable[[Sequence[Any], datetime.date], bool]]] = {}


def predicate(expr: Expr) -> Callable[[Sequence[Any], datetime.date], bool]:
    """``expr`` as a Python function of (stack, today), with the same meaning as :func:`evaluate`.

    Conditions run for every field of every submission, so the common shapes (a field or ``today``
    compared with a field or a value, ``in`` a list of values, ``answered``, ``and``/``or``/``not``)
    become closures; the rest interpret the tree.
    """
    cached = _COMPILED.get(id(expr))
    if cached is not None and cached[0] is expr:
        return cached[1]
    function = _compile(expr)
    if len(_COMPILED) > 50_000:  # expressions of forms loaded again and again: start afresh
        _COMPILED.clear()
    _COMPILED[id(expr)] = (expr, function)  # the entry keeps expr alive, so its id cannot be reused
    return function


def _operand(expr: Path | Literal | Today) -> Callable[[Sequence[Any], datetime.date], Any]:
    """:func:`_value` of a field, a literal or ``today``, as a function."""
    if isinstance(expr, Path):
        ref = expr.ref
        return lambda stack, today: lookup(ref, stack)  # type: ignore[arg-type]
    if isinstance(expr, Today):
        return lambda stack, today: today.isoformat()
    value = expr.value.isoformat() if expr.kind == "date" else expr.value
    return lambda stack, today: value


def _compile(expr: Expr) -> Callable[[Sequence[Any], datetime.date], bool]:
    if isinstance(expr, Compare) and isinstance(expr.left, Path) and isinstance(expr.right, Literal):
        ref, op = expr.left.ref, expr.op
        value = expr.right.value.isoformat() if expr.right.kind == "date" else expr.right.value
        if op == "==" and expr.right.kind != "boolean":
            def equals(stack: Sequence[Any], today: datetime.date) -> bool:
                found = lookup(ref, stack)  # type: ignore[arg-type]
                if isinstance(found, list):
                    return value in found
                return found == value and not isinstance(found, bool)
            return equals
        if op == "==":  # a yes/no question: `has_children == true`
            def is_flag(stack: Sequence[Any], today: datetime.date) -> bool:
                found = lookup(ref, stack)  # type: ignore[arg-type]
                if type(found) is bool:
                    return found is value
                return _compare(op, found, value)
            return is_flag
        return lambda stack, today: _compare(op, lookup(ref, stack), value)  # type: ignore[arg-type]
    if isinstance(expr, Compare) and all(isinstance(side, (Path, Literal, Today)) for side in (expr.left, expr.right)):
        left, right, op = _operand(expr.left), _operand(expr.right), expr.op

        def compare(stack: Sequence[Any], today: datetime.date) -> bool:
            first, second = left(stack, today), right(stack, today)
            if isinstance(second, list) and not isinstance(first, list):
                first, second = second, first
            return _compare(op, first, second)
        return compare
    if isinstance(expr, In) and isinstance(expr.left, Path):
        ref = expr.left.ref
        values = tuple(v.value.isoformat() if v.kind == "date" else v.value for v in expr.values)
        strings = frozenset(values) if all(type(v) is str for v in values) else None

        def among(stack: Sequence[Any], today: datetime.date) -> bool:
            found = lookup(ref, stack)  # type: ignore[arg-type]
            if strings is not None and type(found) is str:
                return found in strings
            return any(_compare("==", found, v) for v in values)
        return among
    if isinstance(expr, Call) and expr.name == "answered":
        ref = expr.arg.ref
        return lambda stack, today: lookup(ref, stack) is not MISSING  # type: ignore[arg-type]
    if isinstance(expr, BoolOp):
        items = [predicate(i) for i in expr.items]
        if expr.op == "and":
            return lambda stack, today: all(item(stack, today) for item in items)
        return lambda stack, today: any(item(stack, today) for item in items)
    if isinstance(expr, Not):
        inner = predicate(expr.item)
        return lambda stack, today: not inner(stack, today)
    return lambda stack, today: evaluate(expr, stack, today)
