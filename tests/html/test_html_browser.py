"""The HTML target in Chromium: accessibility (axe-core), end-to-end submission, conditions, keyboard, no JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import formc

pytestmark = pytest.mark.browser
AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture(scope="module")
def site(server: Any, small: formc.Project, shipped: formc.Project, kit: Any) -> dict[str, formc.model.Form]:
    """Every shipped form and the test forms, built under the server's root; page path → form."""
    forms: dict[str, formc.model.Form] = {}
    for folder, project in (("small", small), ("shipped", shipped)):
        pages = kit.build(list(project.forms.values()), project.organisation, server.root / folder)
        for page in pages:
            if not page.name.endswith(".fragment.html"):
                forms[f"{folder}/{page.name}"] = project.forms[page.name.split(".")[0]]
    return forms


def axe(page: Any, script: Path) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(script.read_text(encoding="utf-8"))
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}, resultTypes: ['violations']}})")
    return [f"{v['id']}: {n['html'][:120]}" for v in result["violations"] for n in v["nodes"]]


def test_axe_on_every_page_initially_and_with_errors(page: Any, server: Any, site: dict, axe_script: Path) -> None:
    problems = []
    for path in sorted(site):
        page.goto(f"{server.url}/{path}")
        problems += [f"{path} (initial) {v}" for v in axe(page, axe_script)]
        page.click("form.formc-form button[type=submit]")
        assert page.is_visible(".formc-error-summary"), path
        assert page.evaluate("document.activeElement.classList.contains('formc-error-summary')"), path
        problems += [f"{path} (errors) {v}" for v in axe(page, axe_script)]
    assert not problems, "\n".join(problems)


def submit_and_decode(page: Any, server: Any, form: formc.model.Form, kit: Any) -> dict[str, Any]:
    with page.expect_navigation():
        page.click("form.formc-form button[type=submit]")
    return formc.decode(form, kit.posted_pairs(*server.take()))


def test_every_shipped_form_end_to_end(page: Any, server: Any, site: dict, kit: Any) -> None:
    seen = set()
    for path, form in sorted(site.items()):
        if form.id in seen:
            continue
        seen.add(form.id)
        lang = form.languages[0]
        data = kit.valid_data(form)
        page.goto(f"{server.url}/{path.split('/')[0]}/{form.id}.{lang}.html")
        kit.fill(page, form, data, lang)
        got = submit_and_decode(page, server, form, kit)
        assert got == data, form.id
        assert form.validate(got, lang=lang) == [], form.id  # today in the form's time zone, as in the browser


def test_conditions_show_hide_and_never_post_hidden_values(page: Any, server: Any, small: formc.Project, site: dict, kit: Any) -> None:
    form = small.forms["every-type"]
    page.goto(f"{server.url}/small/every-type.en.html")
    kids, school = '[data-formc-path="kids"]', '[data-formc-path="kids[0].kid_school"]'
    assert not page.is_visible(kids) and not page.is_visible('[data-formc-path="wed_note"]')
    assert not page.is_visible(".formc-condition")  # the words are for pages without JavaScript
    page.check('[name="has_kids"][value="true"]')
    assert page.is_visible(kids) and not page.is_visible(school)
    page.fill('[name="kids[0].kid_name"]', "Ada")
    page.fill('[name="kids[0].kid_age"]', "7")
    assert page.is_visible(school)
    page.fill('[name="kids[0].kid_school"]', "Lillesand skole")
    page.check('[name="days"][value="wed"]')
    page.fill('[name="wed_note"]', "only on Wednesdays")
    page.uncheck('[name="days"][value="wed"]')
    assert not page.is_visible('[data-formc-path="wed_note"]') and page.is_disabled('[name="wed_note"]')
    page.check('[name="has_kids"][value="false"]')
    assert not page.is_visible(kids) and page.is_disabled('[name="kids[0].kid_name"]')
    data = kit.valid_data(form)
    for key in ("has_kids", "kids", "days", "wed_note"):
        data.pop(key, None)
    kit.fill(page, form, data, "en")
    page.check('[name="days"][value="mon"]')
    with page.expect_navigation():
        page.click("form.formc-form button[type=submit]")
    pairs = kit.posted_pairs(*server.take())
    assert not [name for name, _ in pairs if name.startswith("kids") or name == "wed_note"]
    got = formc.decode(form, pairs)
    assert got["has_kids"] is False and got["days"] == ["mon"] and form.validate(got) == []


