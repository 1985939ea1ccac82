"""The report's rows, read from the store: one per case (no answers), and the funnel's counts."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter, defaultdict
from typing import Any

import sqlalchemy as sa

from formc import clock
from formc.reports.figures import DEFAULT_COSTS, CaseRow, FunnelRow, Report, build_report
from formc.store.engine import reading
from formc.store.tables import case_events, drafts, funnel, submissions

ABANDONED_AFTER = dt.timedelta(days=7)  # a draft untouched this long counts as abandoned


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.timezone.utc) if moment is not None and moment.tzinfo is None else moment


def _day_bounds(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """Local midnight of ``day`` in UTC, like the stored times (SQLite compares them as text, without offsets)."""
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc)


def case_rows(engine: sa.Engine, zone: dt.tzinfo, start: dt.date | None, end: dt.date | None) -> list[CaseRow]:
    query = sa.select(submissions.c.id, submissions.c.reference, submissions.c.form_id, submissions.c.channel,
                      submissions.c.received_at, submissions.c.deadline)
    if start:
        query = query.where(submissions.c.received_at >= _day_bounds(start, zone))
    if end:
        query = query.where(submissions.c.received_at < _day_bounds(end + dt.timedelta(days=1), zone))
    closing = sa.select(case_events.c.submission_id, case_events.c.kind, sa.func.min(case_events.c.at).label("at")) \
        .where(case_events.c.kind.in_(("decided", "withdrawn"))).group_by(case_events.c.submission_id, case_events.c.kind)
    with reading(engine) as connection:
        closed: dict[str, dict[str, dt.datetime]] = defaultdict(dict)
        for row in connection.execute(closing):
            closed[row.submission_id][row.kind] = _aware(row.at)  # type: ignore[assignment]
        rows = []
        for r in connection.execute(query.order_by(submissions.c.received_at)):
            deadline = dt.datetime.combine(r.deadline, dt.time(23, 59, 59), zone) if r.deadline else None
            ends = closed.get(r.id, {})
            rows.append(CaseRow(r.reference, r.form_id, r.channel, _aware(r.received_at), deadline,  # type: ignore[arg-type]
                                ends.get("decided"), "withdrawn" in ends))
    return rows


def funnel_rows(engine: sa.Engine, start: dt.date | None, end: dt.date | None, now: dt.datetime,
                submitted: Counter) -> list[FunnelRow]:
    query = sa.select(funnel)
    if start:
        query = query.where(funnel.c.day >= start)
    if end:
        query = query.where(funnel.c.day <= end)
    stale = now - ABANDONED_AFTER
    with reading(engine) as connection:
        counts = connection.execute(query).all()
        abandoned = connection.execute(sa.select(drafts.c.form_id, drafts.c.language, drafts.c.data)
                                       .where(drafts.c.created_at < stale)).all()
    stops: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for draft in abandoned:
        stops[(draft.form_id, draft.language)][last_answered(draft.data) or "(none)"] += 1
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in counts:
        totals[(row.form_id, row.language)][0] += row.starts
        totals[(row.form_id, row.language)][1] += row.drafts
    keys = set(totals) | set(submitted) | set(stops)
    return [FunnelRow(form_id, lang, totals[(form_id, lang)][0], totals[(form_id, lang)][1], submitted[(form_id, lang)],
                      dict(stops.get((form_id, lang), {}))) for form_id, lang in sorted(keys)]


def last_answered(data: Any) -> str | None:
    """The last top-level question a draft answered (answers keep the form's order)."""
    if not isinstance(data, dict):
        return None
    answered = [key for key, value in data.items() if value not in (None, "", [], {})]
    return answered[-1] if answered else None


def report_from_store(engine: sa.Engine, settings: Any, start: dt.date | None, end: dt.date | None) -> Report:
    zone = zoneinfo.ZoneInfo(settings.timezone)
    now = clock.now()
    cases = case_rows(engine, zone, start, end)
    with reading(engine) as connection:
        query = sa.select(submissions.c.form_id, submissions.c.language, sa.func.count()).where(
            submissions.c.channel == "web").group_by(submissions.c.form_id, submissions.c.language)
        if start:
            query = query.where(submissions.c.received_at >= _day_bounds(start, zone))
        if end:
            query = query.where(submissions.c.received_at < _day_bounds(end + dt.timedelta(days=1), zone))
        submitted = Counter({(f, lang): n for f, lang, n in connection.execute(query)})
    costs = {**DEFAULT_COSTS, **((settings.service.get("reports") or {}).get("costs") or {})}
    return build_report(cases, funnel_rows(engine, start, end, now, submitted), now=now, tz=zone, costs=costs,
                        start=start, end=end)
