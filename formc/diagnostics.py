"""Diagnostics as data: a code, a message, where it happened and how to fix it.

Rendering (text for terminals, JSON for tools) lives in :mod:`formc.render_diagnostics`;
every stage of the pipeline only produces :class:`Diagnostic` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Span:
    """A position in a source file (1-based line and column)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a definition: ``code`` is stable (``FC101``), ``message`` says what is wrong."""

    code: str
    message: str
    span: Span
    help: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.span.path, self.span.line, self.span.column, self.code, self.message)


@dataclass
class Diagnostics:
    """An ordered collection that every stage appends to; never stops at the first error."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.items.append(Diagnostic(code, message, span, help))

    def warning(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.items.append(Diagnostic(code, message, span, help, Severity.WARNING))

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        seen: set[tuple] = set()
        unique = []
        for d in sorted(self.items, key=Diagnostic.sort_key):
            key = d.sort_key()
            if key not in seen:
                seen.add(key)
                unique.append(d)
        return unique


class DefinitionError(Exception):
    """Raised by the API when a project has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        summary = f"{first.span}: {first.message}" if first else "definition error"
        more = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(summary + more)
