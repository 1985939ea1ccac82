"""The ``catalog`` target: the published service catalogue, for people (HTML) and for machines (CPSV-AP JSON-LD).

Per form: ``<form-id>.<lang>.html`` (the service page, one per language) and
``<form-id>.jsonld`` with the same graph as ``<form-id>.ttl``. Shared: ``index.<lang>.html`` (every service, grouped by
life event), ``catalogue.jsonld``/``.ttl`` and ``catalog.css``, made from each form's :func:`summary` (not from the
forms, so a rebuild needs only the changed forms). Pages link to the web
form and the paper PDF in the sibling ``html/`` and ``print/`` output folders.
The templates only lay out the view prepared here, so a project can restyle
them without re-deriving anything (see docs/targets/catalog.md).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import orjson
from markupsafe import Markup

from formc.model import Form, Text
from formc.targets_api import (BuildContext, OutputFile, last_answer, static_file, template_environment,
                               template_file)
from formc.view import View
from formc.vocabulary import LIFE_EVENTS

from formc.targets.catalog import catalogue, jsonld, rdf, texts

NAME = "catalog"
PAPER_CHANNELS = ("letter", "counter")


def summary(form: Form, ctx: BuildContext) -> dict[str, Any]:
    """What the shared files need of one form (JSON data): its languages, the service's names and descriptions for
    the index, its life events, and the service's part of ``catalogue.jsonld`` and ``catalogue.ttl``
    (:func:`catalogue.render`)."""
    return {**_index_entry(form, ctx), "catalogue": catalogue.render(form, ctx).part}


def _index_entry(form: Form, ctx: BuildContext) -> dict[str, Any]:
    """The summary but the catalogue part: what the index lists of the service."""
    service = form.service
    languages = ctx.form_languages(form)
    about = service.description or form.description
    return {
        "id": form.id,
        "languages": list(languages),
        # every name in the Text's own order: the index sorts by the name in each language, falling back to the first
        "names": [[lang, name] for lang, name in service.name.values.items()],
        "descriptions": {lang: _text(about, lang) for lang in languages},
        "life_events": list(service.life_events),
        "service": jsonld.service_iri(ctx, form.id),
    }


class _Listed:
    """A service as the index pages list it: its summary, and its name in each language (looked up once for all
    the pages)."""

    __slots__ = ("summary", "names", "fallback")

    def __init__(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        names = summary["names"]
        self.names: dict[str, str] = {}
        for tag, name in names:
            self.names.setdefault(tag, name)  # the first name in a language, as a lookup in the list would find
        self.fallback: str = names[0][1] if names else ""

    def name(self, lang: str) -> str:
        """The service's name in ``lang``, else in its first language (as ``Text`` does)."""
        return self.names.get(lang, self.fallback)


