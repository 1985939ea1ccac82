"""`formc translate`: export → a translator fills in the file → import writes only the translated texts back.

The XLIFF side is read and filled in by an independent XLIFF 2.0 implementation (translate-toolkit's
xliff2 store), the way a translation tool would; the CSV side by the csv module, as a spreadsheet would.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from formc.cli import cli
from formc.loader import load_text
from formc.diagnostics import Diagnostics
from formc.project import check_project

FORM = """\
formc: 1
kind: form
id: dog
version: 1.0.0
# English was just added: its texts are still missing
languages: [nb, en]
title: {nb: "Registrering av hund"}   # the form's title
description:
  nb: >
    Meld fra om hunden din,
    også om den er liten.
pages:
  - id: dog
    title: {nb: 'Hunden'}
    fields:
      # the dog itself
      - id: name
        type: text
        label:
          nb: Hundens navn   # as on the certificate
        hint: {nb: "Som i stamtavlen, hvis den har en"}
        required: true
      - id: size
        type: choice
        label: {nb: Størrelse}
        options:
          - {value: small, label: {nb: Liten}}
          - {value: big, label: {nb: Stor, en: Big}}
      - use: owner
"""

BLOCK = """\
formc: 1
kind: block
id: owner
fields:
  - id: owner_name
    type: text
    label:
      nb: "Eierens navn"
      en: "Owner's name"
"""

TRANSLATIONS = {
    "title": "Dog registration, with a comma",
    "description": "Tell us about your dog: even a small one.",
    "pages/dog/title": "The dog",
    "pages/dog/fields/name/label": "The dog's name",
    "pages/dog/fields/name/hint": 'As in its pedigree, "if it has one"',
    "pages/dog/fields/size/label": "Size",
    "pages/dog/fields/size/options/small/label": "Small",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "forms").mkdir()
    (tmp_path / "formc.yaml").write_text("formc: 1\ndefinitions: forms\norganisation: {name: Test kommune}\n")
    (tmp_path / "forms" / "dog.yaml").write_text(FORM, encoding="utf-8")
    (tmp_path / "forms" / "owner.yaml").write_text(BLOCK, encoding="utf-8")
    return tmp_path


def _run(*args: str) -> "object":
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _only_insertions_of(old: str, new: str, expected: dict[str, str]) -> None:
    """Every line of ``old`` is kept byte for byte, except that flow mappings gained `, en: <text>`;
    new lines are `en: <text>` entries. The texts added are exactly the translations."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        pending = list(old_lines[i1:i2])  # each old line must come back, possibly with an entry added
        for after in new_lines[j1:j2]:
            if pending:
                before = pending[0]
                prefix = len(os.path.commonprefix([before, after]))
                suffix = len(os.path.commonprefix([before[prefix:][::-1], after[prefix:][::-1]]))
                if prefix + suffix >= len(before):  # `after` is `before` with something inserted
                    added.append(after[prefix:len(after) - suffix])
                    pending.pop(0)
                    continue
            added.append(after)  # a line of its own
        assert not pending, f"lines lost or changed: {pending}"
    values = []
    for chunk in added:
        match = re.fullmatch(r"(?:, | +)en: ([^\n]*)\n?", chunk)  # in flow style, or a line of its own
        assert match, repr(chunk)
        parsed = load_text(f"x: {match[1]}\n", "x", Diagnostics())
        values.append(parsed.data["x"])
    assert sorted(values) == sorted(expected.values())


