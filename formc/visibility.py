"""Which answers are hidden: ``visible_if`` evaluated to a fixed point, the same in decode, validate and formc.js.

A condition may read a field that comes later in the form, or one that is
itself conditional (``c: visible_if: not answered(b)`` before ``b: visible_if:
a == true``). Evaluating once, in form order, on the data as posted gives a
different answer than evaluating on the data without the hidden answers, so
the rule is defined as a fixed point:

1. start with no answer hidden;
2. take the data without the hidden answers (groups and repeat items left
   empty are dropped, as decode drops them), and evaluate every answered
   field's ``visible_if`` on it; the answers whose condition is false are the
   new hidden set;
3. repeat until the hidden set no longer changes.

For conditions without cycles this settles after at most one round per level
of the dependency chain; :data:`MAX_ROUNDS` bounds it regardless. ``formc.js``
implements the same steps (``settle``).
"""

from __future__ import annotations

import datetime
from typing import Any

from formc.expressions.evaluate import evaluate
from formc.model import Field

MAX_ROUNDS = 64
Hidden = frozenset[tuple[int, str]]  # (id of the object in the original data, field id)


def _prune(fields: tuple[Field, ...], obj: dict, hidden: Hidden, twins: dict[int, dict]) -> dict:
    """A copy of ``obj`` without the hidden answers; ``twins`` maps each original object's id to its copy."""
    out: dict[str, Any] = {}
    twins[id(obj)] = out
    by_id = {f.id: f for f in fields if f.type != "note"}
    for key, value in obj.items():
        field = by_id.get(key)
        if field is None:
            out[key] = value
            continue
        if (id(obj), key) in hidden:
            continue
        if field.type == "group" and isinstance(value, dict):
            inner = _prune(field.fields, value, hidden, twins)
            if inner or not value:
                out[key] = inner
        elif field.type == "repeat" and isinstance(value, list):
            items = [_prune(field.fields, item, hidden, twins) if isinstance(item, dict) else item for item in value]
            kept = [item for item, original in zip(items, value) if item or not isinstance(original, dict) or not original]
            if kept or not value:
                out[key] = kept
        else:
            out[key] = value
    return out


def _judge(fields: tuple[Field, ...], obj: dict, stack: list[Any], twins: dict[int, dict], today: datetime.date,
           hidden: set[tuple[int, str]]) -> None:
    for field in fields:
        if field.type == "note" or field.id not in obj:
            continue
        if field.visible_if is not None and not evaluate(field.visible_if, stack, today):
            hidden.add((id(obj), field.id))
            continue
        value = obj[field.id]
        if field.type == "group" and isinstance(value, dict):
            _judge(field.fields, value, stack + [twins.get(id(value), {})], twins, today, hidden)
        elif field.type == "repeat" and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _judge(field.fields, item, stack + [twins.get(id(item), {})], twins, today, hidden)


def settle(fields: tuple[Field, ...], data: dict, today: datetime.date) -> tuple[dict, Hidden, dict[int, dict]]:
    """The data without hidden answers, the hidden (object id, field id) pairs, and original id → pruned object."""
    hidden: Hidden = frozenset()
    for _ in range(MAX_ROUNDS):
        twins: dict[int, dict] = {}
        pruned = _prune(fields, data, hidden, twins)
        found: set[tuple[int, str]] = set()
        _judge(fields, data, [pruned], twins, today, found)
        if found == hidden:
            break
        hidden = frozenset(found)
    else:  # conditions that never settle (a cycle): the last round's answer, deterministic
        twins = {}
        pruned = _prune(fields, data, hidden, twins)
    return pruned, hidden, twins
