"""``catalogue.jsonld`` and ``catalogue.ttl`` put together from each service's part, kept in its form's summary.

Merging every service's nodes into one graph and writing it whole (rdflib's Turtle serializer above all) took
seconds at thousands of forms, on every build, also after one form changed. So a service's own nodes and its
documents (see :class:`jsonld.ServiceParts`) are written when its form is built — their JSON as the catalogue
document prints it, their Turtle statements as rdflib writes them for ``<form-id>.ttl`` — and kept in the form's
summary with what places them: the IRIs their triples name as objects, the prefixes they use. The catalogue then
merges and writes only the shared nodes, and orders every piece as the whole-graph writers do: JSON-LD nodes by
IRI, Turtle statements by the count of triples naming their subject as object, then by IRI (rdflib's order, see
:func:`rdf.order`). When services' IRIs collide (a contact page at another service's IRI, say), the catalogue is
merged and written whole, as before. ``tests/catalog/test_catalogue_assembly.py`` holds the assembled files to the
whole-graph writers, byte for byte.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import orjson

from formc.model import Form
from formc.targets_api import BuildContext, last_answer

from formc.targets.catalog import jsonld, rdf

INDENT = "    "  # a node's depth in a document: {"@graph": [node, ...]}


def _in_graph(node: dict[str, Any]) -> str:
    """A node's JSON as a document prints it inside its ``@graph`` (a JSON string holds no line break)."""
    return jsonld.pretty_json(node).decode("utf-8").replace("\n", "\n" + INDENT)


@lru_cache(maxsize=1)
def _frame() -> tuple[str, str]:
    """A document's text before its first node and after its last (:func:`jsonld.document`)."""
    head, tail = jsonld.pretty_json({"@context": jsonld.CONTEXT, "@graph": [None]}).decode("utf-8").split("null")
    return head, tail + "\n"


@dataclass
class Rendering:
    """A service's ``<form-id>.jsonld`` and ``<form-id>.ttl``, and its part of the catalogue (JSON data)."""

    jsonld: bytes
    turtle: bytes
    part: dict[str, Any]


@dataclass
class Graphed:
    """A service's graph as JSON-LD, before any Turtle: everything :func:`render` makes its files and part from
    (with the service's IRI, which ``document`` names)."""

    parts: jsonld.ServiceParts
    nodes: list[dict[str, Any]]  # the graph's nodes, sorted
    document: bytes  # <form-id>.jsonld

    def digest_into(self, digest: Any) -> None:
        """Feed ``digest`` (a hashlib object) with all of it: two services with the same bytes here have the same
        files and catalogue part."""
        digest.update(self.document)
        digest.update(orjson.dumps([self.parts.shared, self.parts.own, self.parts.documents]))


@last_answer
def graphed(form: Form, ctx: BuildContext) -> Graphed:
    """``form``'s service graph (no rdflib: the build looks at it to tell whether the service changed); the last
    answer is kept, for the rendering that follows."""
    parts = jsonld.service_parts(form, ctx)
    nodes = parts.graph.sorted_nodes()
    return Graphed(parts, nodes, jsonld.document(nodes))


@last_answer
def render(form: Form, ctx: BuildContext) -> Rendering:
    """``form``'s service documents and catalogue part. A build asks for the documents and then the summary of the
    same form: the last answer is kept for that (the per-form Turtle is the target's largest cost)."""
    made = graphed(form, ctx)
    parts, nodes = made.parts, made.nodes
    service = jsonld.service_iri(ctx, form.id)
    own = set(parts.own)
    turtle, statements, labels = rdf.compose(nodes, own, [service])
    references: dict[str, int] = {}
    for iri in parts.own:
        for obj in statements[iri].objects:
            references[obj] = references.get(obj, 0) + 1
    part = {
        "shared": parts.shared,
        "own": parts.own,
        "jsonld": f",\n{INDENT}".join(_in_graph(node) for node in nodes if node["@id"] in own),
        "turtle": [statements[iri].text for iri in parts.own],
        "references": references,
        # a document's one triple names the class foaf:Document: counted once per document, by the catalogue
        "documents": [[iri, statements[iri].text] for iri in parts.documents],
        "prefixes": sorted(set().union(*(statements[iri].prefixes for iri in (*parts.own, *parts.documents)))),
        "label": labels[service],  # the service IRI in the catalogue's and the life events' lists
    }
    return Rendering(made.document, turtle, part)


