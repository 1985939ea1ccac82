"""The shipped ``form.html.j2``, ``fields.html.j2`` and ``page.html.j2`` as Python: the same bytes from the same view model, faster.

Jinja spends most of an HTML build on per-value overhead (an attribute lookup through
``Environment.getattr``, an ``escape`` call and a ``Markup`` object for every ``{{ }}``, a macro
call per field). Here each value of a node is read once, escaped once (the same five characters and
entities as markupsafe) and joined into the markup the templates write. :func:`formc.targets.html.render.render_modes`
uses :func:`form_html` only when a project overrides neither ``form.html.j2`` nor ``fields.html.j2``, and
:func:`page_parts` only when it does not override ``page.html.j2``; an overridden template renders through
Jinja as before. The two must stay byte-identical: ``tests/html/test_html_markup.py`` renders every
kind of field, empty, filled and with errors, and the page with every option, both ways and compares them.
Change one, change both. An empty repeat item is written from markup shared by its repeat's items
(:class:`formc.targets.html.nodes.Slot`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import escape

from formc.targets.html.nodes import SLOT_ID, SLOT_NAME, Slot

try:  # markupsafe's own escaping of a str, in C, without building a Markup object around the result
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C module, or a version that names it otherwise
    def _escape_inner(value: str) -> str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&#34;")

_INVALID = ' aria-invalid="true"'
_NOSPELL = ' spellcheck="false"'
_CURRENT = ' aria-current="page"'


def esc(value: Any) -> str:
    """``value`` as Jinja's autoescape writes it: markupsafe's escaping; ``Markup`` as it is."""
    if type(value) is str:  # markupsafe's C routine: 3-4x five str.replace calls, no Markup object
        return _escape_inner(value)
    return str(escape(value))


esc_str = _escape_inner
"""``esc`` of a value that is a str (a definition's texts, words, sentences: the view model's texts), without the
check of its type and the Python call around markupsafe's C routine."""


def form_html(values: Mapping[str, Any]) -> str:
    """What ``form.html.j2`` renders from the context ``values`` (:func:`formc.targets.html.render.context`)."""
    form, words, summary = values["form"], values["words"], values["summary"]
    form_id = esc(form["id"])
    action = f' action="{esc(values["action"])}"' if values["action"] else ""
    out = [(f'<form class="formc-form" id="{form_id}"{action} method="post" enctype="{esc(form["enctype"])}" '
            f'accept-charset="utf-8" novalidate lang="{esc(values["lang"])}">\n'
            f'<script type="application/json" class="formc-data">{esc(values["data"])}</script>\n')]
    for hidden in values["hidden"]:
        out.append(f'<input type="hidden" name="{esc(hidden["name"])}" value="{esc(hidden["value"])}">\n')
    out.append(f'<div class="formc-error-summary" id="{form_id}--summary" tabindex="-1" data-formc-error="{esc(words["error"])}"'
               f'{"" if summary else " hidden"}>\n<h2 class="formc-error-summary-title">{esc(words["summary"])}</h2>\n')
    if summary:
        out.append('<ul class="formc-error-list">\n')
        for item in summary:
            message = esc(item["message"])
            out.append(f'<li><a href="{esc(item["href"])}">{message}</a></li>\n' if item["href"] else f"<li>{message}</li>\n")
        out.append("</ul>\n")
    else:
        out.append('<ul class="formc-error-list"></ul>\n')
    out.append("</div>\n")
    for page in values["pages"]:
        title = page["title"]
        page_id = esc(page["id"])
        out.append(f'<section class="formc-section" aria-labelledby="{page_id}">\n'
                   f'<h2 class="formc-section-title" id="{page_id}">{esc(title)}</h2>\n' if title else '<section class="formc-section">\n')
        for node in page["fields"]:
            field(node, out)
            out.append("\n")
        out.append("</section>\n")
    out.append(f'<button type="submit" class="formc-button">{esc(words["submit"])}</button>\n</form>\n')
    return "".join(out)


def page_parts(values: Mapping[str, Any]) -> tuple[str, str]:
    """What ``page.html.j2`` renders from the context ``values`` before ``values["form_html"]`` and after it (the
    page is the two around the ``<form>``; a build encodes the ``<form>`` once for the fragment and the page)."""
    form, assets, organisation, title = values["form"], esc(values["assets"]), esc(values["organisation"]), esc(values["form"]["title"])
    error = f'{esc(values["words"]["error"])} ' if values["summary"] else ""
    out = [f'<!DOCTYPE html>\n<html lang="{esc(values["lang"])}">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{error}{title} – {organisation}</title>\n"
           f'<link rel="stylesheet" href="{assets}formc.css">\n<script src="{assets}formc.js" defer></script>\n']
    for src in values["scripts"]:
        out.append(f'<script src="{esc(src)}" defer></script>\n')
    out.append(f'</head>\n<body class="formc-body">\n<header class="formc-header">\n<p class="formc-organisation">{organisation}</p>\n')
    languages = values["languages"]
    if len(languages) > 1:
        out.append(f'<nav class="formc-languages" aria-label="{esc(values["languages_label"])}">\n<ul>\n')
        for other in languages:
            code = esc(other["lang"])
            out.append(f'<li><a href="{esc(other["href"])}" hreflang="{code}" lang="{code}"'
                       f'{_CURRENT if other["current"] else ""}>{esc(other["label"])}</a></li>\n')
        out.append("</ul>\n</nav>\n")
    out.append(f'</header>\n<main class="formc-main">\n<h1 class="formc-title">{title}</h1>\n')
    if form["description"]:
        out.append(f'<p class="formc-lead">{esc(form["description"])}</p>\n')
    before = "".join(out)
    out = ["</main>\n"]
    if values["footer"]:
        out.append('<footer class="formc-footer">\n<ul class="formc-footer-links">\n')
        for link in values["footer"]:
            out.append(f'<li><a href="{esc(link["href"])}">{esc(link["text"])}</a></li>\n')
        out.append("</ul>\n</footer>\n")
    out.append("</body>\n</html>\n")
    return before, "".join(out)


