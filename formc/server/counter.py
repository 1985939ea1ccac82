"""Counter mode, ``/counter/{form_id}/{lang}/``: the same form for employees, plus the envelope of assisted service.

An employee (see :mod:`formc.server.employees`) registers a submission made at
the counter, by phone, by letter or by e-mail: the channel, who registered
it, whether a paper original was received and the date a letter arrived are
recorded on the submission, its receipt and its archive package. Without an
authenticated employee every counter URL answers 401; the citizens' pages
never link to it or accept its fields.
"""

from __future__ import annotations

import datetime
from typing import Any

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from formc.server.rendering import form_page
from formc.server.words import words


def employee(request: Request) -> str | None:
    """The authenticated employee making ``request``, or None."""
    employees = request.app.state.employees
    if not employees.enabled:
        return None
    client = request.client.host if request.client else None
    header = request.headers.get(employees.auth.header) if employees.auth.header else None
    return employees.identify(client, header, request.headers.get("authorization"))


ASSISTED_CHANNELS = ("counter", "phone", "letter", "email")
CHANNEL, PAPER, LETTER_DATE = "_channel", "_paper_original", "_letter_date"


def _challenge(request: Request) -> Response:
    employees = request.app.state.employees
    if not employees.enabled:
        return PlainTextResponse("Not found.", status_code=404)
    headers = {"www-authenticate": 'Basic realm="formc counter", charset="UTF-8"'} if employees.users else {}
    return PlainTextResponse("Employees only: sign in.", status_code=401 if headers else 403, headers=headers)


def fields_html(lang: str, who: str, channel: str = "counter", paper: bool = False, letter_date: str = "",
                error: str = "") -> str:
    """The registration fieldset added to the form in counter mode (before the submit button)."""
    w = words(lang)
    options = "".join(f'<option value="{c}"{" selected" if c == channel else ""}>{escape(w[c])}</option>' for c in ASSISTED_CHANNELS)
    problem = (f'<p class="formc-error-message" id="formc-counter-error"><span class="formc-visually-hidden">'
               f'{escape(w["counter_legend"])}:</span> {escape(error)}</p>\n') if error else ""
    return (
        f'<fieldset class="formc-fieldset formc-counter">\n<legend class="formc-legend">{escape(w["counter_legend"])}</legend>\n'
        f"{problem}"
        f'<p class="formc-hint">{escape(w["registered_by"])}: <strong>{escape(who)}</strong></p>\n'
        f'<div class="formc-field"><label class="formc-label" for="formc-counter-channel">{escape(w["channel"])}</label>\n'
        f'<select class="formc-select" id="formc-counter-channel" name="{CHANNEL}">{options}</select></div>\n'
        f'<div class="formc-field"><div class="formc-choice"><input class="formc-choice-input" type="checkbox" '
        f'id="formc-counter-paper" name="{PAPER}" value="yes"{" checked" if paper else ""}>'
        f'<label class="formc-choice-label" for="formc-counter-paper">{escape(w["paper_original"])}</label></div></div>\n'
        f'<div class="formc-field"><label class="formc-label" for="formc-counter-letter-date">{escape(w["letter_date"])}</label>\n'
        f'<input class="formc-input formc-w-m" type="date" id="formc-counter-letter-date" name="{LETTER_DATE}" '
        f'value="{escape(letter_date)}"></div>\n</fieldset>\n')


def _envelope(post: Any) -> tuple[str, dict[str, Any], str]:
    """The channel, the envelope's counter fields, and a problem with them ("" when none)."""
    channel = post.value(CHANNEL) or "counter"
    letter_date = post.value(LETTER_DATE).strip()
    problem = ""
    if channel not in ASSISTED_CHANNELS:
        channel, problem = "counter", f"channel must be one of {', '.join(ASSISTED_CHANNELS)}"
    if letter_date:
        try:
            datetime.date.fromisoformat(letter_date)
        except ValueError:
            problem = "the letter date must be a date (YYYY-MM-DD)"
    extra = {"paper_original": post.value(PAPER) == "yes"}
    if letter_date and not problem:
        extra["letter_date"] = letter_date
    return channel, extra, problem


async def show(request: Request) -> Response:
    from formc.server.pages import csrf_for, new_key, resolve, with_csrf_cookie

    who = employee(request)
    if who is None:
        return _challenge(request)
    svc, form, lang = resolve(request)
    if form is None:
        return PlainTextResponse(words(lang)["not_found"], status_code=404)
    cookie, token = csrf_for(svc, request)
    html = form_page(svc, request, form, lang, csrf=token, key=new_key(), counter_fields=fields_html(lang, who),
                     action=svc.url(request, f"/counter/{form.id}/{lang}/"))
    return with_csrf_cookie(HTMLResponse(html), svc, request, cookie)


async def receive(request: Request) -> Response:
    from formc.server.pages import handle_post, resolve

    who = employee(request)
    if who is None:
        return _challenge(request)
    svc, form, lang = resolve(request)
    if form is None:
        return PlainTextResponse(words(lang)["not_found"], status_code=404)

    def registration(post: Any) -> str:
        channel, extra, problem = _envelope(post)
        return fields_html(lang, who, channel, extra["paper_original"], extra.get("letter_date", post.value(LETTER_DATE)), problem)

    return await handle_post(svc, request, form, lang, channel="counter", registered_by=who, envelope_extra={},
                             counter_fields=registration, counter_envelope=_envelope,
                             action=svc.url(request, f"/counter/{form.id}/{lang}/"))


def routes() -> list[Route]:
    return [Route("/counter/{form_id}/{lang}/", show, methods=["GET"]),
            Route("/counter/{form_id}/{lang}/", receive, methods=["POST"])]