def catalogue_files(services: Sequence[tuple[str, dict[str, Any]]], ctx: BuildContext,
                    languages: Sequence[str]) -> tuple[bytes, bytes]:
    """``catalogue.jsonld`` and ``catalogue.ttl`` from every service's IRI and :func:`render` part (form-id order)."""
    graph = jsonld.Graph()
    # a node added again changes nothing: each distinct shared node is merged once
    for text in dict.fromkeys(text for _, part in services for text in part["shared"]):
        graph.add(json.loads(text))
    jsonld.catalogue_node(graph, ctx, languages, [iri for iri, _ in services])
    documents: dict[str, str] = {}
    for _, part in services:
        for iri, statement in part["documents"]:
            documents.setdefault(iri, statement)
    for iri in [iri for iri in documents if iri in graph.nodes]:
        if graph.nodes[iri] != jsonld.document_node(iri):
            return _merged(services, ctx, languages)
        del documents[iri]  # the graph has the same node
    # each service's own nodes, in one run of IRIs that no other node's IRI falls in
    runs = sorted(((part["own"][0], part["own"][-1], part) for _, part in services if part["own"]),
                  key=lambda run: run[0])
    if not _apart(runs, [*graph.nodes, *documents]):
        return _merged(services, ctx, languages)
    shared = graph.sorted_nodes()

    entries = [(first, part["jsonld"]) for first, _, part in runs]
    entries += [(node["@id"], _in_graph(node)) for node in shared]
    entries += [(iri, _in_graph(jsonld.document_node(iri))) for iri in documents]
    entries.sort(key=lambda entry: entry[0])
    head, tail = _frame()
    document = (head + f",\n{INDENT}".join(text for _, text in entries) + tail).encode("utf-8")

    statements: dict[str, str] = {}
    references: dict[str, int] = {}
    prefixes: set[str] = set()
    for _, _, part in runs:
        statements.update(zip(part["own"], part["turtle"]))
    for _, part in services:
        _count(references, part["references"].items())
        prefixes.update(part["prefixes"])
    statements.update(documents)
    _count(references, [(rdf.expand(jsonld.DOCUMENT), len(documents))])
    for iri, (text, objects, used) in _shared_statements(shared, {iri: part["label"] for iri, part in services}):
        statements[iri] = text
        _count(references, objects)
        prefixes |= used
    turtle = rdf.document([statements[iri] for iri in rdf.order(statements, references)], prefixes)
    return document, turtle


def _shared_statements(nodes: list[dict[str, Any]], labels: dict[str, str]) -> Iterable[
        tuple[str, tuple[str, Iterable[tuple[str, int]], set[str]]]]:
    """The shared nodes' statements (subject IRI, (text, (object, count) pairs, prefixes)) as rdflib writes them.

    The catalogue's list of services and each life event's grow with the library: rdflib is given one stand-in
    object for such a list (every item a service's IRI) and its label is replaced with the list as rdflib writes a
    statement's objects: sorted (IRIs by their text), one a line, indented a step further."""
    lists: dict[str, list[str]] = {}
    given = []
    for node in nodes:
        for key, value in node.items():
            if key != "@type" and isinstance(value, list) and len(value) > 1 and all(
                    type(item) is dict and len(item) == 1 and item.get("@id") in labels for item in value):
                stand_in = f"urn:formc:catalogue:list-{len(lists)}"
                lists[stand_in] = sorted({item["@id"] for item in value})
                node = {**node, key: [{"@id": stand_in}]}
        given.append(node)
    _, written, stand_ins = rdf.serialize(given, None, lists)
    out = []
    for iri, statement in written.items():
        text, counts = statement.text, [(obj, 1) for obj in statement.objects if obj not in lists]
        for obj in statement.objects:
            if obj in lists:
                if text.count(stand_ins[obj]) != 1:  # the stand-in's label is also in a text: no stand-ins
                    _, written, _ = rdf.serialize(nodes, None)
                    return [(iri, (s.text, [(obj, 1) for obj in s.objects], s.prefixes)) for iri, s in written.items()]
                text = text.replace(stand_ins[obj], f",\n{INDENT}{INDENT}".join(labels[item] for item in lists[obj]))
                counts += [(item, 1) for item in lists[obj]]
        out.append((iri, (text, counts, statement.prefixes)))
    return out


def _count(references: dict[str, int], counts: Iterable[tuple[str, int]]) -> None:
    get = references.get
    for iri, count in counts:
        references[iri] = get(iri, 0) + count


def _apart(runs: list[tuple[str, str, Any]], others: list[str]) -> bool:
    """Whether the runs of IRIs (first, last), sorted, overlap neither each other nor any of ``others``."""
    for (_, last, _), (first, _, _) in zip(runs, runs[1:]):
        if last >= first:
            return False
    firsts = [first for first, _, _ in runs]
    for iri in others:
        at = bisect_right(firsts, iri) - 1
        if at >= 0 and iri <= runs[at][1]:
            return False
    return True


def _merged(services: Sequence[tuple[str, dict[str, Any]]], ctx: BuildContext,
            languages: Sequence[str]) -> tuple[bytes, bytes]:
    """The catalogue merged node by node and written whole: every node each service added (its own and its
    documents once each, after the shared ones: their IRIs are not among them)."""
    added = []
    for iri, part in services:
        own = json.loads(f"[{part['jsonld']}]") if part["own"] else []
        added.append((iri, [*map(json.loads, part["shared"]), *own,
                            *(jsonld.document_node(page) for page, _ in part["documents"])]))
    nodes = jsonld.catalogue_graph(added, ctx, languages).sorted_nodes()
    return jsonld.document(nodes), rdf.turtle(nodes)
