"""The receipt: ``/{form_id}/{lang}/receipt/{reference}`` and its PDF, only for the holder of the receipt secret.

The redirect after a stored submission sets the secret as an HttpOnly cookie
scoped to that receipt's path; without it (or with another submission's) the
answer is 404, exactly as for a reference that does not exist, so references
cannot be probed. The PDF is made by a background job; until it exists the
page says it is being prepared.
"""

from __future__ import annotations

import zoneinfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from formc.jobs.handlers import RECEIPT_NAME
from formc.runtime.answers import answer_sections, format_date, format_datetime, format_period
from formc.runtime.receipt import answer_date
from formc.server.cases import status_path
from formc.server.security import receipt_ok, receipt_secret
from formc.server.service import Service, service
from formc.server.templates_env import render
from formc.server.words import words
from formc.store.records import Submission

COOKIE = "formc_receipt"


def receipt_path(svc: Service, request: Request, submission: Submission) -> str:
    return svc.url(request, f"/{submission.form_id}/{submission.language}/receipt/{submission.reference}")


def set_receipt_cookie(response: Response, svc: Service, request: Request, submission: Submission) -> None:
    """Give the browser the secret that opens this submission's receipt (and nothing else)."""
    secure = svc.config.secure_cookies if svc.config.secure_cookies is not None else request.url.scheme == "https"
    response.set_cookie(COOKIE, receipt_secret(svc.secret, submission.id), path=receipt_path(svc, request, submission),
                        httponly=True, secure=secure, samesite="lax", max_age=30 * 24 * 3600)


async def _authorised(request: Request) -> Submission | None:
    svc = service(request)
    params = request.path_params
    submission = await run_in_threadpool(svc.store.get, params["reference"], False)
    if submission is None or submission.form_id != params["form_id"] or submission.language != params["lang"]:
        return None
    if not receipt_ok(svc.secret, submission.id, request.cookies.get(COOKIE)):
        return None
    return submission


def _not_found(lang: str) -> HTMLResponse:
    return HTMLResponse(words(lang)["not_found"], status_code=404)


async def page(request: Request) -> Response:
    submission = await _authorised(request)
    lang = request.path_params["lang"]
    svc = service(request)
    form = svc.form(request.path_params["form_id"])
    if submission is None or form is None:
        return _not_found(lang)
    has_pdf = bool(await run_in_threadpool(svc.store.artifacts, submission.id, "receipt", RECEIPT_NAME))
    received = submission.received_at.astimezone(zoneinfo.ZoneInfo(form.timezone))
    due = answer_date(form, received)
    w = words(lang)
    html = render(
        "receipt.html.j2", lang=lang, w=w, title=w["received_title"], organisation=form.service.authority.name(lang),
        assets=svc.url(request, "/static/"), form_title=form.title(lang), reference=submission.reference,
        received=format_datetime(received, lang), received_iso=received.isoformat(timespec="seconds"),
        channel=w.get(submission.channel) if submission.channel != "web" else "", registered_by=submission.registered_by,
        answer_by=format_date(due, lang) if due else None,
        processing_time=format_period(form.service.processing_time, lang) if form.service.processing_time else None,
        pdf_href=receipt_path(svc, request, submission) + "/" + RECEIPT_NAME if has_pdf else None,
        status_href=status_path(svc, request, submission.reference, submission.id),
        sections=answer_sections(form, submission.data, lang, received.date()))
    return HTMLResponse(html)


async def pdf(request: Request) -> Response:
    submission = await _authorised(request)
    if submission is None:
        return _not_found(request.path_params["lang"])
    found = await run_in_threadpool(service(request).store.artifacts, submission.id, "receipt", RECEIPT_NAME)
    if not found:
        return _not_found(request.path_params["lang"])
    return Response(found[0].content, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{submission.reference}.pdf"'})


def routes() -> list[Route]:
    return [Route("/{form_id}/{lang}/receipt/{reference}", page, methods=["GET"]),
            Route("/{form_id}/{lang}/receipt/{reference}/" + RECEIPT_NAME, pdf, methods=["GET"])]
