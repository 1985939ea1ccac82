"""The catalogue's graphs as Turtle: RDF terms made straight from the JSON-LD nodes, written by rdflib.

The nodes are the ones :mod:`.jsonld` writes (``Graph.sorted_nodes``), under
its own inline ``CONTEXT``: every node has an ``@id``, refers to others only by
``{"@id": ...}``, and uses the context's terms (IRIs, language maps, typed
literals). For those nodes the triples below are the ones rdflib's JSON-LD
parser reads from the document (``tests/catalog/test_catalog_jsonld.py`` holds
them equal, and the Turtle bytes with them), without its general JSON-LD
processing, which cost a third of the target's time per form.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from formc.targets.catalog.jsonld import CONTEXT

if TYPE_CHECKING:
    import rdflib

# A term: predicate IRI, whether its value is a language map, and its coercion (``@id`` or a datatype IRI).
_Term = tuple["rdflib.URIRef", bool, "str | None"]


def _expand(name: str) -> str:
    prefix, colon, local = name.partition(":")
    namespace = CONTEXT.get(prefix) if colon else None
    return namespace + local if isinstance(namespace, str) else name


@lru_cache(maxsize=1)
def _terms() -> dict[str, _Term]:
    import rdflib

    terms: dict[str, _Term] = {}
    for key, value in CONTEXT.items():
        if isinstance(value, dict):
            kind = value.get("@type")
            terms[key] = (rdflib.URIRef(_expand(value["@id"])), value.get("@container") == "@language",
                          kind if kind == "@id" or kind is None else _expand(kind))
        elif ":" in value and not value.startswith("http"):  # a term for a compact IRI ("identifier": "dct:identifier")
            terms[key] = (rdflib.URIRef(_expand(value)), False, None)
    return terms


@lru_cache(maxsize=None)
def _class(name: str) -> "rdflib.URIRef":
    """The IRI of a class or datatype of the context (a handful, named in every document)."""
    from rdflib import URIRef

    return URIRef(_expand(name))


def triples(nodes: Sequence[dict[str, Any]]) -> Iterator[tuple[Any, Any, Any]]:
    """The RDF triples of ``nodes`` (JSON-LD node objects under ``CONTEXT``), in document order."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    terms = _terms()
    rdf_type = RDF.type  # (each RDF.type is a lookup in rdflib's namespace class)
    for node in nodes:
        subject = URIRef(node["@id"])
        for key in sorted(node):
            value = node[key]
            values = value if isinstance(value, list) else [value]
            if key == "@id":
                continue
            if key == "@type":
                for kind in values:
                    yield subject, rdf_type, _class(kind)
                continue
            predicate, language_map, coercion = terms[key]
            for item in values:
                if item is None:  # JSON-LD drops null values
                    continue
                if language_map:
                    for lang in sorted(item):
                        texts = item[lang] if isinstance(item[lang], list) else [item[lang]]
                        for text in texts:
                            if text is not None:
                                yield subject, predicate, Literal(text, lang=lang)
                elif isinstance(item, dict):
                    if set(item) != {"@id"}:
                        raise ValueError(f"{node['@id']} {key}: a nested node; refer to nodes by their @id")
                    yield subject, predicate, URIRef(item["@id"])
                elif coercion == "@id":
                    yield subject, predicate, URIRef(item)
                elif coercion is not None:
                    yield subject, predicate, Literal(item, datatype=_class(coercion))
                else:
                    yield subject, predicate, Literal(item)


@lru_cache(maxsize=1)
def _serializer() -> type:
    from rdflib import URIRef
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class Serializer(TurtleSerializer):
        """rdflib's Turtle serializer, remembering each IRI's prefixed name for the document it writes.

        rdflib works out the prefixed name of a term for every triple it appears in, and again when it writes it
        (splitting the IRI each time the namespace is not bound); the answer and its one side effect (the prefix
        is declared) are the same every time, so the first answer is kept. An IRI that starts with no bound
        namespace has none, and is not handed to rdflib at all: its namespace would only join rdflib's trie of
        namespaces, which it searches through on every new namespace (a catalogue has one per service), and a
        namespace that no bound one begins can never be the one chosen for another IRI. For the same reason an
        IRI's label (its prefixed name, else ``<IRI>``) is kept per position once written; a literal's is not.
        """

        def reset(self) -> None:
            super().reset()
            # by gen_prefix, then by the IRI as a plain string (a term's own hash is Python code, a string's is not)
            self._pnames: dict[bool, dict[str, str | None]] = {True: {}, False: {}}
            self._bound = self._namespaces()
            self._labels: dict[tuple[str, int], str] = {}

        def _namespaces(self) -> tuple[str, ...]:
            # from the store itself: the graph's namespace manager would make a URIRef of each
            return tuple(str(namespace) for _, namespace in self.store.store.namespaces())

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
            if not isinstance(uri, URIRef):  # as rdflib answers for a literal, without hashing its text
                return None
            pnames = self._pnames[gen_prefix]
            key = str(uri)
            if key not in pnames:
                # str.startswith: URIRef's own startswith takes no tuple
                if not gen_prefix and not key.startswith(self._bound):
                    pnames[key] = None
                else:
                    pnames[key] = super().get_pname(uri, gen_prefix)
                    if gen_prefix:  # rdflib may have bound a generated prefix
                        self._bound = self._namespaces()
            return pnames[key]

        def label(self, node: Any, position: int) -> str:
            # an IRI's label is the same each time it is written in one position (its prefixed name is remembered)
            if type(node) is not URIRef:
                return super().label(node, position)
            key = (str(node), position)
            text = self._labels.get(key)
            if text is None:
                text = self._labels[key] = super().label(node, position)
            return text

    return Serializer


def turtle(nodes: Sequence[dict[str, Any]]) -> bytes:
    """The graph as Turtle (harvest sources are commonly registered as ``text/turtle``).

    rdflib writes subjects and predicates sorted, with the context's prefixes, so the same nodes give the same bytes.
    """
    import io

    import rdflib

    graph = rdflib.Graph(store="SimpleMemory", bind_namespaces="none")  # one graph, no contexts: less to index
    add = graph.store.add  # what Graph.add does, less its checks of each term's type (triples() makes only terms)
    for triple in triples(nodes):
        add(triple, graph)
    for prefix, namespace in CONTEXT.items():
        if isinstance(namespace, str) and namespace.startswith("http"):
            graph.bind(prefix, rdflib.Namespace(namespace))
    out = io.BytesIO()
    _serializer()(graph).serialize(out, encoding="utf-8")
    return out.getvalue()
