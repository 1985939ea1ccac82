"""The noark target: metadata valid against its own XSD, embedded Noark structure valid against Fiks Arkiv, goldens."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from lxml import etree

from formc.targets_api import BuildContext
from formc.targets.noark import FIXED_DATETIME, METADATA_XSD, TARGET

GOLDEN = Path(__file__).resolve().parent / "golden"
AS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivstruktur/v1"
FM = "urn:formc:noark-metadata:1"


def _outputs(project, form) -> dict[str, bytes]:
    return {f.path: f.content for f in TARGET.emit_form(form, BuildContext(project.organisation))}


def _wrap_in_archive(systems: list[etree._Element], form_id: str) -> etree._Element:
    """A minimal Fiks Arkiv arkiv > arkivdel around the embedded klassifikasjonssystem elements (uuid5 systemIDs)."""
    def el(parent, name, text=None):
        element = etree.SubElement(parent, f"{{{AS}}}{name}")
        element.text = text
        return element

    arkiv = etree.Element(f"{{{AS}}}arkiv", nsmap={None: AS})
    el(arkiv, "systemID", str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:formc:test:arkiv:{form_id}")))
    el(arkiv, "tittel", "Test")
    for name in ("opprettetDato", "opprettetAv", "avsluttetDato", "avsluttetAv"):
        el(arkiv, name, FIXED_DATETIME if name.endswith("Dato") else "test")
    skaper = el(arkiv, "arkivskaper")
    el(skaper, "arkivskaperID", "974760673")
    el(skaper, "arkivskaperNavn", "Test")
    del_ = el(arkiv, "arkivdel")
    el(del_, "systemID", str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:formc:test:arkivdel:{form_id}")))
    el(del_, "tittel", "Test")
    status = el(del_, "arkivdelstatus")
    etree.SubElement(status, "{https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1}kode").text = "A"
    for name in ("opprettetDato", "opprettetAv", "avsluttetDato", "avsluttetAv"):
        el(del_, name, FIXED_DATETIME if name.endswith("Dato") else "test")
    for system in systems:
        del_.append(system)
    return arkiv


def _check(project, form, metadata_schema, arkivstruktur_schema) -> None:
    outputs = _outputs(project, form)
    assert sorted(outputs) == [f"{form.id}.data.xsd", f"{form.id}.noark.xml"]
    root = etree.fromstring(outputs[f"{form.id}.noark.xml"])
    metadata_schema.assertValid(root)
    assert root.findtext(f"{{{FM}}}skjema/{{{FM}}}skjemaID") == form.id
    assert root.findtext(f"{{{FM}}}skjema/{{{FM}}}versjon") == form.version
    systems = root.findall(f"{{{FM}}}arkivstruktur/{{{AS}}}klassifikasjonssystem")
    fixed = [c for c in (form.archive.classification if form.archive else ()) if "{" not in c.code]
    assert len(systems) == len({c.scheme for c in fixed})
    if systems:
        arkivstruktur_schema.assertValid(_wrap_in_archive(systems, form.id))
    etree.XMLSchema(etree.fromstring(outputs[f"{form.id}.data.xsd"]))  # compiles
    assert outputs == _outputs(project, form), "output must be deterministic"


def test_every_shipped_form(shipped, metadata_schema, arkivstruktur_schema) -> None:
    for form in shipped.forms.values():
        _check(shipped, form, metadata_schema, arkivstruktur_schema)


def test_test_form(alltypes, permit, metadata_schema, arkivstruktur_schema) -> None:
    _check(alltypes, permit, metadata_schema, arkivstruktur_schema)
    root = etree.fromstring(_outputs(alltypes, permit)["permit.noark.xml"])
    klasse = root.find(f".//{{{AS}}}klasse")
    assert klasse.findtext(f"{{{AS}}}klasseID") == "N12"
    assert klasse.find(f"{{{AS}}}kassasjon") is not None and klasse.find(f"{{{AS}}}skjerming") is not None
    assert [e.text for e in root.iterfind(f"{{{FM}}}skjerming/{{{FM}}}skjermetFelt")] == ["applicant.first_name", "applicant.last_name"]
    assert root.findtext(f"{{{FM}}}journalpost/{{{FM}}}saksbehandlingstid") == "P3W"


def test_shared_output_is_the_shipped_xsd(alltypes, repo) -> None:
    shared = TARGET.emit_shared(list(alltypes.forms.values()), BuildContext(alltypes.organisation))
    assert [(f.path, f.content) for f in shared] == [
        (METADATA_XSD, (repo / "formc" / "targets" / "noark" / "static" / METADATA_XSD).read_bytes())]


def test_golden(alltypes, permit) -> None:
    for name, content in sorted(_outputs(alltypes, permit).items()):
        golden = GOLDEN / name
        if os.environ.get("FORMC_UPDATE_GOLDEN") == "1":
            golden.parent.mkdir(exist_ok=True)
            golden.write_bytes(content)
        assert content == golden.read_bytes(), f"{name}: run with FORMC_UPDATE_GOLDEN=1 to accept a deliberate change"
