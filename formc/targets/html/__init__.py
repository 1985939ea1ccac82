"""The ``html`` target: an accessible web form per form and language, plus shared CSS and JavaScript.

Per form and language it writes ``<form-id>.<lang>.html`` (a standalone page)
and ``<form-id>.<lang>.fragment.html`` (one ``<form>`` to embed in a site);
``emit_shared`` writes ``formc.css`` and ``formc.js``. The markup follows the
GOV.UK Design System and Digdir Designsystemet patterns; every class is
prefixed ``formc-``. Templates (``page.html.j2``, ``fragment.html.j2``,
``form.html.j2``, ``fields.html.j2``) and static files can be overridden by a
project (see docs/targets/html.md). Without JavaScript every field shows, with
conditions stated in words, and ``formc.decode`` drops what should be hidden.
Both files come from one view model and one rendering of the ``<form>``
(:func:`formc.targets.html.render.render_modes`; unless a project overrides
``form.html.j2`` or ``fields.html.j2``, that ``<form>`` is written by
:mod:`formc.targets.html.markup`, the same bytes without Jinja, and with no
template overridden a build writes it once for all the form's languages:
:func:`formc.targets.html.render.encoded_languages`); a server calls ``render``
(through ``Form.render_html``) for one of them, with the same markup, to show
a posted form again with its errors.
"""

from __future__ import annotations

from typing import Sequence

from formc.model import Form
from formc.targets_api import BuildContext, OutputFile, static_file
from formc.targets.html.render import encoded_languages

STATIC_FILES = ("formc.css", "formc.js")


class HtmlTarget:
    name = "html"

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]:
        languages = ctx.form_languages(form)
        files = []
        for lang, encoded in encoded_languages(form, languages, ctx.organisation, ctx.template_overrides).items():
            for mode, suffix in (("page", "html"), ("fragment", "fragment.html")):
                files.append(OutputFile(f"{form.id}.{lang}.{suffix}", encoded[mode]))
        return files

    def summarise(self, form: Form, ctx: BuildContext) -> None:
        return None  # the shared files do not depend on the forms

    def emit_shared(self, summaries: Sequence[None], ctx: BuildContext) -> list[OutputFile]:
        return [OutputFile(name, static_file(self.name, name, ctx.template_overrides)) for name in STATIC_FILES]


TARGET = HtmlTarget()
