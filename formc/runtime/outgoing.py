"""Outgoing records on a submission's case: the arkivmelding for a letter formc sends (journalposttype U).

A preliminary reply is filed on the same case as the application it answers:
the record points at the case by the same external key the incoming package
gave it (:func:`formc.runtime.arkivmelding.case_key`), has its own external key
(``{reference}-{kind}``, so a redelivery files nothing twice), the citizen as
recipient (``EM``, screened as the incoming sender is) and the letter as its
main document (PDF/A, ``KORR``).
"""

from __future__ import annotations

import datetime
import hashlib
import json

from lxml import etree

from formc import __version__
from formc import archive_codes as codes
from formc.runtime import arkivmelding as am

LETTER_FILE = "letter.pdf"


def letter_key(reference: str, kind: str) -> str:
    """The external key of a letter's record (also its package's folder name in a folder drop)."""
    return f"{reference}-{kind}"


def build_outgoing(sub: am.Submission, *, kind: str, title: str, letter_pdf: bytes, sent: datetime.datetime) -> dict[str, bytes]:
    """The package of one outgoing letter on the submission's case: ``arkivmelding.xml``, the PDF and a manifest."""
    letter = am.PackageFile(LETTER_FILE, letter_pdf, codes.FORMAT_PDFA_2A)
    root = etree.Element(f"{{{am.AM}}}arkivmelding", nsmap={None: am.AM, "n5mdk": am.MDK, "xsi": am.XSI})
    am._el(root, "system", am.SYSTEM)
    am._el(root, "antallFiler", "1")
    post = am._el(root, "registrering")
    post.set(f"{{{am.XSI}}}type", "journalpost")
    parent = am._el(post, "referanseForelderMappe")
    am._key(parent, "referanseEksternNoekkel", am.case_key(sub), am.MDK)
    archive = sub.form.archive
    am._skjerming(post, archive.access_restriction if archive else None)
    am._document(post, 1, "KORR", title, "H", [(letter, "A")], None, None)
    am._el(post, "tittel", title)
    am._el(post, "offentligTittel", title)
    am._sender(post, sub, role="EM")
    am._key(post, "referanseEksternNoekkel", letter_key(sub.submission_id, kind))
    am._code(post, "journalposttype", "U", codes.JOURNALPOSTTYPE["U"])
    am._el(post, "dokumentetsDato", sent.date().isoformat())
    am._el(post, "sendtDato", sent.isoformat())
    am._el(post, "antallVedlegg", "0")
    files = {"arkivmelding.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True),
             LETTER_FILE: letter_pdf}
    manifest = {"generator": f"formc {__version__}", "form": sub.form.id, "submission_id": sub.submission_id,
                "letter": kind, "sent": sent.isoformat(),
                "files": [{"name": name, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
                          for name, body in sorted(files.items())]}
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    return files
