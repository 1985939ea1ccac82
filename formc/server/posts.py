"""Reading a posted form (urlencoded or multipart): its fields, its files checked and kept, the decoded data.

Files are parsed by python-multipart through Starlette (spooled to disk past
1 MB, never held whole in memory while parsing); each is checked against its
field (:mod:`formc.server.uploads`) and kept in the store under a token, so a
post that is not valid yet does not lose it: the page shown again lists it
as uploaded (a ticked checkbox carrying its SHA-256) and the next post names
it by token. A refused file becomes an error at its field, like the validator's.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from formc.messages import message
from formc.model import Form
from formc.runtime.decode import decode
from formc.server import uploads
from formc.server.files import field_for_name, file_values
from formc.server.rendering import CSRF, KEY, UPLOADS
from formc.server.service import Service
from formc.server.words import words
from formc.store import FileData
from formc.validator import ValidationError

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # used with fullmatch


class BadPost(Exception):
    """A post that cannot be read as a form at all (400)."""


@dataclass
class Post:
    fields: FormData
    data: dict[str, Any]
    errors: list[ValidationError] = field(default_factory=list)  # refused files
    files: dict[str, FileData] = field(default_factory=dict)  # token → kept file, for every file in ``data``

    def value(self, name: str) -> str:
        raw = self.fields.get(name)
        return raw if isinstance(raw, str) else ""

    @property
    def key(self) -> str | None:
        key = self.value(KEY)
        return key if _TOKEN.fullmatch(key) else None

    @property
    def csrf(self) -> str:
        return self.value(CSRF)


def _pointer(name: str) -> str:
    return "/" + re.sub(r"\[([0-9]+)\]", r"/\1", name).replace(".", "/")


async def read(svc: Service, request: Request, form: Form, lang: str) -> Post:
    """The post's fields and decoded data, its new files checked and kept, its kept files found again."""
    limits = svc.config.limits
    try:
        posted = await request.form(max_files=limits.max_fields, max_fields=limits.max_fields)
    except MultiPartException as exc:
        raise BadPost(str(exc)) from None
    try:
        return await _read(svc, form, lang, posted)
    finally:
        await posted.close()


async def _read(svc: Service, form: Form, lang: str, posted: FormData) -> Post:
    tokens = [t for t in (posted.get(UPLOADS) or "").split() if _TOKEN.fullmatch(t)] if isinstance(posted.get(UPLOADS), str) else []
    kept = await run_in_threadpool(svc.store.kept_uploads, form.id, tokens[:50]) if tokens else {}
    by_content = {(f.field, f.sha256): token for token, f in kept.items()}
    pairs: list[tuple[str, Any]] = []
    errors: list[ValidationError] = []
    files: dict[str, FileData] = {}
    for name, value in posted.multi_items():
        if isinstance(value, UploadFile):
            if not value.filename:
                continue  # a file input left empty
            target = field_for_name(form, name)
            if target is None:
                continue
            label = target.label(lang) if target.label else target.id
            if target.max_size is not None and value.size is not None and value.size > target.max_size:
                errors.append(ValidationError(_pointer(name), "file_size", message("file_size", lang, label=label, max=target.max_size)))
                continue
            content = await value.read()
            checked = await run_in_threadpool(uploads.check, target, name, value.filename, content, svc.config.virus_scanner)
            if isinstance(checked, uploads.Refused):
                text = message(checked.code, lang, label=label, max=target.max_size) if checked.code in ("file_type", "file_size") \
                    else words(lang)[checked.code].format(label=label)
                errors.append(ValidationError(_pointer(name), checked.code, text))
                continue
            token = await run_in_threadpool(svc.store.keep_upload, form.id, checked)
            files[token] = checked
            pairs.append((name, checked.metadata()))
        elif name.startswith("_"):
            continue
        elif field_for_name(form, name) is not None:
            token = by_content.get((name, value))  # a kept upload's checkbox: its value is the file's SHA-256
            if token is not None:
                files[token] = kept[token]
                pairs.append((name, kept[token].metadata()))
        else:
            pairs.append((name, value))
    data = decode(form, pairs, svc.today(form))
    return Post(posted, data, errors, _in_data(form, data, files))


def _in_data(form: Form, data: dict[str, Any], files: dict[str, FileData]) -> dict[str, FileData]:
    """The files ``data`` still holds (decoding drops hidden fields), each under its path in the data."""
    left = dict(files)
    found: dict[str, FileData] = {}
    for path, _, values in file_values(form, data):
        for value in values:
            token = next((t for t, f in left.items() if isinstance(value, dict) and f.sha256 == value.get("sha256")), None)
            if token is not None:
                found[token] = dataclasses.replace(left.pop(token), field=path)
    return found
