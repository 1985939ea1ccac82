"""The JSON Schema target: valid 2020-12, conditions and hidden fields, x-formc-rules, golden output."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from formc.project import check_project
from formc.targets_api import BuildContext
from formc.targets.jsonschema import TARGET, compile_schema

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SAMPLE = HERE / "projects" / "sample"


@pytest.fixture(scope="module")
def sample():
    project = check_project(SAMPLE)
    assert not project.diagnostics, project.diagnostics
    return project


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_every_shipped_schema_is_valid_2020_12(shipped) -> None:
    for form in shipped.forms.values():
        schema = compile_schema(form, BuildContext(shipped.organisation))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] and schema["title"] == form.title(form.default_language)
        assert schema["additionalProperties"] is False


def test_golden_schema(sample) -> None:
    form = sample.forms["sample"]
    [output] = TARGET.emit_form(form, BuildContext(sample.organisation))
    golden = GOLDEN / output.path
    if os.environ.get("FORMC_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(output.content)
    assert output.content == golden.read_bytes(), "run with FORMC_UPDATE_GOLDEN=1 to accept a deliberate change"


@pytest.mark.parametrize("data, valid", [
    ({"name": "Kari", "has_children": False}, True),
    ({"name": "Kari", "has_children": True, "children": [{"child_name": "Ola"}]}, True),
    ({"name": "Kari", "has_children": False, "children": [{"child_name": "Ola"}]}, False),  # hidden but present
    ({"name": "Kari", "has_children": True}, False),  # visible and required but missing
    ({"name": "Kari", "has_children": True, "children": []}, False),  # empty means absent
    ({"name": "", "has_children": False}, False),
    ({"name": None, "has_children": False}, False),
    ({"name": "Kari", "has_children": False, "extra": 1}, False),
    ({"name": "Kari", "has_children": False, "contact": {}}, False),
    ({"name": "Kari", "has_children": False, "topics": ["a", "a"]}, False),
    ({"name": "Kari", "has_children": True, "children": [{"child_name": "Ola", "needs": "x"}]}, False),
    ({"name": "Kari", "has_children": True, "children": [{"child_name": "Ola", "special": True, "needs": "x"}]}, True),
])
def test_schema_and_validator_agree_on_conditions(sample, data: dict, valid: bool) -> None:
    form = sample.forms["sample"]
    schema = compile_schema(form, BuildContext(sample.organisation))
    assert (not form.validate(data)) is valid
    assert _validator(schema).is_valid(data) is valid


def test_dynamic_checks_are_listed_not_dropped(sample) -> None:
    schema = compile_schema(sample.forms["sample"], BuildContext(sample.organisation))
    kinds = {(c["kind"], c.get("field") or c.get("id")) for c in schema["x-formc-rules"]}
    assert ("check-digits", "/nin") in kinds
    assert ("date-maximum", "/birth_date") in kinds
    assert ("rule", "adult") in kinds
    rule = next(c for c in schema["x-formc-rules"] if c["kind"] == "rule")
    assert rule["check"] == "birth_date <= today" and set(rule["message"]) == {"nb", "en"}


def test_build_writes_identical_bytes_twice(tmp_path: Path) -> None:
    from formc.build import build

    project = tmp_path / "p"
    shutil.copytree(SAMPLE, project)
    first = build(project, tmp_path / "a", ["jsonschema"])
    second = build(project, tmp_path / "b", ["jsonschema"])
    assert first.ok and second.ok
    a = (tmp_path / "a" / "jsonschema" / "sample.schema.json").read_bytes()
    assert a == (tmp_path / "b" / "jsonschema" / "sample.schema.json").read_bytes()
    json.loads(a)
