"""The ``print`` target: the blank paper form per language, as print-CSS HTML and as an A4 PDF.

Per form and language: ``<form-id>.<lang>.print.html`` (links ``print.css``,
written once by ``emit_shared``) and ``<form-id>.<lang>.pdf`` rendered from it
by WeasyPrint (offline, fonts embedded, tagged PDF/A-2a and PDF/UA-1, no dates, so the bytes only
change when the form does). The header carries a QR code with
``formc:<form-id>:<version>:<lang>`` so a scanned paper form is recognised.
The languages of one form render in parallel across cores.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Sequence

from formc.model import Form
from formc.runtime.answers import FALLBACK
from formc.runtime.pdf import PdfJob, render_many
from formc.targets_api import PACKAGE_TARGETS, BuildContext, OutputFile, last_answer, static_file
from formc.targets.print.layout import page_context

NAME = "print"


def qr_payload(form: Form, lang: str) -> str:
    """What the QR code on the form says: enough to find the form, its version and language."""
    return f"formc:{form.id}:{form.version}:{lang}"


def css_folder(overrides: Path | None) -> Path:
    """The folder of the ``print.css`` in use: the project's override when it has one, else the shipped one."""
    candidates = []
    if overrides is not None:
        candidates += [overrides / NAME / "static", overrides / NAME]
    candidates.append(PACKAGE_TARGETS / NAME / "static")
    return next(folder for folder in candidates if (folder / "print.css").is_file()).resolve()


def _words(ctx: BuildContext, lang: str) -> dict[str, Any]:
    env = ctx.templates(NAME)
    assert env.loader is not None
    catalogue: dict[str, dict[str, Any]] = json.loads(env.loader.get_source(env, "words.json")[0])
    return catalogue.get(lang) or catalogue[FALLBACK.get(lang, "en")]


def print_html(form: Form, lang: str, ctx: BuildContext) -> str:
    """The blank form in ``lang`` as print-CSS HTML."""
    import segno

    qr = segno.make(qr_payload(form, lang), error="m", micro=False)
    env = ctx.templates(NAME)
    return env.get_template("form.html").render(
        **page_context(form, lang, ctx.organisation, _words(ctx, lang)),
        qr_payload=qr_payload(form, lang),
        qr_uri=qr.svg_data_uri(scale=4, border=2, xmldecl=False),
    )


@last_answer
def _pages(form: Form, ctx: BuildContext) -> dict[str, str]:
    """:func:`print_html` in each of the form's languages; the last answer is kept, for the PDFs that follow."""
    return {lang: print_html(form, lang, ctx) for lang in ctx.form_languages(form)}


class PrintTarget:
    name = NAME
    slow = True  # a PDF takes about a second: the build shares even two forms out across cores

    def input_digest(self, form: Form, ctx: BuildContext) -> str:
        """A digest of what the form's pages and PDFs are made from: each language's print page (a PDF is rendered
        from its page alone, with the target's stylesheets, which its fingerprint holds, and the system's fonts)
        and the form's id and version (the PDF's metadata). A change the paper form does not show (the archive's
        settings, the channels, keywords, the process steps) renders no PDF."""
        digest = hashlib.sha256(b"print\0")
        digest.update(json.dumps([form.id, form.version]).encode())
        for lang, page in _pages(form, ctx).items():
            digest.update(json.dumps([lang, page]).encode())
        return digest.hexdigest()

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]:
        folder = css_folder(ctx.template_overrides)
        languages = ctx.form_languages(form)
        pages = _pages(form, ctx)
        jobs = [PdfJob(html=pages[lang], base_url=folder.as_uri() + "/", allowed_roots=(str(folder),),
                       properties={"formId": form.id, "formVersion": form.version, "language": lang})
                for lang in languages]
        files = []
        for lang, pdf in zip(languages, render_many(jobs)):
            files.append(OutputFile(f"{form.id}.{lang}.print.html", pages[lang].encode("utf-8")))
            files.append(OutputFile(f"{form.id}.{lang}.pdf", pdf))
        return files

    def summarise(self, form: Form, ctx: BuildContext) -> None:
        return None  # the shared files do not depend on the forms

    def emit_shared(self, summaries: Sequence[None], ctx: BuildContext) -> list[OutputFile]:
        return [OutputFile("print.css", static_file(NAME, "print.css", ctx.template_overrides))]


TARGET = PrintTarget()
