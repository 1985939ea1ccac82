"""The citizen's routes: ``GET``/``POST /{form_id}/{lang}/`` and resuming a draft.

``GET`` serves the form (cached, see :mod:`formc.server.rendering`) with a
CSRF token and a fresh submission key. ``POST`` reads the form
(:mod:`formc.server.posts`), then: a failed CSRF check shows the form again
(403) with what was typed; "save and continue later" stores a draft and shows
its link; invalid data shows the form again with the values, the kept
uploads and the errors (422); valid data is stored — durably, with its files
— and only then answered with ``303`` to the receipt, the receipt's secret in
a cookie. The submission key makes a retried post (a double click, a reload,
a lost answer) land on the same submission.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from formc.model import Form
from formc.server import drafts, posts
from formc.server.receipts import receipt_path, set_receipt_cookie
from formc.server.rendering import ACTION, form_page
from formc.server.security import CSRF_COOKIE, csrf_ok, csrf_token, new_csrf_cookie
from formc.server.service import Service, service
from formc.server.words import words
from formc.store import NewSubmission, cases
from formc.store.records import Submission, promise
from formc.validator import ValidationError


def new_key() -> str:
    return secrets.token_urlsafe(24)


def csrf_for(svc: Service, request: Request) -> tuple[str, str]:
    """The browser's CSRF cookie (a new one when it has none) and the token for its forms."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or len(cookie) > 100:
        cookie = new_csrf_cookie()
    return cookie, csrf_token(svc.secret, cookie)


def with_csrf_cookie(response: Response, svc: Service, request: Request, cookie: str) -> Response:
    if request.cookies.get(CSRF_COOKIE) != cookie:
        secure = svc.config.secure_cookies if svc.config.secure_cookies is not None else request.url.scheme == "https"
        response.set_cookie(CSRF_COOKIE, cookie, path=svc.url(request, "/") or "/", httponly=True, secure=secure,
                            samesite="lax")
    return response


def resolve(request: Request) -> tuple[Service, Form | None, str]:
    svc = service(request)
    form = svc.form(request.path_params["form_id"])
    lang = request.path_params["lang"]
    return svc, form if form is not None and lang in form.languages else None, lang


async def show(request: Request) -> Response:
    svc, form, lang = resolve(request)
    if form is None:
        return PlainTextResponse(words(lang)["not_found"], status_code=404)
    cookie, token = csrf_for(svc, request)
    html = form_page(svc, request, form, lang, csrf=token, key=new_key())
    return with_csrf_cookie(HTMLResponse(html), svc, request, cookie)


async def receive(request: Request) -> Response:
    svc, form, lang = resolve(request)
    if form is None:
        return PlainTextResponse(words(lang)["not_found"], status_code=404)
    return await handle_post(svc, request, form, lang, channel="web", registered_by=None, envelope_extra={})


async def handle_post(svc: Service, request: Request, form: Form, lang: str, *, channel: str, registered_by: str | None,
                      envelope_extra: dict[str, Any], counter_fields: Any = None, counter_envelope: Any = None,
                      action: str | None = None) -> Response:
    """Read, check and store one post of ``form`` (citizen's or counter's); the response to send.

    In counter mode ``counter_fields(post)`` gives the registration fieldset to show again and
    ``counter_envelope(post)`` the channel, the envelope's fields and a problem with them.
    """
    try:
        post = await posts.read(svc, request, form, lang)
    except posts.BadPost:
        return PlainTextResponse("The form could not be read. Go back and send it again.", status_code=400)
    cookie, token = csrf_for(svc, request)
    key = post.key or new_key()
    extra = counter_fields(post) if counter_fields else ""

    def again(errors: list[Any], status: int) -> Response:
        html = form_page(svc, request, form, lang, csrf=token, key=key, data=post.data, errors=errors,
                         upload_tokens=list(post.files), counter_fields=extra, action=action)
        return with_csrf_cookie(HTMLResponse(html, status_code=status), svc, request, cookie)

    if not csrf_ok(svc.secret, request.cookies.get(CSRF_COOKIE), post.csrf):
        return again([ValidationError("", "csrf", words(lang)["expired"])], 403)
    if post.value(ACTION) == "save" and channel == "web":
        saved, expires = await run_in_threadpool(svc.store.save_draft, form.id, form.version, lang, post.data,
                                                 tuple(post.files), svc.config.draft_expiry)
        await run_in_threadpool(cases.count, svc.store.engine, form.id, lang, svc.today(form), "drafts")
        return drafts.saved_page(svc, request, form, lang, saved, expires)
    errors = post.errors + form.validate(post.data, lang=lang, today=svc.today(form))
    if counter_envelope is not None:
        channel, envelope_extra, problem = counter_envelope(post)
        envelope_extra = {**envelope_extra, "registered_by": registered_by}
        if problem:
            errors.append(ValidationError("", "envelope", problem))
    if errors:
        return again(errors, 422)
    new = NewSubmission(form.id, form.version, lang, channel, post.data, tuple(post.files.values()),
                        envelope_extra=envelope_extra, registered_by=registered_by,
                        idempotency_key=f"{channel}:{form.id}:{key}", upload_tokens=tuple(post.files),
                        definition=svc.definition(form), **promise(form))
    stored, _ = await run_in_threadpool(svc.store.submit, new)
    return redirect_to_receipt(svc, request, stored)


def redirect_to_receipt(svc: Service, request: Request, submission: Submission) -> Response:
    response = RedirectResponse(receipt_path(svc, request, submission), status_code=303)
    set_receipt_cookie(response, svc, request, submission)
    return response


def routes() -> list[Route]:
    return [Route("/{form_id}/{lang}/", show, methods=["GET"]),
            Route("/{form_id}/{lang}/", receive, methods=["POST"]),
            Route("/{form_id}/{lang}/draft/{token}", drafts.resume, methods=["GET"])]
