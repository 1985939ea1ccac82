"""The form pages the server sends: ``Form.render_html`` with the server's hidden inputs and controls.

The HTML target renders the form (values, kept uploads, errors, identical
markup to the built pages); this module adds what only a server has: the
hidden CSRF token, the submission key (the idempotency key of this filling-in),
the tokens of kept uploads, the "save and continue later" button, and in
counter mode the registration fields. The empty page of each form, language
and mount point is rendered once and cached; per request only the tokens are
filled in (placeholders are replaced), so serving it costs a string replace.
"""

from __future__ import annotations

from typing import Any, Sequence

from markupsafe import escape
from starlette.requests import Request

from formc.model import Form
from formc.server.service import Service
from formc.server.words import words

CSRF, KEY, UPLOADS, ACTION = "_csrf", "_key", "_uploads", "_action"
_PLACEHOLDERS = {CSRF: "formc-placeholder-csrf-3c1f", KEY: "formc-placeholder-key-9b2e"}
_SUBMIT = '<button type="submit" class="formc-button">'


def _inject(html: str, before_submit: str, head: str) -> str:
    """Add markup just before the form's submit button (or its end) and a script to the head."""
    if before_submit:
        at = html.rfind(_SUBMIT)
        at = at if at >= 0 else html.rfind("</form>")
        html = html[:at] + before_submit + html[at:]
    if head:
        html = html.replace("</head>", head + "</head>", 1)
    return html


def _save_button(lang: str) -> str:
    return (f'<button type="submit" class="formc-button formc-button-secondary" name="{ACTION}" value="save" '
            f'formnovalidate data-formc-save>{escape(words(lang)["save"])}</button>\n')


def _script(svc: Service, request: Request) -> str:
    return f'<script src="{escape(svc.url(request, "/static/formc-server.js"))}" defer></script>\n'


def form_page(svc: Service, request: Request, form: Form, lang: str, *, csrf: str, key: str,
              data: dict[str, Any] | None = None, errors: Sequence[Any] | None = None, upload_tokens: Sequence[str] = (),
              counter_fields: str = "", action: str | None = None) -> str:
    """The page of ``form`` in ``lang`` for one request (see the module docstring)."""
    base = action or svc.url(request, f"/{form.id}/{lang}/")
    extra = counter_fields + ("" if counter_fields else _save_button(lang))
    if data is None and not errors and not upload_tokens and not counter_fields:
        cache_key = (form.id, form.version, lang, base)
        html = svc.cache.get(cache_key)
        if html is None:
            html = _inject(_render(svc, request, form, lang, base, dict(_PLACEHOLDERS)), extra, _script(svc, request))
            svc.cache[cache_key] = html
        return html.replace(_PLACEHOLDERS[CSRF], csrf, 1).replace(_PLACEHOLDERS[KEY], key, 1)
    hidden = {CSRF: csrf, KEY: key}
    if upload_tokens:
        hidden[UPLOADS] = " ".join(upload_tokens)
    html = _render(svc, request, form, lang, base, hidden, data, errors)
    return _inject(html, extra, "" if counter_fields else _script(svc, request))


def _render(svc: Service, request: Request, form: Form, lang: str, action: str, hidden: dict[str, str],
            data: dict[str, Any] | None = None, errors: Sequence[Any] | None = None) -> str:
    return form.render_html(lang, data, errors, mode="page", action=action, hidden=hidden,
                            assets=svc.url(request, "/static/"), language_href=svc.url(request, "/{form}/{lang}/"))
