"""``catalogue.jsonld`` and ``catalogue.ttl`` put together from the services' parts kept in their summaries.

The reference is the catalogue merged node by node from every node each service adds
(:func:`jsonld.catalogue_graph`) and written whole (:func:`jsonld.document`, rdflib's Turtle serializer through
:func:`rdf.turtle`): the assembled files must be those bytes, for the shipped library, the examples, and generated
libraries with awkward services (shared life events, texts with line breaks and quotes, many languages, pages at
other services' IRIs, IRIs under the context's namespaces). An incremental build after one form changed must give
the catalogue files of a cold build.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import formc
from formc.build import build
from formc.targets_api import BuildContext, load_target, stored
from formc.vocabulary import LIFE_EVENTS

from formc.targets.catalog import catalogue, jsonld, library_languages, rdf

REPO = Path(__file__).resolve().parents[2]
SMALL = Path(__file__).resolve().parent / "projects" / "small"
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "formc.yaml").is_file())
BASE_URLS = [None, "https://www.lillesand.kommune.no/skjema/"]


class _Added(jsonld.Graph):
    """Every node :func:`jsonld.add_service` adds, in order, none merged."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[dict[str, Any]] = []

    def add(self, node: dict[str, Any]) -> str:
        self.added.append(node)
        return node["@id"]


def _reference(project: Any, ctx: BuildContext, languages: tuple[str, ...]) -> dict[str, bytes]:
    """The catalogue merged from every node every service adds, written whole."""
    services = []
    for ident in sorted(project.forms):
        graph = _Added()
        services.append((jsonld.add_service(graph, project.forms[ident], ctx), graph.added))
    nodes = jsonld.catalogue_graph(services, ctx, languages).sorted_nodes()
    return {"catalogue.jsonld": jsonld.document(nodes), "catalogue.ttl": rdf.turtle(nodes)}


def _assembled(project: Any, ctx: BuildContext) -> tuple[dict[str, bytes], tuple[str, ...]]:
    target = load_target("catalog")
    summaries = [stored(target.summarise(project.forms[ident], ctx)) for ident in sorted(project.forms)]
    files = {f.path: f.content for f in target.emit_shared(summaries, ctx) if f.path.startswith("catalogue.")}
    return files, library_languages(summaries)


def _whole_graph_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("the catalogue was merged whole: a collision of IRIs was found where there is none")

    monkeypatch.setattr(catalogue, "_merged", fail)


@pytest.mark.parametrize("base_url", BASE_URLS)
@pytest.mark.parametrize("root", [REPO, SMALL, *EXAMPLES], ids=lambda p: p.name)
def test_assembled_catalogue_is_the_whole_graph_written(root: Path, base_url: str | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project = formc.load(root)
    ctx = BuildContext(project.organisation, None, base_url)
    _whole_graph_not_used(monkeypatch)  # these libraries have no colliding IRIs: the parts are put together
    files, languages = _assembled(project, ctx)
    assert files == _reference(project, ctx, languages)


def test_service_documents_are_the_graph_written_whole(shipped: Any) -> None:
    """``<form-id>.ttl`` is written while the statements are kept: the same bytes as rdflib's for the graph."""
    for base_url in BASE_URLS:
        ctx = BuildContext(shipped.organisation, None, base_url)
        for form in shipped.forms.values():
            rendering = catalogue.render(form, ctx)
            nodes = jsonld.service_parts(form, ctx).graph.sorted_nodes()
            assert rendering.turtle == rdf.turtle(nodes) and rendering.jsonld == jsonld.document(nodes), form.id


def test_a_page_at_another_services_iri_merges_the_whole_catalogue(tmp_path: Path) -> None:
    """A contact page at another service's IRI is one node with that service: the catalogue is merged whole."""
    base = "https://k.example/"
    project = _project(tmp_path, base, [
        _form("a", ["nb"], {"channels": ["web"]}),
        _form("b", ["nb"], {"channels": ["web"], "contact": {"url": f"{base}catalog/a.jsonld#service"}}),
    ])
    ctx = BuildContext(project.organisation, None, base)
    merged: list[bool] = []
    real = catalogue._merged

    def spy(*args: Any) -> tuple[bytes, bytes]:
        merged.append(True)
        return real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalogue, "_merged", spy)
        files, languages = _assembled(project, ctx)
    assert merged
    reference = _reference(project, ctx, languages)
    assert files == reference
    assert b'"foaf:Document"' in reference["catalogue.jsonld"]  # the page's type joined the service's node


