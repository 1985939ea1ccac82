"""The shipped service library: complete, three languages, and `formc build` (the README's main job) works on it."""

from __future__ import annotations

from pathlib import Path

from formc.project import check_project
from formc.targets_api import available_targets


def test_library_checks_without_warnings(repo: Path) -> None:
    project = check_project(repo)
    assert project.diagnostics == []
    assert len(project.forms) >= 20


def test_every_service_is_fully_described(shipped) -> None:
    for form in shipped.forms.values():
        s, a = form.service, form.archive
        assert form.languages == ("nb", "nn", "en"), form.id
        assert s.description and s.legal_basis and all(lb.url for lb in s.legal_basis), form.id
        assert s.processing_time and s.fee is not None and s.channels and s.contact, form.id
        assert s.life_events and s.keywords and len(s.process) >= 3, form.id
        assert {step.actor for step in s.process} >= {"applicant", "caseworker"}, form.id
        # a complaint or an access request is a record in the case concerned (its case number), not a class of its own
        assert a is not None and (a.classification or form.field_at("case_number") is not None), form.id
        assert all(c.status in ("verified", "confirm") for c in a.classification), form.id
        assert a.case_title and a.document_title and a.retention and (a.sender.name or a.sender.org_name), form.id


def test_library_uses_blocks_lists_and_every_field_type(shipped) -> None:
    from formc.model import FIELD_TYPES

    used = {f.type for form in shipped.forms.values() for f in form.walk()}
    assert used == set(FIELD_TYPES)
    assert sum(1 for form in shipped.forms.values() if any(u.startswith("block:") for u in form.uses)) >= 15
    assert sum(1 for form in shipped.forms.values() if any(u.startswith("list:") for u in form.uses)) >= 8


def test_formc_build_builds_every_target_for_every_service(shipped_build: Path, shipped) -> None:
    """`formc build` of the shipped project (the shared fixture runs it and asserts it exits 0)."""
    for form in shipped.forms.values():
        assert (shipped_build / "jsonschema" / f"{form.id}.schema.json").is_file()
        assert (shipped_build / "noark" / f"{form.id}.noark.xml").is_file()
        assert (shipped_build / "catalog" / f"{form.id}.jsonld").is_file()
        for lang in form.languages:
            assert (shipped_build / "html" / f"{form.id}.{lang}.html").is_file()
            assert (shipped_build / "print" / f"{form.id}.{lang}.pdf").read_bytes().startswith(b"%PDF")
            assert (shipped_build / "catalog" / f"{form.id}.{lang}.html").is_file()
    assert set(available_targets()) == {p.name for p in shipped_build.iterdir() if p.is_dir()}
