"""The citizen's status page of a case: the timeline, the archive's case number, the deadline and whether it holds.

Rendered on the server from stored rows (no JavaScript), in nb, nn or en
(other languages fall back to English). The page never shows the submitted
data or the submitter's name: only the reference, the service and the
events, so a leaked link reveals as little as possible.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import jinja2

from formc.runtime.answers import format_date, format_datetime

TEMPLATES = Path(__file__).resolve().parent / "templates"
WORDS = {
    "nb": {"title": "Status for saken din", "reference": "Referanse", "service": "Tjeneste",
           "case_number": "Saksnummer i arkivet", "deadline": "Lovet svar innen", "kept": "Fristen er holdt",
           "open": "Fristen er ikke passert", "late": "Fristen er overskredet", "timeline": "Hendelser",
           "received": "Mottatt", "archived": "Arkivert", "in_progress": "Under behandling", "decided": "Avgjort",
           "withdrawn": "Trukket", "preliminary_reply": "Foreløpig svar sendt", "none": "Ingen frist"},
    "nn": {"title": "Status for saka di", "reference": "Referanse", "service": "Teneste",
           "case_number": "Saksnummer i arkivet", "deadline": "Lova svar innan", "kept": "Fristen er halden",
           "open": "Fristen er ikkje passert", "late": "Fristen er overskriden", "timeline": "Hendingar",
           "received": "Motteken", "archived": "Arkivert", "in_progress": "Under handsaming", "decided": "Avgjord",
           "withdrawn": "Trekt", "preliminary_reply": "Førebels svar sendt", "none": "Ingen frist"},
    "en": {"title": "Status of your case", "reference": "Reference", "service": "Service",
           "case_number": "Archive case number", "deadline": "Promised answer by", "kept": "The deadline was kept",
           "open": "The deadline has not passed", "late": "The deadline has passed", "timeline": "Events",
           "received": "Received", "archived": "Archived", "in_progress": "In progress", "decided": "Decided",
           "withdrawn": "Withdrawn", "preliminary_reply": "Preliminary reply sent", "none": "No deadline"},
}


@dataclass(frozen=True)
class Event:
    kind: str
    at: dt.datetime
    text: str | None = None
    case_number: str | None = None


@dataclass(frozen=True)
class CaseStatus:
    reference: str
    service: str
    lang: str
    deadline: dt.date | None
    events: Sequence[Event]  # oldest first
    case_number: str | None
    timezone: str

    def verdict(self, now: dt.datetime) -> str:
        """``kept``, ``late``, ``open`` (not yet due) or ``none`` (no deadline)."""
        if self.deadline is None:
            return "none"
        zone = zoneinfo.ZoneInfo(self.timezone)
        closed = next((e for e in self.events if e.kind in ("decided", "withdrawn")), None)
        if closed is not None:
            return "kept" if closed.at.astimezone(zone).date() <= self.deadline else "late"
        return "late" if now.astimezone(zone).date() > self.deadline else "open"


def render_status(status: CaseStatus, now: dt.datetime, stylesheet: str) -> str:
    lang = status.lang if status.lang in WORDS else "en"
    w = WORDS[lang]
    zone = zoneinfo.ZoneInfo(status.timezone)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    events = [(w.get(e.kind, e.kind), format_datetime(e.at.astimezone(zone), lang), e.at.astimezone(zone).isoformat(timespec="seconds"),
               e.text, e.case_number) for e in status.events]
    return env.get_template("status.html").render(
        w=w, lang=lang, status=status, events=events, stylesheet=stylesheet, verdict=status.verdict(now),
        deadline=format_date(status.deadline, lang) if status.deadline else None)
