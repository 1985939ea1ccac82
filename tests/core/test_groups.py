"""Group semantics (issue 13, "the optional-group trap"): a visible group's required fields are required.

A group counts as present whenever it is visible, so leaving it out reports
its required fields, all in one round; only a group marked ``optional: true``
may be left out as a whole. The validator, the JSON Schema, the browser script
(tests/html) and the paper form agree; the checker refuses or warns about
settings whose meaning is unclear; and no shipped form accepts a submission
without the person it is about.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formc.checker import FormBuilder
from formc.diagnostics import Diagnostics
from formc.loader import load_text
from formc.model import Field, Form
from formc.targets.jsonschema import compile_schema
from formc.targets_api import BuildContext
from strategies import ORG, TODAY, data_for
from test_validator import codes, label, make_form

PERSON = [{"id": "first_name", "type": "text", "label": label("First name"), "required": True},
          {"id": "last_name", "type": "text", "label": label("Last name"), "required": True},
          {"id": "phone", "type": "phone", "label": label("Phone")}]


def _schema_accepts(form: Form, data: Any) -> bool:
    return jsonschema.Draft202012Validator(compile_schema(form, BuildContext(ORG))).is_valid(data)


def test_a_group_left_out_reports_its_required_fields_in_one_round() -> None:
    form = make_form([{"id": "applicant", "type": "group", "label": label("Applicant"), "fields": PERSON},
                      {"id": "note", "type": "text", "label": label("Note")}])
    assert codes(form, {"note": "x"}) == [("/applicant/first_name", "required"), ("/applicant/last_name", "required")]
    assert codes(form, {"applicant": {"phone": "91234567"}}) == [
        ("/applicant/first_name", "required"), ("/applicant/last_name", "required")]
    assert not _schema_accepts(form, {"note": "x"})
    assert codes(form, {"applicant": {"first_name": "Kari", "last_name": "Nordmann"}}) == []


def test_an_optional_group_may_be_left_out_but_not_half_filled() -> None:
    form = make_form([{"id": "partner", "type": "group", "label": label("Partner"), "optional": True, "fields": PERSON}])
    assert codes(form, {}) == [] and _schema_accepts(form, {})
    assert codes(form, {"partner": {"phone": "91234567"}}) == [
        ("/partner/first_name", "required"), ("/partner/last_name", "required")]
    assert not _schema_accepts(form, {"partner": {"phone": "91234567"}})


def test_a_hidden_group_is_not_required_and_a_required_optional_group_explains_why() -> None:
    form = make_form([{"id": "has_partner", "type": "boolean", "label": label("Partner?")},
                      {"id": "partner", "type": "group", "label": label("Partner"), "visible_if": "has_partner == true",
                       "fields": PERSON},
                      {"id": "extra", "type": "group", "label": label("Extra"), "optional": True,
                       "required": "has_partner == true", "fields": [{"id": "x", "type": "text", "label": label("X")}]}])
    assert codes(form, {"has_partner": False}) == []
    assert codes(form, {"has_partner": True}) == [
        ("/partner/first_name", "required"), ("/partner/last_name", "required"), ("/extra", "required")]
    for data in ({"has_partner": False}, {"has_partner": True}):
        assert _schema_accepts(form, data) == (codes(form, data) == [])


def test_requirements_that_read_inside_or_outside_an_absent_group_agree_with_the_schema() -> None:
    form = make_form([{"id": "kind", "type": "choice", "label": label("Kind"),
                       "options": [{"value": "a", "label": label("A")}, {"value": "b", "label": label("B")}]},
                      {"id": "g", "type": "group", "label": label("G"), "fields": [
                          {"id": "x", "type": "text", "label": label("X"), "required": "not answered(y)"},
                          {"id": "y", "type": "text", "label": label("Y")},
                          {"id": "z", "type": "text", "label": label("Z"), "required": "kind == 'b'"}]}])
    for data, expected in (({}, [("/g/x", "required")]), ({"kind": "b", "g": {"y": "1"}}, [("/g/z", "required")]),
                           ({"kind": "b"}, [("/g/x", "required"), ("/g/z", "required")]), ({"g": {"y": "1"}}, [])):
        assert codes(form, data) == expected
        assert _schema_accepts(form, data) == (expected == [])


def _diagnostics(group: dict) -> list[tuple[str, str]]:
    raw = {"formc": 1, "kind": "form", "id": "t", "version": "1.0.0", "languages": ["en"], "title": {"en": "T"},
           "pages": [{"id": "p", "fields": [{"id": "other", "type": "boolean", "label": {"en": "Other"}}, group]}]}
    diags = Diagnostics()
    source = load_text(yaml.safe_dump(raw), "t.yaml", diags)
    FormBuilder(source, {}, {}, ORG, diags).build()  # type: ignore[arg-type]
    return [(d.code, d.severity.value) for d in diags.items]


@pytest.mark.parametrize("settings_, fields, expected", [
    ({"optional": True, "required": True}, PERSON, ("FC216", "error")),
    ({"optional": True}, [{"id": "x", "type": "text", "label": {"en": "X"}}], ("FC217", "warning")),
    ({"required": True}, PERSON, ("FC218", "warning")),
])
def test_the_checker_refuses_or_warns_about_unclear_group_settings(settings_: dict, fields: list, expected: tuple) -> None:
    group = {"id": "g", "type": "group", "label": {"en": "G"}, **settings_,
             "fields": [dict(f, label={"en": "L"}) for f in fields]}
    assert expected in _diagnostics(group)


def test_clear_group_settings_get_no_diagnostic() -> None:
    for settings_ in ({}, {"optional": True}, {"optional": True, "required": "other == true"}):
        group = {"id": "g", "type": "group", "label": {"en": "G"}, **settings_,
                 "fields": [dict(f, label={"en": "L"}) for f in PERSON]}
        assert _diagnostics(group) == []


def _person_groups(form: Form) -> list[Field]:
    """Top-level groups always shown that hold something required: the person or body the case is about."""
    return [f for f in form.fields if f.type == "group" and f.visible_if is None and not f.optional
            and any(c.required and c.required_if is None for c in f.fields)]


def test_every_shipped_form_refuses_a_submission_without_its_applicant(shipped) -> None:
    without = []
    for form in shipped.forms.values():
        groups = _person_groups(form)
        if not groups:
            without.append(form.id)
        for group in groups:
            errors = {e.path for e in form.validate({}, today=TODAY)}
            must = {f"/{group.id}/{c.id}" for c in group.fields if c.required and c.required_if is None and c.visible_if is None}
            assert must <= errors, f"{form.id}: {sorted(must - errors)} not reported for an empty submission"
            assert not _schema_accepts(form, {})
    # the only forms without a person group name the person in top-level fields (or are anonymous reports)
    assert len(without) < len(shipped.forms) // 3, without


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_no_shipped_form_accepts_data_without_its_person_group(shipped, data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(sorted((f for f in shipped.forms.values() if _person_groups(f)), key=lambda f: f.id)))
    group = data.draw(st.sampled_from(_person_groups(form)))
    submission = data.draw(data_for(form.fields))
    submission.pop(group.id, None)
    assert any(e.path.startswith(f"/{group.id}/") for e in form.validate(submission, today=TODAY))
    assert not _schema_accepts(form, submission)
