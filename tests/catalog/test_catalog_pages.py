"""The catalog target's HTML: file names, languages, links, structure, wording and determinism."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import lxml.html
import pytest

import formc
import formc.targets.catalog
from formc.periods import Period
from formc.targets_api import BuildContext, load_target, shared_files
from formc.vocabulary import LIFE_EVENTS
from formc.targets.catalog import texts



def _doc(path: Path):
    return lxml.html.fromstring(path.read_bytes())


@pytest.mark.parametrize(("period", "lang", "expected"), [
    ("P4W", "nb", "4\u00a0uker"), ("P4W", "nn", "4\u00a0veker"), ("P4W", "en", "4\u00a0weeks"),
    ("P1W", "nn", "1\u00a0veke"), ("P1Y6M", "nb", "1\u00a0år og 6\u00a0måneder"),
    ("P1DT2H30M", "en", "1\u00a0day, 2\u00a0hours and 30\u00a0minutes"), ("PT15M", "sv", "15\u00a0minuter"),
    ("P3D", "da", "3\u00a0dage"), ("P2M", "se", "2\u00a0months"),
])
def test_periods_read_as_words(period: str, lang: str, expected: str) -> None:
    assert texts.period_text(Period.parse(period), lang) == expected


def test_money_uses_the_language_separators() -> None:
    assert texts.money_text(1250.5, "NOK", "nb") == "1\u00a0250,50\u00a0NOK"
    assert texts.money_text(1250, "NOK", "en") == "1,250\u00a0NOK"


def test_files_per_form_and_language(small_catalog: Path) -> None:
    names = sorted(p.name for p in small_catalog.iterdir())
    assert names == ["bench-repair.en.html", "bench-repair.jsonld", "bench-repair.nb.html", "bench-repair.ttl",
                     "catalog.css", "catalogue.jsonld", "catalogue.ttl", "index.en.html", "index.nb.html",
                     "tree-report.jsonld", "tree-report.nb.html", "tree-report.ttl"]


def test_pages_declare_their_language_and_link_the_others(small_catalog: Path) -> None:
    for lang, other in (("nb", "en"), ("en", "nb")):
        for stem in ("bench-repair", "index"):
            doc = _doc(small_catalog / f"{stem}.{lang}.html")
            assert doc.get("lang") == lang
            [link] = doc.xpath("//nav[contains(@class, 'languages')]//a")
            assert (link.get("href"), link.get("hreflang"), link.get("lang")) == (f"{stem}.{other}.html", other, other)
            assert doc.xpath("//head/link[@rel='alternate'][@hreflang]/@href") == [f"{stem}.{other}.html"]
    assert not _doc(small_catalog / "tree-report.nb.html").xpath("//nav[contains(@class, 'languages')]")


def test_skip_link_headings_and_no_inline_code(small_catalog: Path) -> None:
    for page in sorted(small_catalog.glob("*.html")):
        doc = _doc(page)
        skip = doc.xpath("//body/*[1]")[0]
        assert skip.tag == "a" and skip.get("href") == "#main" and doc.xpath("//main[@id='main']"), page.name
        levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, page.name
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (page.name, levels)
        assert not doc.xpath("//script | //style | //*[@style] | //*[starts-with(name(@*), 'on')]"), page.name
        assert doc.xpath("//head/link[@rel='stylesheet']/@href") == ["catalog.css"], page.name


def test_service_page_content(small_catalog: Path) -> None:
    doc = _doc(small_catalog / "bench-repair.nb.html")
    text = doc.text_content()
    assert doc.xpath("//h1")[0].text_content() == "Søknad om benkereparasjon"
    assert doc.xpath("//a[@class='button']/@href") == ["../html/bench-repair.nb.html"]
    assert doc.xpath("//a[@type='application/pdf']/@href") == ["../print/bench-repair.nb.pdf"]
    for expected in ("Be kommunen reparere en benk i parken.", "Privatpersoner", "Bedrifter og organisasjoner",
                     "4\u00a0uker", "1\u00a0250,50\u00a0NOK", "Betales ved innsending.", "Ved oppmøte på servicetorget",
                     "Hverdager 08–15", "Lokal forskrift om parker"):
        assert expected in text, expected
    assert doc.xpath("//a[@href='https://lovdata.no/lov/2008-06-27-71']")[0].text == "Plan- og bygningsloven"
    assert doc.xpath("//a[starts-with(@href, 'mailto:')]/@href") == ["mailto:park@testvik.example"]
    assert doc.xpath("//a[starts-with(@href, 'tel:')]/@href") == ["tel:+4799999998"]
    rows = [[cell.text_content() for cell in row] for row in doc.xpath("//table[@class='process']/tbody/tr")]
    assert rows == [["1. Du sender søknaden", "Du", "Manuelt", "15\u00a0minutter"],
                    ["2. Kvittering sendes", "Systemet", "Automatisk", "–"],
                    ["3. Vi vurderer saken", "Saksbehandler", "Manuelt", "1\u00a0år og 6\u00a0måneder"]]
    assert doc.xpath("//dd/a[starts-with(@href, 'index.nb.html#')]/@href") == [
        "index.nb.html#housing-and-building", "index.nb.html#leisure-and-culture"]


def test_a_web_only_service_links_no_paper_form_and_falls_back_to_the_organisation(small_catalog: Path) -> None:
    doc = _doc(small_catalog / "tree-report.nb.html")
    assert doc.xpath("//a[@class='button']/@href") == ["../html/tree-report.nb.html"]
    assert not doc.xpath("//a[@type='application/pdf']")
    assert doc.xpath("//a[starts-with(@href, 'mailto:')]/@href") == ["mailto:post@testvik.example"]
    assert "Ikke oppgitt" in doc.text_content()


def test_index_groups_by_life_event(small_catalog: Path) -> None:
    doc = _doc(small_catalog / "index.en.html")
    groups = {section.xpath("h2/@id")[0]: (section.xpath("h2")[0].text_content(), section.xpath(".//ul/li/a/@href"))
              for section in doc.xpath("//section[@class='group']")}
    assert groups == {
        "housing-and-building": (LIFE_EVENTS["housing-and-building"]["en"], ["bench-repair.en.html"]),
        "leisure-and-culture": (LIFE_EVENTS["leisure-and-culture"]["en"], ["bench-repair.en.html"]),
        "other": ("Other services", ["tree-report.nb.html"]),
    }
    [fallback] = doc.xpath("//a[@href='tree-report.nb.html']")
    assert (fallback.get("hreflang"), fallback.get("lang")) == ("nb", "nb")
    assert doc.xpath("//nav[@class='toc']//a/@href") == ["#housing-and-building", "#leisure-and-culture", "#other"]


def test_labels_without_a_translation_are_marked_english(tmp_path: Path, catalog_builder) -> None:
    project = tmp_path / "se"
    (project / "forms").mkdir(parents=True)
    (project / "formc.yaml").write_text("formc: 1\norganisation: {name: {se: Ávjovári gielda}}\n", encoding="utf-8")
    (project / "forms" / "a.yaml").write_text(
        "formc: 1\nkind: form\nid: a\nversion: 1.0.0\nlanguages: [se]\ntitle: Ohcan\n"
        "service: {description: Ohcan, processing_time: P2W, life_events: [moving]}\n"
        "pages: [{id: p, fields: [{id: x, type: text, label: X}]}]\n", encoding="utf-8")
    doc = _doc(catalog_builder(project, tmp_path / "out") / "a.se.html")
    assert doc.get("lang") == "se"
    assert doc.xpath("//a[@class='skip-link']/span[@lang='en']")[0].text == "Skip to main content"
    assert "2\u00a0weeks" in doc.xpath("//dd/span[@lang='en']/text()")
    assert doc.xpath("//dd/a[@href='index.se.html#moving']")[0].text_content() == LIFE_EVENTS["moving"]["se"]


def test_output_is_deterministic(tmp_path: Path, small_project: Path, small_catalog: Path, catalog_builder) -> None:
    again = catalog_builder(small_project, tmp_path)
    for path in sorted(small_catalog.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_project_can_override_templates_and_css(tmp_path: Path, small_project: Path) -> None:
    overrides = tmp_path / "overrides" / "catalog"
    (overrides / "templates").mkdir(parents=True)
    (overrides / "static").mkdir()
    (overrides / "static" / "catalog.css").write_text("body { color: black; }\n")
    shipped = (Path(formc.targets.catalog.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    (overrides / "templates" / "base.html").write_text(shipped.replace("<body>", '<body class="ours">'), encoding="utf-8")
    project = formc.load(small_project)
    ctx = BuildContext(project.organisation, None, None, tmp_path / "overrides")
    target = load_target("catalog")
    page = {f.path: f.content for f in target.emit_form(project.forms["tree-report"], ctx)}["tree-report.nb.html"]
    assert b'<body class="ours">' in page
    shared = {f.path: f.content for f in shared_files(target, list(project.forms.values()), ctx)}
    assert shared["catalog.css"] == b"body { color: black; }\n"


def test_an_override_reads_the_view_records_as_keys_and_mappings(tmp_path: Path, small_project: Path) -> None:
    """The view's records read as attributes in the shipped templates; an override may read them as keys, test
    them and walk them as mappings, as it could when they were dicts."""
    overrides = tmp_path / "overrides" / "catalog" / "templates"
    overrides.mkdir(parents=True)
    shipped = (Path(formc.targets.catalog.__file__).parent / "templates" / "service.html").read_text(encoding="utf-8")
    probe = ('<p id="probe">{{ ui["skip"] }}|{{ contact["email"] }}|{{ "email" in contact }}|'
             '{% for key, value in contact.items() %}{{ key }}={{ value }};{% endfor %}|{{ ui | length }}|'
             '{{ steps[0]["actor"] if steps }}|{{ contact.nothing is undefined }}|{{ contact["nothing"] is undefined }}</p>')
    (overrides / "service.html").write_text(shipped.replace("{% block main %}", "{% block main %}" + probe), encoding="utf-8")
    project = formc.load(small_project)
    ctx = BuildContext(project.organisation, None, None, tmp_path / "overrides")
    form = project.forms["bench-repair"]
    page = {f.path: f.content for f in load_target("catalog").emit_form(form, ctx)}["bench-repair.nb.html"]
    [probe_text] = lxml.html.fromstring(page).xpath('//p[@id="probe"]/text()')
    view = formc.targets.catalog.service_view(form, ctx, "nb")
    contact = view["contact"]
    fields = "".join(f"{key}={value};" for key, value in dict(contact).items())  # None reads "None" in both
    steps = form.service.process
    assert probe_text == (f"{texts.plain(texts.LABELS['skip'], 'nb')}|{contact['email']}|True|{fields}|"
                          f"{len(texts.LABELS)}|{view['steps'][0]['actor'] if steps else ''}|True|True")
    assert contact["email"] and "phone" in contact


def test_shipped_library_pages_exist_for_every_form_and_language(shipped_catalog: Path, shipped) -> None:
    project = shipped
    for form in project.forms.values():
        for lang in form.languages:
            assert (shipped_catalog / f"{form.id}.{lang}.html").is_file()
        assert (shipped_catalog / f"{form.id}.jsonld").is_file()


def test_every_relative_link_resolves_in_a_full_build(tmp_path: Path, small_project: Path, monkeypatch) -> None:
    """The links to the web form, the paper PDF, other languages and the index exist when every target is built."""
    from formc.build import build

    # No forked PDF workers: they would inherit the session's Playwright pipes and hang its shutdown.
    monkeypatch.setenv("FORMC_PDF_WORKERS", "1")
    result = build(small_project, tmp_path)
    assert result.ok, [str(d) for d in result.diagnostics]
    catalog = tmp_path / "catalog"
    checked = 0
    for page in sorted(catalog.glob("*.html")):
        doc = _doc(page)
        for href in doc.xpath("//a/@href | //link/@href"):
            if href.startswith(("http:", "https:", "mailto:", "tel:", "#")):
                continue
            target = (catalog / href.split("#")[0]).resolve()
            assert target.is_file(), f"{page.name}: {href}"
            fragment = href.partition("#")[2]
            if fragment:
                assert _doc(target).xpath(f"//*[@id='{fragment}']"), f"{page.name}: {href}"
            checked += 1
    assert checked > 20


def test_warming_loads_what_a_service_page_needs(small_project: Path) -> None:
    """A watching build warms the targets while it waits (formc.targets_api.warm): after that, the catalogue's first
    form loads none of rdflib, Jinja or formc's templates — the first change is built as quickly as the next."""
    script = textwrap.dedent(f"""
        import sys
        import formc
        from formc.targets_api import BuildContext, load_target, warm
        project = formc.load({str(small_project)!r})
        ctx = BuildContext(project.organisation, None, None, None)
        target = load_target("catalog")
        warm(["catalog"], None)
        assert "rdflib" in sys.modules
        before = set(sys.modules)
        target.emit_form(project.forms["bench-repair"], ctx)
        print(sorted(m for m in set(sys.modules) - before if m.split(".")[0] in ("rdflib", "jinja2", "formc")))
    """)
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"
