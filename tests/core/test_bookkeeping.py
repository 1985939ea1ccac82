"""The build's bookkeeping files (formc/manifest.py): old layouts, damage, and what a rebuild redoes.

Each test builds the shipped library with every text target, then changes the
output folder's bookkeeping as a user, an older formc or a disk could, and
checks that the next build neither fails nor trusts what it cannot: the
outputs equal a cold build's, the manifest lists exactly the files in the
folder, and only what must be made again is.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import formc.build
import formc.build_forms
import formc.manifest
from formc.build import build
from formc.cli import cli
from formc.manifest import (
    DIGESTS_MARK,
    MANIFEST,
    SOURCES,
    SUMMARIES,
    SUMMARY,
    Manifest,
    SummariesChanged,
    current_layout,
    decode_summaries,
    read_summaries,
)
from formc.writer import LOCK, STAGING
from build_support import TEXT_TARGETS



def _outputs(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name not in (MANIFEST, SUMMARIES, LOCK)}


def _listed(folder: Path) -> dict[str, str]:
    entries = Manifest.read(folder).entries.values()
    return {rel: record[0] for entry in entries for rel, record in entry["files"].items()}


def _forms(project: Path) -> list[Path]:
    return sorted((project / "form_definitions" / "forms").glob("*.yaml"))


@pytest.fixture
def built(shipped_copy: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    out = tmp_path / "out"
    assert build(shipped_copy, out, TEXT_TARGETS, jobs=1).ok
    return shipped_copy, out, _outputs(out)


def _first_layout(out: Path) -> None:
    """Rewrite the bookkeeping as formc wrote it before the current layout (one JSON document each)."""
    entries = Manifest.read(out).entries
    for entry in entries.values():
        records = entry["files"]
        entry["files"] = {rel: record[0] for rel, record in records.items()}
        entry["stat"] = {rel: record[1:] for rel, record in records.items()}
    del entries[SOURCES]["summaries"]
    (out / MANIFEST).write_text(json.dumps({"formc_manifest": 1, "entries": entries}, sort_keys=True))
    kept = read_summaries(out, Manifest.read(out).entries.get(SOURCES, {}).get("summaries"))
    assert kept == {}  # the manifest of the first layout names no summaries file
    summaries = {}
    for line in (out / SUMMARIES).read_bytes().splitlines()[1:]:
        key, _, summary = line.partition(b"\t")
        summaries[json.loads(key)] = json.loads(summary)
    (out / SUMMARIES).write_text(json.dumps({"formc_summaries": 1, "summaries": summaries}, sort_keys=True))


def test_a_folder_of_the_first_layout_is_taken_over_without_building_a_form(built, monkeypatch) -> None:
    project, out, expected = built
    _first_layout(out)
    (out / "html" / ".left.formc-0a1b2c.tmp").write_bytes(b"half")  # an older formc was killed (it left no mark)
    assert not current_layout(out)
    loaded: list[Path] = []
    real_load = formc.build_forms.load_definition
    monkeypatch.setattr(formc.build_forms, "load_definition",
                        lambda file, *args: loaded.append(file) or real_load(file, *args))
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and not result.up_to_date and result.built == 0 and result.written == 0
    assert loaded == []  # the summaries of the first layout were read, not made again
    assert current_layout(out) and not (out / "html" / ".left.formc-0a1b2c.tmp").exists()
    assert _outputs(out) == expected == _listed(out)
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong shape"])
def test_a_damaged_manifest_rebuilds_cleanly(built, damage: str) -> None:
    project, out, expected = built
    data = (out / MANIFEST).read_bytes()
    (out / MANIFEST).write_bytes({"garbage": b"\x00\xffnot json", "truncated": data[: len(data) // 2], "empty": b"",
                                  "wrong shape": b'{"formc_manifest":2,"entries":{"html:x":[1,2]}}'}[damage])
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and result.built == len(_forms(project)) * len(TEXT_TARGETS)
    assert _outputs(out) == expected == _listed(out)


def test_a_summaries_file_that_is_not_the_manifests_is_not_used(built) -> None:
    project, out, expected = built
    changed = _forms(project)[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    data = (out / SUMMARIES).read_bytes()
    (out / SUMMARIES).write_bytes(data.replace(b'"catalog:', b'"catalox:', 1))  # same length, other bytes
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and result.built == len(_forms(project)) * len(TEXT_TARGETS)  # every form summarised again
    assert _outputs(out) == expected == _listed(out)


def test_the_summaries_file_is_trusted_by_its_size_and_time_unless_a_build_did_not_finish(built) -> None:
    """Like an output, the summaries file is not hashed again while its size and time are as written; after a build
    that did not finish (its staging mark left), it is, and one changed behind the build's back is not used."""
    project, out, expected = built
    recorded = Manifest.read(out).entries[SOURCES]["summaries_stat"]
    info = (out / SUMMARIES).stat()
    assert recorded == [info.st_size, info.st_mtime_ns]
    changed = _forms(project)[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    data = (out / SUMMARIES).read_bytes()
    (out / SUMMARIES).write_bytes(data.replace(b'"catalog:', b'"catalox:', 1))  # same length, other bytes
    os.utime(out / SUMMARIES, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the time it was written
    (out / STAGING).touch()  # as a build killed while staging leaves it: the mark and a file half-written
    (out / "html" / ".a.html.formc-0123456789ab.tmp").write_bytes(b"<!doctype")
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and result.built == len(_forms(project)) * len(TEXT_TARGETS)  # hashed, refused: all summarised
    assert _outputs(out) == expected == _listed(out)


def test_a_changed_summary_remakes_that_targets_shared_files_and_only_those(built, monkeypatch) -> None:
    project, out, expected = built
    emitted: list[str] = []
    for name in TEXT_TARGETS:
        target = formc.build.load_target(name)
        real = type(target).emit_shared

        def counting(self, summaries, ctx, real=real, name=name):  # type: ignore[no-untyped-def]
            emitted.append(name)
            return real(self, summaries, ctx)

        monkeypatch.setattr(type(target), "emit_shared", counting)
    form = next(p for p in _forms(project) if p.name == "dog-registration.yaml")
    text = form.read_text(encoding="utf-8")
    form.write_text(text + "\n# a comment: no output changes\n", encoding="utf-8")
    assert build(project, out, TEXT_TARGETS, jobs=1).ok
    reemitted = set(emitted)
    assert "catalog" not in reemitted and "noark" not in reemitted  # their summaries did not change
    assert _outputs(out) == expected == _listed(out)

    emitted.clear()
    form.write_text(text.replace("Registrering av hund", "Registrering av hund og valp"), encoding="utf-8")
    assert build(project, out, TEXT_TARGETS, jobs=1).ok
    assert "catalog" in emitted  # the form's name is in the catalogue
    cold = build(project, out.parent / "cold", TEXT_TARGETS, jobs=1)
    assert cold.ok and _outputs(out) == _outputs(out.parent / "cold") == _listed(out)


def test_a_removed_shared_file_is_made_again_on_a_no_op_build(built) -> None:
    project, out, expected = built
    (out / "catalog" / "catalogue.ttl").unlink()
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and not result.up_to_date and result.built == 0 and result.written == 1
    assert _outputs(out) == expected == _listed(out)


def test_summaries_come_back_as_json_gives_them(built) -> None:
    _, out, _ = built
    kept = read_summaries(out, Manifest.read(out).entries[SOURCES]["summaries"])
    assert kept and all(key.split(":")[0] in TEXT_TARGETS for key in kept)
    keys = sorted(kept)
    assert decode_summaries([kept[k] for k in keys]) == [json.loads(bytes(kept[k])) for k in keys]


def test_a_build_leaves_no_staging_mark(built) -> None:
    project, out, _ = built
    assert not (out / STAGING).exists()
    form = _forms(project)[0]
    form.write_text(form.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    assert build(project, out, TEXT_TARGETS, jobs=1).ok and not (out / STAGING).exists()
    form.write_text("kind: form\nid: [broken\n", encoding="utf-8")
    assert not build(project, out, TEXT_TARGETS, jobs=1).ok
    assert not (out / STAGING).exists() and not [p for p in out.rglob("*.tmp")]


def test_the_summaries_file_is_written_again_only_when_a_summary_changed(built) -> None:
    """A change no target's summary sees (a comment, a question's wording) leaves the summaries file as it was,
    not encoded, hashed and written again; a change one sees (a form's name, in the catalogue) rewrites it; either
    way the next build takes it as the last build's and changes nothing."""
    project, out, expected = built
    summaries = out / SUMMARIES
    before = summaries.stat()
    form = next(p for p in _forms(project) if p.name == "dog-registration.yaml")
    text = form.read_text(encoding="utf-8")
    form.write_text(text + "\n# a comment: no output changes\n", encoding="utf-8")
    assert build(project, out, TEXT_TARGETS, jobs=1).ok
    after = summaries.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    again = build(project, out, TEXT_TARGETS, jobs=1)
    assert again.ok and again.up_to_date
    assert _outputs(out) == expected == _listed(out)

    form.write_text(text.replace("Registrering av hund", "Registrering av hund og valp"), encoding="utf-8")
    assert build(project, out, TEXT_TARGETS, jobs=1).ok
    assert summaries.stat().st_ino != before.st_ino
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date
    cold = build(project, out.parent / "cold", TEXT_TARGETS, jobs=1)
    assert cold.ok and _outputs(out) == _outputs(out.parent / "cold") == _listed(out)
    assert summaries.read_bytes() == (out.parent / "cold" / SUMMARIES).read_bytes()


def _counting_reads(monkeypatch) -> list[Path]:
    """Every read of a summaries file from now on (formc.manifest.read_summaries), by folder."""
    reads: list[Path] = []
    real = formc.manifest.read_summaries

    def counting(out, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(out)
        return real(out, *args, **kwargs)

    monkeypatch.setattr(formc.manifest, "read_summaries", counting)
    return reads


def _renamed(form: Path, text: str) -> None:
    form.write_text(text.replace("Registrering av hund", "Registrering av hund og valp"), encoding="utf-8")


def test_a_rebuild_reads_the_summaries_file_only_when_a_summary_changed(built, monkeypatch) -> None:
    """The manifest records each summary's digest: a change no summary sees (a question's wording) is rebuilt
    without reading the summaries file (36 MB at 5,000 forms); a change one sees (the form's name) reads it once,
    to make the catalogue again and write the file."""
    project, out, expected = built
    entries = Manifest.read(out).entries
    assert entries[SOURCES][DIGESTS_MARK] == 1
    assert all(isinstance(entry[SUMMARY], str) for key, entry in entries.items() if key != SOURCES and ":*" not in key)
    reads = _counting_reads(monkeypatch)
    form = next(p for p in _forms(project) if p.name == "dog-registration.yaml")
    text = form.read_text(encoding="utf-8")
    worded = text.replace("label:", "label: ", 1)  # a question's label: same text, another file
    assert worded != text
    form.write_text(worded + "\n# and a comment\n", encoding="utf-8")
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and result.built > 0 and reads == []
    assert _outputs(out) == expected == _listed(out)

    _renamed(form, text)
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and reads == [out]
    cold = build(project, out.parent / "cold", TEXT_TARGETS, jobs=1)
    assert cold.ok and _outputs(out) == _outputs(out.parent / "cold") == _listed(out)
    assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date


def test_a_manifest_without_summary_digests_is_taken_over(built, monkeypatch) -> None:
    """A manifest written before the digests were recorded: its summaries file is read and checked as before, the
    file is not written again, and the digests are recorded for the next build, which need not read it."""
    project, out, expected = built
    manifest = Manifest.read(out)
    for entry in manifest.entries.values():
        entry.pop(SUMMARY, None)
    del manifest.entries[SOURCES][DIGESTS_MARK]
    (out / MANIFEST).write_bytes(manifest.to_bytes())
    before = (out / SUMMARIES).stat()
    reads = _counting_reads(monkeypatch)
    form = next(p for p in _forms(project) if p.name == "dog-registration.yaml")
    text = form.read_text(encoding="utf-8")
    form.write_text(text + "\n# a comment\n", encoding="utf-8")
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and reads == [out] and result.written == 0  # a comment changes no output
    assert (out / SUMMARIES).stat().st_mtime_ns == before.st_mtime_ns  # no summary changed: not written again
    entries = Manifest.read(out).entries
    assert entries[SOURCES][DIGESTS_MARK] == 1
    kept = read_summaries(out, entries[SOURCES]["summaries"])
    assert {key: formc.manifest.summary_digest(summary) for key, summary in kept.items()} == {
        key: entry[SUMMARY] for key, entry in entries.items() if SUMMARY in entry}
    assert _outputs(out) == expected == _listed(out)

    reads.clear()
    form.write_text(text.replace("label:", "label: ", 1), encoding="utf-8")
    assert build(project, out, TEXT_TARGETS, jobs=1).ok and reads == []
    assert _outputs(out) == expected == _listed(out)


def test_a_summaries_file_changed_during_the_build_stops_it_and_changes_nothing(built, monkeypatch) -> None:
    """The summaries file is read late, when a target's shared files need it; if another program changed it
    since the build began (or changed it and gave it back its size and time), the build stops with a clear error
    (exit 2), the outputs and the manifest as they were and that file removed, and the next build builds every
    form again."""
    project, out, expected = built
    form = next(p for p in _forms(project) if p.name == "dog-registration.yaml")
    _renamed(form, form.read_text(encoding="utf-8"))
    manifest_before = (out / MANIFEST).read_bytes()
    summaries_before = (out / SUMMARIES).read_bytes()
    real_shared = formc.build._shared

    def tampering(*args, **kwargs):  # type: ignore[no-untyped-def]
        data = (out / SUMMARIES).read_bytes()
        (out / SUMMARIES).write_bytes(data.replace(b'"catalog:', b'"catalox:', 1))
        monkeypatch.setattr(formc.build, "_shared", real_shared)
        return real_shared(*args, **kwargs)

    monkeypatch.setattr(formc.build, "_shared", tampering)
    with pytest.raises(SummariesChanged):
        build(project, out, TEXT_TARGETS, jobs=1)
    assert (out / MANIFEST).read_bytes() == manifest_before and _outputs(out) == expected
    assert not (out / STAGING).exists() and not [p for p in out.rglob("*.tmp")]
    assert not (out / SUMMARIES).exists()  # not the manifest's: removed, so no build trusts it again

    # the same again, through the command: a changed file given the size and time the manifest recorded
    size, mtime = Manifest.read(out).entries[SOURCES]["summaries_stat"]
    (out / SUMMARIES).write_bytes(summaries_before.replace(b'"catalog:', b'"catalox:', 1))
    assert (out / SUMMARIES).stat().st_size == size
    os.utime(out / SUMMARIES, ns=(mtime, mtime))
    monkeypatch.setenv("FORMC_JOBS", "1")
    args = ["build", str(project), "-o", str(out), "-q"] + [f"--target={name}" for name in TEXT_TARGETS]
    ran = CliRunner().invoke(cli, args)
    assert ran.exit_code == 2, ran.output
    assert "formc-summaries.json changed during the build" in ran.output and "build again" in ran.output
    assert "Traceback" not in ran.output and _outputs(out) == expected
    assert not (out / SUMMARIES).exists()  # else every next build would trust it by its size and time again

    monkeypatch.undo()
    result = build(project, out, TEXT_TARGETS, jobs=1)
    assert result.ok and result.built == len(_forms(project)) * len(TEXT_TARGETS)
    cold = build(project, out.parent / "cold", TEXT_TARGETS, jobs=1)
    assert cold.ok and _outputs(out) == _outputs(out.parent / "cold") == _listed(out)


def test_a_removed_and_an_added_form_change_the_summaries_as_a_cold_build_has_them(built, monkeypatch) -> None:
    """A form gone takes its summaries out of the file (read to be written again) and the catalogue; a new one
    adds its own; each build's folder is a cold build's, and its summaries file holds exactly its forms'."""
    project, out, _ = built
    reads = _counting_reads(monkeypatch)
    forms = _forms(project)
    gone = next(p for p in forms if p.name == "noise-complaint.yaml")
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    for step in ("removed", "added"):
        result = build(project, out, TEXT_TARGETS, jobs=1)
        assert result.ok and not result.up_to_date and reads == [out], step
        cold = out.parent / f"cold-{step}"
        assert build(project, cold, TEXT_TARGETS, jobs=1).ok
        assert _outputs(out) == _outputs(cold) == _listed(out), step
        sources = Manifest.read(out).entries[SOURCES]
        kept = read_summaries(out, sources["summaries"])
        assert kept.keys() == read_summaries(cold, Manifest.read(cold).entries[SOURCES]["summaries"]).keys()
        assert ("catalog:noise-complaint" in kept) is (step == "added")
        assert build(project, out, TEXT_TARGETS, jobs=1).up_to_date
        reads.clear()
        (project / "form_definitions" / "forms" / "noise-complaint-again.yaml").write_text(text, encoding="utf-8")
