"""Save and resume: ``_action=save`` on a form post stores a draft; ``/{form_id}/{lang}/draft/{token}`` resumes it.

A draft is pinned to the form version it was saved on. Resumed on the same
version, every answer comes back. Resumed on a newer version, the answers
that still fit are kept, answers to questions that no longer exist are
dropped, and every answer the new version refuses is removed and named in
the page's message ("… has changed; answer it again"). Missing answers are not
errors in a draft.
"""

from __future__ import annotations

import copy
import zoneinfo
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from formc.model import Form
from formc.runtime.answers import format_date
from formc.server.rendering import form_page
from formc.server.service import Service, service
from formc.server.templates_env import render
from formc.server.words import words
from formc.validator import ValidationError

_UNANSWERED = {"required", "required_choice", "consent", "rule", "min_items"}


def _remove(data: Any, pointer: str) -> bool:
    steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    if not steps:
        return False
    node = data
    for step in steps[:-1]:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return False
    last = steps[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        del node[int(last)]
        return True
    return False


def fit(form: Form, data: dict[str, Any], lang: str, today: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``data`` (saved on another version) made to fit ``form``: the kept answers and (pointer, label) of those removed."""
    kept = copy.deepcopy(data)
    removed: list[tuple[str, str]] = []
    for _ in range(10):
        changed = False
        for error in form.validate(kept, lang=lang, today=today):
            if error.code in _UNANSWERED or not error.path:
                continue
            if _remove(kept, error.path):
                changed = True
                if error.code != "unknown":
                    field = form.field_at(tuple(p for p in error.path.split("/")[1:] if not p.isdigit()))
                    label = field.label(lang) if field is not None and field.label else error.path
                    removed.append((error.path, label))
        if not changed:
            break
    return kept, removed


def saved_page(svc: Service, request: Request, form: Form, lang: str, token: str, expires: Any) -> HTMLResponse:
    w = words(lang)
    link = str(request.base_url).rstrip("/") + svc.url(request, f"/{form.id}/{lang}/draft/{token}")
    local = expires.astimezone(zoneinfo.ZoneInfo(form.timezone)).date()
    html = render("message.html.j2", lang=lang, title=w["draft_saved"], organisation=form.service.authority.name(lang),
                  assets=svc.url(request, "/static/"), paragraphs=[form.title(lang), w["draft_link"].format(date=format_date(local, lang))],
                  link=link, link_text=link)
    return HTMLResponse(html)


async def resume(request: Request) -> Response:
    from formc.server.pages import csrf_for, new_key, with_csrf_cookie

    svc = service(request)
    form_id, lang = request.path_params["form_id"], request.path_params["lang"]
    form = svc.form(form_id)
    if form is None or lang not in form.languages:
        return HTMLResponse(words(lang)["not_found"], status_code=404)
    draft = await run_in_threadpool(svc.store.load_draft, form_id, request.path_params["token"])
    w = words(lang)
    if draft is None:
        html = render("message.html.j2", lang=lang, title=w["draft_missing"], organisation=form.service.authority.name(lang),
                      assets=svc.url(request, "/static/"), paragraphs=[], link=svc.url(request, f"/{form_id}/{lang}/"),
                      link_text=form.title(lang))
        return HTMLResponse(html, status_code=404)
    data, notes = draft.data, []
    if draft.form_version != form.version:
        data, removed = fit(form, draft.data, lang, svc.today(form))
        notes = [ValidationError(pointer, "again", w["again_field"].format(label=label)) for pointer, label in removed]
    kept = await run_in_threadpool(svc.store.kept_uploads, form_id, list(draft.uploads))
    cookie, token = csrf_for(svc, request)
    html = form_page(svc, request, form, lang, csrf=token, key=new_key(), data=data, errors=notes,
                     upload_tokens=list(kept))
    return with_csrf_cookie(HTMLResponse(html), svc, request, cookie)
