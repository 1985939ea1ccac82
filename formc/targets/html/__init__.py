"""The ``html`` target: an accessible web form per form and language, plus shared CSS and JavaScript.

Per form and language it writes ``<form-id>.<lang>.html`` (a standalone page)
and ``<form-id>.<lang>.fragment.html`` (one ``<form>`` to embed in a site);
``emit_shared`` writes ``formc.css`` and ``formc.js``. The markup follows the
GOV.UK Design System and Digdir Designsystemet patterns; every class is
prefixed ``formc-``. Templates (``page.html.j2``, ``fragment.html.j2``,
``form.html.j2``, ``fields.html.j2``) and static files can be overridden by a
project (see docs/targets/html.md). Without JavaScript every field shows, with
conditions stated in words, and ``formc.decode`` drops what should be hidden.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup

from formc.model import Form
from formc.targets_api import BuildContext, OutputFile, static_file
from formc.targets.html.client import client_data, embed
from formc.targets.html.nodes import Builder, words

STATIC_FILES = ("formc.css", "formc.js")


def _context(form: Form, lang: str, languages: tuple[str, ...], ctx: BuildContext) -> dict[str, object]:
    builder = Builder(form, lang)
    has_files = any(f.type == "file" for f in form.walk())
    return {
        "form": {"id": form.id, "title": form.title(lang), "description": form.description(lang) if form.description else "",
                 "enctype": "multipart/form-data" if has_files else "application/x-www-form-urlencoded"},
        "lang": lang, "words": builder.w, "pages": builder.pages(), "data": Markup(embed(client_data(form, lang))),
        "languages": [{"lang": other, "href": f"{form.id}.{other}.html", "label": _language_name(other),
                       "current": other == lang} for other in languages],
        "languages_label": words(lang)["languages"], "organisation": ctx.organisation.name(lang),
    }


_NAMES = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English", "se": "Davvisámegiella", "da": "Dansk", "sv": "Svenska"}


def _language_name(lang: str) -> str:
    return _NAMES.get(lang, lang)


class HtmlTarget:
    name = "html"

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]:
        env = ctx.templates(self.name)
        languages = ctx.form_languages(form)
        files = []
        for lang in languages:
            context = _context(form, lang, languages, ctx)
            for template, suffix in (("page.html.j2", "html"), ("fragment.html.j2", "fragment.html")):
                text = env.get_template(template).render(**context)
                files.append(OutputFile(f"{form.id}.{lang}.{suffix}", text.encode("utf-8")))
        return files

    def emit_shared(self, forms: Sequence[Form], ctx: BuildContext) -> list[OutputFile]:
        return [OutputFile(name, static_file(self.name, name, ctx.template_overrides)) for name in STATIC_FILES]


TARGET = HtmlTarget()
