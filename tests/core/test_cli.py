"""The command line as CI and form authors use it: exit codes, outputs, atomicity, incremental builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from formc.cli import cli

HERE = Path(__file__).parent
SAMPLE = HERE / "projects" / "sample"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_new_form_passes_check_and_builds(tmp_path: Path) -> None:
    assert run("new", "parking-permit", "--project", str(tmp_path)).exit_code == 0
    text = (tmp_path / "forms" / "parking-permit.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../formc.schema.json")
    assert json.loads((tmp_path / "formc.schema.json").read_text())["title"].startswith("formc")
    assert run("check", str(tmp_path)).exit_code == 0
    refused = run("build", str(tmp_path), "-o", str(tmp_path / "out"), "--target", "jsonschema")
    assert refused.exit_code == 1 and "error[FC016]: no formc.yaml" in refused.output
    assert "help: create it with `formc init" in refused.output and not (tmp_path / "out").exists()
    assert run("init", str(tmp_path), "--organisation", "Prøvevik kommune").exit_code == 0
    result = run("build", str(tmp_path), "-o", str(tmp_path / "out"), "--target", "jsonschema")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "jsonschema" / "parking-permit.schema.json").is_file()
    assert run("new", "Bad_Id", "--project", str(tmp_path)).exit_code == 2


def test_validate_json_output_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"name": "Kari", "has_children": False}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "", "has_children": True, "surprise": 1}))
    ok = run("validate", "sample", str(good), "--project", str(SAMPLE), "--format", "json")
    assert ok.exit_code == 0 and json.loads(ok.stdout) == {"valid": True, "errors": []}
    result = run("validate", "sample", str(bad), "--project", str(SAMPLE), "--format", "json", "--lang", "en")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["valid"] is False
    assert {(e["path"], e["code"]) for e in report["errors"]} == {
        ("/name", "empty"), ("/children", "required"), ("/surprise", "unknown")}
    assert any("Children" in e["message"] for e in report["errors"])
    nb = json.loads(run("validate", "sample", str(bad), "--project", str(SAMPLE), "--format", "json").stdout)
    assert any("Barn" in e["message"] for e in nb["errors"])


def test_validate_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    for args in (["validate", "nope", str(broken), "--project", str(SAMPLE)],
                 ["validate", "sample", str(broken), "--project", str(SAMPLE)],
                 ["validate", "sample", str(tmp_path / "missing.json"), "--project", str(SAMPLE)]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "error:" in result.output


def test_a_failed_build_changes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(SAMPLE, project)
    out = tmp_path / "out"
    assert run("build", str(project), "-o", str(out), "--target", "jsonschema").exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    form = project / "sample.yaml"
    form.write_text(form.read_text().replace("type: email", "type: emial"))
    result = run("build", str(project), "-o", str(out), "--target", "jsonschema")
    assert result.exit_code == 1 and "FC100" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.rglob("*.tmp")]


def test_unchanged_forms_are_not_rebuilt(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(SAMPLE, project)
    shutil.copy(project / "sample.yaml", project / "other.yaml")
    other = project / "other.yaml"
    other.write_text(other.read_text().replace("id: sample", "id: other"))
    out = tmp_path / "out"
    first = run("build", str(project), "-o", str(out), "--target", "jsonschema")
    assert "built 2" in first.output
    assert "up to date" in run("build", str(project), "-o", str(out), "--target", "jsonschema").output
    other.write_text(other.read_text().replace("Prøveskjema", "Et annet skjema"))
    third = run("build", str(project), "-o", str(out), "--target", "jsonschema")
    assert "built 1 and reused 1" in third.output
    assert "Et annet skjema" in (out / "jsonschema" / "other.schema.json").read_text()
    (out / "jsonschema" / "sample.schema.json").write_text("tampered")
    run("build", str(project), "-o", str(out), "--target", "jsonschema")
    assert json.loads((out / "jsonschema" / "sample.schema.json").read_text())["title"] == "Prøveskjema"


def test_unknown_target_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", str(SAMPLE), "-o", str(tmp_path), "--target", "pdf")
    assert result.exit_code == 2 and "unknown target" in result.output


def test_schema_command_prints_the_language_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "field_text" in schema["definitions"]


def test_missing_or_empty_project_is_reported_not_built(tmp_path: Path) -> None:
    assert run("build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("build", str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "error[FC016]: no formc.yaml" in result.output and "formc init" in result.output
    (empty / "formc.yaml").write_text("formc: 1\norganisation: {name: Prøvevik kommune}\n", encoding="utf-8")
    result = run("build", str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "FC012" in result.output
    assert not (tmp_path / "out").exists()


def test_validate_accepts_a_form_file_path(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"name": "Kari", "has_children": False}))
    result = run("validate", str(SAMPLE / "sample.yaml"), str(good))
    assert result.exit_code == 0, result.output
