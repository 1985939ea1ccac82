"""The uploaded files of a submission: found, verified against the data, identified, named for the package.

The data records each upload as ``{filename, media_type, size, sha256}``
(see :mod:`formc.validator`). :func:`collect` walks the form (groups and
repeats) for every recorded file; :func:`verify` takes the bytes from a
source (a folder, or a mapping for the Python API) and refuses a file that is
missing, or whose size or SHA-256 differs from the record. Each verified file
gets its PRONOM format (:mod:`formc.runtime.pronom`) and a safe name in the
package (``vedlegg-03-situasjonsplan.pdf``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from formc.model import Field, Form
from formc.runtime.arkivmelding import PackageFile
from formc.runtime.pronom import Identified, identify


class UploadError(ValueError):
    """An uploaded file that is missing or does not match what the data records (nothing is written)."""


@dataclass(frozen=True)
class Recorded:
    """One file as the data records it."""

    field: tuple[str, ...]  # the file field's path (without repeat indexes)
    pointer: str  # where in the data, e.g. /documents/0
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Upload:
    """A verified uploaded file, ready for the package."""

    field: tuple[str, ...]
    filename: str  # the original name (filnavn)
    file: PackageFile
    format: Identified


def collect(form: Form, data: Mapping[str, Any]) -> list[Recorded]:
    """Every file recorded in ``data``, in the form's order."""
    return list(_walk(form.fields, data, ""))


def _walk(fields: tuple[Field, ...], data: Any, pointer: str) -> Iterator[Recorded]:
    if not isinstance(data, dict):
        return
    for field in fields:
        value = data.get(field.id)
        here = f"{pointer}/{field.id}"
        if field.type == "group":
            yield from _walk(field.fields, value, here)
        elif field.type == "repeat" and isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(field.fields, item, f"{here}/{index}")
        elif field.type == "file" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield Recorded(field.path, f"{here}/{index}", str(item.get("filename", "")),
                                   str(item.get("media_type", "")), int(item.get("size", -1)), str(item.get("sha256", "")))


Source = Callable[[Recorded], bytes | None]


def from_folder(folder: Path) -> Source:
    """Files in ``folder``, named by their SHA-256 (a content-addressed store) or by their original name."""
    def read(record: Recorded) -> bytes | None:
        for name in (record.sha256, Path(record.filename).name):
            path = folder / name
            if name and path.is_file():
                return path.read_bytes()
        return None
    return read


def from_mapping(files: Mapping[str, bytes]) -> Source:
    """Files given as a mapping keyed by SHA-256 or by original file name."""
    return lambda record: files.get(record.sha256, files.get(record.filename))


def verify(form: Form, data: Mapping[str, Any], source: Source) -> list[Upload]:
    """Every recorded file, read from ``source`` and checked; :class:`UploadError` lists every problem."""
    problems, uploads = [], []
    for number, record in enumerate(collect(form, data), start=1):
        content = source(record)
        if content is None:
            problems.append(f"{record.pointer}: the uploaded file `{record.filename}` (sha256 {record.sha256}) was not given")
            continue
        digest = hashlib.sha256(content).hexdigest()
        if digest != record.sha256:
            problems.append(f"{record.pointer}: `{record.filename}` has sha256 {digest}, but the data records {record.sha256}")
            continue
        if len(content) != record.size:
            problems.append(f"{record.pointer}: `{record.filename}` is {len(content)} bytes, but the data records {record.size}")
            continue
        found = identify(content, record.filename)
        media = found.media_type or record.media_type
        name = f"vedlegg-{number:02d}-{safe_name(record.filename)}"
        uploads.append(Upload(record.field, record.filename, PackageFile(name, content, (found.puid, found.name, media)), found))
    if problems:
        raise UploadError("; ".join(problems))
    return uploads


def safe_name(filename: str) -> str:
    """A file name of ASCII letters, digits, ``.``, ``-`` and ``_`` (what referanseDokumentfil should hold)."""
    base = Path(filename.replace("\\", "/")).name
    ascii_name = unicodedata.normalize("NFKD", base.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o")
                                       .replace("Ø", "O").replace("å", "a").replace("Å", "A"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-.") or "fil"
    return cleaned[:80]