def test_a_text_holding_the_lists_stand_in_is_written_right(tmp_path: Path) -> None:
    """The catalogue's list of services is handed to rdflib as one stand-in IRI, replaced in what it writes; a
    catalogue title that holds the stand-in's label too is written without the stand-in."""
    project = _project(tmp_path, None, [_form(ident, ["nb"], {"channels": ["web"]}) for ident in ("a", "b")],
                       name="<urn:formc:catalogue:list-0>")
    ctx = BuildContext(project.organisation, None, None)
    files, languages = _assembled(project, ctx)
    assert files == _reference(project, ctx, languages)
    assert b"Tjenester \xe2\x80\x93 <urn:formc:catalogue:list-0>" in files["catalogue.ttl"]


# --- generated libraries -----------------------------------------------------------------------------------------

IDS = ["a", "a-b", "ab", "b", "a-0", "z"]
LANGUAGES = ["nb", "nn", "en", "da", "sv", "de", "se", "nb-NO"]
# texts with line breaks (and empty lines), quotes, backslashes, markup and non-Latin characters
TEXT = st.lists(st.sampled_from(list('aZæØå "\'\\\n#:<>&{}-.@%()_') + ["\n\n", "  ", "\u00a0", "😀"]),
                max_size=12).map("".join)


def _pages(base: str | None) -> list[str]:
    """Pages a service may link: shared by services, at another service's or the catalogue's IRI, under the
    context's namespaces (written with a prefix), the class foaf:Document itself, a local name rdflib cannot use."""
    pages = ["https://lovdata.no/lov/2008-06-27-71", "http://purl.org/dc/terms/x", "http://xmlns.com/foaf/0.1/Document",
             "http://data.europa.eu/m8g/a.b.", "http://www.w3.org/ns/dcat#x(1)", "https://example.org/p?a=1&b=%41",
             "https://data.brreg.no/enhetsregisteret/api/enheter/974760673"]
    if base:
        pages += [f"{base}catalog/a.nb.html", f"{base}catalog/index.nb.html", f"{base}catalog/a.jsonld#service",
                  f"{base}catalog/catalogue.jsonld#contact-point", f"{base}catalog/b.jsonld#cost"]
    return pages


def _form(ident: str, languages: list[str], service: dict[str, Any], files: int = 0) -> dict[str, Any]:
    fields = [{"id": "name", "type": "text", "label": {lang: "Navn" for lang in languages}}]
    fields += [{"id": f"doc{n}", "type": "file", "label": {lang: f"Vedlegg {n}" for lang in languages},
                **({"hint": {lang: "Et \"bilde\"\n\nhjelper" for lang in languages}} if n % 2 else {})}
               for n in range(files)]
    return {"formc": 1, "kind": "form", "id": ident, "version": "1.0.0", "languages": languages,
            "title": {lang: f"Skjema {ident} ({lang})" for lang in languages}, "service": service,
            "pages": [{"id": "main", "fields": fields}]}


def _project(root: Path, base: str | None, forms: list[dict[str, Any]], org_number: bool = True,
             name: str = "Testvik kommune") -> Any:
    settings: dict[str, Any] = {"formc": 1, "definitions": "forms", "organisation": {
        "name": {"nb": name, "en": "Testvik Municipality"}, "email": "post@testvik.example",
        "url": "https://testvik.example", **({"org_number": "974760673", "municipality_number": "9999"}
                                             if org_number else {})}}
    if base:
        settings["base_url"] = base
    (root / "forms").mkdir(parents=True, exist_ok=True)
    (root / "formc.yaml").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    for form in forms:
        (root / "forms" / f"{form['id']}.yaml").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    return formc.load(root)


