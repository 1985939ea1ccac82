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
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Collection, Iterable, Iterator, NamedTuple, Sequence

import orjson

from formc.targets.catalog.jsonld import CONTEXT

if TYPE_CHECKING:
    import rdflib

# A term: predicate IRI, whether its value is a language map, and its coercion (``@id`` or a datatype IRI).
_Term = tuple["rdflib.URIRef", bool, "str | None"]


# The prefixes rdflib is given (every namespace of the context), and their namespaces.
NAMESPACES = {prefix: namespace for prefix, namespace in CONTEXT.items()
              if isinstance(namespace, str) and namespace.startswith("http")}
_CONTEXT_BOUND = frozenset(NAMESPACES.values())


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


REMEMBERED = 2048  # the most answers (statements, prefixed names, labels) of each kind kept for a process

# What rdflib answers for an IRI under the context's prefixes when a graph binds those and no other: its prefixed
# name (and the namespace that declares) by gen_prefix, and its label by position when that is a prefixed name.
# The same in every such graph, so kept for the process (the vocabulary's IRIs are named in every service's graph),
# up to REMEMBERED answers each.
_CONTEXT_PNAMES: dict[bool, dict[str, tuple[str | None, Any]]] = {True: {}, False: {}}
_CONTEXT_LABELS: dict[tuple[str, int], str] = {}


