"""Checking an uploaded file against its field: size, type by content (magic bytes), and the virus-scanner hook.

The media type is what the bytes are (``filetype``), never what the name or
the browser claims; text types, which have no magic bytes, are accepted as
``text/plain``/``text/csv`` only when the bytes are UTF-8 without NUL. The
scanner hook is either a callable ``scan(content, filename) -> None | reason``
or a command run with the file on its standard input (``clamdscan -`` for
ClamAV): exit 0 is clean, 1 is infected, anything else means the file could
not be checked and it is refused too.
"""

from __future__ import annotations

import hashlib
import shlex
import subprocess
from dataclasses import dataclass
from typing import Callable

import filetype

from formc.model import Field
from formc.store.records import FileData

Scanner = str | Callable[[bytes, str], "str | None"] | None
_TEXT_TYPES = {"text/plain": (".txt", ".text"), "text/csv": (".csv",)}
_ALIASES = {"image/jpg": "image/jpeg", "image/heif": "image/heic"}
SCAN_TIMEOUT = 60


@dataclass(frozen=True)
class Refused:
    """Why a file was not accepted: a validator-style code and the message's parameters."""

    code: str  # file_type | file_size | file_infected | file_unchecked
    detail: str = ""


def sniff(content: bytes, filename: str) -> str | None:
    """The media type of ``content`` by its bytes; None when they are not a type formc recognises."""
    kind = filetype.guess(content[:8192] if len(content) > 8192 else content)
    if kind is not None:
        return _ALIASES.get(kind.mime, kind.mime)
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lower = filename.lower()
    return "text/csv" if lower.endswith(".csv") else "text/plain"


def _accepted(media_type: str, accept: tuple[str, ...]) -> bool:
    if not accept:
        return True
    for pattern in accept:
        pattern = _ALIASES.get(pattern, pattern)
        if pattern == media_type or (pattern.endswith("/*") and media_type.startswith(pattern[:-1])):
            return True
    return False


def scan(scanner: Scanner, content: bytes, filename: str) -> Refused | None:
    if scanner is None:
        return None
    if callable(scanner):
        reason = scanner(content, filename)
        return Refused("file_infected", reason) if reason else None
    try:
        done = subprocess.run(shlex.split(scanner), input=content, capture_output=True, timeout=SCAN_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return Refused("file_unchecked")
    if done.returncode == 0:
        return None
    return Refused("file_infected" if done.returncode == 1 else "file_unchecked")


def check(field: Field, path: str, filename: str, content: bytes, scanner: Scanner) -> FileData | Refused:
    """The accepted file, or why it was refused."""
    if field.max_size is not None and len(content) > field.max_size:
        return Refused("file_size", str(field.max_size))
    media_type = sniff(content, filename)
    if media_type is None or not _accepted(media_type, field.accept):
        return Refused("file_type", media_type or "")
    refused = scan(scanner, content, filename)
    if refused is not None:
        return refused
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][:255] or "file"
    return FileData(path, name, media_type, len(content), hashlib.sha256(content).hexdigest(), content)
