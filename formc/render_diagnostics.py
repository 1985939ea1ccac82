"""Render diagnostics for people (``path:line:col: error[FC101]: ...``) or tools (JSON)."""

from __future__ import annotations

import json
from typing import Iterable

from formc.diagnostics import Diagnostic


def as_text(diagnostics: Iterable[Diagnostic], color: bool = False) -> str:
    lines: list[str] = []
    for d in diagnostics:
        sev = d.severity.value
        if color:
            tint = "\x1b[31m" if d.is_error else "\x1b[33m"
            sev = f"{tint}{sev}\x1b[0m"
        lines.append(f"{d.span}: {sev}[{d.code}]: {d.message}")
        if d.help:
            lines.append(f"  help: {d.help}")
    return "\n".join(lines)


def as_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(
        [
            {
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
                "file": d.span.path,
                "line": d.span.line,
                "column": d.span.column,
                "help": d.help,
            }
            for d in diagnostics
        ],
        ensure_ascii=False,
        indent=2,
    )


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts) if parts else "no problems"
