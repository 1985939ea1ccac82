"""A target rebuilds a form when what it shows of the form changed, and only then (``input_digest``).

The catalog shows a service (its names, descriptions, process, fee, contact...) and the form's file fields
(evidence), not its questions: a new question label rebuilds the web form, the JSON Schema and the archive
metadata, and leaves the service's page, JSON-LD and Turtle alone — no rdflib and no Jinja for them. What must
never happen is a stale file: after any edit of any text, an incremental build holds the bytes of a cold build
(property-based below). A project that lays out the service page itself is given the whole form, so there every
change of the form rebuilds the page.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formc.build import build
from formc.manifest import MANIFEST, SUMMARIES, Manifest
from formc.writer import LOCK
from build_support import TEXT_TARGETS

SMALL = Path(__file__).resolve().parents[1] / "catalog" / "projects" / "small"
SHIPPED_CATALOG = Path(__file__).resolve().parents[2] / "formc" / "targets" / "catalog" / "templates"


def _form() -> dict[str, Any]:
    """A service with a process, a fee, a contact, a file field (evidence), and more the catalogue does not show:
    questions with hints and options, a conditional question, a rule with a message."""
    def text(nb: str, en: str) -> dict[str, str]:
        return {"nb": nb, "en": en}

    return {
        "formc": 1, "kind": "form", "id": "bench-repair", "version": "1.0.0", "languages": ["nb", "en"],
        "title": text("Søknad om benkereparasjon", "Application for a bench repair"),
        "service": {
            "description": text("Be kommunen reparere en benk.", "Ask the municipality to repair a bench."),
            "audience": ["citizen"],
            "legal_basis": [{"title": text("Plan- og bygningsloven", "Planning and Building Act"),
                             "url": "https://lovdata.no/lov/2008-06-27-71"}],
            "processing_time": "P4W",
            "fee": {"amount": 100, "currency": "NOK", "description": text("Betales ved innsending.", "Paid when you apply.")},
            "channels": ["web", "counter"],
            "contact": {"email": "park@testvik.example", "opening_hours": text("Hverdager 08–15", "Weekdays 8–15")},
            "life_events": ["leisure-and-culture"],
            "keywords": [text("benk", "bench")],
            "process": [{"id": "submit", "title": text("Du sender søknaden", "You apply"), "actor": "applicant"},
                        {"id": "decide", "title": text("Vi vurderer saken", "We assess the case"),
                         "actor": "caseworker", "duration": "P2W"}],
        },
        "pages": [{"id": "main", "fields": [
            {"id": "bench", "type": "text", "label": text("Hvilken benk?", "Which bench?"), "required": True},
            {"id": "photo", "type": "file", "label": text("Bilde av benken", "Photo of the bench"),
             "hint": text("Et bilde hjelper oss", "A photo helps us"), "accept": ["image/jpeg"]},
            {"id": "damage", "type": "choice", "label": text("Hva er skadet?", "What is damaged?"),
             "hint": text("Velg ett", "Choose one"), "required": True,
             "options": [{"value": "seat", "label": text("Setet", "The seat")},
                         {"value": "legs", "label": text("Beina", "The legs")}]},
            {"id": "details", "type": "textarea", "label": text("Beskriv skaden", "Describe the damage"),
             "visible_if": "damage == 'legs'"},
            {"id": "seen", "type": "date", "label": text("Når så du det?", "When did you see it?")},
        ]}],
        "rules": [{"id": "past", "check": "seen <= today",
                   "message": text("Datoen kan ikke være fram i tid", "The date cannot be in the future")}],
        "archive": {"classification": [{"scheme": "K-koder", "code": "Q80", "title": "Parker og grøntanlegg"}],
                    "case_title": text("Benkereparasjon – {bench}", "Bench repair – {bench}"),
                    "document_title": text("Søknad om benkereparasjon", "Application for a bench repair"),
                    "document_type": "SØKNAD",
                    "retention": {"decision": "discard", "years": 5, "legal_basis": "Riksarkivarens forskrift § 7-26"}},
    }


FORM = _form()


def _texts(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """The path of every text in a definition (a value in a language map)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("nb", "en") and isinstance(item, str):
                yield (*path, key)
            else:
                yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


TEXTS = sorted(_texts(FORM), key=repr)


def _edited(path: tuple, addition: str) -> dict[str, Any]:
    form = copy.deepcopy(FORM)
    holder = form
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] += addition
    return form


def _project(root: Path, form: dict[str, Any], overrides: bool = False) -> Path:
    project = root / "project"
    shutil.copytree(SMALL, project, dirs_exist_ok=True)
    (project / "forms" / "bench-repair.yaml").write_text(yaml.safe_dump(form, allow_unicode=True, sort_keys=False),
                                                        encoding="utf-8")
    if overrides:
        theme = project / "theme" / "catalog" / "templates"
        theme.mkdir(parents=True, exist_ok=True)
        page = (SHIPPED_CATALOG / "service.html").read_text(encoding="utf-8")
        first_question = '<p id="first-question">{{ form.pages[0].fields[0].label(lang) }}</p>\n{% endblock %}'
        (theme / "service.html").write_text(page.rsplit("{% endblock %}", 1)[0] + first_question + "\n",
                                            encoding="utf-8")
        settings_file = project / "formc.yaml"
        settings_file.write_text(settings_file.read_text(encoding="utf-8") + "templates: theme\n", encoding="utf-8")
    return project


