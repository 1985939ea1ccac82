"""The expression tree: immutable nodes produced by the parser and annotated by the type checker.

Every node knows its offset in the source text, so diagnostics can point inside an expression.
``to_json`` gives the portable form that the browser script interprets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass(frozen=True)
class Ref:
    """A resolved field reference: ``up`` scopes outward from the expression's scope, then ``steps`` down."""

    up: int
    steps: tuple[str, ...]
    field_path: tuple[str, ...]  # absolute path of the field from the form's root (ids through groups/repeats)

    def to_json(self) -> dict[str, Any]:
        return {"up": self.up, "steps": list(self.steps)}


@dataclass(frozen=True)
class Literal:
    value: Any  # str, int, float, bool, or datetime.date for date literals
    kind: str  # "string" | "number" | "boolean" | "date"
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        value = self.value.isoformat() if self.kind == "date" else self.value
        return {"lit": value, "kind": self.kind}


@dataclass(frozen=True)
class Path:
    parts: tuple[str, ...]
    offset: int = 0
    ref: Ref | None = field(default=None, compare=False)

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)

    def to_json(self) -> dict[str, Any]:
        assert self.ref is not None, "expressions are resolved before they are serialised"
        return {"ref": self.ref.to_json()}


@dataclass(frozen=True)
class Today:
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"today": True}


@dataclass(frozen=True)
class Call:
    """``answered(path)`` or ``count(path)``."""

    name: str
    arg: Path
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"call": self.name, "arg": self.arg.to_json()}


@dataclass(frozen=True)
class Compare:
    op: str
    left: "Expr"
    right: "Expr"
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "left": self.left.to_json(), "right": self.right.to_json()}


@dataclass(frozen=True)
class In:
    left: "Expr"
    values: tuple[Literal, ...]
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"op": "in", "left": self.left.to_json(), "values": [v.to_json() for v in self.values]}


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple["Expr", ...]
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "items": [i.to_json() for i in self.items]}


@dataclass(frozen=True)
class Not:
    item: "Expr"
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"op": "not", "item": self.item.to_json()}


Expr = Union[Literal, Path, Today, Call, Compare, In, BoolOp, Not]


def paths_in(expr: Expr) -> list[Path]:
    """Every field path an expression names, in source order (``answered``/``count`` arguments included)."""
    if isinstance(expr, Path):
        return [expr]
    if isinstance(expr, Call):
        return [expr.arg]
    if isinstance(expr, Compare):
        return paths_in(expr.left) + paths_in(expr.right)
    if isinstance(expr, In):
        return paths_in(expr.left)
    if isinstance(expr, BoolOp):
        return [p for item in expr.items for p in paths_in(item)]
    if isinstance(expr, Not):
        return paths_in(expr.item)
    return []


def uses_today(expr: Expr) -> bool:
    if isinstance(expr, Today):
        return True
    if isinstance(expr, Compare):
        return uses_today(expr.left) or uses_today(expr.right)
    if isinstance(expr, In):
        return uses_today(expr.left)
    if isinstance(expr, BoolOp):
        return any(uses_today(i) for i in expr.items)
    if isinstance(expr, Not):
        return uses_today(expr.item)
    return False