def _notes(n: Any, dom: str) -> str:
    """The hints, condition, requirement, file note and error message under a field's label or legend."""
    out = []
    if n.hint:
        out.append(f'<div class="formc-hint" id="{dom}-hint">{esc(n.hint)}</div>\n')
    if n.format:
        out.append(f'<div class="formc-hint" id="{dom}-format">{esc(n.format)}</div>\n')
    if n.conditional:
        out.append(f'<p class="formc-condition formc-nojs" id="{dom}-cond">{esc(n.condition)}</p>\n')
    if n.required_if:
        out.append(f'<p class="formc-hint" id="{dom}-req">{esc(n.required_if)}</p>\n')
    if n.type == "file" and n.files_note:
        out.append(f'<div class="formc-hint" id="{dom}-files">{esc(n.files_note)}</div>\n')
    if n.errors:
        messages = "".join(f"{esc(m)} " for m in n.errors)
        out.append(f'<p class="formc-error-message" id="{dom}-error"><span class="formc-visually-hidden">{esc(n.error_word)} </span>'
                   f"{messages}</p>\n")
    else:
        out.append(f'<p class="formc-error-message" id="{dom}-error" hidden></p>\n')
    return "".join(out)


def field(n: Any, out: list[str]) -> None:
    """Append what the ``field(n)`` macro of ``fields.html.j2`` renders for the node ``n``."""
    kind, dom, name = n.type, esc(n.id), esc(n.name)
    out.append(f'<div class="formc-field formc-type-{esc(kind)}{" formc-field-error" if n.errors else ""}" data-formc-path="{name}"'
               f'{" data-formc-cond" if n.conditional else ""}>\n')
    if kind == "note":
        if n.label:
            out.append(f'<p class="formc-note-title">{esc(n.label)}</p>\n')
        if n.conditional:
            out.append(f'<p class="formc-condition formc-nojs">{esc(n.condition)}</p>\n')
        out.append(f'<p class="formc-note-text">{esc(n.text)}</p>\n</div>\n')
        return
    notes = _notes(n, dom)
    described = f' aria-describedby="{esc(n.described)}"' if n.described else ""
    invalid = _INVALID if n.invalid else ""
    label = esc(n.label) + (f' <span class="formc-optional">{esc(n.optional)}</span>' if n.optional else "")
    if kind == "consent":
        out.append(f'{notes}\n<div class="formc-choice">\n<input class="formc-choice-input" type="checkbox" id="{dom}" name="{name}" '
                   f'value="true"{described}{" checked" if n.checked else ""}{invalid}>\n'
                   f'<label class="formc-choice-label" for="{dom}">{label}</label>\n</div>\n')
    elif n.options and not n.select:
        kind_of_input = "checkbox" if kind == "multichoice" else "radio"
        out.append(f'<fieldset class="formc-fieldset"{described}>\n<legend class="formc-legend">{label}</legend>\n{notes}\n'
                   '<div class="formc-choices">\n')
        for o in n.options:
            out.append(_choice(kind_of_input, o.id, name, f'value="{esc(o.value)}"{" checked" if o.checked else ""}',
                               o.invalid, o.label))
        out.append("</div>\n</fieldset>\n")
    elif kind == "file" and n.uploaded:
        out.append(f'<fieldset class="formc-fieldset"{described}>\n<legend class="formc-legend">{label}</legend>\n{notes}\n'
                   '<div class="formc-choices">\n')
        for u in n.uploaded:
            out.append(_choice("checkbox", u.id, name, f'value="{esc(u.value)}" checked data-formc-upload="{esc(u.meta)}"',
                               u.invalid, u.label))
        out.append("</div>\n")
        if n.more:
            out.append(f'<label class="formc-label" for="{dom}-more">{esc(n.another)}</label>\n'
                       f'<input class="formc-file" type="file" id="{dom}-more" name="{name}"{_accept(n)}>\n')
        out.append("</fieldset>\n")
    elif kind == "address":
        out.append(f'<fieldset class="formc-fieldset"{described}>\n<legend class="formc-legend">{label}</legend>\n{notes}\n')
        for p in n.parts:
            part_id = esc(p.id)
            out.append(f'<div class="formc-part">\n<label class="formc-label" for="{part_id}">{esc(p.label)}</label>\n'
                       f'<input class="formc-input formc-w-{esc(p.width)}" type="text" id="{part_id}" name="{esc(p.name)}" '
                       f'autocomplete="{esc(p.autocomplete)}"{_if(" inputmode", p.inputmode)}{_if(" value", p.value)}'
                       f'{_INVALID if p.invalid else ""}>\n</div>\n')
        out.append("</fieldset>\n")
    elif kind == "group":
        out.append(f'<fieldset class="formc-fieldset formc-group"{described}>\n'
                   f'<legend class="formc-legend formc-group-legend">{label}</legend>\n{notes}\n')
        for child in n.children:
            field(child, out)
            out.append("\n")
        out.append("</fieldset>\n")
    elif kind == "repeat":
        remove, legend = esc(n.remove), esc(n.label)
        out.append(f'<fieldset class="formc-fieldset" data-formc-min="{esc(n.min_items)}"{described}>\n'
                   f'<legend class="formc-legend">{legend}</legend>\n{notes}\n<p class="formc-hint formc-nojs">{esc(n.slots_note)}</p>\n')
        for item in n.slots:
            item_legend = esc(item.legend)
            out.append(f'<fieldset class="formc-item" data-formc-slot="{esc(item.index)}">\n'
                       f'<legend class="formc-item-legend">{item_legend}</legend>\n')
            children = item.children
            if type(children) is Slot and not children.read:  # an empty item: its siblings' markup, other prefixes
                out.append(children.shared_markup(_children).replace(SLOT_NAME, esc(children.name)).replace(SLOT_ID, esc(children.id)))
            else:
                for child in children:
                    field(child, out)
                    out.append("\n")
            out.append(f'<button type="button" class="formc-button formc-secondary formc-remove" hidden>{remove}'
                       f'<span class="formc-visually-hidden"> {item_legend}</span></button>\n</fieldset>\n')
        out.append(f'<button type="button" class="formc-button formc-secondary formc-add" hidden>{esc(n.add)}'
                   f'<span class="formc-visually-hidden"> {legend}</span></button>\n</fieldset>\n')
    else:
        out.append(f'<label class="formc-label" for="{dom}">{label}</label>\n{notes}\n')
        autocomplete = _if(" autocomplete", n.autocomplete)
        if kind == "textarea":
            out.append(f'<textarea class="formc-textarea" id="{dom}" name="{name}" rows="{esc(n.rows)}"{described}{autocomplete}'
                       f'{invalid}>{esc(n.value)}</textarea>\n\n')
        elif n.select:
            out.append(f'<select class="formc-select" id="{dom}" name="{name}"{described}{autocomplete}{invalid}>\n'
                       f'<option value="">{esc(n.choose)}</option>\n')
            for o in n.options:
                out.append(f'<option value="{esc(o.value)}"{" selected" if o.checked else ""}>{esc(o.label)}</option>\n')
            out.append("</select>\n\n")
        elif kind == "file":
            out.append(f'<input class="formc-file" type="file" id="{dom}" name="{name}"{described}{_accept(n)}{invalid}>\n\n')
        else:
            width = f" formc-w-{esc(n.width)}" if n.width else ""
            control = (f'<input class="formc-input{width}" type="{esc(n.input_type)}" id="{dom}" name="{name}"{described}'
                       f'{autocomplete}{_if(" inputmode", n.inputmode)}{_NOSPELL if n.nospell else ""}'
                       f'{_if(" value", n.value)}{invalid}>\n')
            if kind == "money":
                out.append(f'<div class="formc-input-wrap">\n{control}<span class="formc-unit" id="{dom}-unit">{esc(n.currency)}</span>\n'
                           "</div>\n\n")
            else:
                out.append(control + "\n\n")
    out.append("</div>\n")


def _children(nodes: list[Any]) -> str:
    """The markup of ``nodes``, each followed by a line break (the children of a group or repeat item)."""
    out: list[str] = []
    for node in nodes:
        field(node, out)
        out.append("\n")
    return "".join(out)


def _choice(kind: str, ident: Any, name: str, value: str, invalid: bool, label: Any) -> str:
    """One option (radio or checkbox) with its label; ``value``: the value and state attributes, escaped."""
    option_id = esc(ident)
    return (f'<div class="formc-choice">\n<input class="formc-choice-input" type="{kind}" id="{option_id}" '
            f'name="{name}" {value}{_INVALID if invalid else ""}>\n'
            f'<label class="formc-choice-label" for="{option_id}">{esc(label)}</label>\n</div>\n')


def _if(attribute: str, value: Any) -> str:
    """`` name="value"`` when ``value`` is set, else nothing."""
    return f'{attribute}="{esc(value)}"' if value else ""


def _accept(n: Any) -> str:
    return f'{_if(" accept", n.accept)}{" multiple" if n.multiple else ""}'
