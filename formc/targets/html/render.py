"""Render one form in one language as HTML: the built pages, and a posted form shown again with its errors.

:func:`render` is the single path to the markup. The build calls it with no
data (the static page and fragment); a server calls it, through
``Form.render_html``, with the decoded data and the validator's errors, and
gets the same markup with every control filled, each error beside its field
(``aria-invalid``, the message tied with ``aria-describedby``) and in the
summary at the top, linked to the control it is about. Errors are placed the
way ``formc.js`` places them: a JSON pointer ``/children/1/name`` belongs to
the input named ``children[1].name``; a pointer into an address part to that
part's input; a pointer to a group or repeat to its first control; a rule
without a field (pointer ``""``) only to the summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from markupsafe import Markup

from formc.model import Form, Organisation
from formc.runtime.decode import ADDRESS_PARTS
from formc.targets.html.client import data_block
from formc.targets.html.markup import esc_str, form_html, page_parts
from formc.targets.html.nodes import Builder, StandIns, Varies, View, words
from formc.targets.html.perform import cache
from formc.targets_api import BuildContext, template_file

MODES = ("page", "fragment")
_SHIPPED: dict[Path | None, set[str]] = {}  # per folder of overrides: the template names found shipped
SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "templates"
_NAMES = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English", "se": "Davvisámegiella", "da": "Dansk", "sv": "Svenska"}


def shipped(templates: Path | None, name: str) -> bool:
    """Whether the html template ``name`` is the shipped one with the overrides ``templates`` (looked up without
    Jinja: a build that overrides nothing neither imports nor compiles the templates). Kept once found, as Jinja
    keeps a template it found: neither would see an override added later."""
    known = _SHIPPED.setdefault(templates, set())
    if name not in known and template_file("html", name, templates) == SHIPPED_TEMPLATES / name:
        known.add(name)
    return name in known


def language_name(lang: str) -> str:
    return _NAMES.get(lang, lang)


def _message(error: Any) -> tuple[str, str]:
    """(JSON pointer, message) of a :class:`ValidationError` or a dict with ``path`` and ``message``."""
    if isinstance(error, Mapping):
        return str(error.get("path", "")), str(error.get("message", ""))
    return str(error.path), str(error.message)


def _walk(nodes: Iterable[dict[str, Any]], items: tuple[str, ...] = ()) -> Iterator[tuple[dict[str, Any], tuple[str, ...]]]:
    """Every node, with the legends of the repeat items it is in ("Medsøker 2")."""
    for node in nodes:
        yield node, items
        yield from _walk(node.get("children", ()), items)
        for slot in node.get("slots", ()):
            yield from _walk(slot["children"], items + (slot["legend"],))


def _first_control(node: dict[str, Any]) -> dict[str, Any] | None:
    """The view-model dict of the first control of ``node`` (the one an error link focuses)."""
    if node["type"] == "note":
        return None
    if node["type"] == "file" and node["uploaded"]:
        return node["uploaded"][0]
    if node["options"] and not node["select"]:
        return node["options"][0]
    if node["type"] == "address":
        return node["parts"][0]
    children = node.get("children") or (node["slots"][0]["children"] if node.get("slots") else None)
    if children is not None:
        return next((c for c in map(_first_control, children) if c is not None), None)
    return node


def _target(form: Form, pointer: str) -> tuple[str, str | None]:
    """The input name of the field a JSON pointer is about, and the address part when it points into one."""
    segments = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    fields, names, i = form.fields, [], 0
    while i < len(segments):
        field = next((f for f in fields if f.id == segments[i] and f.type != "note"), None)
        if field is None:
            break
        names.append(field.id)
        if field.type == "repeat" and i + 1 < len(segments) and segments[i + 1].isdigit():
            names[-1] += f"[{segments[i + 1]}]"
            i += 1
            fields = field.fields
        elif field.type == "group":
            fields = field.fields
        else:
            part = segments[i + 1] if field.type == "address" and i + 1 < len(segments) else None
            return ".".join(names), part if part in ADDRESS_PARTS else None
        i += 1
    return ".".join(names), None


def place_errors(form: Form, pages: list[dict[str, Any]], errors: Sequence[Any], error_word: str) -> list[dict[str, str]]:
    """Mark the nodes and controls ``errors`` are about; the summary's items (message and link target id)."""
    if not errors:
        return []
    walked = {node["name"]: (node, items) for page in pages for node, items in _walk(page["fields"])}
    by_name = {name: node for name, (node, _) in walked.items()}
    summary = []
    for error in errors:
        pointer, message = _message(error)
        name, part = _target(form, pointer)
        node = by_name.get(name) if name else None
        control = None
        if node is not None:
            control = next((p for p in node["parts"] if p["part"] == part), None) if part and node["type"] == "address" else None
            control = control or _first_control(node)
            if message not in node["errors"]:
                node["errors"].append(message)
            if control is not None:
                control["invalid"] = True
        where = walked[name][1] if node is not None else ()
        summary.append(View({"message": ": ".join(where + (message,)), "href": f"#{control['id']}" if control is not None else ""}))
    for node in by_name.values():
        if node["errors"]:
            node["described"] = (node["described"] + f" {node['id']}-error").strip()
            node["error_word"] = error_word
    return summary


