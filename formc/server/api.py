"""``POST /api/{form_id}/submissions``: a JSON submission (the envelope), 201 ``{"reference"}`` or 422 ``{"errors"}``.

The body is the envelope ``{form, version, language, channel, data}`` (all but
``data`` optional: the form from the URL, its current version, its first
language, channel ``web``) plus ``attachments``, an object of the files' bytes
in base64 by their SHA-256, for every file the data describes. The files are
checked like uploads (size, type by content, the virus scanner). An
``Idempotency-Key`` header makes retries safe: the same key gives the same
reference, never a second submission. Channels other than ``web`` need an
authenticated employee (see :mod:`formc.server.counter`).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from formc import jsondata
from formc.messages import message
from formc.model import CHANNELS, Form
from formc.server import uploads
from formc.server.counter import employee
from formc.server.files import file_values
from formc.server.service import Service, service
from formc.store import FileData, NewSubmission
from formc.store.records import promise

MAX_KEY = 80


def _error(path: str, code: str, text: str) -> dict[str, str]:
    return {"path": path, "code": code, "message": text}


def _problem(status: int, text: str) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=status)


def _files(svc: Service, form: Form, data: dict, attachments: Any, lang: str) -> tuple[list[FileData], list[dict]]:
    """The files ``data`` describes, checked against their fields; and the errors found."""
    found: list[FileData] = []
    errors: list[dict] = []
    if attachments is not None and not isinstance(attachments, dict):
        return [], [_error("/attachments", "type", "attachments must be an object of base64 contents by SHA-256")]
    attachments = attachments or {}
    for path, field, values in file_values(form, data):
        pointer = "/" + path.replace(".", "/").replace("[", "/").replace("]", "")
        label = field.label(lang) if field.label else field.id
        for index, value in enumerate(values):
            here = f"{pointer}/{index}"
            if not isinstance(value, dict) or not isinstance(value.get("sha256"), str):
                continue  # the validator reports the malformed description
            encoded = attachments.get(value["sha256"])
            if not isinstance(encoded, str):
                errors.append(_error(here, "file_missing", f"no attachment with sha256 {value['sha256']}"))
                continue
            try:
                content = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                errors.append(_error(here, "file_missing", "the attachment is not base64"))
                continue
            checked = uploads.check(field, path, str(value.get("filename") or "file"), content, svc.config.virus_scanner)
            if isinstance(checked, uploads.Refused):
                text = message(checked.code, lang, label=label, max=field.max_size) if checked.code in ("file_type", "file_size") \
                    else f"“{label}”: the file was refused ({checked.code})"
                errors.append(_error(here, checked.code, text))
            elif checked.sha256 != value["sha256"] or checked.size != value.get("size"):
                errors.append(_error(here, "file_mismatch", "the attachment's size or sha256 differs from its description"))
            else:
                value["media_type"] = checked.media_type  # what the bytes are, not what was claimed
                found.append(checked)
    return found, errors


async def submit(request: Request) -> JSONResponse:
    svc = service(request)
    form = svc.form(request.path_params["form_id"])
    if form is None:
        return _problem(404, "no such form")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _problem(415, "send the envelope as application/json")
    try:
        envelope = jsondata.loads((await request.body()).decode("utf-8"))
    except jsondata.DataError as exc:
        return _problem(400, f"the body is not usable JSON: {exc}")
    except UnicodeDecodeError:
        return _problem(400, "the body is not UTF-8 JSON")
    if not isinstance(envelope, dict) or not isinstance(envelope.get("data"), dict):
        return _problem(400, "the body must be an envelope object with `data`")
    key = request.headers.get("idempotency-key")
    if key is not None and not 0 < len(key) <= MAX_KEY:
        return _problem(400, f"Idempotency-Key must be 1–{MAX_KEY} characters")
    lang = envelope.get("language") or form.default_language
    channel = envelope.get("channel") or "web"
    errors = []
    if envelope.get("form", form.id) != form.id:
        errors.append(_error("/form", "form", f"the envelope is for `{envelope.get('form')}`, posted to `{form.id}`"))
    if envelope.get("version", form.version) != form.version:
        errors.append(_error("/version", "version", f"this service takes version {form.version} of the form"))
    if lang not in form.languages:
        errors.append(_error("/language", "language", f"the form's languages are {', '.join(form.languages)}"))
        lang = form.default_language
    registered_by = None
    if channel not in CHANNELS:
        errors.append(_error("/channel", "channel", f"channel must be one of {', '.join(CHANNELS)}"))
    elif channel != "web":
        registered_by = employee(request)
        if registered_by is None:
            return _problem(403, f"only an authenticated employee can register a `{channel}` submission")
    data = envelope["data"]
    found, file_errors = _files(svc, form, data, envelope.get("attachments"), lang)
    errors += file_errors
    errors += [e.as_dict() for e in form.validate(data, lang=lang, today=svc.today(form))]
    if errors:
        return JSONResponse({"errors": errors}, status_code=422)
    new = NewSubmission(form.id, form.version, lang, channel, data, tuple(found), registered_by=registered_by,
                        envelope_extra={"registered_by": registered_by} if registered_by else {},
                        idempotency_key=f"api:{form.id}:{key}" if key else None, definition=svc.definition(form),
                        **promise(form))
    stored, created = await run_in_threadpool(svc.store.submit, new)
    headers = {} if created else {"Idempotent-Replayed": "true"}
    return JSONResponse({"reference": stored.reference}, status_code=201, headers=headers)
