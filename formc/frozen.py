"""Quick construction and ``dataclasses.replace`` for the frozen dataclasses of the model and the expression tree.

A frozen dataclass's generated ``__init__`` sets every attribute through ``object.__setattr__``
(``Field`` has 45), and ``dataclasses.replace`` runs it again: most of the cost of building a form's
model went there. The classes given to these functions have no ``__post_init__``, no ``init=False``
fields, no default factories and no slots, so filling the instance dictionary makes the same object.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def _defaults(cls: type) -> tuple[dict[str, Any], frozenset[str], frozenset[str]]:
    """Every field of ``cls`` in order with its default (``MISSING`` where it has none), the names of all
    its fields, those without a default."""
    defaults: dict[str, Any] = {}
    required: set[str] = set()
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name} cannot be filled in directly")
        if f.default is dataclasses.MISSING:
            required.add(f.name)
        defaults[f.name] = f.default
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} cannot be filled in directly")
    return defaults, frozenset(f.name for f in dataclasses.fields(cls)), frozenset(required)


def built(cls: type[T], values: dict[str, Any]) -> T:
    """``cls(**values)`` for a frozen dataclass, without its ``__init__``; the same TypeError on a wrong name."""
    defaults, names, required = _defaults(cls)
    if not values.keys() <= names or not required <= values.keys():
        return cls(**values)  # raises the constructor's own TypeError
    new = object.__new__(cls)
    state = new.__dict__
    state.update(defaults)  # every name in the order ``__init__`` sets them; ``values`` keep those places
    state.update(values)
    return new


def replaced(obj: T, changes: dict[str, Any]) -> T:
    """``dataclasses.replace(obj, **changes)`` for an instance of a frozen dataclass, without its ``__init__``."""
    if not changes.keys() <= _defaults(type(obj))[1]:
        raise TypeError(f"{type(obj).__name__} has no field among {sorted(changes)}")
    new = object.__new__(type(obj))
    state = new.__dict__
    state.update(obj.__dict__)
    state.update(changes)
    return new
