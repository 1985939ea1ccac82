"""The preliminary reply: when an application cannot be answered within a month, tell the applicant why and when.

Forvaltningsloven § 11 a third paragraph: if an application cannot be answered
within a month of receipt, the applicant gets a preliminary reply saying why
and when an answer can be expected. :func:`preliminary_reply` gives the letter
as a PDF/A (to archive as an outgoing record, journalposttype U, on the
case) and as an e-mail text, in the citizen's language (nb, nn or en; other
languages fall back to English).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from formc.model import Form
from formc.runtime.answers import format_date
from formc.runtime.pdf import PdfJob, render_pdf

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "preliminary.html"
WORDS = {
    "nb": {"title": "Foreløpig svar", "about": "Gjelder", "reference": "Referanse", "received": "Mottatt",
           "greeting": "Vi har mottatt henvendelsen din.",
           "why": "Vi kan ikke svare deg innen en måned fra vi mottok den.",
           "when": "Du kan regne med svar innen", "reason_label": "Årsak",
           "default_reason": "Saken krever mer tid til behandling enn vanlig.",
           "law": "Dette brevet sendes etter forvaltningsloven § 11 a.",
           "follow": "Du kan følge saken med referansen over.", "regards": "Med hilsen"},
    "nn": {"title": "Førebels svar", "about": "Gjeld", "reference": "Referanse", "received": "Motteken",
           "greeting": "Vi har fått førespurnaden din.",
           "why": "Vi kan ikkje svare deg innan ein månad frå vi fekk han.",
           "when": "Du kan rekne med svar innan", "reason_label": "Årsak",
           "default_reason": "Saka krev meir tid til handsaming enn vanleg.",
           "law": "Dette brevet vert sendt etter forvaltningslova § 11 a.",
           "follow": "Du kan følgje saka med referansen over.", "regards": "Med helsing"},
    "en": {"title": "Preliminary reply", "about": "Concerning", "reference": "Reference", "received": "Received",
           "greeting": "We have received your enquiry.",
           "why": "We cannot answer you within one month of receiving it.",
           "when": "You can expect an answer by", "reason_label": "Reason",
           "default_reason": "The case needs more time than usual.",
           "law": "This letter is sent under section 11 a of the Norwegian Public Administration Act.",
           "follow": "You can follow your case with the reference above.", "regards": "Yours sincerely"},
}


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str  # the e-mail body
    pdf: bytes  # the archived letter, PDF/A


def _environment(overrides: Path | None) -> jinja2.Environment:
    folders = [str(overrides / "letters")] if overrides and (overrides / "letters").is_dir() else []
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folders + [str(TEMPLATES)]), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def preliminary_reply(form: Form, *, reference: str, lang: str, received: dt.datetime, expected: dt.date,
                      sent: dt.datetime, reason: str | None = None, overrides: Path | None = None) -> Letter:
    """The letter for one case; ``sent`` dates the PDF (the same inputs give the same bytes)."""
    w = WORDS.get(lang, WORDS["en"])
    lang = lang if lang in WORDS else "en"
    service = form.service.name(lang) if lang in form.languages else form.service.name(form.default_language)
    authority = form.service.authority.name(lang) if lang in form.languages else form.service.authority.name(
        form.default_language)
    facts = dict(w=w, lang=lang, service=service, authority=authority, reference=reference,
                 received=format_date(received.date(), lang), expected=format_date(expected, lang),
                 reason=reason or w["default_reason"], dated=format_date(sent.date(), lang),
                 contact=form.service.contact)
    html = _environment(overrides).get_template(TEMPLATE).render(**facts)
    css = (TEMPLATES / "letter.css").read_text(encoding="utf-8")
    pdf = render_pdf(PdfJob(html=html, stylesheets=(css,), created=sent,
                            properties={"formId": form.id, "reference": reference, "letter": "preliminary-reply",
                                        "language": lang}))
    subject = f"{w['title']}: {service} ({reference})"
    text = "\n\n".join([w["greeting"] + " " + w["why"], f"{w['reason_label']}: {facts['reason']}",
                        f"{w['when']} {facts['expected']}.", w["follow"], w["law"],
                        f"{w['regards']}\n{authority}"]) + "\n"
    return Letter(subject, text, pdf)
