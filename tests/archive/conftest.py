"""Fixtures of the archive tests: the test project, the official schemas and code lists, a fast receipt stand-in."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from lxml import etree

import formc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # archive_strategies

ARKIVMELDING_XSD = "fiks-arkiv/V1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"
ARKIVSTRUKTUR_XSD = "fiks-arkiv/V1/arkivstruktur.xsd"
NOARK5_ARKIVSTRUKTUR_XSD = "noark5-arkivstruktur/arkivstruktur.xsd"
NOARK5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
METADATA_XSD = Path(__file__).resolve().parents[2] / "formc" / "targets" / "noark" / "static" / "formc-noark-metadata.xsd"


@pytest.fixture(scope="session")
def alltypes_dir() -> Path:
    return HERE / "projects" / "alltypes"


@pytest.fixture(scope="session")
def alltypes(alltypes_dir: Path) -> formc.Project:
    return formc.load(alltypes_dir)


@pytest.fixture(scope="session")
def permit(alltypes: formc.Project):
    return alltypes.forms["permit"]


def _schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser))


@pytest.fixture(scope="session")
def arkivmelding_schema(standards: Path) -> etree.XMLSchema:
    return _schema(standards / ARKIVMELDING_XSD)


@pytest.fixture(scope="session")
def arkivstruktur_schema(standards: Path) -> etree.XMLSchema:
    return _schema(standards / ARKIVSTRUKTUR_XSD)


@pytest.fixture(scope="session")
def klassifikasjonssystem_schema(standards: Path, tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    """Arkivverket's Noark 5 v5.0 arkivstruktur.xsd, with ``klassifikasjonssystem`` as a root element.

    The schema declares only ``arkiv`` globally; this wrapper includes it unchanged (same target namespace) and
    declares one more global element of its ``klassifikasjonssystem`` type, so a plan fragment validates alone.
    """
    included = (standards / NOARK5_ARKIVSTRUKTUR_XSD).resolve().as_uri()
    wrapper = tmp_path_factory.mktemp("noark5") / "klassifikasjonssystem.xsd"
    wrapper.write_text(f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{NOARK5}"
    targetNamespace="{NOARK5}" elementFormDefault="qualified">
  <xs:include schemaLocation="{included}"/>
  <xs:element name="klassifikasjonssystem" type="klassifikasjonssystem"/>
</xs:schema>""", encoding="utf-8")
    return _schema(wrapper)


@pytest.fixture(scope="session")
def metadata_schema() -> etree.XMLSchema:
    return _schema(METADATA_XSD)


@pytest.fixture(scope="session")
def code_lists(standards: Path) -> dict[str, dict[str, str]]:
    """Fiks Arkiv V1 code lists: list name → {code: description}."""
    lists = {}
    for path in sorted((standards / "fiks-arkiv" / "V1" / "kodelister").glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        lists[content["navn"].lower()] = {c["kodeverdi"]: c["kodebeskrivelse"] for c in content["kodeliste"]}
    return lists


@pytest.fixture
def fake_receipt(monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Replace the PDF/A renderer with a fixed stand-in, for tests about everything but the PDF."""
    content = b"%PDF-1.7\n% formc test stand-in\n"
    module = types.ModuleType("formc.runtime.receipt")
    module.render_receipt = lambda *args: content  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "formc.runtime.receipt", module)
    return content
