"""`formc diff` and `formc check --previous`: every kind of change to a form's data, and its verdict."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from click.testing import CliRunner

from formc.cli import cli
from formc.compat import diff_projects
from formc.project import check_project

BASE: dict[str, Any] = {
    "formc": 1, "kind": "form", "id": "pets", "version": "1.0.0", "languages": ["en"], "title": "Pets",
    "pages": [
        {"id": "you", "fields": [
            {"id": "name", "type": "text", "label": "Name", "required": True, "max_length": 100},
            {"id": "age", "type": "integer", "label": "Age", "min": 0, "max": 120},
            {"id": "kind", "type": "choice", "label": "Kind", "options": [
                {"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
            {"id": "has_pet", "type": "boolean", "label": "Pet?"},
            {"id": "pet_name", "type": "text", "label": "Pet's name", "visible_if": "has_pet == true"},
            {"id": "pet_kind", "type": "text", "label": "Pet's kind", "visible_if": "has_pet == true", "required": True},
            {"id": "extra", "type": "text", "label": "Extra"},
        ]},
        {"id": "more", "title": "More", "fields": [
            {"id": "home", "type": "group", "label": "Home", "fields": [
                {"id": "street", "type": "text", "label": "Street"}]},
            {"id": "kids", "type": "repeat", "label": "Kids", "max_items": 5, "fields": [
                {"id": "kid_name", "type": "text", "label": "Kid"}]},
            {"id": "doc", "type": "file", "label": "Document", "accept": ["application/pdf"]},
        ]},
    ],
    "rules": [{"id": "adult", "check": "age >= 18", "message": "Adults only"}],
}


def _field(data: dict, field_id: str) -> dict:
    return next(f for page in data["pages"] for f in page["fields"] if f["id"] == field_id)


def _fields(data: dict, page: int = 0) -> list:
    return data["pages"][page]["fields"]


def _set(field_id: str, **values: Any) -> Callable[[dict], None]:
    return lambda d: _field(d, field_id).update(values)


def _drop(field_id: str, key: str) -> Callable[[dict], None]:
    return lambda d: _field(d, field_id).pop(key)


# (case, change to the definition, expected (kind, field, stored submissions ok, drafts ok) — or None: no change)
CASES: list[tuple[str, Callable[[dict], None], tuple[str, str, bool, bool] | None]] = [
    ("optional field added", lambda d: _fields(d).append({"id": "nick", "type": "text", "label": "Nick"}),
     ("field-added", "nick", True, True)),
    ("required field added", lambda d: _fields(d).append({"id": "nick", "type": "text", "label": "N", "required": True}),
     ("field-added", "nick", False, True)),
    ("conditionally required field added",
     lambda d: _fields(d).append({"id": "nick", "type": "text", "label": "N", "required": "has_pet == true"}),
     ("field-added", "nick", False, True)),
    ("field added inside a group", lambda d: _field(d, "home")["fields"].append(
        {"id": "city", "type": "text", "label": "City"}), ("field-added", "home.city", True, True)),
    ("field removed", lambda d: _fields(d).remove(_field(d, "extra")), ("field-removed", "extra", False, False)),
    ("group removed (reported once)", lambda d: _fields(d, 1).remove(_field(d, "home")),
     ("field-removed", "home", False, False)),
    ("type widened", _set("age", type="decimal"), ("type-changed", "age", True, True)),
    ("type changed", _set("extra", type="integer"), ("type-changed", "extra", False, False)),
    ("option removed", lambda d: _field(d, "kind")["options"].pop(), ("options-removed", "kind", False, False)),
    ("option added", lambda d: _field(d, "kind")["options"].append({"value": "c", "label": "C"}),
     ("options-added", "kind", True, True)),
    ("newly required", _set("extra", required=True), ("newly-required", "extra", False, True)),
    ("no longer required", _drop("name", "required"), ("no-longer-required", "name", True, True)),
    ("required only under a condition", _set("name", required="has_pet == true"),
     ("required-condition-changed", "name", True, True)),
    ("condition changed", _set("pet_name", visible_if="has_pet == false"), ("condition-changed", "pet_name", False, True)),
    ("condition added", _set("extra", visible_if="has_pet == true"), ("condition-added", "extra", False, True)),
    ("condition removed from an optional field", _drop("pet_name", "visible_if"),
     ("condition-removed", "pet_name", True, True)),
    ("condition removed from a required field", _drop("pet_kind", "visible_if"),
     ("condition-removed", "pet_kind", False, True)),
    ("max_length lowered", _set("name", max_length=50), ("limit-tightened", "name", False, True)),
    ("max_length raised", _set("name", max_length=200), ("limit-loosened", "name", True, True)),
    ("minimum raised", _set("age", min=18), ("limit-tightened", "age", False, True)),
    ("maximum removed", _drop("age", "max"), ("limit-loosened", "age", True, True)),
    ("repeat shortened", _set("kids", max_items=2), ("limit-tightened", "kids", False, True)),
    ("pattern added", _set("extra", pattern="^[A-Z]+$"), ("limit-tightened", "extra", False, True)),
    ("file types narrowed", _set("doc", accept=["image/png"]), ("limit-tightened", "doc", False, True)),
    ("file types widened", _set("doc", accept=["application/pdf", "image/*"]), ("limit-loosened", "doc", True, True)),
    ("rule added", lambda d: d["rules"].append({"id": "named", "check": "name != 'x'", "message": "No"}),
     ("rule-added", "", False, True)),
    ("rule changed", lambda d: d["rules"][0].update(check="age >= 16"), ("rule-changed", "", False, True)),
    ("rule removed", lambda d: d.pop("rules"), ("rule-removed", "", True, True)),
    ("form removed", lambda d: d.update(id="other"), ("form-removed", "", False, False)),
    ("labels and pages only", lambda d: (_set("name", label="Full name")(d), _fields(d, 1).append(
        _fields(d).pop(_fields(d).index(_field(d, "extra"))))), None),
]


def _project(folder: Path, data: dict) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "form.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    project = check_project(folder)
    assert not project.diagnostics, [str(d.message) for d in project.diagnostics]
    return project.forms


@pytest.mark.parametrize("case,change,expected", CASES, ids=[c[0] for c in CASES])
def test_change_kind_and_verdict(case: str, change: Callable[[dict], None], expected: tuple | None,
                                 tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    change(new)
    diffs = diff_projects(_project(tmp_path / "old", BASE), _project(tmp_path / "new", new))
    found = [(c.kind, c.path, c.submissions_ok, c.drafts_ok) for d in diffs if d.form_id == "pets" for c in d.changes]
    if expected is None:
        assert found == []
        return
    if expected[0] == "form-removed":
        assert [(d.form_id, [c.kind for c in d.changes]) for d in diffs] == [("other", ["form-added"]),
                                                                               ("pets", ["form-removed"])]
    assert found == [expected]
    [form_diff] = [d for d in diffs if d.form_id == "pets"]
    assert form_diff.breaking == (not (expected[2] and expected[3]))


def _write(folder: Path, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "form.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("version,change,refused", [
    ("1.1.0", _set("extra", required=True), True),   # breaking, same major
    ("2.0.0", _set("extra", required=True), False),  # breaking, major raised
    ("1.1.0", _drop("name", "required"), False),     # compatible
])
def test_check_previous_refuses_a_breaking_change_without_a_major_version(
        version: str, change: Callable[[dict], None], refused: bool, tmp_path: Path) -> None:
    new = copy.deepcopy(BASE)
    change(new)
    new["version"] = version
    _write(tmp_path / "old", BASE)
    _write(tmp_path / "new", new)
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "new"), "--previous", str(tmp_path / "old")])
    assert result.exit_code == (1 if refused else 0), result.output
    if refused:
        assert "form.yaml:4:10: error[FC500]: breaking change to the data of form `pets`" in result.output
        assert "newly-required extra" in result.output and "help: raise `version` to 2.0.0" in result.output


def test_diff_against_a_git_revision_and_formats(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _write(repo / "forms", BASE)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "v1"], check=True)
    new = copy.deepcopy(BASE)
    _fields(new).remove(_field(new, "extra"))
    _write(repo / "forms", new)
    runner = CliRunner()
    old_cwd = os.getcwd()
    os.chdir(repo / "forms")
    try:
        text = runner.invoke(cli, ["diff", "HEAD"])
        markdown = runner.invoke(cli, ["diff", "HEAD", "--format", "markdown"])
        as_json = runner.invoke(cli, ["diff", "HEAD", ".", "--format", "json"])
        unknown = runner.invoke(cli, ["diff", "no-such-revision"])
    finally:
        os.chdir(old_cwd)
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[:2] == [
        "pets 1.0.0 → 1.0.0: BREAKING for stored submissions and drafts",
        "  ! field-removed: extra: `extra` (text) was removed: stored answers to it are now unknown keys"]
    assert "| field-removed | `extra` |" in markdown.output and "**The major version was not raised.**" in markdown.output
    [entry] = json.loads(as_json.output)
    assert (entry["form"], entry["breaking"], entry["changes"][0]["kind"]) == ("pets", True, "field-removed")
    assert unknown.exit_code == 2 and "`no-such-revision` is neither a folder nor a Git revision" in unknown.output


def test_the_documented_pull_request_workflow_runs(tmp_path: Path) -> None:
    """examples/ci's form-diff workflow: its formc steps, run as written against a base branch in Git."""
    example = Path(__file__).resolve().parents[2] / "examples" / "ci"
    workflow = yaml.safe_load((example / ".github" / "workflows" / "form-diff.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    runs = [step["run"] for step in job["steps"] if step.get("run", "").startswith("formc ")]
    assert [run.split()[1] for run in runs] == ["diff", "check"]
    assert job["steps"][0]["with"]["fetch-depth"] == 0 and workflow["permissions"]["pull-requests"] == "write"
    repo = tmp_path / "repo"
    shutil.copytree(example, repo, ignore=shutil.ignore_patterns("build"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", "-b", "base", str(repo)], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    form = repo / "forms" / "dog-registration.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("max: today}", "max: today, required: true}"),
                    encoding="utf-8")
    env = {**os.environ, "BASE": "base", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "formc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m formc "$@"\n')
    (bin_dir / "formc").chmod(0o755)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    diff, check = (subprocess.run(["bash", "-c", run], cwd=repo, env=env, capture_output=True, text=True) for run in runs)
    assert diff.returncode == 0, diff.stderr
    comment = (repo / "formc-diff.md").read_text(encoding="utf-8")
    assert "| newly-required | `born` |" in comment and "BREAKING for stored submissions" in comment
    assert check.returncode == 1 and "error[FC500]" in check.stderr
