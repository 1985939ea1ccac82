"""formc.js and the server agree where they once did not: condition order, the time zone of ``today``, groups.

A condition that reads a field later in the form (``c: visible_if: not
answered(b)`` before ``b: visible_if: a == true``) is evaluated to a fixed
point in decode, validate and formc.js alike; ``today`` is today in the
project's time zone in the browser too, whatever the browser's own zone; a
group left out reports its required fields unless it is ``optional``; an
address abroad is entered with its country code.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import formc

pytestmark = pytest.mark.browser

FORM = """\
formc: 1
kind: form
id: edges
version: 1.0.0
languages: [en]
title: {en: Edges}
pages:
  - id: p
    fields:
      - {id: a, type: boolean, label: {en: A}}
      - {id: c, type: text, label: {en: C}, visible_if: not answered(b), required: true}
      - {id: b, type: text, label: {en: B}, visible_if: a == true}
      - {id: born, type: date, label: {en: Born}, max: today}
      - {id: home, type: address, label: {en: Home}}
      - id: person
        type: group
        label: {en: Person}
        fields:
          - {id: name, type: text, label: {en: Name}, required: true}
      - id: helper
        type: group
        optional: true
        label: {en: Helper}
        fields:
          - {id: name, type: text, label: {en: Name}, required: true}
          - {id: phone, type: phone, label: {en: Phone}}
"""


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> formc.model.Form:
    root = tmp_path_factory.mktemp("edges")
    # UTC+14: its date is never the date at UTC-11 (the browser below), so a browser-side "today" shows at once
    (root / "formc.yaml").write_text("formc: 1\ndefinitions: forms\ntimezone: Pacific/Kiritimati\n"
                                     "organisation:\n  name: {en: Test Municipality}\n", encoding="utf-8")
    (root / "forms").mkdir()
    (root / "forms" / "edges.yaml").write_text(FORM, encoding="utf-8")
    project = formc.load(root)
    assert not [d for d in project.diagnostics if d.is_error], project.diagnostics
    return project.forms["edges"]


@pytest.fixture()
def edge_page(browser: Any, server: Any, edges: formc.model.Form, kit: Any) -> Any:
    kit.build([edges], edges_organisation(), server.root / "edges")
    context = browser.new_context(locale="en-US", timezone_id="Pacific/Pago_Pago")  # UTC-11
    page = context.new_page()
    page.goto(f"{server.url}/edges/edges.en.html")
    yield page
    context.close()


def edges_organisation() -> formc.model.Organisation:
    return formc.model.Organisation(name=formc.model.Text({"en": "Test Municipality"}))


def _browser(page: Any, values: dict[str, str]) -> dict[str, Any]:
    return page.evaluate("""(values) => {
      const form = document.querySelector('form.formc-form');
      for (const [name, value] of Object.entries(values)) {
        for (const c of form.querySelectorAll(`[name="${name}"]`)) {
          if (c.type === 'radio') c.checked = c.value === value; else c.value = value;
        }
      }
      form.dispatchEvent(new Event('change'));
      const f = formc.forms[0];
      const errors = f.check(false).map(e => e.p);
      const shown = Array.from(form.querySelectorAll('[data-formc-cond]')).filter(w => !w.hidden)
        .map(w => w.getAttribute('data-formc-path'));
      return {errors, shown, data: f.data(), today: f.today()};
    }""", values)


def test_a_condition_on_a_later_conditional_field_settles_alike(edge_page: Any, edges: formc.model.Form) -> None:
    result = _browser(edge_page, {"a": "false", "b": "stale", "c": "kept", "person.name": "Kari"})
    data = formc.decode(edges, [("a", "false"), ("b", "stale"), ("c", "kept"), ("person.name", "Kari")])
    assert data == result["data"] == {"a": False, "c": "kept", "person": {"name": "Kari"}}
    assert result["errors"] == [] and edges.validate(data) == []
    assert result["shown"] == ["c"]


def test_today_is_the_projects_today_in_the_browser(edge_page: Any, edges: formc.model.Form) -> None:
    today = edges.today()
    assert today.isoformat() == _browser(edge_page, {})["today"]
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert _browser(edge_page, {"c": "x", "person.name": "K", "born": today.isoformat()})["errors"] == []
    assert _browser(edge_page, {"c": "x", "person.name": "K", "born": tomorrow})["errors"] == ["/born"]
    assert [e.path for e in edges.validate({"c": "x", "person": {"name": "K"}, "born": tomorrow})] == ["/born"]


@pytest.mark.parametrize("values, expected", [
    ({"c": "x"}, ["/person/name"]),
    ({"c": "x", "helper.phone": "91234567"}, ["/person/name", "/helper/name"]),
    ({"c": "x", "person.name": "Kari"}, []),
])
def test_a_group_left_out_reports_its_fields_unless_optional(edge_page: Any, edges: formc.model.Form,
                                                             values: dict[str, str], expected: list[str]) -> None:
    result = _browser(edge_page, values)
    data = formc.decode(edges, list(values.items()))
    assert result["data"] == data
    assert result["errors"] == [e.path for e in edges.validate(data)] == expected
    assert edge_page.locator("fieldset:has(#edges--helper-name) > legend").inner_text() == "Helper (optional)"


@pytest.mark.parametrize("country, errors", [(" se ", []), ("", ["/home/postal_code"]), ("Sverige", ["/home/country"])])
def test_an_address_abroad_has_its_country_input(edge_page: Any, edges: formc.model.Form, country: str,
                                                 errors: list[str]) -> None:
    values = {"c": "x", "person.name": "Kari", "home.street": "Storgatan 1", "home.postal_code": "123 45",
              "home.city": "Uppsala", "home.country": country}
    result = _browser(edge_page, values)
    data = formc.decode(edges, list(values.items()))
    assert result["data"] == data
    assert result["errors"] == [e.path for e in edges.validate(data)] == errors
    if not errors:
        assert data["home"] == {"street": "Storgatan 1", "postal_code": "12345", "city": "Uppsala", "country": "SE"}
    assert edge_page.get_attribute("#edges--home-country", "autocomplete") == "country"
