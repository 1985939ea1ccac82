"""Status events of a case and the order they may come in.

``received`` is recorded with the submission; ``archived`` comes from the
archive's receipt (with the case number); ``preliminary_reply`` when the worker
sent one (forvaltningsloven § 11 a); ``in_progress``, ``decided`` (with an
outcome text) and ``withdrawn`` are pushed by caseworkers or the archive
system (``POST /api/cases/{reference}/events``, ``formc case event``). A case
that is decided or withdrawn is closed: nothing but ``archived`` (a late
receipt) may follow, and ``decided`` needs an outcome text.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("received", "archived", "in_progress", "decided", "withdrawn", "preliminary_reply")
PUSHED = ("in_progress", "decided", "withdrawn")  # what caseworkers and archive systems may add
CLOSING = frozenset({"decided", "withdrawn"})
MAX_TEXT = 2000


class EventError(ValueError):
    """An event that cannot be added to the case (the message says why)."""


@dataclass(frozen=True)
class NewEvent:
    kind: str
    text: str | None = None  # the outcome of ``decided``, a note otherwise
    case_number: str | None = None  # the archive's case number, for ``archived``


def check_new_event(event: NewEvent, previous_kinds: list[str], pushed: bool = True) -> None:
    """Refuse an event that may not follow ``previous_kinds`` (oldest first)."""
    allowed = PUSHED if pushed else KINDS
    if event.kind not in allowed:
        raise EventError(f"unknown event `{event.kind}` (allowed: {', '.join(allowed)})")
    if event.text is not None and (len(event.text) > MAX_TEXT or any(ord(c) < 32 and c not in "\t\n" for c in event.text)):
        raise EventError(f"the text must be at most {MAX_TEXT} characters, without control characters")
    if event.kind == "decided" and not (event.text or "").strip():
        raise EventError("a `decided` event needs the outcome as its text")
    closed = CLOSING.intersection(previous_kinds)
    if closed and event.kind != "archived":
        raise EventError(f"the case is already {sorted(closed)[0]}: no further `{event.kind}` event")
