"""A report as files: HTML (a page, its stylesheet and SVG charts), JSON or CSV.

``render(report, fmt, lang)`` returns file name → bytes; the command writes
them into the output folder (HTML) or to one file (JSON, CSV). Texts are in
Norwegian bokmål, nynorsk or English.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from formc.reports.figures import CHANNELS, Report

TEMPLATES = Path(__file__).parent / "templates"
WORDS = {
    "nb": {"title": "Tjenesterapport", "processing": "Saksbehandlingstid", "service": "Tjeneste", "decided": "Avgjort",
           "median": "Median (dager)", "p90": "90-persentil (dager)", "within": "Innenfor lovet tid",
           "late": "Åpne saker over fristen", "channels": "Kanaler", "month": "Måned", "total": "Totalt",
           "digital": "Digital andel", "cost": "Kostnad (kr)", "saving": "Mulig besparelse (kr)",
           "funnel": "Gjennomføring", "lang": "Språk", "starts": "Påbegynt", "drafts": "Lagret som utkast",
           "submissions": "Sendt inn", "abandonment": "Avbrutt", "stopped": "Stoppet oftest ved",
           "period": "Periode", "costs": "Kostnad per henvendelse", "chart": "Diagram; tallene står i tabellen under",
           "web": "Digitalt", "counter": "Oppmøte", "phone": "Telefon", "letter": "Brev", "email": "E-post"},
    "nn": {"title": "Tenesterapport", "processing": "Sakshandsamingstid", "service": "Teneste", "decided": "Avgjort",
           "median": "Median (dagar)", "p90": "90-persentil (dagar)", "within": "Innanfor lova tid",
           "late": "Opne saker over fristen", "channels": "Kanalar", "month": "Månad", "total": "Totalt",
           "digital": "Digital del", "cost": "Kostnad (kr)", "saving": "Mogleg innsparing (kr)",
           "funnel": "Gjennomføring", "lang": "Språk", "starts": "Påbyrja", "drafts": "Lagra som utkast",
           "submissions": "Sendt inn", "abandonment": "Avbrote", "stopped": "Stoppa oftast ved",
           "period": "Periode", "costs": "Kostnad per førespurnad", "chart": "Diagram; tala står i tabellen under",
           "web": "Digitalt", "counter": "Oppmøte", "phone": "Telefon", "letter": "Brev", "email": "E-post"},
    "en": {"title": "Service report", "processing": "Processing time", "service": "Service", "decided": "Decided",
           "median": "Median (days)", "p90": "90th percentile (days)", "within": "Within the promised time",
           "late": "Open cases past the deadline", "channels": "Channels", "month": "Month", "total": "Total",
           "digital": "Digital share", "cost": "Cost (kr)", "saving": "Possible saving (kr)",
           "funnel": "Completion", "lang": "Language", "starts": "Started", "drafts": "Saved as draft",
           "submissions": "Submitted", "abandonment": "Abandoned", "stopped": "Most often stopped at",
           "period": "Period", "costs": "Cost per contact", "chart": "Chart; the figures are in the table below",
           "web": "Digital", "counter": "Visit", "phone": "Phone", "letter": "Letter", "email": "E-mail"},
}


def as_dict(report: Report) -> dict:
    """The report as plain JSON-able data (dates as ISO strings)."""
    def convert(value):
        if dataclasses.is_dataclass(value):
            return {f.name: convert(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    return convert(report)


def render(report: Report, fmt: str, lang: str = "nb") -> dict[str, bytes]:
    if fmt == "json":
        return {"report.json": (json.dumps(as_dict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()}
    if fmt == "csv":
        return {"report.csv": _csv(report)}
    if fmt == "html":
        return _html(report, lang)
    raise ValueError(f"unknown report format {fmt!r} (html, json, csv)")


def _csv(report: Report) -> bytes:
    """One table with a ``section`` column, so a spreadsheet can filter it."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["section", "service", "period", "measure", "value"])
    for p in report.processing:
        for measure in ("decided", "median_days", "p90_days", "within_promise", "open_past_deadline"):
            out.writerow(["processing", p.form_id, "", measure, _plain(getattr(p, measure))])
    for c in report.channels:
        for channel in CHANNELS:
            out.writerow(["channels", c.form_id, c.month, channel, c.counts.get(channel, 0)])
        for measure in ("total", "digital_share", "cost", "saving_if_digital"):
            out.writerow(["channels", c.form_id, c.month, measure, _plain(getattr(c, measure))])
    for f in report.funnels:
        for measure in ("starts", "drafts", "submissions", "abandonment"):
            out.writerow(["funnel", f.form_id, f.lang, measure, _plain(getattr(f, measure))])
    return buffer.getvalue().encode()


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _html(report: Report, lang: str) -> dict[str, bytes]:
    import jinja2

    from formc.reports import charts

    words = WORDS.get(lang, WORDS["en"])
    files: dict[str, bytes] = {}
    months = sorted({c.month for c in report.channels})
    if months:
        series = {words[ch]: [sum(c.counts.get(ch, 0) for c in report.channels if c.month == m) for m in months]
                  for ch in CHANNELS}
        files["channels.svg"] = charts.stacked_bars(months, series, words["channels"], words["submissions"])
    timed = [p for p in report.processing if p.median_days is not None]
    if timed:
        files["processing.svg"] = charts.horizontal_bars([p.form_id for p in timed], [p.median_days for p in timed],
                                                         words["processing"], words["median"])
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    page = env.get_template("report.html").render(report=report, w=words, lang=lang, channels=CHANNELS,
                                                  charts=sorted(files), pct=_percent, num=_number)
    files["index.html"] = page.encode()
    files["report.css"] = (TEMPLATES / "report.css").read_bytes()
    return files


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def _number(value: float | int | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return f"{value:,.{decimals}f}".replace(",", " ")
