"""The noark target: metadata valid against its own XSD, embedded Noark structure valid against Fiks Arkiv, goldens."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from formc.class_plan import class_uuid
from formc.targets_api import BuildContext, shared_files
from formc.targets.noark import METADATA_XSD, PLAN_CSV, PLAN_XLSX, TARGET

GOLDEN = Path(__file__).resolve().parent / "golden"
N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
FM = "urn:formc:noark-metadata:1"


def _context(project) -> BuildContext:
    return BuildContext(project.organisation, classification_plan=project.settings.classification_plan)


def _outputs(project, form) -> dict[str, bytes]:
    return {f.path: f.content for f in TARGET.emit_form(form, _context(project))}


def _check(project, form, metadata_schema, klassifikasjonssystem_schema) -> list[etree._Element]:
    outputs = _outputs(project, form)
    assert sorted(outputs) == [f"{form.id}.data.xsd", f"{form.id}.noark.xml"]
    root = etree.fromstring(outputs[f"{form.id}.noark.xml"])
    metadata_schema.assertValid(root)
    assert root.findtext(f"{{{FM}}}skjema/{{{FM}}}skjemaID") == form.id
    assert root.findtext(f"{{{FM}}}skjema/{{{FM}}}versjon") == form.version
    systems = root.findall(f"{{{FM}}}arkivstruktur/{{{N5}}}klassifikasjonssystem")
    fixed = [c for c in (form.archive.classification if form.archive else ()) if "{" not in c.code and not c.object]
    assert len(systems) == len({c.scheme for c in fixed})
    plan = project.settings.classification_plan
    for system in systems:
        klassifikasjonssystem_schema.assertValid(etree.ElementTree(system))  # Arkivverket's Noark 5 v5.0 types
        assert system.findtext(f"{{{N5}}}opprettetDato") == f"{plan.adopted.isoformat()}T00:00:00Z"
        for klasse in system.iterfind(f"{{{N5}}}klasse"):
            code = klasse.findtext(f"{{{N5}}}klasseID")
            assert klasse.findtext(f"{{{N5}}}systemID") == class_uuid(system.findtext(f"{{{N5}}}tittel"), code)
    if systems and form.archive.retention is not None:  # the primary class carries the retention, "keep" too
        kassasjon = systems[0].find(f"{{{N5}}}klasse/{{{N5}}}kassasjon")
        assert kassasjon.findtext(f"{{{N5}}}kassasjonsvedtak") == {
            "keep": "Bevares", "discard": "Kasseres", "review": "Vurderes senere"}[form.archive.retention.decision]
        assert "1970" not in outputs[f"{form.id}.noark.xml"].decode() and "9999" not in kassasjon.findtext(f"{{{N5}}}kassasjonsdato")
    etree.XMLSchema(etree.fromstring(outputs[f"{form.id}.data.xsd"]))  # compiles
    assert outputs == _outputs(project, form), "output must be deterministic"
    return systems


def test_every_shipped_form(shipped, metadata_schema, klassifikasjonssystem_schema) -> None:
    systems = 0
    for form in shipped.forms.values():
        systems += len(_check(shipped, form, metadata_schema, klassifikasjonssystem_schema))
    assert systems >= 20


def test_test_form(alltypes, permit, metadata_schema, klassifikasjonssystem_schema) -> None:
    _check(alltypes, permit, metadata_schema, klassifikasjonssystem_schema)
    root = etree.fromstring(_outputs(alltypes, permit)["permit.noark.xml"])
    klasse = root.find(f".//{{{N5}}}klasse")
    assert klasse.findtext(f"{{{N5}}}klasseID") == "N12"
    assert klasse.findtext(f"{{{N5}}}kassasjon/{{{N5}}}kassasjonsdato") is not None
    assert klasse.find(f"{{{N5}}}skjerming/{{{N5}}}skjermingMetadata") is not None
    assert [e.text for e in root.iterfind(f"{{{FM}}}skjerming/{{{FM}}}skjermetFelt")] == ["applicant.first_name", "applicant.last_name"]
    assert root.findtext(f"{{{FM}}}journalpost/{{{FM}}}saksbehandlingstid") == "P3W"


def test_without_a_plan_date_no_noark5_part_is_invented(alltypes, permit) -> None:
    xml = {f.path: f.content for f in TARGET.emit_form(permit, BuildContext(alltypes.organisation))}["permit.noark.xml"]
    assert etree.fromstring(xml).find(f"{{{FM}}}arkivstruktur") is None


def test_shared_output_is_the_shipped_xsd_and_the_plan(alltypes, repo) -> None:
    shared = {f.path: f.content for f in shared_files(TARGET, list(alltypes.forms.values()), _context(alltypes))}
    assert sorted(shared) == sorted([METADATA_XSD, PLAN_CSV, PLAN_XLSX])
    assert shared[METADATA_XSD] == (repo / "formc" / "targets" / "noark" / "static" / METADATA_XSD).read_bytes()


def test_golden(alltypes, permit) -> None:
    for name, content in sorted(_outputs(alltypes, permit).items()):
        golden = GOLDEN / name
        if os.environ.get("FORMC_UPDATE_GOLDEN") == "1":
            golden.parent.mkdir(exist_ok=True)
            golden.write_bytes(content)
        assert content == golden.read_bytes(), f"{name}: run with FORMC_UPDATE_GOLDEN=1 to accept a deliberate change"