@lru_cache(maxsize=1)
def _serializer() -> type:
    from rdflib import Literal, URIRef
    from rdflib.plugins.serializers.turtle import _GEN_QNAME_FOR_DT, TurtleSerializer

    class Serializer(TurtleSerializer):
        """rdflib's Turtle serializer, remembering each IRI's prefixed name, and keeping the :class:`Statement` of
        each subject in ``keep`` (every subject when ``keep`` is None).

        rdflib works out the prefixed name of a term for every triple it appears in, and again when it writes it
        (splitting the IRI each time the namespace is not bound); the answer and its one side effect (the prefix
        is declared) are the same every time while the bound prefixes are, so the first answer is kept: for the
        document, and for every document when the graph binds the context's prefixes and no other (the answers
        start again when rdflib binds a prefix it generated). An IRI that starts with no bound namespace has none,
        and is not handed to rdflib at all: its namespace would only join rdflib's trie of namespaces, which it
        searches through on every new namespace (a catalogue has one per service), and a namespace that no bound
        one begins can never be the one chosen for another IRI. For the same reason an IRI's label (its prefixed
        name, else ``<IRI>``) is kept per position once written; a literal's is not.
        """

        def __init__(self, store: Any, keep: Collection[str] | None = None) -> None:
            self.keep = keep
            self._given: dict[Any, dict[Any, None]] | None = None  # each subject's triples (statements_of)
            self._pieces: list[str] | None = None  # the text written of the statement statements_of is writing
            super().__init__(store)

        def reset(self) -> None:
            super().reset()
            self._bound = self._namespaces()
            self._answers(frozenset(self._bound) == _CONTEXT_BOUND)
            self.statements: dict[str, Statement] = {}
            self._naming: Statement | None = None  # the statement whose triple rdflib is preprocessing

        def _answers(self, context: bool) -> None:
            # by gen_prefix, then by the IRI as a plain string (a term's own hash is Python code, a string's is not)
            self._pnames = _CONTEXT_PNAMES if context else {True: {}, False: {}}
            self._context_labels = _CONTEXT_LABELS if context else {}
            self._labels: dict[tuple[str, int], str] = {}

        def _namespaces(self) -> tuple[str, ...]:
            # from the store itself: the graph's namespace manager would make a URIRef of each
            return tuple(str(namespace) for _, namespace in self.store.store.namespaces())

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
            if not isinstance(uri, URIRef):  # as rdflib answers for a literal, without hashing its text
                return None
            key = str(uri)
            # str.startswith: URIRef's own startswith takes no tuple
            if not gen_prefix and not key.startswith(self._bound):
                return None
            pnames = self._pnames[gen_prefix]
            answer = pnames.get(key)
            if answer is None:
                pname = super().get_pname(uri, gen_prefix)
                prefix = pname.partition(":")[0] if pname is not None else None
                if gen_prefix and (prefix is None or prefix not in NAMESPACES):
                    # rdflib may have bound a generated prefix ("ns1"; the context binds none of that name)
                    bound = self._namespaces()
                    if bound != self._bound:
                        self._bound = bound
                        self._answers(False)
                        pnames = self._pnames[gen_prefix]
                answer = (pname, self.namespaces[prefix] if prefix is not None else None)
                if pnames is not _CONTEXT_PNAMES[gen_prefix] or len(pnames) < REMEMBERED:
                    pnames[key] = answer
            pname, namespace = answer
            if pname is not None:
                prefix = pname.partition(":")[0]
                if prefix not in self.namespaces:
                    self.addNamespace(prefix, namespace)
                if self._naming is not None:
                    self._naming.prefixes.add(prefix)
            return pname

        def preprocessTriple(self, triple: Any) -> None:
            subject, _, obj = triple
            if self.keep is None or str(subject) in self.keep:
                # the terms rdflib names here (subject, predicate, object, datatype): each one's prefix is declared
                self._naming = self._record(subject, obj)
            try:
                super().preprocessTriple(triple)
            finally:
                self._naming = None

        def _record(self, subject: Any, obj: Any) -> "Statement":
            """The statement of ``subject`` (made on its first triple), noting ``obj`` when it is an IRI."""
            key = str(subject)
            statement = self.statements.get(key)
            if statement is None:
                statement = self.statements[key] = Statement()
            if type(obj) is URIRef:
                statement.objects.append(str(obj))
            return statement

        def _datatype_pname(self, datatype: Any) -> str | None:
            return self.get_pname(datatype, _GEN_QNAME_FOR_DT)

        def _name_terms(self, triple: Any) -> None:
            """What :meth:`preprocessTriple` does that a statement's text depends on: the prefixed names rdflib works
            out for the triple's terms (declaring their prefixes), and the statement's record of them. rdflib's also
            counts each object's references and notes the subject, which only place blank nodes and order a
            document's subjects: these triples have no blank node, and :func:`order` orders the statements."""
            subject, predicate, obj = triple
            self._naming = self._record(subject, obj)
            try:
                self.get_pname(subject, False)
                if predicate not in self.keywords:
                    self.get_pname(predicate, True)
                self.get_pname(obj, False)
                if isinstance(obj, Literal) and obj.datatype:
                    self.get_pname(obj.datatype, _GEN_QNAME_FOR_DT)
            finally:
                self._naming = None

        def statements_of(self, nodes: Sequence[dict[str, Any]]) -> dict[str, Statement]:
            """The statement of every subject of ``nodes``, as :meth:`serialize` writes it, from their triples as
            given rather than from a store (the graph only binds the prefixes): the terms rdflib names in each triple
            (:meth:`_name_terms`: the prefixes those declare), then each subject's statement."""
            self.reset()
            given: dict[Any, dict[Any, None]] = {}
            for triple in triples(nodes):
                given.setdefault(triple[0], {})[triple] = None  # each triple once, as a graph holds it
            self._given = given
            try:
                for held in given.values():
                    for triple in held:
                        self._name_terms(triple)
                for subject in given:
                    self._pieces = []
                    TurtleSerializer.statement(self, subject)
                    # what write() would have put in a stream, read back (its encoding replaces what UTF-8 cannot hold)
                    self.statements[str(subject)].text = "".join(self._pieces).encode(
                        self.encoding, "replace").decode(self.encoding)
            finally:
                self._given = None
                self._pieces = None
            return self.statements

        def write(self, text: str) -> None:
            # statements_of keeps the pieces of a statement, not a stream of each piece encoded
            if self._pieces is None:
                super().write(text)
            else:
                self._pieces.append(text)

        def buildPredicateHash(self, subject: Any) -> dict[Any, list[Any]]:
            # rdflib's, reading the triples given to statements_of instead of the store's
            if self._given is None:
                return super().buildPredicateHash(subject)
            properties: dict[Any, list[Any]] = {}
            for _, predicate, obj in self._given[subject]:
                properties.setdefault(predicate, []).append(obj)
            return properties

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
            if type(node) is Literal:  # what rdflib's label() comes to for a literal (never rdf:nil, nor a keyword)
                return node._literal_n3(use_plain=True, qname_callback=self._datatype_pname)
            if type(node) is not URIRef:
                return super().label(node, position)
            key = (str(node), position)
            text = self._context_labels.get(key) or self._labels.get(key)
            if text is None:
                text = super().label(node, position)
                if text[0] != "<" and len(self._context_labels) < REMEMBERED:
                    self._context_labels[key] = text  # a prefixed name (or "a")
                else:
                    self._labels[key] = text
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

    graph = _context_graph()
    add = graph.store.add  # what Graph.add does, less its checks of each term's type (triples() makes only terms)
    for triple in triples(nodes):
        add(triple, graph)
    out = io.BytesIO()
    serializer = _serializer()(graph, keep)
    serializer.serialize(out, encoding="utf-8")
    labels = {iri: serializer.label(rdflib.URIRef(iri), OBJECT) for iri in objects}
    return Written(out.getvalue(), serializer.statements, labels)


