"""Question numbers (1, 2, 3.1, 3.2 ...) shared by the paper form and the receipt.

Every field that holds an answer and appears on paper gets a number: the
top-level questions of the form are numbered 1, 2, 3... across pages (pages
are not namespaces), and the questions inside a group or repeat continue
their container's number (3.1, 3.2, 3.2.1). Notes and fields with
``print: {hide: true}`` are not numbered (nor is anything inside a hidden
container), so "answer only if you answered Yes to question 3" means the
same on the paper form and on the receipt.
"""

from __future__ import annotations

from typing import Iterable

from formc.model import Field, Form


def number_questions(form: Form) -> dict[tuple[str, ...], str]:
    """Field path → question number, for every numbered field of ``form``."""
    numbers: dict[tuple[str, ...], str] = {}
    _number(form.fields, "", numbers)
    return numbers


def _number(fields: Iterable[Field], prefix: str, numbers: dict[tuple[str, ...], str]) -> None:
    count = 0
    for field in fields:
        if not field.has_value or field.print.hide:
            continue
        count += 1
        number = f"{prefix}{count}"
        numbers[field.path] = number
        if field.is_container:
            _number(field.fields, f"{number}.", numbers)
