"""The filled form as PDF/A: the citizen's receipt and the archive's main document.

``render_receipt(form, data, lang, channel, received, submission_id)`` shows
every visible question with its answer (option labels, Ja/Nei, formatted
dates, groups and repeats; file sizes in kB/MB with the type in words;
national identity numbers masked to their birth date part, ``010190 *****``),
the channel (and the employee who registered it for the citizen, when one
did), the time received (local, in the project's time zone, with the
zone's name) and the promised answer date (the local day received +
``service.processing_time``, moved to the next working day: see
:mod:`formc.calendar`). The heading, the HTML title and the PDF's title
metadata are one text: the form's document title with its template filled
(national ids masked), in the submitter's language. The form id, version,
language, channel and submission id go into the PDF's XMP metadata and its
document information. The same inputs always give the same bytes: the PDF's
dates are ``received``, never the clock. The data is not validated here; the
caller (``formc render``, the archive package) validates it first.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import jinja2

from formc import calendar
from formc.model import CHANNELS, Form
from formc.runtime.answers import answer_sections, format_datetime, format_date, format_period, words
from formc.runtime.pdf import PdfJob, render_many, render_pdf

__all__ = ["answer_date", "receipt_html", "receipt_title", "receipt_job", "render_many", "render_receipt"]
TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def answer_date(form: Form, received: datetime.datetime) -> datetime.date | None:
    """The promised answer date: the local day received plus the processing time, on a working day."""
    return calendar.deadline(received, form.service.processing_time, form.country, form.timezone)


def receipt_title(form: Form, data: Mapping[str, Any], lang: str) -> str:
    """The document title with its template filled (national identity numbers masked)."""
    from formc.archive_titles import fill_template

    template = form.archive.document_title(lang) if form.archive and form.archive.document_title else form.title(lang)
    masked = tuple(f.path for f in form.walk() if f.type == "national_id")
    return fill_template(form, template, dict(data), lang, masked, shown=True)


def receipt_html(form: Form, data: Mapping[str, Any], lang: str, channel: str, received: datetime.datetime,
                 submission_id: str, registered_by: str | None = None) -> str:
    """The receipt as HTML (what the PDF is rendered from). ``registered_by``: the employee who registered the
    submission for the citizen (counter, phone, letter, e-mail), shown beside the channel."""
    if lang not in form.languages:
        raise ValueError(f"form {form.id} is not available in `{lang}` (languages: {', '.join(form.languages)})")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel `{channel}` (channels: {', '.join(CHANNELS)})")
    w = words(lang)
    received = calendar.local(received, form.timezone)
    due = answer_date(form, received)
    authority = form.service.authority
    title = receipt_title(form, data, lang)
    return _environment().get_template("receipt.html").render(
        lang=lang,
        w=w,
        form=form,
        title=title,
        organisation=authority.name(lang),
        service_name=form.service.name(lang),
        submission_id=submission_id,
        channel=w[f"channel_{channel}"],
        registered_by=registered_by,
        received=format_datetime(received, lang),
        received_iso=received.isoformat(timespec="seconds"),
        answer_by=format_date(due, lang) if due is not None else None,
        processing_time=format_period(form.service.processing_time, lang) if form.service.processing_time else None,
        contact=form.service.contact,
        authority=authority,
        sections=answer_sections(form, data, lang, received.date()),
    )


def receipt_job(form: Form, data: Mapping[str, Any], lang: str, channel: str, received: datetime.datetime,
                submission_id: str, registered_by: str | None = None) -> PdfJob:
    """Everything the receipt's PDF is made from (see :func:`formc.runtime.pdf.render_many` to render many)."""
    received = calendar.local(received, form.timezone)
    html = receipt_html(form, data, lang, channel, received, submission_id, registered_by)
    css = (TEMPLATES / "receipt.css").read_text(encoding="utf-8")
    return PdfJob(
        html=html,
        stylesheets=(css,),
        created=received,
        properties={
            "formId": form.id,
            "formVersion": form.version,
            "language": lang,
            "channel": channel,
            "submissionId": submission_id,
            "received": received.isoformat(timespec="seconds"),
            **({"registeredBy": registered_by} if registered_by else {}),
        },
    )


def render_receipt(form: Form, data: Mapping[str, Any], lang: str, channel: str, received: datetime.datetime,
                   submission_id: str, registered_by: str | None = None) -> bytes:
    """The filled form as tagged PDF/A-2a (PDF/UA-1) bytes (deterministic for the same inputs)."""
    return render_pdf(receipt_job(form, data, lang, channel, received, submission_id, registered_by))

