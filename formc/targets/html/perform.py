"""Values the html target works out once per form object and reuses for each language and render of it.

A form is immutable once loaded, so what depends on it alone (a field's widths and tokens, the
constraints ``formc.js`` receives, whether it takes files) is computed at its first render and kept
while the form object lives: a build renders each form in every language, a server renders the same
form again and again. The entry is dropped when the form is (keyed by a weak reference, as the
validator's compiled forms are), so a build that releases its forms does not hold their caches.
"""

from __future__ import annotations

import weakref
from typing import Any

from formc.model import Form

_CACHE: dict[int, tuple["weakref.ref[Form]", dict[str, Any]]] = {}


def cache(form: Form) -> dict[str, Any]:
    """The cache of ``form``: a dict its users fill under keys of their own."""
    key = id(form)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is form:
        return entry[1]

    def forget(ref: "weakref.ref[Form]") -> None:
        if key in _CACHE and _CACHE[key][0] is ref:
            del _CACHE[key]

    values: dict[str, Any] = {}
    _CACHE[key] = (weakref.ref(form, forget), values)
    return values
