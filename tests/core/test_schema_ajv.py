"""The compiled JSON Schemas in a JavaScript validator: ajv (2020-12, strict mode, ajv-formats) via node.

Every shipped form's schema must compile in strict mode, and ajv must agree
with ``form.validate`` on generated submissions, awkward strings included
(trailing newlines, control characters, lone surrogates, impossible dates,
non-ASCII digits, numbers beyond 2^53): whatever formc accepts, ajv accepts;
without dynamic checks (check digits, ``today``, decimals, rules) they agree
exactly. CI installs ajv and ajv-formats (.ci/run); elsewhere the tests skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formc.model import Form
from formc.targets.jsonschema import compile_schema
from formc.targets_api import BuildContext
from strategies import ORG, TODAY, data_for, forms, submissions

SCRIPT = Path(__file__).parent / "js" / "ajv_check.js"
IN_CI = os.environ.get("CI") == "true"


class Ajv:
    """One node process running tests/core/js/ajv_check.js for the whole module."""

    def __init__(self, process: subprocess.Popen[str]):
        self.process = process
        self.names: dict[str, str] = {}

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")  # ASCII: lone surrogates travel as \ud800 escapes
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"ajv_check.js stopped: {self.process.stderr.read() if self.process.stderr else ''}"
        return json.loads(line)

    def compile(self, schema: dict[str, Any]) -> str | None:
        text = json.dumps(schema, sort_keys=True)
        if self.names.get(schema["$id"]) != text:
            answer = self.ask({"compile": schema["$id"], "schema": schema})
            if answer["error"] is not None:
                return answer["error"]
            self.names[schema["$id"]] = text
        return None

    def validate(self, schema: dict[str, Any], data: Any) -> dict[str, Any]:
        error = self.compile(schema)
        assert error is None, error
        return self.ask({"validate": schema["$id"], "data": data})


@pytest.fixture(scope="module")
def ajv(repo: Path) -> Iterator[Ajv]:
    node = shutil.which("node")
    probe = [node or "node", "-e", "require.resolve('ajv/dist/2020'); require.resolve('ajv-formats')"]
    if node is None or subprocess.run(probe, cwd=SCRIPT.parent, capture_output=True).returncode != 0:
        reason = "node with the npm packages ajv and ajv-formats is needed (npm install --no-save ajv ajv-formats)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    process = subprocess.Popen([node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=SCRIPT.parent)
    yield Ajv(process)
    process.stdin.close()  # type: ignore[union-attr]
    process.wait(timeout=10)


def _schema(form: Form) -> dict[str, Any]:
    return compile_schema(form, BuildContext(ORG))


def _agree(ajv: Ajv, form: Form, submission: Any) -> None:
    errors = form.validate(submission, lang="en", today=TODAY)
    answer = ajv.validate(_schema(form), submission)
    if not errors:
        assert answer["valid"], f"{form.id}: ajv rejects data formc accepts: {answer['errors'][:3]}; data {submission!r}"
    if not any(e.dynamic for e in errors):
        assert answer["valid"] == (not errors), (
            f"{form.id}: formc {[(e.path, e.code) for e in errors]}; ajv {answer['errors'][:3]}; data {submission!r}")


def test_every_shipped_schema_compiles_in_strict_mode(ajv: Ajv, shipped) -> None:
    failures = {form_id: ajv.compile(_schema(form)) for form_id, form in sorted(shipped.forms.items())}
    assert len(failures) == len(shipped.forms) >= 20
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize("value, accepted", [
    ("kari@example.no", True), ("kari@example.no\n", False), ("\nkari@example.no", False), ("kari@example.no ", False)])
def test_trailing_newline_means_the_same_everywhere(ajv: Ajv, shipped, value: str, accepted: bool) -> None:
    form = shipped.forms["noise-complaint"]
    email = next(f for f in form.walk() if f.type == "email")
    data: dict[str, Any] = {}
    node = data
    for step in email.path[:-1]:
        node = node.setdefault(step, {})
    node[email.id] = value
    assert (not any(e.path == email.pointer for e in form.validate(data, today=TODAY))) == accepted
    schema_errors = ajv.validate(_schema(form), data)["errors"]
    assert any(e.startswith(email.pointer + " ") for e in schema_errors) != accepted
    python_errors = jsonschema.Draft202012Validator(_schema(form)).iter_errors(data)
    assert any(e.json_path.replace("$.", "/").replace(".", "/") == email.pointer for e in python_errors) != accepted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_ajv_and_validator_agree_on_generated_forms(ajv: Ajv, data: st.DataObject) -> None:
    form = data.draw(forms())
    _agree(ajv, form, data.draw(submissions(form)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_ajv_and_validator_agree_on_shipped_forms(ajv: Ajv, shipped, data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(sorted(shipped.forms.values(), key=lambda f: f.id)))
    _agree(ajv, form, data.draw(data_for(form.fields)))