@st.composite
def _services(draw: st.DrawFn, base: str | None) -> tuple[list[dict[str, Any]], bool]:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=4, unique=True))
    pages = _pages(base)
    forms = []
    for ident in ids:
        languages = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=4, unique=True))

        def text() -> dict[str, str]:
            return {lang: "x" + draw(TEXT) for lang in languages}

        service: dict[str, Any] = {
            "description": text(),
            "channels": draw(st.lists(st.sampled_from(["web", "counter", "phone", "letter", "email"]), min_size=1,
                                      max_size=3, unique=True)),
            "audience": draw(st.lists(st.sampled_from(["citizen", "business"]), max_size=2, unique=True)),
            "life_events": draw(st.lists(st.sampled_from(list(LIFE_EVENTS)), max_size=3, unique=True)),
            "keywords": [text() for _ in range(draw(st.integers(0, 2)))],
            "legal_basis": [{"title": text(), **({"url": url} if url else {})}
                            for url in draw(st.lists(st.none() | st.sampled_from(pages), max_size=3))],
        }
        if draw(st.booleans()):
            service["fee"] = {"amount": draw(st.sampled_from([0, 250, 1250.5, 99.99])), "currency": "NOK",
                              **({"description": text()} if draw(st.booleans()) else {})}
        if draw(st.booleans()):
            service["processing_time"] = draw(st.sampled_from(["P4W", "P1Y6M", "PT15M", "P2D"]))
        if draw(st.booleans()):
            contact: dict[str, Any] = {"email": f"{ident}@testvik.example"}
            url = draw(st.none() | st.sampled_from(pages))
            if url:
                contact["url"] = url
            if draw(st.booleans()):
                contact["opening_hours"] = text()
            service["contact"] = contact
        forms.append(_form(ident, languages, service, draw(st.integers(0, 2))))
    return forms, draw(st.booleans())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([None, "https://k.example/", "http://purl.org/dc/terms/"]).flatmap(
    lambda base: st.tuples(st.just(base), _services(base))))
def test_generated_libraries_assemble_to_the_whole_graph(case: tuple[str | None, tuple[list, bool]]) -> None:
    base, (forms, org_number) = case
    with tempfile.TemporaryDirectory() as folder:
        project = _project(Path(folder), base, forms, org_number)
        assert sorted(project.forms) == sorted(f["id"] for f in forms)
        ctx = BuildContext(project.organisation, None, base)
        files, languages = _assembled(project, ctx)
        assert files == _reference(project, ctx, languages)


def _plain_rdflib(nodes: list[dict[str, Any]]) -> bytes:
    """The nodes' triples written by rdflib's own Turtle serializer, with the context's prefixes bound."""
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    for triple in rdf.triples(nodes):
        graph.add(triple)
    for prefix, namespace in rdf.NAMESPACES.items():
        graph.bind(prefix, rdflib.Namespace(namespace))
    return graph.serialize(format="turtle", encoding="utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([None, "https://k.example/", "http://purl.org/dc/terms/"]).flatmap(
    lambda base: st.tuples(st.just(base), _services(base))))
def test_generated_service_documents_are_what_rdflib_writes(case: tuple[str | None, tuple[list, bool]]) -> None:
    """``<form-id>.ttl`` is put together from the statements rdflib wrote for this service's nodes and those it
    wrote for the same nodes in earlier services' graphs (kept for the process, with the prefixed names and labels
    of the context's IRIs, across every example here): the bytes rdflib's own serializer writes for the graph."""
    base, (forms, org_number) = case
    with tempfile.TemporaryDirectory() as folder:
        project = _project(Path(folder), base, forms, org_number)
        ctx = BuildContext(project.organisation, None, base)
        for ident in sorted(project.forms):
            nodes = jsonld.service_parts(project.forms[ident], ctx).graph.sorted_nodes()
            assert catalogue.render(project.forms[ident], ctx).turtle == _plain_rdflib(nodes), ident


