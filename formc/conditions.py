"""Where a condition lives: the data objects an expression reads, and the nearest object that holds them all.

Every runtime needs to know this: the JSON Schema target places an
``if``/``then`` at the nearest common object; the checker refuses conditions
that would have to look inside and outside a repeat at once.
"""

from __future__ import annotations

from formc.expressions.nodes import Expr, Path, paths_in
from formc.model import Field


def ref_object(target: tuple[str, ...], path: Path) -> tuple[str, ...]:
    """The data path of the object a resolved ``path`` starts from, for an expression on field ``target``."""
    scope = target[:-1]
    assert path.ref is not None
    return scope[: len(scope) - path.ref.up]


def placement(target: tuple[str, ...], exprs: list[Expr]) -> tuple[str, ...]:
    """The shallowest object among the target's own object and every object the expressions read from."""
    objects = [target[:-1]] + [ref_object(target, p) for e in exprs for p in paths_in(e)]
    return min(objects, key=len)


def crosses_repeat(target: tuple[str, ...], exprs: list[Expr], index: dict[tuple[str, ...], Field]) -> bool:
    """True when the expressions read fields on both sides of a repeat boundary (not expressible per item)."""
    if len(target) == 1:
        return False  # a field of the form's root: every object an expression can read from is the root
    anchor = placement(target, exprs)
    for expr in exprs:
        for path in paths_in(expr):
            obj = ref_object(target, path)
            for depth in range(len(anchor) + 1, len(obj) + 1):
                if index[obj[:depth]].type == "repeat":
                    return True
    return False


def visibility_cycle(fields: tuple[Field, ...]) -> list[Field] | None:
    """Fields whose visibility depends on itself (``a`` shown if ``b`` is answered, ``b`` shown if ``a`` is), or None.

    A field depends on the fields its ``visible_if`` reads and on its group or repeat (hidden with it).
    Such a cycle has no single answer, so the checker refuses it; formc.visibility bounds its rounds anyway.
    """
    index: dict[tuple[str, ...], Field] = {}
    pending = list(reversed(fields))
    while pending:  # every field, depth first (as Field.walk)
        f = pending.pop()
        index[f.path] = f
        pending.extend(reversed(f.fields))
    # only fields with a condition or a parent have edges; a field without any is never on a cycle
    edges: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path, f in index.items():
        if f.visible_if is not None:
            edges[path] = [p.ref.field_path for p in paths_in(f.visible_if) if isinstance(p, Path) and p.ref is not None]
        if len(path) > 1:
            edges.setdefault(path, []).append(path[:-1])
    state: dict[tuple[str, ...], int] = {}  # 1 on the current chain, 2 done
    for path in index:
        if path not in state and path in edges:
            found = _cycle_from(path, edges, index, state, [])
            if found:
                return found
    return None


def _cycle_from(path: tuple[str, ...], edges: dict[tuple[str, ...], list[tuple[str, ...]]],
                index: dict[tuple[str, ...], Field], state: dict[tuple[str, ...], int],
                chain: list[tuple[str, ...]]) -> list[Field] | None:
    """The first cycle reached from ``path`` depth first (``state``: 1 on ``chain``, the current one, 2 done).

    A function of the module, not a closure in :func:`visibility_cycle`: a recursive closure refers to itself
    through its cell, and that cycle would keep the form's fields alive until the garbage collector runs."""
    state[path] = 1
    chain.append(path)
    for target in edges.get(path, ()):
        if state.get(target) == 1:
            return [index[p] for p in chain[chain.index(target):]]
        if target not in state and target in index:
            if target not in edges:
                state[target] = 2
                continue
            found = _cycle_from(target, edges, index, state, chain)
            if found:
                return found
    chain.pop()
    state[path] = 2
    return None
