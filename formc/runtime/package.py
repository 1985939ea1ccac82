"""The archive package of one submission: the files, their manifest, and an atomic write to a folder.

A package holds ``arkivmelding.xml`` (Fiks Arkiv V1), ``form.pdf`` (the filled
form as PDF/A-2b, from :func:`formc.runtime.receipt.render_receipt`),
``data.json`` and ``data.xml`` (the submitted data, see :mod:`formc.xmldata`)
and ``manifest.json`` (SHA-256 and size of every other file, and the facts
recorded about the submission). The folder appears complete or not at all:
it is built in a temporary folder beside the target and renamed into place.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from formc import __version__
from formc import archive_codes as codes
from formc.model import Form
from formc.runtime import arkivmelding
from formc.xmldata import to_xml

ARKIVMELDING, RECEIPT, DATA_JSON, DATA_XML, MANIFEST = "arkivmelding.xml", "form.pdf", "data.json", "data.xml", "manifest.json"


class PackageError(Exception):
    """A package that cannot be written (nothing was written)."""


def build_package(form: Form, data: dict, *, lang: str, channel: str, received: datetime.datetime,
                  submission_id: str) -> dict[str, bytes]:
    """Every file of the package, name → bytes (``data`` must already be valid)."""
    from formc.runtime.receipt import render_receipt

    sub = arkivmelding.Submission(form, data, lang, channel, received, submission_id)
    receipt = arkivmelding.PackageFile(RECEIPT, render_receipt(form, data, lang, channel, received, submission_id),
                                       codes.FORMAT_PDFA_2B)
    as_json = arkivmelding.PackageFile(DATA_JSON, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(),
                                       codes.FORMAT_JSON)
    as_xml = arkivmelding.PackageFile(DATA_XML, to_xml(form, data), codes.FORMAT_XML)
    files = {ARKIVMELDING: arkivmelding.build(sub, receipt, [as_json, as_xml])}
    files.update({f.name: f.content for f in (receipt, as_json, as_xml)})
    files[MANIFEST] = manifest(sub, files)
    return files


def manifest(sub: arkivmelding.Submission, files: dict[str, bytes]) -> bytes:
    media = {ARKIVMELDING: "application/xml", RECEIPT: codes.FORMAT_PDFA_2B[2], DATA_JSON: codes.FORMAT_JSON[2],
             DATA_XML: codes.FORMAT_XML[2]}
    content = {
        "generator": f"formc {__version__}",
        "form": sub.form.id,
        "form_version": sub.form.version,
        "language": sub.lang,
        "channel": sub.channel,
        "received": sub.received.isoformat(),
        "submission_id": sub.submission_id,
        "files": [{"name": name, "media_type": media[name], "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
                  for name, body in sorted(files.items())],
    }
    return (json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def write_package(files: dict[str, bytes], out: Path, force: bool = False) -> None:
    """Write ``files`` as the folder ``out``, atomically; refuse a non-empty ``out`` unless ``force``."""
    out = Path(os.path.abspath(out))
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise PackageError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not force:
            raise PackageError(f"{out} is not empty (use --force to replace it)")
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise PackageError(f"cannot write to {parent}: {exc.strerror or exc}") from None
    try:
        for name, content in files.items():
            with open(temp / name, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o755)
        _move_into_place(temp, out)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise PackageError(f"cannot write {out}: {exc.strerror or exc}") from None


def _move_into_place(temp: Path, out: Path) -> None:
    if out.is_dir() and any(out.iterdir()):
        old = out.parent / f".{out.name}.{uuid.uuid4().hex}.old"
        os.rename(out, old)
        try:
            os.rename(temp, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(temp, out)  # replaces an empty folder
