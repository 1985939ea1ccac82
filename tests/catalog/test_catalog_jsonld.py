"""The catalog target's CPSV-AP JSON-LD: parsed offline, conforming to the official SHACL shapes, stable IRIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS

import formc
from formc.targets_api import BuildContext, load_target

CV = rdflib.Namespace("http://data.europa.eu/m8g/")
CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
DCATNO = rdflib.Namespace("https://data.norge.no/vocabulary/dcatno#")


@pytest.fixture
def graph_of(parse_jsonld):
    return lambda path: parse_jsonld(path.read_bytes())


def _violations(graph: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, int, str]:
    import pyshacl

    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    return conforms, len(set(results.subjects(SH.resultSeverity, SH.Violation))), text


def test_every_document_embeds_its_context(shipped_catalog: Path) -> None:
    """A remote context (a URL string, a list holding one, or @import) would need the network to parse."""
    for path in sorted(shipped_catalog.glob("*.jsonld")):
        context = json.loads(path.read_bytes())["@context"]
        assert isinstance(context, dict) and "@import" not in context, path.name


def test_shipped_documents_conform_to_the_shapes(shipped_catalog: Path, shapes: rdflib.Graph, graph_of) -> None:
    paths = sorted(shipped_catalog.glob("*.jsonld"))
    assert len(paths) > 2
    for path in paths:
        graph = graph_of(path)
        conforms, violations, text = _violations(graph, shapes)
        assert conforms and violations == 0, f"{path.name}:\n{text}"


def test_small_documents_conform_and_describe_the_service(small_catalog: Path, shapes: rdflib.Graph, graph_of) -> None:
    graph = graph_of(small_catalog / "bench-repair.jsonld")
    conforms, violations, text = _violations(graph, shapes)
    assert conforms and violations == 0, text
    service = rdflib.URIRef("urn:formc:catalog:bench-repair#service")
    assert (service, RDF.type, CPSV.PublicService) in graph
    assert set(graph.objects(service, DCTERMS.title)) == {
        rdflib.Literal("Søknad om benkereparasjon", lang="nb"), rdflib.Literal("Application for a bench repair", lang="en")}
    assert {lit.language for lit in graph.objects(service, DCTERMS.description)} == {"nb", "en"}
    assert graph.value(service, CV.processingTime) == rdflib.Literal("P28D", datatype=rdflib.XSD.duration)
    [authority] = graph.objects(service, CV.hasCompetentAuthority)
    assert (authority, RDF.type, CV.PublicOrganisation) in graph
    assert graph.value(authority, SKOS.prefLabel, any=True) is not None
    assert graph.value(authority, DCTERMS.spatial) is not None
    channel_types = {graph.value(graph.value(channel, DCTERMS.type), SKOS.notation) for channel in
                     graph.objects(service, CV.hasChannel)}
    assert channel_types == {rdflib.Literal(c) for c in ("web", "counter", "letter")}
    for channel in graph.objects(service, CV.hasChannel):
        assert (graph.value(channel, DCTERMS.type), RDF.type, SKOS.Concept) in graph
    [cost] = graph.objects(service, CV.hasCost)
    assert graph.value(cost, CV.hasValue).toPython() == 1250.5
    assert graph.value(cost, CV.currency) == rdflib.URIRef("http://publications.europa.eu/resource/authority/currency/NOK")
    legal = list(graph.objects(service, CV.hasLegalResource))
    assert len(legal) == 2 and all((r, RDF.type, ELI.LegalResource) in graph for r in legal)
    [contact] = graph.objects(service, CV.contactPoint)
    assert graph.value(contact, CV.email) == rdflib.Literal("park@testvik.example")
    events = set(graph.objects(service, CV.isGroupedBy))
    assert {graph.value(e, DCTERMS.identifier) for e in events} == {
        rdflib.Literal("housing-and-building"), rdflib.Literal("leisure-and-culture")}
    assert all((e, RDF.type, CV.LifeEvent) in graph and (e, RDF.type, CV.Event) in graph for e in events)
    [evidence] = graph.objects(service, CPSV.hasInput)
    assert graph.value(evidence, DCTERMS.identifier) == rdflib.Literal("bench-repair/photo")
    assert set(graph.objects(service, DCAT.keyword)) >= {rdflib.Literal("benk", lang="nb"), rdflib.Literal("bench", lang="en")}


def test_catalogue_lists_every_service(small_catalog: Path, shapes: rdflib.Graph, graph_of) -> None:
    graph = graph_of(small_catalog / "catalogue.jsonld")
    conforms, violations, text = _violations(graph, shapes)
    assert conforms and violations == 0, text
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert (catalogue, RDF.type, DCAT.Dataset) not in graph  # a harvester would list it as a dataset
    assert set(graph.objects(catalogue, DCATNO.containsService)) == set(graph.subjects(RDF.type, CPSV.PublicService)) == {
        rdflib.URIRef("urn:formc:catalog:bench-repair#service"), rdflib.URIRef("urn:formc:catalog:tree-report#service")}
    assert graph.value(catalogue, DCTERMS.publisher) is not None


def test_the_shapes_catch_untyped_concepts(small_catalog: Path, shapes: rdflib.Graph, graph_of) -> None:
    """The README's trap: sh:class values must be typed in the data; without the declarations the check fails."""
    graph = graph_of(small_catalog / "bench-repair.jsonld")
    graph.remove((None, RDF.type, SKOS.Concept))
    conforms, violations, _ = _violations(graph, shapes)
    assert not conforms and violations > 0