def test_recurring_nodes_are_written_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The organisation, its location, the languages and the concepts two services share are handed to rdflib for
    the first service's document only (one serializer, over a graph that binds the context's prefixes, writes the
    statements of both); both documents are rdflib's bytes."""
    project = _project(tmp_path, None, [_form(ident, ["nb", "en"], {"channels": ["web"], "audience": ["citizen"]})
                                        for ident in ("a", "b")])
    ctx = BuildContext(project.organisation, None, None)
    monkeypatch.setattr(rdf, "_written", type(rdf._written)())
    asked: list[list[str]] = []
    serializer = rdf._serializer()
    statements_of = serializer.statements_of

    def spy(self: Any, nodes: list[dict[str, Any]]) -> Any:
        asked.append([node["@id"] for node in nodes])
        return statements_of(self, nodes)

    monkeypatch.setattr(serializer, "statements_of", spy)
    for ident in ("a", "b"):
        form = project.forms[ident]
        nodes = jsonld.service_parts(form, ctx).graph.sorted_nodes()
        assert catalogue.render(form, ctx).turtle == _plain_rdflib(nodes)
    first, second = asked
    assert "urn:formc:catalog:catalogue#channel-type-web" in first and "urn:formc:catalog:b#service" in second
    assert sorted(second) == sorted(iri for iri in second if iri.startswith("urn:formc:catalog:b#"))


def test_incremental_build_gives_the_catalogue_of_a_cold_build(tmp_path: Path) -> None:
    """One form gains life events (shared nodes) and a page, another is removed: the catalogue files of the build
    that reused the other forms' summaries are those of a cold build."""
    base = "https://k.example/"
    forms = [_form(ident, ["nb", "en"], {"channels": ["web", "counter"], "life_events": ["moving"],
                                         "contact": {"email": f"{ident}@testvik.example", "opening_hours":
                                                     {"nb": "Hverdager\n08–15", "en": "Weekdays \"8–15\""}}})
             for ident in ("a", "a-b", "b", "c")]
    project = tmp_path / "project"
    _project(project, base, forms)
    out = tmp_path / "out"
    assert build(project, out, ["catalog"], jobs=1).ok

    forms[1]["service"]["life_events"] = ["having-a-child", "moving"]
    forms[1]["service"]["legal_basis"] = [{"title": {"nb": "Lov", "en": "Act"}, "url": "https://lovdata.no/lov/1"}]
    (project / "forms" / "a-b.yaml").write_text(json.dumps(forms[1], ensure_ascii=False), encoding="utf-8")
    (project / "forms" / "c.yaml").unlink()
    rebuilt = build(project, out, ["catalog"], jobs=1)
    assert rebuilt.ok and rebuilt.built == 1, rebuilt.diagnostics

    cold = tmp_path / "cold"
    shutil.copytree(project, cold / "project")
    assert build(cold / "project", cold / "out", ["catalog"], jobs=1).ok
    for name in ("catalogue.jsonld", "catalogue.ttl"):
        assert (out / "catalog" / name).read_bytes() == (cold / "out" / "catalog" / name).read_bytes(), name
    assert b"having-a-child" in (out / "catalog" / "catalogue.ttl").read_bytes()
    assert b"catalog/c.jsonld" not in (out / "catalog" / "catalogue.ttl").read_bytes()


@given(st.lists(st.one_of(
    st.builds(lambda iri: {"@id": iri}, st.text(st.sampled_from(list('ab#/:"\\\x00\x1f\x7f ') + ["\u2028", "æ"]))),
    st.text(max_size=3), st.dictionaries(st.sampled_from(["nb", "en"]), st.text(max_size=2), max_size=2)),
    max_size=8))