def _checked(project: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", str(project), "--format", "json"])
    return json.loads(result.stdout)


def _notes(unit: "object") -> list[str]:
    return [note.text for note in unit.xmlelement.getparent().iter("{urn:oasis:names:tc:xliff:document:2.0}note")]


def test_xliff_round_trip_changes_only_the_translated_texts(project: Path) -> None:
    from translate.storage import xliff2

    before = (project / "forms" / "dog.yaml").read_text(encoding="utf-8")
    exported = project / "en.xlf"
    result = _run("translate", "export", "--lang", "en", "--only", "missing", "-o", str(exported), "--project", str(project))
    assert result.exit_code == 0, result.output
    store = xliff2.Xliff2File.parsefile(exported.open("rb"))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("nb", "en")
    units = {u.xmlelement.getparent().get("name"): u for u in store.units}
    assert set(units) == set(TRANSLATIONS)  # the block's texts and `Stor` are translated already
    hint = units["pages/dog/fields/name/hint"]
    assert hint.source == "Som i stamtavlen, hvis den har en"
    assert "hint of the field: Hundens navn" in _notes(hint)
    assert "an option of the field: Størrelse" in _notes(units["pages/dog/fields/size/options/small/label"])
    for name, unit in units.items():  # the translator's tool fills in every target
        unit.target = TRANSLATIONS[name]
    exported.write_bytes(bytes(store))

    result = _run("translate", "import", str(exported), "--project", str(project))
    assert result.exit_code == 0, result.output
    assert "7 translations imported; 1 files changed: forms/dog.yaml" in result.output
    after = (project / "forms" / "dog.yaml").read_text(encoding="utf-8")
    _only_insertions_of(before, after, TRANSLATIONS)
    for comment in ("# English was just added", "# the form's title", "# as on the certificate", "# the dog itself"):
        assert comment in after
    assert (project / "forms" / "owner.yaml").read_text(encoding="utf-8") == BLOCK
    checked = check_project(project)
    assert checked.diagnostics == [] and checked.forms["dog"].pages[0].fields[0].hint.values["en"] == \
        TRANSLATIONS["pages/dog/fields/name/hint"]


def test_csv_round_trip_and_staleness(project: Path) -> None:
    exported = project / "all.csv"
    assert _run("translate", "export", "-o", str(exported), "--project", str(project)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert {(r["path"], r["status"]) for r in rows if r["file"] == "forms/owner.yaml"} == {
        ("fields/owner_name/label", "current")}
    for row in rows:
        if row["status"] == "missing":
            row["translation"] = TRANSLATIONS[row["path"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    exported.write_text(out.getvalue(), encoding="utf-8")
    before = (project / "forms" / "dog.yaml").read_text(encoding="utf-8")
    assert _run("translate", "import", str(exported), "--project", str(project)).exit_code == 0
    _only_insertions_of(before, (project / "forms" / "dog.yaml").read_text(encoding="utf-8"), TRANSLATIONS)
    assert _run("check", str(project)).exit_code == 0

    # the source of a translated text changes: check warns where the translation is
    form = project / "forms" / "dog.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("{nb: Størrelse", "{nb: Hundens størrelse"), encoding="utf-8")
    [warning] = _checked(project)
    line = next(n for n, text in enumerate(form.read_text(encoding="utf-8").splitlines(), 1) if "Hundens størrelse" in text)
    assert (warning["code"], warning["severity"], warning["line"]) == ("FC280", "warning", line)
    assert warning["column"] == form.read_text(encoding="utf-8").splitlines()[line - 1].index("Size") + 1
    assert "`en` translation is outdated: the `nb` text changed" in warning["message"]
    assert "formc translate export --lang en --only outdated" in warning["help"]
    result = _run("check", str(project), "--strict")
    assert result.exit_code == 1 and "warning[FC280]" in result.output

    # only the outdated text is exported; its new translation replaces just the old one
    outdated = project / "outdated.xlf"
    assert _run("translate", "export", "--only", "outdated", "-o", str(outdated), "--project", str(project)).exit_code == 0
    text = outdated.read_text(encoding="utf-8")
    assert text.count("<unit ") == 1 and 'subState="formc:outdated"' in text and "<source>Hundens størrelse</source>" in text
    before = form.read_text(encoding="utf-8")
    outdated.write_text(text.replace("<target>Size</target>", "<target>The dog's size</target>"), encoding="utf-8")
    assert _run("translate", "import", str(outdated), "--project", str(project)).exit_code == 0
    after = form.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("        label: {nb: Hundens størrelse, en: Size}",
                        "        label: {nb: Hundens størrelse, en: The dog's size}")]  # plain, as it was
    assert _checked(project) == []


def test_accept_marks_hand_made_translations_current(project: Path) -> None:
    block = project / "forms" / "owner.yaml"
    assert _run("translate", "accept", "--project", str(project)).exit_code == 0
    block.write_text(BLOCK.replace("Eierens navn", "Navnet til eieren"), encoding="utf-8")
    [warning] = [d for d in _checked(project) if d["code"] != "FC201"]  # the form still lacks its English
    assert (warning["code"], warning["line"], warning["file"].endswith("owner.yaml")) == ("FC280", 9, True)
    assert _run("translate", "accept", "--lang", "en", "--project", str(project)).exit_code == 0
    assert {d["code"] for d in _checked(project)} == {"FC201"}


def test_bad_translation_files_are_refused_clearly(project: Path) -> None:
    broken = project / "x.xlf"
    broken.write_text("<xliff version='1.2'/>", encoding="utf-8")
    result = _run("translate", "import", str(broken), "--project", str(project))
    assert result.exit_code == 2 and "not an XLIFF 2.0 file" in result.output
    several = _run("translate", "export", "-o", str(project / "y.xlf"), "--project", str(project))
    assert several.exit_code == 0  # one target language (en) in this project
    bad_lang = _run("translate", "export", "--lang", "de", "-o", str(project / "z.csv"), "--project", str(project))
    assert bad_lang.exit_code == 2 and "no form is translated into `de`" in bad_lang.output