def _outputs(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name not in (MANIFEST, SUMMARIES, LOCK)}


def _catalog(outputs: dict[str, str]) -> dict[str, str]:
    return {rel: digest for rel, digest in outputs.items() if rel.startswith("catalog/")}


def _rebuilt_after(root: Path, edit: dict[str, Any], overrides: bool = False) -> tuple[set[str], Path, Path]:
    """Build the form, apply ``edit``, build again: the targets that rebuilt the form, the incremental build's
    folder, a cold build's folder (with the outputs before the edit in ``root / "before"``)."""
    project = _project(root, FORM, overrides)
    out = root / "out"
    assert build(project, out, TEXT_TARGETS, jobs=1).ok
    shutil.copytree(out, root / "before")
    before = Manifest.read(out).entries
    _project(root, edit, overrides)
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok, [str(d) for d in result.diagnostics]
    after = Manifest.read(out).entries
    rebuilt = {name for name in TEXT_TARGETS
               if after[f"{name}:bench-repair"]["input"] != before[f"{name}:bench-repair"]["input"]}
    assert result.built == len(rebuilt)
    cold = root / "cold"
    assert build(project, cold, TEXT_TARGETS, jobs=1).ok
    return rebuilt, out, cold


def _set(*path: Any) -> Callable[[dict[str, Any]], None]:
    """An edit setting the value at ``path[:-1]`` to ``path[-1]``."""
    def edit(form: dict[str, Any]) -> None:
        holder = form
        for step in path[:-2]:
            holder = holder[step]
        holder[path[-2]] = path[-1]
    return edit


def _add_file_field(form: dict[str, Any]) -> None:
    form["pages"][0]["fields"].append({"id": "map", "type": "file", "label": {"nb": "Kart", "en": "Map"},
                                       "accept": ["application/pdf"]})


# Edits that are not of a text, each with whether the catalogue shows it.
STRUCTURE = {
    "a channel dropped": (_set("service", "channels", ["web"]), True),
    "another processing time": (_set("service", "processing_time", "P6W"), True),
    "the service made free": (_set("service", "fee", "amount", 0), True),
    "another audience": (_set("service", "audience", ["citizen", "business"]), True),
    "another life event": (_set("service", "life_events", ["housing-and-building"]), True),
    "another document type (the output: a confirmation, not a decision)": (_set("archive", "document_type", "MELDING"), True),
    "a new version": (_set("version", "1.1.0"), True),
    "a file field added (evidence)": (_add_file_field, True),
    "a question made required": (_set("pages", 0, "fields", 4, "required", True), False),
    "a condition changed": (_set("pages", 0, "fields", 3, "visible_if", "damage == 'seat'"), False),
    "a retention changed": (_set("archive", "retention", "years", 10), False),
}


@pytest.mark.parametrize("what", STRUCTURE)
def test_after_an_edit_of_the_structure_an_incremental_build_is_a_cold_build(tmp_path: Path, what: str) -> None:
    change, shown = STRUCTURE[what]
    form = copy.deepcopy(FORM)
    change(form)
    rebuilt, out, cold = _rebuilt_after(tmp_path, form)
    assert _outputs(out) == _outputs(cold)
    assert ("catalog" in rebuilt) == shown == (_catalog(_outputs(cold)) != _catalog(_outputs(tmp_path / "before")))


def test_a_question_label_leaves_the_catalogue_alone(tmp_path: Path) -> None:
    label = ("pages", 0, "fields", 0, "label", "nb")
    assert label in TEXTS
    rebuilt, out, cold = _rebuilt_after(tmp_path, _edited(label, " (i parken)"))
    assert rebuilt == {"jsonschema", "html", "noark"}
    assert _outputs(out) == _outputs(cold)
    assert "(i parken)" in (out / "html" / "bench-repair.nb.html").read_text(encoding="utf-8")


def test_a_file_fields_label_is_evidence_in_the_catalogue(tmp_path: Path) -> None:
    rebuilt, out, cold = _rebuilt_after(tmp_path, _edited(("pages", 0, "fields", 1, "label", "en"), " or drawing"))
    assert rebuilt == set(TEXT_TARGETS)
    assert _outputs(out) == _outputs(cold)
    assert "Photo of the bench or drawing" in (out / "catalog" / "bench-repair.ttl").read_text(encoding="utf-8")


def test_a_service_page_laid_out_by_the_project_follows_every_change_of_the_form(tmp_path: Path) -> None:
    label = ("pages", 0, "fields", 0, "label", "nb")
    rebuilt, out, cold = _rebuilt_after(tmp_path, _edited(label, " (i parken)"), overrides=True)
    assert rebuilt == set(TEXT_TARGETS)
    assert _outputs(out) == _outputs(cold)
    page = (out / "catalog" / "bench-repair.nb.html").read_text(encoding="utf-8")
    assert '<p id="first-question">Hvilken benk? (i parken)</p>' in page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(TEXTS), addition=st.sampled_from([" endret", " «ny» & <b>nå</b>", "!"]))
def test_after_any_edit_of_a_text_an_incremental_build_is_a_cold_build(path: tuple, addition: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        rebuilt, out, cold = _rebuilt_after(root, _edited(path, addition))
        assert _outputs(out) == _outputs(cold), path
        # and the catalogue is rebuilt exactly when the edit shows in it
        assert ("catalog" in rebuilt) == (_catalog(_outputs(cold)) != _catalog(_outputs(root / "before"))), path