def library_languages(summaries: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """Every language of the library, in order of first use (summaries in form-id order)."""
    seen: dict[str, None] = {}
    for summary in summaries:
        for lang in summary["languages"]:
            seen.setdefault(lang, None)
    return tuple(seen)


@lru_cache(maxsize=None)
def _labels(lang: str) -> View:
    """Every page label in ``lang`` (the same for every page in it: made once a language)."""
    return View({key: texts.ui(table, lang) for key, table in texts.LABELS.items()})


def _alternates(lang: str, languages: Sequence[str], href: str) -> list[View]:
    return [View({"lang": other, "href": href.format(lang=other), "name": texts.LANGUAGE_NAMES.get(other, other)})
            for other in languages if other != lang]


def _life_event_label(code: str, lang: str) -> Markup:
    labels = LIFE_EVENTS.get(code, {})
    if lang in labels:
        return Markup.escape(labels[lang])
    return Markup('<span lang="en">{}</span>').format(labels.get("en", code))


def _text(value: Text | None, lang: str) -> str | None:
    return value(lang) if value is not None else None


def _page(ctx: BuildContext, lang: str, **view: Any) -> dict[str, Any]:
    return {"lang": lang, "ui": _labels(lang), "languages_label": texts.plain(texts.LABELS["languages"], lang),
            "organisation": ctx.organisation.name(lang), **view}


def service_view(form: Form, ctx: BuildContext, lang: str) -> dict[str, Any]:
    """Everything the service page shows, as plain strings and marked-up labels (records of them as
    :class:`~formc.view.View`: read as attributes without Jinja's failed attribute lookup on a dict)."""
    service = form.service
    contact = service.contact
    authority = service.authority
    phone = contact.phone if contact and contact.phone else authority.phone
    fee = None
    if service.fee is not None:
        amount = texts.ui(texts.LABELS["free"], lang) if service.fee.amount == 0 else texts.money_text(
            service.fee.amount, service.fee.currency, lang)
        fee = View({"amount": amount, "description": _text(service.fee.description, lang)})
    return _page(
        ctx, lang, form=form,
        title=service.name(lang),
        description=_text(service.description or form.description, lang),
        authority=authority.name(lang),
        alternates=_alternates(lang, ctx.form_languages(form), f"{form.id}.{{lang}}.html"),
        index_href=f"index.{lang}.html",
        jsonld_href=f"{form.id}.jsonld",
        web_form=f"../html/{form.id}.{lang}.html" if "web" in service.channels else None,
        paper_form=f"../print/{form.id}.{lang}.pdf" if any(c in service.channels for c in PAPER_CHANNELS) else None,
        audience=[texts.ui(texts.AUDIENCES[code], lang) for code in service.audience if code in texts.AUDIENCES],
        processing_time=texts.mark(texts.period_text(service.processing_time, lang), lang)
        if service.processing_time is not None else None,
        channels=[texts.ui(texts.CHANNELS[code], lang) for code in service.channels if code in texts.CHANNELS],
        fee=fee,
        legal_basis=[View({"title": basis.title(lang), "url": basis.url}) for basis in service.legal_basis],
        contact=View({
            "email": contact.email if contact and contact.email else authority.email,
            "phone": phone,
            "phone_href": "tel:" + re.sub(r"[^0-9+]", "", phone) if phone else None,
            "url": contact.url if contact and contact.url else authority.url,
            "opening_hours": _text(contact.opening_hours, lang) if contact else None,
        }),
        steps=[View({"title": step.title(lang), "actor": texts.ui(texts.ACTORS[step.actor], lang),
                     "automated": texts.ui(texts.LABELS["automated" if step.automated else "manual"], lang),
                     "duration": texts.mark(texts.period_text(step.duration, lang), lang) if step.duration else None})
               for step in service.process],
        life_events=[View({"label": _life_event_label(code, lang), "href": f"index.{lang}.html#{code}"})
                     for code in service.life_events],
        keywords=[keyword(lang) for keyword in service.keywords],
    )


def index_view(listed: Sequence[_Listed], ctx: BuildContext, lang: str, languages: Sequence[str]) -> dict[str, Any]:
    """The index of the services ``listed`` (form-id order): one group per life event (in the vocabulary's order),
    then the services without one."""
    entries: dict[str, list[View]] = {}
    for service in sorted(listed, key=lambda service: service.name(lang).casefold()):
        summary = service.summary
        form_langs = summary["languages"]
        if not form_langs:
            continue
        page_lang = lang if lang in form_langs else form_langs[0]
        entry = View({"title": service.name(page_lang), "href": f"{summary['id']}.{page_lang}.html",
                      "lang": page_lang if page_lang != lang else None,
                      "description": summary["descriptions"][page_lang]})
        for code in summary["life_events"] or ("",):
            entries.setdefault(code, []).append(entry)
    order = [code for code in LIFE_EVENTS if code in entries] + sorted(c for c in entries if c and c not in LIFE_EVENTS)
    groups = [View({"id": code, "label": _life_event_label(code, lang), "services": entries[code]}) for code in order]
    if "" in entries:
        groups.append(View({"id": "other", "label": texts.ui(texts.LABELS["other_services"], lang),
                            "services": entries[""]}))
    return _page(ctx, lang, groups=groups, title=f"{texts.plain(texts.LABELS['catalogue'], lang)} – "
                 f"{ctx.organisation.name(lang)}", alternates=_alternates(lang, languages, "index.{lang}.html"),
                 index_href=f"index.{lang}.html", jsonld_href="catalogue.jsonld")


# The templates a service page is laid out by. The shipped ones read the view alone; an override is also given the
# whole form (``form``) and may show any of it.
SERVICE_PAGE_TEMPLATES = ("service.html", "base.html")
SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "templates"


@last_answer
def _pages_read_the_view_alone(ctx: BuildContext) -> bool:
    """Whether the shipped templates lay out the service pages with ``ctx``'s overrides (looked up once a context)."""
    return all(template_file(NAME, name, ctx.template_overrides) == SHIPPED_TEMPLATES / name
               for name in SERVICE_PAGE_TEMPLATES)


@last_answer
def service_views(form: Form, ctx: BuildContext) -> dict[str, dict[str, Any]]:
    """:func:`service_view` in each of the form's languages; the last answer is kept, for the pages that follow."""
    return {lang: service_view(form, ctx, lang) for lang in ctx.form_languages(form)}


def _view_json(value: Any) -> Any:
    """A view's record or marked-up text as JSON for :meth:`CatalogTarget.input_digest` (markup tagged: a template
    writes it as it is, a plain string escaped)."""
    if isinstance(value, View):
        return value.__dict__
    if isinstance(value, Markup):
        return ["\0markup", str(value)]
    raise TypeError(f"a service page's view holds a {type(value).__name__}")


class CatalogTarget:
    name = NAME

    def input_digest(self, form: Form, ctx: BuildContext) -> str | None:
        """A digest of everything the service's files and summary are made from: the service's graph (what the
        JSON-LD, the Turtle and the catalogue part are written from), each page's view but the form, the index
        entry. A change to the form that the catalogue does not show (a question's label, a rule) leaves it as it
        was, and the build leaves the service's files alone. ``None`` (the whole form counts) when an override lays
        out the pages: it is given the whole form."""
        if not _pages_read_the_view_alone(ctx):
            return None
        digest = hashlib.sha256(b"catalog\0")
        catalogue.graphed(form, ctx).digest_into(digest)
        for lang, view in service_views(form, ctx).items():
            digest.update(orjson.dumps([lang, {key: value for key, value in view.items() if key != "form"}],
                                       default=_view_json, option=orjson.OPT_PASSTHROUGH_SUBCLASS))
        digest.update(orjson.dumps(_index_entry(form, ctx)))
        return digest.hexdigest()

    def emit_form(self, form: Form, ctx: BuildContext) -> list[OutputFile]:
        template = ctx.templates(NAME).get_template("service.html")
        files = [OutputFile(f"{form.id}.{lang}.html", template.render(view).encode("utf-8"))
                 for lang, view in service_views(form, ctx).items()]
        rendering = catalogue.render(form, ctx)
        files += [OutputFile(f"{form.id}.jsonld", rendering.jsonld), OutputFile(f"{form.id}.ttl", rendering.turtle)]
        return files

    def summarise(self, form: Form, ctx: BuildContext) -> dict[str, Any]:
        return summary(form, ctx)

    def warm(self, overrides: Path | None) -> None:
        for name in ("service.html", "index.html"):
            template_environment(NAME, overrides).get_template(name)
        rdf.prepare()

    def emit_shared(self, summaries: Sequence[dict[str, Any]], ctx: BuildContext) -> list[OutputFile]:
        languages = library_languages(summaries)
        template = ctx.templates(NAME).get_template("index.html")
        listed = [_Listed(summary) for summary in summaries]
        files = [OutputFile(f"index.{lang}.html",
                            template.render(index_view(listed, ctx, lang, languages)).encode("utf-8"))
                 for lang in languages]
        document, turtle = catalogue.catalogue_files([(s["service"], s["catalogue"]) for s in summaries], ctx, languages)
        files += [OutputFile("catalogue.jsonld", document), OutputFile("catalogue.ttl", turtle)]
        files.append(OutputFile("catalog.css", static_file(NAME, "catalog.css", ctx.template_overrides)))
        return files


TARGET = CatalogTarget()
