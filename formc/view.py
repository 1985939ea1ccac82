"""View-model records for the targets' Jinja2 templates: values read as attributes and as keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class View(Mapping[str, Any]):
    """A view-model record whose values read as attributes (``node.label``) and as keys (``node["label"]``).

    Jinja resolves ``n.label`` by trying the attribute first and the key only after an ``AttributeError``;
    on a plain dict every lookup in a template paid for that exception (the html target's largest cost).
    A View keeps its values as its attribute namespace, so a template finds them at once, whichever way an
    override writes it, and it still reads as a mapping (``get``, ``in``, ``items``). It takes ownership of
    the dict it is given (no copy, and no reference cycle for the garbage collector to find).
    """

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__ = values

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.__dict__[key] = value

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dict__)

    def __len__(self) -> int:
        return len(self.__dict__)

    def __repr__(self) -> str:
        return f"View({self.__dict__!r})"
