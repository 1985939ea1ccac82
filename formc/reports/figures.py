"""The report's figures, computed from plain rows: processing time, channel mix and cost, completion funnel.

Definitions (documented in docs/operations.md):

- *processing time*: from the received time to the ``decided`` event, in days
  (fractional); median and 90th percentile by the nearest-rank method, over the
  cases decided in the period.
- *within the promise*: decided at or before the case's deadline (received time
  plus the service's processing time, moved to the next working day).
- *open past the deadline*: not decided or withdrawn, deadline before ``now``.
- *digital share*: submissions over the ``web`` channel (self-service) out of all.
- *cost*: submissions per channel times the cost per contact of that channel;
  the *saving* if every non-digital submission had been digital.
- *funnel*: forms started (first interaction, counted without cookies or
  personal data), drafts saved, submissions; abandonment = 1 - submissions /
  starts; the question where abandoned drafts stopped, by count.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

CHANNELS = ("web", "counter", "phone", "letter", "email")
DIGITAL = "web"
# Cost per contact in kroner, from the Copenhagen/Fredericia time studies: a written enquiry 110,
# a visit 80, a call 40, a digital self-service 3 (an e-mail counts as a written enquiry).
DEFAULT_COSTS: Mapping[str, float] = {"letter": 110.0, "email": 110.0, "counter": 80.0, "phone": 40.0, "web": 3.0}


@dataclass(frozen=True)
class CaseRow:
    reference: str
    form_id: str
    channel: str
    received: dt.datetime
    deadline: dt.datetime | None
    decided: dt.datetime | None = None
    withdrawn: bool = False


@dataclass(frozen=True)
class FunnelRow:
    form_id: str
    lang: str
    starts: int = 0
    drafts: int = 0
    submissions: int = 0
    stopped_at: Mapping[str, int] = field(default_factory=dict)  # question id → abandoned drafts that stopped there


@dataclass(frozen=True)
class ProcessingTime:
    form_id: str
    decided: int
    median_days: float | None
    p90_days: float | None
    within_promise: float | None  # share of decided cases decided by their deadline
    open_past_deadline: int


@dataclass(frozen=True)
class ChannelMix:
    form_id: str
    month: str  # YYYY-MM
    counts: Mapping[str, int]
    total: int
    digital_share: float | None
    cost: float
    saving_if_digital: float


@dataclass(frozen=True)
class Funnel:
    form_id: str
    lang: str
    starts: int
    drafts: int
    submissions: int
    abandonment: float | None
    stopped_at: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Report:
    start: dt.date | None
    end: dt.date | None
    processing: tuple[ProcessingTime, ...]
    channels: tuple[ChannelMix, ...]
    funnels: tuple[Funnel, ...]
    costs: Mapping[str, float]


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted ``values`` (``share`` in 0..1)."""
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


def processing_times(cases: Iterable[CaseRow], now: dt.datetime) -> tuple[ProcessingTime, ...]:
    by_form: dict[str, list[CaseRow]] = defaultdict(list)
    for case in cases:
        by_form[case.form_id].append(case)
    result = []
    for form_id in sorted(by_form):
        rows = by_form[form_id]
        decided = [c for c in rows if c.decided is not None]
        days = sorted((c.decided - c.received).total_seconds() / 86400 for c in decided)  # type: ignore[operator]
        kept = [c for c in decided if c.deadline is not None and c.decided <= c.deadline]  # type: ignore[operator]
        with_deadline = [c for c in decided if c.deadline is not None]
        open_late = sum(1 for c in rows if c.decided is None and not c.withdrawn and c.deadline is not None
                        and c.deadline < now)
        result.append(ProcessingTime(
            form_id, len(decided), nearest_rank(days, 0.5) if days else None, nearest_rank(days, 0.9) if days else None,
            len(kept) / len(with_deadline) if with_deadline else None, open_late))
    return tuple(result)


def channel_mix(cases: Iterable[CaseRow], costs: Mapping[str, float], tz: dt.tzinfo) -> tuple[ChannelMix, ...]:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for case in cases:
        counts[(case.form_id, case.received.astimezone(tz).strftime("%Y-%m"))][case.channel] += 1
    result = []
    for (form_id, month) in sorted(counts):
        counter = counts[(form_id, month)]
        total = sum(counter.values())
        cost = sum(n * costs.get(channel, 0.0) for channel, n in counter.items())
        digital_cost = total * costs.get(DIGITAL, 0.0)
        result.append(ChannelMix(form_id, month, {c: counter.get(c, 0) for c in CHANNELS}, total,
                                 counter.get(DIGITAL, 0) / total if total else None, round(cost, 2),
                                 round(cost - digital_cost, 2)))
    return tuple(result)


def funnels(rows: Iterable[FunnelRow]) -> tuple[Funnel, ...]:
    merged: dict[tuple[str, str], list[FunnelRow]] = defaultdict(list)
    for row in rows:
        merged[(row.form_id, row.lang)].append(row)
    result = []
    for key in sorted(merged):
        group = merged[key]
        starts = sum(r.starts for r in group)
        drafts = sum(r.drafts for r in group)
        submissions = sum(r.submissions for r in group)
        stopped: Counter = Counter()
        for r in group:
            stopped.update(r.stopped_at)
        result.append(Funnel(key[0], key[1], starts, drafts, submissions,
                             max(0.0, 1 - submissions / starts) if starts else None,
                             tuple(sorted(stopped.items(), key=lambda item: (-item[1], item[0])))))
    return tuple(result)


def build_report(cases: list[CaseRow], funnel_rows: list[FunnelRow], *, now: dt.datetime, tz: dt.tzinfo,
                 costs: Mapping[str, float] = DEFAULT_COSTS, start: dt.date | None = None,
                 end: dt.date | None = None) -> Report:
    return Report(start, end, processing_times(cases, now), channel_mix(cases, costs, tz), funnels(funnel_rows),
                  dict(costs))
