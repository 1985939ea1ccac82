"""Every file in broken/ is a mistake a form author makes; each must give its diagnostic at the right place.

The first line of each file says what is expected: ``# expect: FCnnn LINE:COL``; optional lines after it
say more: ``# message: TEXT`` and ``# help: TEXT`` (contained in that diagnostic's message and help) and
``# total: N`` (the number of diagnostics: a mistake reported once, without a cascade).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from formc.cli import cli
from formc.project import check_project

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))


def _expectation(path: Path) -> tuple[str, int, int]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    code, line, col = re.match(r"# expect: (FC\d+) (\d+):(\d+)", first).groups()  # type: ignore[union-attr]
    return code, int(line), int(col)


def _details(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        match = re.match(r"# (message|help|total): (.*)$", line)
        if not match:
            break
        found[match[1]] = match[2]
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_definition_reports_code_line_and_column(case: Path, tmp_path: Path) -> None:
    shutil.copy(case, tmp_path / case.name)
    project = check_project(tmp_path)
    code, line, col = _expectation(case)
    found = [(d.code, d.span.line, d.span.column) for d in project.diagnostics]
    assert (code, line, col) in found, f"expected {code} at {line}:{col}, got {found}"
    assert not project.forms
    details = _details(case)
    [diagnostic] = [d for d in project.diagnostics if (d.code, d.span.line, d.span.column) == (code, line, col)]
    assert details.get("message", "") in diagnostic.message
    if "help" in details:
        assert diagnostic.help is not None and details["help"] in diagnostic.help
    if "total" in details:
        assert len(project.diagnostics) == int(details["total"]), [str(d) for d in project.diagnostics]


def test_corpus_covers_the_main_kinds_of_mistake() -> None:
    codes = {_expectation(c)[0] for c in CASES}
    assert {"FC002", "FC003", "FC004", "FC006", "FC101", "FC201", "FC303", "FC401", "FC210", "FC211"} <= codes
    # the limits: nesting (YAML, expressions, groups), numbers and sizes out of range, control characters
    assert {"FC050", "FC051", "FC052", "FC212", "FC230", "FC270", "FC271", "FC400"} <= codes


def test_check_prints_file_line_col_code_and_help(tmp_path: Path) -> None:
    shutil.copy(BROKEN / "unknown-field-in-condition.yaml", tmp_path / "form.yaml")
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert re.search(r"form\.yaml:12:75: error\[FC401\]: in `visible_if`: unknown field `has_childern`", result.output)
    assert "help: did you mean `has_children`?" in result.output
    assert "Traceback" not in result.output


def test_check_json_format_lists_every_diagnostic(tmp_path: Path) -> None:
    for name in ("unknown-key.yaml", "bad-pattern.yaml"):
        shutil.copy(BROKEN / name, tmp_path / name)
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"])
    import json

    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {(d["code"], d["line"], d["column"]) for d in data} >= {("FC101", 10, 44), ("FC210", 10, 53)}
    assert all(d["file"].endswith(".yaml") and d["message"] for d in data)


def test_unknown_document_type_is_a_warning_that_strict_check_refuses(tmp_path: Path) -> None:
    form = (BROKEN / "reserved-id.yaml").read_text().replace("id: index", "id: letter")
    (tmp_path / "letter.yaml").write_text(form + "archive: {document_type: SOKNAD}\n")
    project = check_project(tmp_path)
    [warning] = project.diagnostics
    assert (warning.code, warning.severity.value, warning.help) == ("FC240", "warning", "did you mean `SØKNAD`?")
    assert "letter" in project.forms
    assert CliRunner().invoke(cli, ["check", str(tmp_path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["check", str(tmp_path), "--strict"]).exit_code == 1


def test_check_reports_schema_and_later_stages_in_one_run(tmp_path: Path) -> None:
    """A schema error no longer hides the semantic checks of the rest of the file, or of forms using a bad block."""
    (tmp_path / "form.yaml").write_text(
        "formc: 1\nkind: form\nid: form\nversion: 1.0.0\nlanguages: [en]\ntitle: Form\n"
        "service: {processing_time: 3 weeks}\n"
        "pages:\n  - id: p\n    fields:\n"
        "      - {id: a, type: text, label: A, maxlength: 3}\n"
        "      - {id: b, type: integer, label: B, min: 5, max: 1}\n"
        "      - {id: c, type: text, label: C, visible_if: \"has_childern == true\"}\n"
        "      - use: person\n", encoding="utf-8")
    (tmp_path / "person.yaml").write_text(
        "formc: 1\nkind: block\nid: person\nfields:\n"
        "  - {id: name, type: text, label: Name, colour: red}\n"
        "  - {id: age, type: integer, label: Age, min: few}\n", encoding="utf-8")
    project = check_project(tmp_path)
    found = {(d.span.path.rsplit("/", 1)[-1], d.code, d.span.line) for d in project.diagnostics}
    assert found == {
        ("form.yaml", "FC100", 7),   # schema: processing_time
        ("form.yaml", "FC101", 11),  # schema: maxlength
        ("form.yaml", "FC211", 12),  # semantic: min over max
        ("form.yaml", "FC401", 13),  # expression: unknown field
        ("person.yaml", "FC101", 5),  # schema of the block
        ("person.yaml", "FC100", 6),
    }
    assert not project.forms