def footer_links(organisation: Organisation, lang: str) -> list[dict[str, str]]:
    """The footer's links in ``lang``: the privacy and accessibility statements first, then the project's others."""
    footer, w = organisation.footer, words(lang)
    links = [View({"text": w[key], "href": url}) for key, url in (("privacy", footer.privacy), ("accessibility", footer.accessibility)) if url]
    return links + [View({"text": text(lang), "href": url}) for text, url in footer.links]


def _frame(form: Form, lang: str, organisation: Organisation, languages: Sequence[str] | None = None,
           language_href: str = "{form}.{lang}.html", assets: str = "", action: str = "",
           hidden: Mapping[str, str] | None = None, scripts: Sequence[str] = ()) -> dict[str, Any]:
    """What the templates receive besides the form's fields, data block and error summary (left empty)."""
    shown_languages = tuple(languages) if languages is not None else form.languages
    return {
        "form": View({"id": form.id, "title": form.title(lang), "description": form.description(lang) if form.description else "",
                      "enctype": _enctype(form)}),
        "lang": lang, "words": words(lang),
        "languages": [View({"lang": other, "href": language_href.format(form=form.id, lang=other), "label": language_name(other),
                            "current": other == lang}) for other in shown_languages],
        "languages_label": words(lang)["languages"], "organisation": organisation.name(lang),
        "footer": footer_links(organisation, lang), "summary": [], "assets": assets, "action": action, "scripts": list(scripts),
        "hidden": [View({"name": key, "value": value}) for key, value in (hidden or {}).items()],
    }


def _enctype(form: Form) -> str:
    cached = cache(form)
    if "has files" not in cached:
        cached["has files"] = any(f.type == "file" for f in form.walk())
    return "multipart/form-data" if cached["has files"] else "application/x-www-form-urlencoded"


def context(form: Form, lang: str, organisation: Organisation, *, data: Mapping[str, Any] | None = None,
            errors: Sequence[Any] | None = None, **frame: Any) -> dict[str, Any]:
    """Everything the page and fragment templates receive; ``frame``: the options of :func:`_frame`
    (``languages``, ``language_href``, ``assets``, ``action``, ``hidden``, ``scripts``)."""
    builder = Builder(form, lang, data)
    pages = builder.pages()
    values = _frame(form, lang, organisation, **frame)
    values.update(pages=pages, data=Markup(data_block(form, lang)), summary=place_errors(form, pages, errors or (), builder.w["error"]))
    return values


def _forms_at_once(form: Form, languages: Sequence[str]) -> list[bytes] | None:
    """The ``<form>`` in each of ``languages`` as :func:`form_html` writes it with no data, errors or options (UTF-8), from
    one view model of all of them with its texts as stand-ins (:class:`StandIns`); ``None`` where a text is empty in
    some of the languages only (the markup around it differs: the form is then written one language at a time)."""
    stand_ins = StandIns(languages, esc_str)
    builder = Builder(form, None, stand_ins=stand_ins)
    try:
        values = {
            "form": View({"id": form.id, "enctype": _enctype(form)}), "lang": builder.t(lambda lang: lang),
            "words": View({key: builder.word(key) for key in ("error", "summary", "submit")}),  # those form_html writes
            "pages": builder.pages(), "summary": [], "action": "", "hidden": [],
            "data": Markup(stand_ins.put(tuple(data_block(form, lang) for lang in languages), raw=True)),
        }
        markup = form_html(values)  # builds the nodes of empty repeat items too (nodes.Slot)
    except Varies:
        return None
    return stand_ins.fill(markup)


