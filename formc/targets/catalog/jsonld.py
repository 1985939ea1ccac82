"""CPSV-AP 3.2.0 as JSON-LD: one document per service and one for the whole catalogue.

Every document carries its ``@context`` inline (no remote context: parsing
needs no network) and lists every node it refers to with its class, because
the official SHACL shapes check ``sh:class`` against the data itself (a
channel's type must be declared ``a skos:Concept`` in the same graph).

IRIs are stable and derived from ids only (see docs/targets/catalog.md):
with ``base_url`` B a service is ``B catalog/<form-id>.jsonld#service`` and
shared nodes live in ``B catalog/catalogue.jsonld#...``; without it the same
names hang off ``urn:formc:catalog:<form-id>`` and ``urn:formc:catalog:catalogue``.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import orjson

from formc.model import Form, Organisation, Text
from formc.periods import Period
from formc.targets_api import BuildContext
from formc.vocabulary import LIFE_EVENTS

# Life events that are events of a business (CPSV-AP-NO: cv:BusinessEvent, not cv:LifeEvent).
BUSINESS_EVENTS = frozenset({"work-and-business"})
# The national controlled vocabulary of service themes (LOS, psi.norge.no/los): each formc life event slug → its
# LOS theme (label in Norwegian Bokmål as LOS publishes it). Events are typed with it, services get it as thematic area.
LOS = "http://psi.norge.no/los/"
LOS_THEMES = {
    "having-a-child": ("tema/familie-og-barn", "Familie og barn"),
    "education": ("tema/skole-og-utdanning", "Skole og utdanning"),
    "moving": ("tema/flytting", "Flytting"),
    "housing-and-building": ("tema/bygg-og-eiendom", "Bygg og eiendom"),
    "health-and-care": ("tema/helse-og-omsorg", "Helse og omsorg"),
    "transport-and-mobility": ("tema/trafikk-og-transport", "Trafikk og transport"),
    "work-and-business": ("tema/naringsliv", "Næringsliv"),
    "leisure-and-culture": ("tema/kultur-idrett-og-fritid", "Kultur, idrett og fritid"),
    "environment-and-waste": ("tema/natur-klima-og-miljo", "Natur, klima og miljø"),
    "animals": ("ord/dyrehold", "Dyrehold"),
    "finances-and-tax": ("tema/skatt-og-avgift", "Skatt og avgift"),
    "rights-and-complaints": ("tema/innbyggerrettigheter", "Innbyggerrettigheter"),
    "elderly-and-disability": ("tema/omsorgstjenester", "Omsorgstjenester"),
    "safety-and-emergencies": ("tema/samfunnssikkerhet-og-beredskap", "Samfunnssikkerhet og beredskap"),
}
# The output type of a service (cpsvno:hasOutputType), by what the form submits.
OUTPUT_TYPES = {
    "decision": {"nb": "Vedtak", "nn": "Vedtak", "en": "Decision", "da": "Afgørelse"},
    "confirmation": {"nb": "Bekreftelse", "nn": "Stadfesting", "en": "Confirmation", "da": "Bekræftelse"},
}

from formc.targets.catalog import texts

CATALOGUE = "catalogue"
# National registries (CPSV-AP-NO / Felles datakatalog): an organisation is its Enhetsregisteret unit.
ENHETSREGISTERET = "https://data.brreg.no/enhetsregisteret/api/enheter/"
EU_CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
# ISO 639-1 → the EU Publications Office language table (ISO 639-3 based codes).
EU_LANGUAGE_CODES = {"nb": "NOB", "nn": "NNO", "no": "NOR", "en": "ENG", "da": "DAN", "sv": "SWE", "se": "SME",
                     "fi": "FIN", "de": "DEU", "fr": "FRA", "pl": "POL"}

CONTEXT: dict[str, Any] = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cpsvno": "https://data.norge.no/vocabulary/cpsvno#",
    "dcatno": "https://data.norge.no/vocabulary/dcatno#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "cv": "http://data.europa.eu/m8g/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "title": {"@id": "dct:title", "@container": "@language"},
    "description": {"@id": "dct:description", "@container": "@language"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "keyword": {"@id": "dcat:keyword", "@container": "@language"},
    "identifier": "dct:identifier",
    "notation": "skos:notation",
    "versionInfo": "owl:versionInfo",
    "geographicName": "locn:geographicName",
    "email": "cv:email",
    "telephone": "cv:telephone",
    "processingTime": {"@id": "cv:processingTime", "@type": "xsd:duration"},
    "hasValue": {"@id": "cv:hasValue", "@type": "xsd:double"},
    **{name: {"@id": iri, "@type": "@id"} for name, iri in {
        "hasCompetentAuthority": "cv:hasCompetentAuthority", "hasChannel": "cv:hasChannel", "hasCost": "cv:hasCost",
        "hasLegalResource": "cv:hasLegalResource", "contactPoint": "cv:contactPoint", "isGroupedBy": "cv:isGroupedBy",
        "hasRelatedService": "cv:hasRelatedService", "hasInput": "cpsv:hasInput", "audience": "dct:audience",
        "language": "dct:language", "spatial": "dct:spatial", "channelType": "dct:type", "currency": "cv:currency",
        "isDefinedBy": "cv:isDefinedBy", "ownedBy": "cv:ownedBy", "publisher": "dct:publisher", "hasPart": "dct:hasPart",
        "isPartOf": "dct:isPartOf", "landingPage": "dcat:landingPage", "contactPage": "cv:contactPage",
        "openingHours": "cv:openingHours", "page": "foaf:page", "homepage": "foaf:homepage",
        "containsService": "dcatno:containsService", "catalogueContactPoint": "dcat:contactPoint",
        "hasURL": "vcard:hasURL", "hasEmail": "vcard:hasEmail", "produces": "cpsv:produces",
        "hasOutputType": "cpsvno:hasOutputType", "thematicArea": "cv:thematicArea", "eventType": "dct:type",
    }.items()},
}


def _base(ctx: BuildContext) -> str | None:
    if not ctx.base_url:
        return None
    return ctx.base_url if ctx.base_url.endswith("/") else ctx.base_url + "/"


def document_iri(ctx: BuildContext, name: str) -> str:
    """The IRI of the document ``<name>.jsonld`` (a form id or ``catalogue``)."""
    base = _base(ctx)
    return f"{base}catalog/{name}.jsonld" if base else f"urn:formc:catalog:{name}"


def service_iri(ctx: BuildContext, form_id: str) -> str:
    return f"{document_iri(ctx, form_id)}#service"


def _shared(ctx: BuildContext, fragment: str) -> str:
    return f"{document_iri(ctx, CATALOGUE)}#{fragment}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "organisation"


def _langs(text: Text | None, languages: Sequence[str]) -> dict[str, str]:
    if text is None:
        return {}
    return {lang: text(lang) for lang in languages}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


DOCUMENT = "foaf:Document"


def document_node(iri: str) -> dict[str, str]:
    """A page (a service page, a law, a contact page): the same node whoever adds it."""
    return {"@id": iri, "@type": DOCUMENT}


def xsd_duration(period: Period) -> str:
    """An ISO 8601 period as a valid ``xsd:duration`` (which has no weeks: ``P4W`` → ``P28D``)."""
    days = period.weeks * 7 + period.days
    date = "".join(f"{n}{unit}" for n, unit in ((period.years, "Y"), (period.months, "M"), (days, "D")) if n)
    time = "".join(f"{n}{unit}" for n, unit in ((period.hours, "H"), (period.minutes, "M"), (period.seconds, "S")) if n)
    text = "P" + date + (f"T{time}" if time else "")
    return text if text != "P" else "P0D"


def _number(amount: float | int) -> str:
    return str(int(amount)) if float(amount).is_integer() else repr(float(amount))


class Graph:
    """Nodes by ``@id``; adding a node that exists merges the two (language maps and lists are united)."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        # (IRI, key) → the JSON of every value of that list once it was merged: a life event's list of services
        # grows with every service, and re-reading it at each merge made a catalogue quadratic in its services
        self._listed: dict[tuple[str, str], set[bytes | str]] = {}

    def add(self, node: dict[str, Any]) -> str:
        iri = node["@id"]
        if iri not in self.nodes:
            self.nodes[iri] = dict(node)
            return iri
        current = self.nodes[iri]
        for key, value in node.items():
            if key not in current:
                current[key] = value
            elif isinstance(value, dict) and isinstance(current[key], dict) and "@id" not in value:
                current[key] = {**value, **current[key]}
            elif isinstance(value, list) and isinstance(current[key], list):
                seen = self._listed.get((iri, key))
                if seen is None:
                    seen = self._listed[(iri, key)] = {_key(v) for v in current[key]}
                added = [(v, text) for v in value if (text := _key(v)) not in seen]
                current[key] = current[key] + [v for v, _ in added]
                seen.update(text for _, text in added)
        return iri

    def sorted_nodes(self) -> list[dict[str, Any]]:
        """The nodes as the document lists them: by ``@id``, with their values (but not their types) sorted."""
        graph = []
        for iri in sorted(self.nodes):
            node = dict(self.nodes[iri])
            for key, value in node.items():
                if isinstance(value, list) and key != "@type":
                    node[key] = _sorted(value)
            graph.append(node)
        return graph


