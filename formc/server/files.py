"""Where a submission's data holds files: every file field's value, with its data path (``kids[0].photo``)."""

from __future__ import annotations

import re
from typing import Any, Iterator

from formc.model import Field, Form

_INDEX = re.compile(r"\[[0-9]+\]")


def _walk(fields: tuple[Field, ...], data: Any, prefix: str) -> Iterator[tuple[str, Field, Any]]:
    if not isinstance(data, dict):
        return
    for field in fields:
        if field.id not in data:
            continue
        value, path = data[field.id], f"{prefix}{field.id}"
        if field.type == "file":
            yield path, field, value
        elif field.type == "group":
            yield from _walk(field.fields, value, path + ".")
        elif field.type == "repeat" and isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(field.fields, item, f"{path}[{index}].")


def file_values(form: Form, data: Any) -> list[tuple[str, Field, list[Any]]]:
    """(path, field, list of file descriptions) for every answered file field of ``data``."""
    return [(path, field, value if isinstance(value, list) else [value]) for path, field, value in _walk(form.fields, data, "")]


def file_fields(form: Form) -> dict[str, Field]:
    """Every file field of ``form`` by its data path pattern with repeat indexes removed (``kids.photo``)."""
    return {".".join(f.path): f for f in form.walk() if f.type == "file"}


def field_for_name(form: Form, name: str) -> Field | None:
    """The file field an input ``name`` (``kids[0].photo``) posts to, if any."""
    return file_fields(form).get(_INDEX.sub("", name))
