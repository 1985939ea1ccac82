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

import io
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Collection, Iterable, Iterator, NamedTuple, Sequence

from formc.targets.catalog.jsonld import CONTEXT

if TYPE_CHECKING:
    import rdflib

# A term: predicate IRI, whether its value is a language map, and its coercion (``@id`` or a datatype IRI).
_Term = tuple["rdflib.URIRef", bool, "str | None"]


# The prefixes rdflib is given (every namespace of the context), and their namespaces.
NAMESPACES = {prefix: namespace for prefix, namespace in CONTEXT.items()
              if isinstance(namespace, str) and namespace.startswith("http")}


def expand(name: str) -> str:
    """The IRI of a compact IRI of the context (``foaf:Document``); any other name as it is."""
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
            terms[key] = (rdflib.URIRef(expand(value["@id"])), value.get("@container") == "@language",
                          kind if kind == "@id" or kind is None else expand(kind))
        elif ":" in value and not value.startswith("http"):  # a term for a compact IRI ("identifier": "dct:identifier")
            terms[key] = (rdflib.URIRef(expand(value)), False, None)
    return terms


@lru_cache(maxsize=None)
def _class(name: str) -> "rdflib.URIRef":
    """The IRI of a class or datatype of the context (a handful, named in every document)."""
    from rdflib import URIRef

    return URIRef(expand(name))


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


@dataclass
class Statement:
    """One subject's statement as rdflib writes it, and what the document around it needs of it.

    rdflib writes a subject's statement from that subject's triples and the bound prefixes alone (every subject
    here is an IRI: no blank node is nested in it), so a statement written in one document is the same in any
    other holding the same triples of that subject. The document places it by the count of triples naming the
    subject as their object (``objects`` of every statement) and declares the prefixes its triples use."""

    text: str = ""  # "\n<subject> a ... ." (the line break after it is the document's)
    objects: list[str] = field(default_factory=list)  # the IRI object of each of its triples
    prefixes: set[str] = field(default_factory=set)  # the prefixes rdflib declares for its triples' terms


@lru_cache(maxsize=1)
def _serializer() -> type:
    from rdflib import Literal, URIRef
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class Serializer(TurtleSerializer):
        """rdflib's Turtle serializer, remembering each IRI's prefixed name for the document it writes, and keeping
        the :class:`Statement` of each subject in ``keep`` (every subject when ``keep`` is None).

        rdflib works out the prefixed name of a term for every triple it appears in, and again when it writes it
        (splitting the IRI each time the namespace is not bound); the answer and its one side effect (the prefix
        is declared) are the same every time, so the first answer is kept. An IRI that starts with no bound
        namespace has none, and is not handed to rdflib at all: its namespace would only join rdflib's trie of
        namespaces, which it searches through on every new namespace (a catalogue has one per service), and a
        namespace that no bound one begins can never be the one chosen for another IRI. For the same reason an
        IRI's label (its prefixed name, else ``<IRI>``) is kept per position once written; a literal's is not.
        """

        def __init__(self, store: Any, keep: Collection[str] | None = None) -> None:
            self.keep = keep
            super().__init__(store)

        def reset(self) -> None:
            super().reset()
            # by gen_prefix, then by the IRI as a plain string (a term's own hash is Python code, a string's is not)
            self._pnames: dict[bool, dict[str, str | None]] = {True: {}, False: {}}
            self._bound = self._namespaces()
            self._labels: dict[tuple[str, int], str] = {}
            self.statements: dict[str, Statement] = {}

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
                    pname = pnames[key] = super().get_pname(uri, gen_prefix)
                    # rdflib may have bound a generated prefix ("ns1"; the context binds none of that name)
                    if gen_prefix and (pname is None or pname.partition(":")[0] not in NAMESPACES):
                        self._bound = self._namespaces()
            return pnames[key]

        def preprocessTriple(self, triple: Any) -> None:
            super().preprocessTriple(triple)
            subject, predicate, obj = triple
            key = str(subject)
            if self.keep is not None and key not in self.keep:
                return
            statement = self.statements.get(key)
            if statement is None:
                statement = self.statements[key] = Statement()
            # the terms rdflib has just named (its preprocessTriple): each named term's prefix is declared
            named = [(subject, False), (obj, False)]
            if predicate not in self.keywords:
                named.append((predicate, True))
            if type(obj) is URIRef:
                statement.objects.append(str(obj))
            elif type(obj) is Literal and obj.datatype is not None:
                named.append((obj.datatype, False))
            for term, gen_prefix in named:
                pname = self.get_pname(term, gen_prefix)
                if pname is not None:
                    statement.prefixes.add(pname.partition(":")[0])

        def statement(self, subject: Any) -> bool:
            kept = self.statements.get(str(subject))
            if kept is None:
                return super().statement(subject)
            stream, self.stream = self.stream, io.BytesIO()
            try:
                written = super().statement(subject)
                text = self.stream.getvalue()
            finally:
                self.stream = stream
            stream.write(text)
            kept.text = text.decode("utf-8")
            return written

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


class Written(NamedTuple):
    """What :func:`serialize` wrote."""

    text: bytes  # the Turtle document
    statements: dict[str, Statement]  # the statements of the subjects asked for
    labels: dict[str, str]  # how an IRI asked for is written as an object (its prefixed name, else <IRI>)


def serialize(nodes: Sequence[dict[str, Any]], keep: Collection[str] | None = (), objects: Iterable[str] = ()) -> Written:
    """The graph as Turtle (harvest sources are commonly registered as ``text/turtle``), the statement of each
    subject in ``keep`` (of every subject when ``keep`` is None) and the label of each IRI in ``objects``.

    rdflib writes subjects and predicates sorted, with the context's prefixes, so the same nodes give the same bytes.
    """
    import rdflib
    from rdflib.plugins.serializers.turtle import OBJECT

    graph = rdflib.Graph(store="SimpleMemory", bind_namespaces="none")  # one graph, no contexts: less to index
    add = graph.store.add  # what Graph.add does, less its checks of each term's type (triples() makes only terms)
    for triple in triples(nodes):
        add(triple, graph)
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, rdflib.Namespace(namespace))
    out = io.BytesIO()
    serializer = _serializer()(graph, keep)
    serializer.serialize(out, encoding="utf-8")
    labels = {iri: serializer.label(rdflib.URIRef(iri), OBJECT) for iri in objects}
    return Written(out.getvalue(), serializer.statements, labels)


def turtle(nodes: Sequence[dict[str, Any]]) -> bytes:
    """The graph of ``nodes`` as Turtle, written by rdflib (see :func:`serialize`)."""
    return serialize(nodes).text


def order(statements: dict[str, str], references: dict[str, int]) -> list[str]:
    """The subjects of ``statements`` in the order rdflib's serializer writes them: by the count of triples naming
    each as their object (``references``), then by IRI. (rdflib puts instances of ``rdfs:Class`` first and blank
    nodes last; the catalogue has neither: every node has an IRI, and no node is typed ``rdfs:Class``.)"""
    return sorted(statements, key=lambda iri: (references.get(iri, 0), iri))


def document(statements: Iterable[str], prefixes: Iterable[str]) -> bytes:
    """The Turtle document rdflib writes for ``statements`` (in its order, see :func:`order`) that use ``prefixes``:
    each used prefix declared, sorted, then every statement on its own line after an empty one."""
    head = "".join(f"@prefix {prefix}: <{NAMESPACES[prefix]}> .\n" for prefix in sorted(set(prefixes)))
    body = "\n".join(statements)
    return (head + body + ("\n\n" if body else "\n")).encode("utf-8")
