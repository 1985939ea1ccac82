"""Property: the compiled JSON Schema and formc's validator agree on every submission.

For data without dynamic checks (rules, check digits, today, decimals) they
must agree exactly; on all data, the schema never rejects what formc accepts.
"""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formc.model import Form
from formc.targets_api import BuildContext
from strategies import ORG, TODAY, data_for, forms, submissions
from formc.targets.jsonschema import compile_schema


def _validator(form: Form) -> jsonschema.Draft202012Validator:
    schema = compile_schema(form, BuildContext(ORG))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_schema_and_validator_agree(data: st.DataObject) -> None:
    form = data.draw(forms())
    submission = data.draw(submissions(form))
    errors = form.validate(submission, lang="en", today=TODAY)
    schema_errors = list(_validator(form).iter_errors(submission))
    if not errors:
        assert not schema_errors, f"schema rejects data formc accepts: {[e.message for e in schema_errors]}"
    if not any(e.dynamic for e in errors):
        assert bool(errors) == bool(schema_errors), (
            f"formc: {[(e.path, e.code) for e in errors]}; schema: {[e.message for e in schema_errors][:3]}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_shipped_forms_schema_never_rejects_accepted_data(shipped, data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(sorted(shipped.forms.values(), key=lambda f: f.id)))
    submission = data.draw(data_for(form.fields))
    errors = form.validate(submission, lang=form.default_language, today=TODAY)
    schema_errors = list(_validator(form).iter_errors(submission))
    if not errors:
        assert not schema_errors
    if not any(e.dynamic for e in errors):
        assert bool(errors) == bool(schema_errors), (
            f"{form.id}: formc {[(e.path, e.code) for e in errors]}; schema {[e.message for e in schema_errors][:3]}")
