"""The target contract's summaries: shared outputs made from per-form summaries kept as JSON.

A build keeps each form's summary in its manifest and, after one form changed,
makes the shared files (catalogue index, catalogue graph, classification plan)
from the stored summaries of the other forms and a fresh one of the changed
form. These tests do exactly that with the shipped library and check the bytes
against a build from every form.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import formc
from formc.targets_api import BuildContext, OutputFile, available_targets, load_target, shared_files

REPO = Path(__file__).resolve().parents[2]
CHANGED = "dog-registration"


def _context(project) -> BuildContext:
    settings = project.settings
    return BuildContext(project.organisation, None, settings.base_url, settings.templates, settings.classification_plan)


def _files(outputs: list[OutputFile]) -> dict[str, bytes]:
    return {f.path: f.content for f in outputs}


@pytest.mark.parametrize("name", available_targets())
def test_summaries_are_json_data(shipped, name: str) -> None:
    """What the manifest stores comes back equal: only dicts with string keys, lists, strings, numbers, booleans."""
    target, ctx = load_target(name), _context(shipped)
    for form in shipped.forms.values():
        summary = target.summarise(form, ctx)
        assert json.loads(json.dumps(summary, allow_nan=False)) == summary, form.id


@pytest.mark.parametrize("name", ["catalog", "noark"])
def test_shared_files_from_stored_summaries_after_one_form_changed(shipped_copy: Path, name: str) -> None:
    target = load_target(name)
    before = formc.load(shipped_copy)
    ctx = _context(before)
    # the manifest of the first build: each form's summary as JSON text
    kept = {form.id: json.dumps(target.summarise(form, ctx), sort_keys=True) for form in before.forms.values()}

    path = shipped_copy / "form_definitions" / "forms" / f"{CHANGED}.yaml"
    source = path.read_text(encoding="utf-8")
    edited = source.replace('nb: "Registrering av hund"', 'nb: "Aaa hund"', 1).replace("years: 2,", "years: 7,", 1)
    assert edited.count("Aaa hund") == 1 and "years: 7," in edited
    path.write_text(edited, encoding="utf-8")
    (shipped_copy / "form_definitions" / "forms" / "noise-complaint.yaml").unlink()  # and one form is removed
    after = formc.load(shipped_copy)

    summaries = [json.loads(kept[ident]) if ident != CHANGED else json.loads(
        json.dumps(target.summarise(after.forms[ident], ctx), sort_keys=True)) for ident in sorted(after.forms)]
    incremental = _files(target.emit_shared(summaries, ctx))
    full = _files(shared_files(target, list(after.forms.values()), ctx))
    assert incremental == full
    # the change shows: the edited name is in the Bokmål index, the edited retention in the plan
    old = _files(shared_files(target, list(before.forms.values()), ctx))
    changed = {rel for rel in full if full[rel] != old.get(rel)}
    if name == "catalog":
        assert {"index.nb.html", "catalogue.jsonld", "catalogue.ttl"} <= changed
        assert b"Aaa hund" in full["index.nb.html"] and b"noise-complaint" not in full["index.nb.html"]
    else:
        assert {"classification-plan.csv", "classification-plan.xlsx"} <= changed
        row = next(line for line in full["classification-plan.csv"].decode("utf-8-sig").splitlines()
                   if line.startswith(f"{CHANGED},"))
        assert ",7," in row and "noise-complaint," not in full["classification-plan.csv"].decode("utf-8-sig")