def _sorted(values: list[Any]) -> list[Any]:
    """``values`` sorted by their JSON (sorted keys, as written). References whose IRIs JSON writes as they are sort
    by IRI and a closing quote: ``{"@id": "<IRI>"}`` orders as ``<IRI>"`` does (a catalogue lists thousands)."""
    if all(type(v) is dict and len(v) == 1 and type(v.get("@id")) is str and not _ESCAPED.search(v["@id"])
           for v in values):
        return sorted(values, key=lambda v: v["@id"] + '"')
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))


_ESCAPED = re.compile(r'["\\\x00-\x1f]')  # the characters JSON writes escaped (ensure_ascii off)


def pretty_json(value: Any) -> bytes:
    """``json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)`` as UTF-8, the same bytes, written by orjson
    (``json`` has no C encoder for indented output: its pure-Python one was an eighth of the target's time per form).

    The two agree on every value a node holds (strings, language maps, lists, ``None``, booleans, integers;
    ``tests/catalog/test_catalog_json.py`` holds them equal), not on floats, which the nodes never hold (an amount is
    written as a string, see :func:`_number`); what orjson refuses (an integer past 64 bits, a lone surrogate) is
    left to ``json``."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2).encode("utf-8")


def document(nodes: Sequence[dict[str, Any]]) -> bytes:
    """The JSON-LD document of :meth:`Graph.sorted_nodes`, with its context inline."""
    return pretty_json({"@context": CONTEXT, "@graph": nodes}) + b"\n"


def _concept(graph: Graph, iri: str, labels: dict[str, str], notation: str | None = None) -> str:
    node: dict[str, Any] = {"@id": iri, "@type": "skos:Concept"}
    if labels:
        node["prefLabel"] = labels
    if notation:
        node["notation"] = notation
    return graph.add(node)


def _location(graph: Graph, ctx: BuildContext, organisation: Organisation) -> str:
    key = organisation.municipality_number or _slug(organisation.name(organisation.name.languages[0]))
    node: dict[str, Any] = {"@id": _shared(ctx, f"location-{key}"), "@type": "dct:Location",
                            "geographicName": organisation.city or organisation.name(organisation.name.languages[0])}
    if organisation.municipality_number:
        node["identifier"] = organisation.municipality_number
    return graph.add(node)


def organisation_node(graph: Graph, ctx: BuildContext, organisation: Organisation) -> str:
    """A public organisation, typed as every class the shapes expect of its uses (authority, publisher, cost definer)."""
    ident = organisation.org_number or _slug(organisation.name(organisation.name.languages[0]))
    names = dict(organisation.name.values)
    node: dict[str, Any] = {
        # by its Enhetsregisteret IRI, so the national catalogue links it to the registered unit
        "@id": ENHETSREGISTERET + organisation.org_number if organisation.org_number else _shared(ctx, f"organisation-{ident}"),
        "@type": ["cv:PublicOrganisation", "foaf:Agent", "org:Organization"],
        "identifier": ident, "prefLabel": names, "title": names,
        "spatial": [_ref(_location(graph, ctx, organisation))],
    }
    if organisation.url:
        node["homepage"] = [_ref(organisation.url)]
    return graph.add(node)


def _languages(graph: Graph, languages: Iterable[str]) -> list[dict[str, str]]:
    refs = []
    for lang in languages:
        code = EU_LANGUAGE_CODES.get(lang.split("-")[0])
        if code:
            refs.append(_ref(graph.add({"@id": EU_LANGUAGE + code, "@type": "dct:LinguisticSystem"})))
    return refs


def _life_event(graph: Graph, ctx: BuildContext, code: str, languages: Sequence[str], service: str,
                contact: str) -> str:
    """A life event, or a business event for the events of running a business (CPSV-AP-NO keeps them apart)."""
    labels = LIFE_EVENTS.get(code, {})
    kind = "cv:BusinessEvent" if code in BUSINESS_EVENTS else "cv:LifeEvent"
    return graph.add({
        "@id": _shared(ctx, f"{'business' if code in BUSINESS_EVENTS else 'life'}-event-{code}"),
        "@type": ["cv:Event", kind], "identifier": code,
        "title": {lang: labels[lang] for lang in languages if lang in labels} or {"en": labels.get("en", code)},
        "hasRelatedService": [_ref(service)], "contactPoint": [_ref(contact)],
        "eventType": [_ref(_los_theme(graph, code))],
    })


def _los_theme(graph: Graph, code: str) -> str:
    path, label = LOS_THEMES[code]
    return _concept(graph, LOS + path, {"nb": label})


def _organisation_contact(graph: Graph, ctx: BuildContext, organisation: Organisation) -> str:
    node: dict[str, Any] = {"@id": _shared(ctx, "contact-point"), "@type": ["cv:ContactPoint", "vcard:Organization"]}
    if organisation.email:
        node["email"] = organisation.email
        node["hasEmail"] = [_ref(f"mailto:{organisation.email}")]
    if organisation.phone:
        node["telephone"] = organisation.phone
    if organisation.url:
        node["hasURL"] = [_ref(organisation.url)]
    return graph.add(node)


def catalogue_node(graph: Graph, ctx: BuildContext, languages: Sequence[str], services: Sequence[str]) -> str:
    """The service catalogue: a ``dcat:Catalog`` (not a dataset) that lists its services with
    ``dcatno:containsService``, the property the national harvester links services by."""
    organisation = ctx.organisation
    labelled = [lang for lang in languages if texts.ui_language(lang) == lang] or ["en"]
    contact = _organisation_contact(graph, ctx, organisation)
    node: dict[str, Any] = {
        "@id": _shared(ctx, "catalogue"), "@type": "dcat:Catalog", "identifier": CATALOGUE,
        "catalogueContactPoint": [_ref(contact)], "contactPoint": [_ref(contact)],
        "title": {lang: f"{texts.plain(texts.LABELS['catalogue'], lang)} – {organisation.name(lang)}" for lang in labelled},
        "description": {lang: texts.plain(texts.LABELS["catalogue_intro"], lang) for lang in labelled},
        "publisher": _ref(organisation_node(graph, ctx, organisation)),
        "language": _languages(graph, languages),
    }
    if services:
        node["containsService"] = [_ref(s) for s in services]
    base = _base(ctx)
    if base and languages:
        page = f"{base}catalog/index.{languages[0]}.html"
        graph.add(document_node(page))
        node["landingPage"] = [_ref(page)]
    return graph.add(node)


def add_service(graph: Graph, form: Form, ctx: BuildContext) -> str:
    """Add the public service described by ``form`` and every node it refers to; return its IRI."""
    service = form.service
    languages = ctx.form_languages(form)
    doc = document_iri(ctx, form.id)
    iri = f"{doc}#service"
    authority = organisation_node(graph, ctx, service.authority)
    node: dict[str, Any] = {
        # a stable identifier: the service IRI (from base_url) rather than the bare form id
        "@id": iri, "@type": "cpsv:PublicService", "identifier": iri if _base(ctx) else form.id,
        "notation": form.id, "versionInfo": form.version,
        "title": _langs(service.name, languages),
        "description": _langs(service.description or form.description or service.name, languages),
        "hasCompetentAuthority": [_ref(authority)],
        "spatial": [_ref(_location(graph, ctx, service.authority))],
        "language": _languages(graph, languages),
    }
    output_type = OUTPUT_TYPES[_output_kind(form)]
    concept = _concept(graph, _shared(ctx, f"output-type-{_output_kind(form)}"),
                       {lang: output_type[lang] for lang in languages if lang in output_type} or {"en": output_type["en"]},
                       _output_kind(form))
    node["hasOutputType"] = [_ref(concept)]
    node["produces"] = [_ref(graph.add({"@id": f"{doc}#output", "@type": "cv:Output", "identifier": f"{form.id}/output",
                                        "title": {lang: output_type[lang] for lang in languages if lang in output_type}
                                        or {"en": output_type["en"]}, "channelType": _ref(concept)}))]
    base = _base(ctx)
    if base:
        pages = [f"{base}catalog/{form.id}.{lang}.html" for lang in languages]
        node["homepage"] = [_ref(graph.add(document_node(page))) for page in pages]
    node["audience"] = [_ref(_concept(graph, _shared(ctx, f"audience-{code}"), _labels(texts.AUDIENCES, code, languages),
                                      code)) for code in service.audience]
    channels = []
    for code in service.channels:
        concept = _concept(graph, _shared(ctx, f"channel-type-{code}"), _labels(texts.CHANNELS, code, languages), code)
        channel: dict[str, Any] = {"@id": f"{doc}#channel-{code}", "@type": "cv:Channel",
                                   "identifier": f"{form.id}/channel/{code}", "channelType": _ref(concept),
                                   "ownedBy": [_ref(authority)]}
        channel.update(_channel_details(graph, form, ctx, doc, code, languages))
        channels.append(_ref(graph.add(channel)))
    node["hasChannel"] = channels
    if service.processing_time is not None:
        node["processingTime"] = xsd_duration(service.processing_time)
    if service.fee is not None:
        fee = service.fee
        currency = _concept(graph, EU_CURRENCY + fee.currency, {}, fee.currency)
        cost: dict[str, Any] = {"@id": f"{doc}#cost", "@type": "cv:Cost", "identifier": f"{form.id}/cost",
                                "hasValue": _number(fee.amount), "currency": _ref(currency), "isDefinedBy": [_ref(authority)]}
        if fee.description is not None:
            cost["description"] = _langs(fee.description, languages)
        node["hasCost"] = [_ref(graph.add(cost))]
    legal = []
    for n, basis in enumerate(service.legal_basis, 1):
        resource: dict[str, Any] = {"@id": f"{doc}#legal-resource-{n}", "@type": "eli:LegalResource",
                                    "title": _langs(basis.title, languages)}
        if basis.url:
            resource["page"] = [_ref(graph.add(document_node(basis.url)))]
        legal.append(_ref(graph.add(resource)))
    if legal:
        node["hasLegalResource"] = legal
    contact = _contact(graph, form, ctx, doc, languages)
    node["contactPoint"] = [_ref(contact)]
    if service.life_events:
        node["isGroupedBy"] = [_ref(_life_event(graph, ctx, code, languages, iri, contact))
                               for code in service.life_events]
        node["thematicArea"] = [_ref(_los_theme(graph, code)) for code in service.life_events]
    evidence = []
    for field in form.walk():
        if field.type == "file" and field.label is not None:
            item: dict[str, Any] = {"@id": f"{doc}#evidence-{'-'.join(field.path)}", "@type": "cv:Evidence",
                                    "identifier": f"{form.id}{field.pointer}", "title": _langs(field.label, languages)}
            if field.hint is not None:
                item["description"] = _langs(field.hint, languages)
            evidence.append(_ref(graph.add(item)))
    if evidence:
        node["hasInput"] = evidence
    if service.keywords:
        node["keyword"] = {lang: [k(lang) for k in service.keywords] for lang in languages}
    return graph.add(node)


def _labels(table: dict[str, dict[str, str]], code: str, languages: Sequence[str]) -> dict[str, str]:
    labels = table.get(code, {})
    return {lang: labels[lang] for lang in languages if lang in labels} or {"en": labels.get("en", code)}


def _contact(graph: Graph, form: Form, ctx: BuildContext, doc: str, languages: Sequence[str]) -> str:
    contact = form.service.contact
    authority = form.service.authority
    node: dict[str, Any] = {"@id": f"{doc}#contact-point", "@type": "cv:ContactPoint"}
    email = contact.email if contact and contact.email else authority.email
    phone = contact.phone if contact and contact.phone else authority.phone
    url = contact.url if contact and contact.url else authority.url
    if email:
        node["email"] = email
        node["hasEmail"] = [_ref(f"mailto:{email}")]
    if phone:
        node["telephone"] = phone
    if url:
        node["contactPage"] = [_ref(graph.add(document_node(url)))]
    if contact and contact.opening_hours is not None:
        node["openingHours"] = [_ref(graph.add({"@id": f"{doc}#opening-hours", "@type": "time:TemporalEntity",
                                                "description": _langs(contact.opening_hours, languages)}))]
    return graph.add(node)


def _channel_details(graph: Graph, form: Form, ctx: BuildContext, doc: str, code: str,
                     languages: Sequence[str]) -> dict[str, Any]:
    """Where a channel is reached: the web form's URL, the e-mail address, the counter's opening hours."""
    contact, authority = form.service.contact, form.service.authority
    base = _base(ctx)
    if code == "web" and base:
        return {"hasURL": [_ref(f"{base}html/{form.id}.{languages[0]}.html")]} if languages else {}
    if code == "email":
        email = contact.email if contact and contact.email else authority.email
        return {"hasEmail": [_ref(f"mailto:{email}")]} if email else {}
    if code == "counter" and contact and contact.opening_hours is not None:
        return {"openingHours": [_ref(graph.add({"@id": f"{doc}#opening-hours", "@type": "time:TemporalEntity",
                                                 "description": _langs(contact.opening_hours, languages)}))]}
    return {}


def _output_kind(form: Form) -> str:
    """What the service produces for the citizen, from what is submitted: an application or a complaint is
    decided (an individual decision), a notice or report is confirmed."""
    document_type = form.archive.document_type if form.archive else "SØKNAD"
    return "decision" if document_type in ("SØKNAD", "KLAGE") else "confirmation"


class _Recorder(Graph):
    """A graph that also keeps each distinct node added to it while ``recording``, in order, by its JSON (sorted
    keys): adding a node equal to one added before changes nothing (every key it has is there, with every value it
    holds)."""

    def __init__(self) -> None:
        super().__init__()
        self.log: dict[bytes | str, dict[str, Any]] = {}
        self.recording = True

    def add(self, node: dict[str, Any]) -> str:
        if self.recording:
            self.log.setdefault(_key(node), node)
        return super().add(node)


def _key(node: Any) -> bytes | str:
    """The JSON of a node (or of a value of one) with sorted keys, as orjson writes it (a node holds no float, the one
    kind of value orjson writes alike for two different values: NaN and null), else as ``json`` does (what orjson
    refuses): equal for equal values only."""
    try:
        return orjson.dumps(node, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return json.dumps(node, sort_keys=True, ensure_ascii=False)


@dataclass
class ServiceParts:
    """One service's part of the catalogue graph, split by what the catalogue must still merge.

    A node of the catalogue graph is made by merging every node added with its IRI (:meth:`Graph.add`). The
    service's *own* nodes have IRIs under its document (``<document>#...``: made from its form id, which no other
    form has and no shared IRI is under) and are added once by this service, so the catalogue holds them as this
    graph does, already merged. A *document* (:func:`document_node`) is the same node whoever adds it. Every other
    node (the organisation, languages, concepts, life events, ...) is kept as added, to be merged with the other
    services' (``shared``). The catalogue checks what it cannot know from one service: that no other node has an
    IRI of an own node, and that a document is not also another kind of node (see ``catalogue.py``).
    """

    graph: Graph  # <form-id>.jsonld: the service, every node it refers to, and a catalogue of this service alone
    shared: list[str]  # the JSON (sorted keys) of each shared node the service adds, in order
    own: list[str]  # the IRIs of its own nodes, sorted
    documents: list[str]  # the IRIs of its documents, sorted


def service_parts(form: Form, ctx: BuildContext) -> ServiceParts:
    """``<form-id>.jsonld``'s graph, and the nodes :func:`add_service` adds for ``form`` sorted into
    :class:`ServiceParts`. A node counts as own or as a document only when its IRI was added with that one node, and
    the catalogue node of ``<form-id>.jsonld`` left it as it was."""
    graph = _Recorder()
    add_service(graph, form, ctx)
    graph.recording = False
    log = graph.log
    catalogue_node(graph, ctx, ctx.form_languages(form), ())
    added: dict[str, list[dict[str, Any]]] = {}
    for node in log.values():
        added.setdefault(node["@id"], []).append(node)
    own_iris = document_iri(ctx, form.id) + "#"
    own, documents, shared = [], [], set()
    for iri, nodes in added.items():
        if len(nodes) == 1 and graph.nodes[iri] == nodes[0]:
            if nodes[0] == document_node(iri):
                documents.append(iri)
                continue
            if iri.startswith(own_iris):
                own.append(iri)
                continue
        shared.add(iri)
    return ServiceParts(graph, [_shared_text(key) for key, node in log.items() if node["@id"] in shared],
                        sorted(own), sorted(documents))


SHARED_TEXTS = 2048  # the most shared nodes' JSON texts kept for a process
_shared_texts: OrderedDict[bytes | str, str] = OrderedDict()  # by the node's key, most recently used last


def _shared_text(key: bytes | str) -> str:
    """A shared node's JSON as ``json`` writes it (sorted keys), of the node as it was added (its :func:`_key`).
    The same nodes recur from one service to the next (the organisation, the languages, the concepts): their texts
    are kept for the process, the :data:`SHARED_TEXTS` most recently used."""
    text = _shared_texts.get(key)
    if text is not None:
        _shared_texts.move_to_end(key)
        return text
    text = _shared_texts[key] = json.dumps(orjson.loads(key) if type(key) is bytes else json.loads(key),
                                           sort_keys=True, ensure_ascii=False)
    if len(_shared_texts) > SHARED_TEXTS:
        _shared_texts.popitem(last=False)
    return text


def catalogue_graph(services: Sequence[tuple[str, Sequence[dict[str, Any]]]], ctx: BuildContext,
                    languages: Sequence[str]) -> Graph:
    """``catalogue.jsonld`` merged node by node: every service of the library (its IRI and every node it adds, in
    form-id order) and the catalogue that lists them. ``catalogue.py`` uses it when services' IRIs collide; the tests
    hold the assembled catalogue to it."""
    graph = Graph()
    for _, nodes in services:
        for node in nodes:
            graph.add(node)
    catalogue_node(graph, ctx, languages, [iri for iri, _ in services])
    return graph
