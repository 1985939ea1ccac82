"""The archive package of one submission: the files, their manifest, and an atomic write to a folder.

A package holds ``arkivmelding.xml`` (Fiks Arkiv V1), ``form.pdf`` (the filled
form as tagged PDF/A-2a, from :func:`formc.runtime.receipt.render_receipt`),
``data.json`` and ``data.xml`` (the submitted data, see :mod:`formc.xmldata`),
every uploaded file the data records (``vedlegg-NN-<name>``, verified against
its recorded SHA-256, see :mod:`formc.runtime.uploads`) and ``manifest.json``
(SHA-256 and size of every other file, and the facts recorded about the
submission). The received time is taken in the project's time zone first, so
the same submission id and instant give the same bytes whatever offset the
caller wrote. The folder appears complete or not at all:
it is built in a temporary folder beside the target and renamed into place
(swapped with a previous package in one step where the system allows). Only
a package formc wrote — a folder holding exactly the files its formc
``manifest.json`` lists — is ever replaced.
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Mapping, Sequence

from formc import __version__
from formc import archive_codes as codes
from formc import calendar
from formc.model import Form
from formc.runtime import arkivmelding, uploads
from formc.runtime.uploads import UploadError  # noqa: F401  (raised by build_package)
from formc.writer import exchange, is_temporary, umask
from formc.xmldata import to_xml

ARKIVMELDING, RECEIPT, DATA_JSON, DATA_XML, MANIFEST = "arkivmelding.xml", "form.pdf", "data.json", "data.xml", "manifest.json"


class PackageError(Exception):
    """A package that cannot be written (nothing was written)."""


def build_package(form: Form, data: dict, *, lang: str, channel: str, received: datetime.datetime,
                  submission_id: str, files: Mapping[str, bytes] | Path | None = None,
                  registered_by: str | None = None) -> dict[str, bytes]:
    """Every file of the package, name → bytes (``data`` must already be valid).

    ``registered_by``: the employee who registered the submission for the citizen (counter, phone, letter,
    e-mail): the record's ``opprettetAv``, the paper-original note's ``merknadRegistrertAv``, a line of the
    receipt and ``registered_by`` in manifest.json.

    ``files`` holds the uploaded files: a folder, or a mapping keyed by SHA-256 or original file name.
    A recorded file that is missing or does not match raises :class:`UploadError`; nothing is built.
    """
    from formc.runtime.receipt import render_receipt

    received = calendar.local(received, form.timezone)
    source = uploads.from_folder(Path(files)) if isinstance(files, (str, Path)) else uploads.from_mapping(files or {})
    attached = uploads.verify(form, data, source)
    sub = arkivmelding.Submission(form, data, lang, channel, received, submission_id, registered_by)
    receipt = arkivmelding.PackageFile(RECEIPT, render_receipt(form, data, lang, channel, received, submission_id,
                                                               registered_by), codes.FORMAT_PDFA_2A)
    as_json = arkivmelding.PackageFile(DATA_JSON, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(),
                                       codes.FORMAT_JSON)
    as_xml = arkivmelding.PackageFile(DATA_XML, to_xml(form, data), codes.FORMAT_XML)
    package = {ARKIVMELDING: arkivmelding.build(sub, receipt, [as_json, as_xml], attached)}
    package.update({f.name: f.content for f in (receipt, as_json, as_xml)})
    package.update({u.file.name: u.file.content for u in attached})
    package[MANIFEST] = manifest(sub, package, attached)
    return package


def manifest(sub: arkivmelding.Submission, files: dict[str, bytes], attached: Sequence[uploads.Upload] = ()) -> bytes:
    media = {ARKIVMELDING: "application/xml", RECEIPT: codes.FORMAT_PDFA_2A[2], DATA_JSON: codes.FORMAT_JSON[2],
             DATA_XML: codes.FORMAT_XML[2]}
    media.update({u.file.name: u.file.format[2] or "application/octet-stream" for u in attached})
    content = {
        "generator": f"formc {__version__}",
        "form": sub.form.id,
        "form_version": sub.form.version,
        "language": sub.lang,
        "channel": sub.channel,
        "received": sub.received.isoformat(),
        "submission_id": sub.submission_id,
        **({"registered_by": sub.registered_by} if sub.registered_by else {}),
        "files": [{"name": name, "media_type": media[name], "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
                  for name, body in sorted(files.items())],
    }
    return (json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def formc_package_problem(folder: Path) -> str | None:
    """None when ``folder`` holds a package formc wrote and nothing else; else what is in the way."""
    try:
        content = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = {entry["name"] for entry in content["files"]} | {MANIFEST}
        if not str(content["generator"]).startswith("formc "):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        return f"{folder} is not an archive package formc wrote (no formc manifest.json)"
    others = sorted(p.name for p in folder.iterdir() if p.name not in listed or not p.is_file() or p.is_symlink())
    if others:
        return f"{folder} holds files that are not part of its package ({', '.join(others[:5])})"
    return None


def write_package(files: dict[str, bytes], out: Path, force: bool = False) -> None:
    """Write ``files`` as the folder ``out``, atomically.

    A non-empty ``out`` is refused, unless ``force`` and it is a package formc wrote.
    """
    out = Path(os.path.abspath(out))
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            raise PackageError(f"{out} exists and is not a folder")
        if any(out.iterdir()):
            if not force:
                raise PackageError(f"{out} is not empty (use --force to replace a package formc wrote)")
            problem = formc_package_problem(out)
            if problem:
                raise PackageError(f"{problem}; --force replaces only a package formc wrote")
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.formc-", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise PackageError(f"cannot write to {parent}: {exc.strerror or exc}") from None
    try:
        for name, content in files.items():
            fd = os.open(temp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o777 & ~umask())  # mkdtemp made it 0700
        _move_into_place(temp, out)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise PackageError(f"cannot write {out}: {exc.strerror or exc}") from None


def _remove_leftovers(out: Path) -> None:
    """Remove temporary folders an interrupted write of ``out`` left beside it (plain files only inside)."""
    for candidate in out.parent.glob(f".{glob.escape(out.name)}.formc-*.tmp"):
        if candidate.is_dir() and not candidate.is_symlink() and is_temporary(candidate.name) and all(
                entry.is_file() and not entry.is_symlink() for entry in candidate.iterdir()):
            shutil.rmtree(candidate, ignore_errors=True)


def _move_into_place(temp: Path, out: Path) -> None:
    if out.is_dir() and any(out.iterdir()):
        if exchange(temp, out):  # one step: readers see the old package or the new one
            shutil.rmtree(temp, ignore_errors=True)
            return
        old = out.parent / f".{out.name}.formc-{uuid.uuid4().hex}.tmp"
        os.rename(out, old)
        try:
            os.rename(temp, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(temp, out)  # replaces an empty folder