def _context_graph() -> "rdflib.Graph":
    """An empty graph binding the context's prefixes and no other."""
    import rdflib

    graph = rdflib.Graph(store="SimpleMemory", bind_namespaces="none")  # one graph, no contexts: less to index
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, rdflib.Namespace(namespace))
    return graph


# The serializer compose() has rdflib write statements with, over one graph of the context's prefixes (and no
# triples) for the process, and those prefixes' namespaces as it reads them.
_writer: Any = None

# The statements rdflib wrote for nodes that recur from one service's graph to the next (the organisation, its
# location, the languages, channel and audience concepts, ...), by the node's JSON (sorted keys), most recently used
# last; at most REMEMBERED of them, so a process building thousands of forms holds no more.
_written: OrderedDict[bytes, Statement] = OrderedDict()


def compose(nodes: Sequence[dict[str, Any]], fresh: Collection[str], objects: Iterable[str] = ()) -> Written:
    """What :func:`serialize` writes for ``nodes`` (the statement of every subject), rdflib writing only the
    statements it has not written before in this process.

    A subject's statement is written from its own triples and the bound prefixes alone (see :class:`Statement`),
    and a node's triples from the node alone (:func:`triples`), so a node seen before has the statement rdflib
    wrote for it then; the document is put together from the statements as rdflib orders them (:func:`order`,
    :func:`document`). The nodes with an IRI in ``fresh`` (a service's own nodes: no other graph has them) are
    not looked up, and a statement naming one of them is not kept. rdflib writes the whole graph itself when a
    statement declares a prefix it generated (the context names every predicate: never so far)."""
    from rdflib import URIRef
    from rdflib.plugins.serializers.turtle import OBJECT

    statements: dict[str, Statement] = {}
    keys: dict[str, bytes] = {}
    asked = []
    for node in nodes:
        iri = node["@id"]
        if iri not in fresh:
            key = keys[iri] = orjson.dumps(node, option=orjson.OPT_SORT_KEYS)
            statement = _written.get(key)
            if statement is not None:
                _written.move_to_end(key)
                statements[iri] = statement
                continue
        asked.append(node)
    global _writer
    if _writer is None:
        _writer = _serializer()(_context_graph(), None)
    written = _writer.statements_of(asked)
    labels = {iri: _writer.label(URIRef(iri), OBJECT) for iri in objects}
    if frozenset(_writer._bound) != _CONTEXT_BOUND:  # rdflib bound a prefix it generated: to its own serializer, whole
        _writer = None
        return serialize(nodes, None, objects)
    for iri, statement in written.items():
        statements[iri] = statement
        key = keys.get(iri)
        if key is not None and not any(obj in fresh for obj in statement.objects):
            _written[key] = statement
            if len(_written) > REMEMBERED:
                _written.popitem(last=False)
    references: dict[str, int] = {}
    for statement in statements.values():
        for obj in statement.objects:
            references[obj] = references.get(obj, 0) + 1
    text = document([statements[iri].text for iri in order(statements, references)],
                    set().union(*(statement.prefixes for statement in statements.values())))
    return Written(text, statements, labels)


def prepare() -> None:
    """Import rdflib and what :func:`compose` uses first (its serializer class, the context's terms, its store)."""
    _serializer()
    _terms()
    _context_graph()


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