def test_values_sort_by_their_json(values: list[Any]) -> None:
    """References sort by IRI where that is their JSON's order; the document lists values by their JSON."""
    expected = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    graph = jsonld.Graph()
    graph.add({"@id": "urn:x", "hasChannel": values})
    assert graph.sorted_nodes()[0].get("hasChannel", []) == expected


def test_the_serializer_follows_a_prefix_rdflib_generates() -> None:
    """rdflib binds a generated prefix (ns1) for a predicate outside the context; an object in that namespace
    is then written with it, as rdflib's own serializer does."""
    import io

    import rdflib

    graph = rdf._context_graph()
    subject = rdflib.URIRef("http://example.org/a/s")
    graph.add((subject, rdflib.URIRef("http://example.org/v/p"), rdflib.URIRef("http://example.org/v/o")))
    graph.add((subject, rdflib.URIRef("http://purl.org/dc/terms/title"), rdflib.Literal("x")))
    out = io.BytesIO()
    rdf._serializer()(graph).serialize(out, encoding="utf-8")
    assert b"ns1:p ns1:o" in out.getvalue()
    assert out.getvalue() == graph.serialize(format="turtle", encoding="utf-8")


def test_names_kept_for_the_context_are_not_used_once_rdflib_generates_a_prefix() -> None:
    """An IRI first named as an object in a namespace no prefix is bound to (no prefixed name), then as a predicate
    (rdflib binds ns1 to it): written as rdflib writes it, ns1 and all; the names kept for graphs binding only the
    context's prefixes (made just before) are not used for this one."""
    import io

    import rdflib

    rdf.serialize([{"@id": "http://example.org/v/s", "@type": "foaf:Document", "title": {"nb": "x"}}])
    graph = rdf._context_graph()
    subject = rdflib.URIRef("http://example.org/v/s")
    graph.add((subject, rdflib.URIRef("http://purl.org/dc/terms/relation"), rdflib.URIRef("http://example.org/v/o")))
    graph.add((subject, rdflib.URIRef("http://example.org/v/p"), rdflib.Literal("x")))
    graph.add((subject, rdflib.RDF.type, rdflib.URIRef("http://xmlns.com/foaf/0.1/Document")))
    out = io.BytesIO()
    rdf._serializer()(graph).serialize(out, encoding="utf-8")
    assert b"dct:relation ns1:o" in out.getvalue()
    assert out.getvalue() == graph.serialize(format="turtle", encoding="utf-8")


def test_a_prefix_rdflib_generates_in_a_composed_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a predicate outside the context's namespaces named (a term added to the context), rdflib would bind a
    prefix it generates (ns1) in the graph compose() shares between documents: that document is written whole by
    rdflib, and the next one over a graph of the context's prefixes again."""
    import rdflib

    monkeypatch.setitem(rdf._terms(), "other", (rdflib.URIRef("http://example.org/v/p"), False, None))
    monkeypatch.setattr(rdf, "_written", type(rdf._written)())
    odd = [{"@id": "urn:x:a", "@type": "foaf:Document", "other": "x", "title": {"nb": "a"}},
           {"@id": "urn:x:b", "@type": "foaf:Document", "title": {"nb": "b"}}]
    plain = [{"@id": "urn:x:c", "@type": "foaf:Document", "title": {"nb": "c"}},
             {"@id": "urn:x:b", "@type": "foaf:Document", "title": {"nb": "b"}}]
    for nodes in (odd, plain, odd):
        written = rdf.compose(nodes, {nodes[0]["@id"]}, [nodes[0]["@id"]])
        assert written.text == _plain_rdflib(nodes)
        assert written.labels == {nodes[0]["@id"]: f"<{nodes[0]['@id']}>"}
    assert b"ns1:p" in rdf.compose(odd, set()).text
    assert frozenset(rdf._writer._bound if rdf._writer else ()) in (frozenset(), rdf._CONTEXT_BOUND)