def test_iris_follow_base_url(small_project: Path, parse_jsonld) -> None:
    project = formc.load(small_project)
    ctx = BuildContext(project.organisation, None, "https://example.org/skjema", None)
    files = {f.path: f.content for f in load_target("catalog").emit_form(project.forms["bench-repair"], ctx)}
    graph = parse_jsonld(files["bench-repair.jsonld"])
    service = rdflib.URIRef("https://example.org/skjema/catalog/bench-repair.jsonld#service")
    assert (service, RDF.type, CPSV.PublicService) in graph
    authority = graph.value(service, CV.hasCompetentAuthority)
    assert authority == rdflib.URIRef("https://data.brreg.no/enhetsregisteret/api/enheter/974760673")
    assert graph.value(service, DCTERMS.identifier) == rdflib.Literal(str(service))  # stable, not the bare form id
    assert all(str(s).startswith(("https://", "http://", "mailto:")) for s in graph.subjects())


@pytest.mark.parametrize(("source", "expected"), [("P4W", "P28D"), ("P1Y2W3D", "P1Y17D"), ("PT15M", "PT15M"),
                                                  ("P1M1DT1H", "P1M1DT1H")])
def test_periods_become_valid_xsd_durations(source: str, expected: str) -> None:
    from formc.periods import Period
    from formc.targets.catalog.jsonld import xsd_duration

    assert xsd_duration(Period.parse(source)) == expected


NO_RULES = Path(__file__).parent / "shapes" / "cpsv-ap-no-rules.ttl"
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.fixture(scope="module")
def no_rules() -> rdflib.Graph:
    return rdflib.Graph().parse(NO_RULES, format="turtle")


def test_shipped_catalogue_fits_the_norwegian_profile(shipped_catalog: Path, shapes, no_rules, graph_of) -> None:
    """The shipped library is built with a base_url: every CPSV-AP-NO rule formc implements holds, and the EU
    shapes still do, in the JSON-LD and in the Turtle beside it (the same graph)."""
    graph = graph_of(shipped_catalog / "catalogue.jsonld")
    for rules in (shapes, no_rules):
        conforms, violations, text = _violations(graph, rules)
        assert conforms and violations == 0, text
    turtle = rdflib.Graph().parse(data=(shipped_catalog / "catalogue.ttl").read_bytes(), format="turtle")
    assert rdflib.compare.isomorphic(graph, turtle)
    for path in sorted(shipped_catalog.glob("*.ttl")):
        assert rdflib.compare.isomorphic(rdflib.Graph().parse(path, format="turtle"),
                                         graph_of(path.with_suffix(".jsonld"))), path.name
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    assert len(set(graph.objects(catalogue, DCATNO.containsService))) == 24
    # business events are not life events; channels say where they are reached
    serving = rdflib.URIRef("https://www.lillesand.kommune.no/skjema/catalog/serving-permit.jsonld#service")
    assert any((e, RDF.type, CV.BusinessEvent) in graph for e in graph.objects(serving, CV.isGroupedBy))
    urls = {str(u) for c in graph.objects(serving, CV.hasChannel) for u in graph.objects(c, VCARD.hasURL)}
    assert urls == {"https://www.lillesand.kommune.no/skjema/html/serving-permit.nb.html"}


def test_the_norwegian_rules_catch_what_the_eu_shapes_allow(shipped_catalog: Path, shapes, no_rules, graph_of) -> None:
    graph = graph_of(shipped_catalog / "catalogue.jsonld")
    CPSVNO = rdflib.Namespace("https://data.norge.no/vocabulary/cpsvno#")
    graph.remove((None, CPSVNO.hasOutputType, None))
    [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
    graph.add((catalogue, RDF.type, DCAT.Dataset))
    assert _violations(graph, shapes)[0]  # still fine for the EU shapes
    conforms, violations, text = _violations(graph, no_rules)
    assert not conforms and violations == 25, text  # 24 services without output type, a catalogue typed Dataset


@pytest.mark.parametrize("base_url", [None, "https://www.lillesand.kommune.no/skjema/"])
def test_turtle_is_what_rdflib_writes_for_the_jsonld(shipped, small_project: Path, base_url: str | None) -> None:
    """The Turtle is made from the graph's nodes without parsing the JSON-LD: it must hold the triples rdflib's
    JSON-LD parser reads from the document, and be the bytes rdflib's serializer writes for them."""
    import warnings

    from formc.targets.catalog import jsonld, rdf
    from formc.targets_api import stored

    for project in (shipped, formc.load(small_project)):
        ctx = BuildContext(project.organisation, None, base_url)
        target = load_target("catalog")
        summaries = [stored(target.summarise(project.forms[ident], ctx)) for ident in sorted(project.forms)]
        shared = {f.path: f.content for f in target.emit_shared(summaries, ctx)}
        documents = [(nodes, rdf.turtle(nodes)) for nodes in (jsonld.service_parts(form, ctx).graph.sorted_nodes()
                                                               for form in project.forms.values())]
        # the catalogue's Turtle, put together from the services' statements, is what rdflib writes too
        documents.append((json.loads(shared["catalogue.jsonld"])["@graph"], shared["catalogue.ttl"]))
        for nodes, turtle in documents:
            reference = rdflib.Graph(bind_namespaces="none")
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
                reference.parse(data=jsonld.document(nodes), format="json-ld")
            assert set(rdf.triples(nodes)) == set(reference)
            for prefix, namespace in jsonld.CONTEXT.items():
                if isinstance(namespace, str) and namespace.startswith("http"):
                    reference.bind(prefix, rdflib.Namespace(namespace))
            assert turtle == reference.serialize(format="turtle", encoding="utf-8")
