"""``Form.render_html``: the built pages without data; a posted form shown again with its values and errors."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import formc
from formc.targets_api import BuildContext
from formc.targets.html import TARGET


def posted(html: str) -> list[tuple[str, Any]]:
    """The (name, value) pairs a browser without JavaScript posts from a page (kept uploads as their metadata)."""
    form = lxml.html.fromstring(html).xpath("//form")[0] if "<html" in html else lxml.html.fragment_fromstring(html)
    pairs: list[tuple[str, Any]] = []
    for control in form.xpath(".//input|.//select|.//textarea"):
        name, kind = control.get("name"), (control.get("type") or "text").lower()
        if not name or control.get("disabled") is not None or kind == "file":
            continue
        if control.tag == "select":
            chosen = [o.get("value") for o in control.xpath("./option") if o.get("selected") is not None]
            pairs.append((name, chosen[0] if chosen else control.xpath("./option")[0].get("value")))
        elif control.tag == "textarea":
            pairs.append((name, control.text or ""))
        elif kind in ("checkbox", "radio"):
            if control.get("checked") is not None:
                upload = control.get("data-formc-upload")
                pairs.append((name, json.loads(upload) if upload else control.get("value")))
        else:
            pairs.append((name, control.get("value") or ""))
    return pairs


def forms_of(small: formc.Project, shipped: formc.Project) -> list[tuple[formc.Project, formc.model.Form]]:
    return [(project, form) for project in (small, shipped) for form in sorted(project.forms.values(), key=lambda f: f.id)]


def test_without_data_it_is_the_built_file(small: formc.Project, shipped: formc.Project) -> None:
    for project, form in forms_of(small, shipped):
        ctx = BuildContext(project.organisation, template_overrides=project.settings.templates)
        built = {f.path: f.content.decode() for f in TARGET.emit_form(form, ctx)}
        for lang in form.languages:
            assert form.render_html(lang) == built[f"{form.id}.{lang}.html"], (form.id, lang)
            assert form.render_html(lang, mode="fragment") == built[f"{form.id}.{lang}.fragment.html"], (form.id, lang)


def test_unknown_mode_is_refused(small: formc.Project) -> None:
    with pytest.raises(ValueError, match="page, fragment"):
        small.forms["every-type"].render_html("nb", mode="email")


def test_valid_data_survives_a_round_trip_through_the_page(small: formc.Project, shipped: formc.Project, kit: Any) -> None:
    """Every shipped form: the page filled with a submission posts that same submission back (repeats, conditions, files)."""
    for _, form in forms_of(small, shipped):
        for seed in (0, 1, 2):
            data = kit.valid_data(form, seed)
            for lang in form.languages:
                again = formc.decode(form, posted(form.render_html(lang, data)))
                assert again == data, (form.id, seed, lang)


text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, age=text, height=text, start=text, kid=text, kid_age=text, street=text, code=text)
def test_whatever_was_typed_is_shown_again(small: formc.Project, name: str, age: str, height: str, start: str,
                                           kid: str, kid_age: str, street: str, code: str) -> None:
    """Text that does not parse (``abc`` in a number) comes back exactly as typed, so the person can correct it."""
    form = small.forms["every-type"]
    pairs = [("name", name), ("age", age), ("height", height), ("start", start), ("has_kids", "true"),
             ("kids[0].kid_name", kid), ("kids[0].kid_age", kid_age), ("home.street", street), ("code", code)]
    data = formc.decode(form, pairs)
    for lang in ("nb", "en"):
        assert formc.decode(form, posted(form.render_html(lang, data))) == data


@pytest.fixture()
def invalid(small: formc.Project) -> tuple[formc.model.Form, dict, list]:
    form = small.forms["every-type"]
    data = formc.decode(form, [("name", "Ola"), ("age", "abc"), ("has_kids", "true"), ("kids[0].kid_name", "Per"),
                               ("kids[1].kid_age", "3"), ("home.street", "Storgata 1"), ("start", "2020-01-01"),
                               ("end", "2019-01-01"), ("days", "mon"), ("days", "tue"), ("days", "wed")])
    errors = form.validate(data, lang="nb")
    assert {e.path for e in errors} >= {"/age", "/kids/1/kid_name", "/home/postal_code", "/nin", "/days", "/agree"}
    return form, data, errors


def test_errors_are_shown_at_their_fields_and_in_the_summary(invalid: tuple) -> None:
    form, data, errors = invalid
    page = lxml.html.fromstring(form.render_html("nb", data, errors))
    assert page.findtext(".//title").startswith("Feil: ")
    summary = page.xpath('//div[contains(@class, "formc-error-summary")]')[0]
    assert summary.get("hidden") is None
    items = summary.xpath(".//li")
    item = re.compile(r"^/kids/(\d+)/")  # an error inside a repeat item says which item ("Barn 2: ...")
    assert [li.text_content() for li in items] == [
        f"Barn {int(m.group(1)) + 1}: {e.message}" if (m := item.match(e.path)) else e.message for e in errors]
    for li, error in zip(items, errors):
        link = li.xpath("./a")[0]
        target = page.get_element_by_id(link.get("href")[1:])
        assert target.get("aria-invalid") == "true", error
        wrapper = target.xpath('ancestor::div[@data-formc-path][1]')[0]
        message = wrapper.xpath('.//p[contains(@class, "formc-error-message")]')[0]
        assert message.get("hidden") is None and error.message in message.text_content()
        described = wrapper.xpath(".//fieldset|.//input|.//select|.//textarea")[0].get("aria-describedby").split()
        assert message.get("id") in described
        assert "formc-field-error" in wrapper.get("class")
    kid = page.xpath('//*[@name="kids[1].kid_name"]')[0]
    assert kid.get("aria-invalid") == "true" and page.xpath('//*[@name="kids[0].kid_name"]')[0].get("value") == "Per"
    assert page.xpath('//*[@name="kids[1].kid_age"]')[0].get("value") == "3"


def test_a_rule_without_a_field_is_listed_in_the_summary_only(small: formc.Project) -> None:
    form = small.forms["every-type"]
    page = lxml.html.fromstring(form.render_html("en", {}, [{"path": "", "message": "Something is wrong overall"}]))
    item = page.xpath('//ul[@class="formc-error-list"]/li')[0]
    assert item.text_content() == "Something is wrong overall" and not item.xpath("./a")
    assert not page.xpath('//*[@aria-invalid]')


def test_uploaded_files_are_kept_not_asked_again(small: formc.Project) -> None:
    form = small.forms["every-type"]
    upload = {"filename": "kvittering.pdf", "media_type": "application/pdf", "size": 48213, "sha256": "ab" * 32}
    data = {"attachment": [upload]}
    page = lxml.html.fromstring(form.render_html("nb", data, [{"path": "/name", "message": "Fyll ut «Navn»."}]))
    kept = page.xpath('//input[@name="attachment"][@type="checkbox"]')
    assert len(kept) == 1 and kept[0].get("checked") is not None and kept[0].get("value") == upload["sha256"]
    assert "kvittering.pdf (48 kB)" in page.xpath(f'//label[@for="{kept[0].get("id")}"]')[0].text_content()
    more = page.xpath('//input[@name="attachment"][@type="file"]')  # max_items 2: room for one more, labelled
    assert len(more) == 1 and page.xpath(f'//label[@for="{more[0].get("id")}"]')
    assert formc.decode(form, posted(form.render_html("nb", data))) == data


def test_server_options(small: formc.Project) -> None:
    form = small.forms["every-type"]
    html = form.render_html("nn", action="/every-type/nn/", hidden={"_csrf": "t0k<en"}, assets="/static/",
                            language_href="/{form}/{lang}/")
    page = lxml.html.fromstring(html)
    assert page.xpath("//form")[0].get("action") == "/every-type/nn/"
    assert page.xpath('//input[@name="_csrf"]')[0].get("value") == "t0k<en"
    assert page.xpath("//link")[0].get("href") == "/static/formc.css" and page.xpath("//script[@src]")[0].get("src") == "/static/formc.js"
    assert [a.get("href") for a in page.xpath("//nav//a")] == ["/every-type/nb/", "/every-type/nn/", "/every-type/en/"]
    assert formc.decode(form, posted(html)) == {}  # the hidden token is not a field


@pytest.mark.browser
def test_a_page_with_errors_passes_axe_and_the_script_keeps_it(page: Any, server: Any, invalid: tuple, axe_script: Path,
                                                               small: formc.Project, kit: Any) -> None:
    from tests.html.test_html_browser import axe

    form, data, errors = invalid
    kit.build([form], small.organisation, server.root / "render")
    upload = {"filename": "a.pdf", "media_type": "application/pdf", "size": 17, "sha256": "cd" * 32}
    (server.root / "render" / "again.html").write_text(form.render_html("nb", dict(data, attachment=[upload]), errors))
    page.goto(f"{server.url}/render/again.html")
    assert page.evaluate("document.activeElement.id") == "every-type--summary"
    assert axe(page, axe_script) == []
    page.fill('[name="age"]', "41")
    page.click("form.formc-form button[type=submit]")
    shown = page.locator(".formc-error-list li").all_inner_texts()
    assert "«Alder» må være et heltall." not in shown and "Fyll ut «Fødselsnummer»." in shown
    assert not any("Vedlegg" in s for s in shown)


def test_nu_finds_no_errors_in_pages_with_errors(tmp_path: Path, vnu: list[str], invalid: tuple) -> None:
    form, data, errors = invalid
    upload = {"filename": "a.pdf", "media_type": "application/pdf", "size": 17, "sha256": "cd" * 32}
    (tmp_path / "page.html").write_text(form.render_html("nb", dict(data, attachment=[upload]), errors))
    fragment = form.render_html("en", data, errors, mode="fragment")
    (tmp_path / "fragment.html").write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>F</title>'
                                            f"</head><body>{fragment}</body></html>")
    result = subprocess.run(vnu + ["--errors-only", "--format", "gnu", str(tmp_path / "page.html"), str(tmp_path / "fragment.html")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
