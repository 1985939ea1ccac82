"""Case routes: the citizen's status page, caseworkers' events API, the overdue list, and the funnel's start beacon.

- ``GET /status/{reference}?key=…`` — the status page (nb, nn, en: ``&lang=``),
  opened by the status key the receipt page shows; a wrong or missing key is
  answered 404 exactly like an unknown reference.
- ``POST /api/cases/{reference}/events`` — ``{"kind": "in_progress" | "decided"
  | "withdrawn", "text": …}`` from an authenticated employee or system (the
  counter's sign-in: trusted proxy header or password file); 201 with the
  timeline, 404, or 422 with the reason.
- ``GET /api/cases/overdue`` — open cases past their deadline (employees).
- ``POST /{form_id}/{lang}/started`` — one anonymous count in the funnel when
  a citizen first types in a form (sent by ``formc-server.js``; no cookie, no data).
"""

from __future__ import annotations

import hmac
import json
import threading
import zoneinfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from formc import clock
from formc.cases.events import EventError, NewEvent
from formc.cases.status import CaseStatus, render_status
from formc.model import Form
from formc.server.counter import _challenge, employee
from formc.server.security import receipt_secret
from formc.server.service import service
from formc.server.words import words
from formc.snapshots import SnapshotError
from formc.store import cases, definitions, submissions

STATUS_LANGUAGES = ("nb", "nn", "en")
MAX_EVENT_BYTES = 16 * 1024


def status_key(secret: bytes, submission_id: str) -> str:
    """The citizen's key to the status page (derived like the receipt's secret, but not the same)."""
    return receipt_secret(secret, "status:" + submission_id)


def status_path(svc, request: Request, reference: str, submission_id: str) -> str:  # noqa: ANN001
    return svc.url(request, f"/status/{reference}") + "?key=" + status_key(svc.secret, submission_id)


async def status(request: Request) -> Response:
    svc = service(request)
    reference = request.path_params["reference"]
    record = await run_in_threadpool(cases.case, svc.store.engine, reference)
    key = request.query_params.get("key", "")
    if record is None or not hmac.compare_digest(key.encode(), status_key(svc.secret, record.submission_id).encode()):
        return HTMLResponse(words("nb")["not_found"], status_code=404)
    lang = request.query_params.get("lang") or record.language
    lang = lang if lang in STATUS_LANGUAGES else "en"
    form = svc.form(record.form_id) or await run_in_threadpool(_answered, svc, reference)
    timezone = form.timezone if form else svc.project.settings.timezone
    name = form.service.name(lang if lang in form.languages else form.default_language) if form else record.form_id
    view = CaseStatus(record.reference, name, lang, record.deadline, record.events, record.case_number, timezone)
    html = render_status(view, clock.now(), svc.url(request, "/static/formc.css"))
    return HTMLResponse(html, headers={"cache-control": "no-store", "referrer-policy": "no-referrer"})


def _answered(svc, reference: str) -> Form | None:  # noqa: ANN001
    """The form the case's submission answered, from the store, when the project no longer has it (its service's
    name for the status page); None when the store cannot give it either."""
    submission = submissions.get(svc.store.engine, reference, with_content=False)
    if submission is None or submission.definition is None:
        return None
    with _stored_lock:
        form = _stored_forms.get(submission.definition)
    if form is None:
        try:
            form = definitions.form_for(svc.store.engine, svc.project, submission)
        except SnapshotError:
            return None
        if form is not None:
            with _stored_lock:
                if len(_stored_forms) >= 64:
                    _stored_forms.pop(next(iter(_stored_forms)))
                _stored_forms[submission.definition] = form
    return form


_stored_forms: dict[str, Form] = {}  # forms the project no longer has, built from the store, by digest (the last 64)
_stored_lock = threading.Lock()


async def add_event(request: Request) -> Response:
    who = employee(request)
    if who is None:
        return _challenge(request)
    body = await request.body()
    try:
        raw = json.loads(body) if len(body) <= MAX_EVENT_BYTES else None
    except (ValueError, UnicodeDecodeError):
        raw = None
    if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str) or not isinstance(raw.get("text", ""), (str, type(None))):
        return JSONResponse({"error": 'send JSON {"kind": "in_progress" | "decided" | "withdrawn", "text": "..."}'},
                            status_code=422)
    svc = service(request)
    try:
        record = await run_in_threadpool(cases.add_event, svc.store.engine, request.path_params["reference"],
                                         NewEvent(raw["kind"], raw.get("text")), who, clock.now())
    except LookupError:
        return JSONResponse({"error": "no such case"}, status_code=404)
    except EventError as exc:
        return JSONResponse({"error": str(exc)}, status_code=422)
    return JSONResponse({"reference": record.reference, "case_number": record.case_number,
                         "events": [{"kind": e.kind, "at": e.at.isoformat(), "text": e.text} for e in record.events]},
                        status_code=201)


async def overdue(request: Request) -> Response:
    if employee(request) is None:
        return _challenge(request)
    svc = service(request)
    today = clock.now().astimezone(zoneinfo.ZoneInfo(svc.project.settings.timezone)).date()
    late = await run_in_threadpool(cases.overdue, svc.store.engine, today)
    return JSONResponse([{"reference": c.reference, "form": c.form_id, "deadline": c.deadline.isoformat(),  # type: ignore[union-attr]
                          "days_late": (today - c.deadline).days} for c in late])  # type: ignore[operator]


async def started(request: Request) -> Response:
    svc = service(request)
    form = svc.form(request.path_params["form_id"])
    lang = request.path_params["lang"]
    if form is None or lang not in form.languages:
        return Response(status_code=404)
    day = clock.now().astimezone(zoneinfo.ZoneInfo(form.timezone)).date()
    await run_in_threadpool(cases.count, svc.store.engine, form.id, lang, day, "starts")
    return Response(status_code=204)


def routes() -> list[Route]:
    return [Route("/status/{reference}", status, methods=["GET"]),
            Route("/api/cases/overdue", overdue, methods=["GET"]),
            Route("/api/cases/{reference}/events", add_event, methods=["POST"]),
            Route("/{form_id}/{lang}/started", started, methods=["POST"])]