def test_repeat_add_and_remove(page: Any, server: Any, site: dict) -> None:
    page.goto(f"{server.url}/small/every-type.nb.html")
    page.check('[name="has_kids"][value="true"]')
    add = '[data-formc-path="kids"] .formc-add'
    slot = '[data-formc-path="kids"] [data-formc-slot="{}"]'
    assert page.is_visible(slot.format(0)) and not page.is_visible(slot.format(1))
    assert not page.is_visible(slot.format(0) + " .formc-remove")  # min_items is 1
    page.fill('[name="kids[0].kid_name"]', "A")
    page.click(add)
    page.fill('[name="kids[1].kid_name"]', "B")
    page.click(add)
    page.fill('[name="kids[2].kid_name"]', "C")
    assert not page.is_visible(add)  # max_items is 3
    page.click(slot.format(0) + " .formc-remove")
    assert page.input_value('[name="kids[0].kid_name"]') == "B" and page.input_value('[name="kids[1].kid_name"]') == "C"
    assert not page.is_visible(slot.format(2)) and page.is_visible(add)
    names = page.evaluate("Array.from(new FormData(document.querySelector('form')).keys()).filter(n => n.startsWith('kids'))")
    assert names == ["kids[0].kid_name", "kids[0].kid_age", "kids[1].kid_name", "kids[1].kid_age"]


def test_error_summary_links_to_fields(page: Any, server: Any, site: dict) -> None:
    page.goto(f"{server.url}/small/every-type.nb.html")
    page.fill('[name="age"]', "abc")
    page.click("button[type=submit]")
    summary = page.inner_text(".formc-error-summary")
    assert "Det er noe som må rettes" in summary and "«Alder» må være et heltall." in summary
    assert page.get_attribute('[name="age"]', "aria-invalid") == "true"
    assert "every-type--age-error" in page.get_attribute('[name="age"]', "aria-describedby")
    assert page.is_visible("#every-type--age-error")
    page.click(".formc-error-list a >> text=Alder")
    assert page.evaluate("document.activeElement.name") == "age"
    page.fill('[name="age"]', "12")
    page.focus('[name="name"]')  # after the first submit, leaving a field re-validates
    assert "Alder" not in page.inner_text(".formc-error-summary")
    assert page.get_attribute('[name="age"]', "aria-invalid") is None


def keyboard_fill(page: Any, name: str, value: Any) -> None:
    """Tab to the control named ``name`` (never clicking) and answer it with keys."""
    for _ in range(300):
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"Tab never reached {name}")
    kind = page.evaluate("document.activeElement.type")
    if kind == "radio":
        page.keyboard.press("Space")
        while page.evaluate("document.activeElement.value") != value:
            page.keyboard.press("ArrowDown")
    elif kind == "checkbox":
        page.keyboard.press("Space")
    else:
        page.keyboard.type(value)


def test_keyboard_only(browser: Any, server: Any, site: dict, kit: Any) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{server.url}/small/every-type.en.html")
    page.keyboard.press("Tab")
    answers = [("name", "Kari Nordmann"), ("nin", "01019000083"), ("home.street", "Storgata 1"), ("home.postal_code", "4790"),
               ("home.city", "Lillesand"), ("size", "large"), ("has_kids", "true"), ("kids[0].kid_name", "Ada"), ("agree", "true")]
    for name, value in answers:
        keyboard_fill(page, name, value)
    for _ in range(50):
        if page.evaluate("document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    context.close()
    got = formc.decode(site["small/every-type.en.html"], kit.posted_pairs(*server.take()))
    assert got == {"name": "Kari Nordmann", "nin": "01019000083", "home": {"street": "Storgata 1", "postal_code": "4790", "city": "Lillesand"},
                   "size": "large", "has_kids": True, "kids": [{"kid_name": "Ada"}], "agree": True}


def test_without_javascript(browser: Any, server: Any, small: formc.Project, site: dict, kit: Any) -> None:
    form = small.forms["every-type"]
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto(f"{server.url}/small/every-type.nb.html")
    assert page.is_visible('[data-formc-path="kids"] [data-formc-slot="2"]')  # every slot shows
    assert page.is_visible('[data-formc-path="wed_note"]')
    assert "Svar bare hvis du svarte Ja på «Har du barn?»." in page.inner_text('[data-formc-path="kids"]')
    data = kit.valid_data(form, seed=3)
    data["has_kids"], data["kids"] = True, [{"kid_name": "A"}, {"kid_name": "B", "kid_age": 9, "kid_school": "S"}]
    kit.fill(page, form, data, "nb", js=False)
    page.fill('[name="kids[2].kid_age"]', "")  # an empty slot is not sent as an item
    if "days" not in data:
        page.fill('[name="wed_note"]', "dropped: Wednesday is not ticked")
    with page.expect_navigation():
        page.click("button[type=submit]")
    context.close()
    got = formc.decode(form, kit.posted_pairs(*server.take()))
    assert got == data and form.validate(got) == []