def _rendered(form: Form, lang: str, organisation: Organisation, templates: Path | None, modes: Sequence[str],
              options: Mapping[str, Any]) -> tuple[str, dict[str, str | tuple[str, str]]]:
    """The ``<form>``, and per mode its whole text or, where the shipped template writes it, the text before and
    after the ``<form>`` (see :func:`render_modes`)."""
    for mode in modes:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    env = BuildContext(organisation, template_overrides=templates).templates  # Jinja only for an overridden template

    values = context(form, lang, organisation, **options)
    if shipped(templates, "form.html.j2") and shipped(templates, "fields.html.j2"):
        values["form_html"] = Markup(form_html(values))  # the same bytes as the shipped templates, faster
    else:
        values["form_html"] = Markup(env("html").get_template("form.html.j2").render(**values))
    texts: dict[str, str | tuple[str, str]] = {}
    for mode in modes:
        name = f"{mode}.html.j2"
        if not shipped(templates, name):
            texts[mode] = env("html").get_template(name).render(**values)
        elif mode == "page":
            texts[mode] = page_parts(values)
        else:
            texts[mode] = ("", "")  # the shipped fragment.html.j2 is the <form> alone
    return str(values["form_html"]), texts


def render_modes(form: Form, lang: str, organisation: Organisation, templates: Path | None = None,
                 modes: Sequence[str] = MODES, **options: Any) -> dict[str, str]:
    """The text of each of ``modes`` ("page", "fragment"), from one view model and one rendering of the ``<form>``.

    ``form.html.j2`` is rendered once and handed to the page and fragment templates as ``form_html``; when the
    project overrides neither it nor ``fields.html.j2``, :func:`formc.targets.html.markup.form_html` writes the
    same bytes without Jinja, and likewise :func:`formc.targets.html.markup.page_parts` for ``page.html.j2`` (the
    shipped ``fragment.html.j2`` writes ``form_html`` alone). An overridden template renders through Jinja.
    """
    whole, texts = _rendered(form, lang, organisation, templates, modes, options)
    return {mode: text if isinstance(text, str) else f"{text[0]}{whole}{text[1]}" for mode, text in texts.items()}


def encoded_modes(form: Form, lang: str, organisation: Organisation, templates: Path | None = None,
                  modes: Sequence[str] = MODES, **options: Any) -> dict[str, bytes]:
    """:func:`render_modes` encoded as UTF-8, the ``<form>`` once for the fragment and the page that contains it."""
    whole, texts = _rendered(form, lang, organisation, templates, modes, options)
    encoded = whole.encode("utf-8")
    return {mode: text.encode("utf-8") if isinstance(text, str) else
            encoded if text == ("", "") else b"".join((text[0].encode("utf-8"), encoded, text[1].encode("utf-8")))
            for mode, text in texts.items()}


def encoded_languages(form: Form, languages: Sequence[str], organisation: Organisation,
                      templates: Path | None = None) -> dict[str, dict[str, bytes]]:
    """``encoded_modes(form, lang, organisation, templates, languages=languages)`` for each of ``languages``: what a
    build writes. Unless a project overrides a template, the ``<form>`` is written once for all the languages, its
    texts as stand-ins put in per language (:func:`_forms_at_once`: the same bytes as one language at a time)."""
    wholes = None
    if len(languages) > 1 and all(shipped(templates, f"{mode}.html.j2") for mode in ("form", "fields", *MODES)):
        wholes = _forms_at_once(form, languages)
    if wholes is None:
        return {lang: encoded_modes(form, lang, organisation, templates, languages=languages) for lang in languages}
    out = {}
    for lang, whole in zip(languages, wholes):
        before, after = page_parts(_frame(form, lang, organisation, languages))
        out[lang] = {"page": b"".join((before.encode("utf-8"), whole, after.encode("utf-8"))), "fragment": whole}
    return out


def render(form: Form, lang: str, organisation: Organisation, templates: Path | None = None, mode: str = "page",
           **options: Any) -> str:
    """The standalone page (``mode="page"``) or the embeddable ``<form>`` (``mode="fragment"``) as text."""
    return render_modes(form, lang, organisation, templates, (mode,), **options)[mode]
