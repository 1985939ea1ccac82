"""A build of some targets (``--target``) leaves the other targets' outputs as the last build made them.

Rebuilding only the web forms must not delete the archive files and the catalogue, nor make the next
full build redo them; a full build still removes the outputs of a target the project no longer has.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from formc.build import build
from formc.manifest import MANIFEST, SUMMARIES
from formc.writer import LOCK
from build_support import TEXT_TARGETS

SMALL = Path(__file__).resolve().parent.parent / "html" / "projects" / "small"


def _outputs(folder: Path, target: str | None = None) -> dict[str, str]:
    """Every output file (under ``target``'s folder when given) → its SHA-256."""
    root = folder / target if target else folder
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.name not in (MANIFEST, SUMMARIES, LOCK)}


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    return project


def test_a_build_of_one_target_keeps_the_others(tmp_path: Path) -> None:
    project, out = _project(tmp_path), tmp_path / "out"
    assert build(project, out, TEXT_TARGETS).ok
    everything = _outputs(out)

    only_html = build(project, out, ["html"])
    assert only_html.ok and only_html.built == 0
    assert _outputs(out) == everything  # nothing of jsonschema, noark or catalog deleted

    again = build(project, out, TEXT_TARGETS)
    assert again.ok and again.built == 0 and again.written == 0  # and nothing of theirs made again
    assert _outputs(out) == everything


def test_a_changed_form_built_for_one_target_is_built_for_the_others_next(tmp_path: Path) -> None:
    project, out = _project(tmp_path), tmp_path / "out"
    assert build(project, out, TEXT_TARGETS).ok
    form = project / "forms" / "every-type.yaml"
    text = form.read_text(encoding="utf-8")
    assert "{nb: Alle felttyper," in text
    form.write_text(text.replace("{nb: Alle felttyper,", "{nb: Alle slags felt,"), encoding="utf-8")
    schemas_before = _outputs(out, "jsonschema")

    html = build(project, out, ["html"])
    assert html.ok and html.built == 1
    assert _outputs(out, "jsonschema") == schemas_before  # kept as they were, not yet rebuilt

    full = build(project, out, TEXT_TARGETS)
    assert _outputs(out, "jsonschema") != schemas_before  # the new title is in the schema
    assert full.ok and full.built == len(TEXT_TARGETS) - 1  # the form, for the three targets not built above
    fresh = tmp_path / "fresh"
    assert build(project, fresh, TEXT_TARGETS).ok
    assert _outputs(out) == _outputs(fresh)


def test_a_full_build_removes_the_outputs_of_a_target_the_project_dropped(tmp_path: Path) -> None:
    project, out = _project(tmp_path), tmp_path / "out"
    assert build(project, out, TEXT_TARGETS).ok
    assert _outputs(out, "catalog")
    settings = project / "formc.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "targets:" not in text
    settings.write_text(text + "\ntargets: [jsonschema, html, noark]\n", encoding="utf-8")

    assert build(project, out).ok
    assert not _outputs(out, "catalog")
    fresh = tmp_path / "fresh"
    assert build(project, fresh).ok
    assert _outputs(out) == _outputs(fresh)
