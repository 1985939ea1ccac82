"""The citizen-facing details of the web form in Chromium: numbered repeat items, conditional reveal, a Norwegian
date entry that ignores the browser locale, the footer, large choice controls, file types in words."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import formc

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(server: Any, small: formc.Project, kit: Any) -> str:
    kit.build(list(small.forms.values()), small.organisation, server.root / "polish")
    return f"{server.url}/polish"


def test_repeat_items_are_numbered_and_errors_say_which_item(page: Any, site: str) -> None:
    page.goto(f"{site}/every-type.nb.html")
    page.check('[name="has_kids"][value="true"]')
    page.fill('[name="kids[0].kid_name"]', "Ada")
    page.click('[data-formc-path="kids"] .formc-add')
    page.fill('[name="kids[1].kid_age"]', "4")
    legends = page.locator('[data-formc-path="kids"] .formc-item-legend').all_inner_texts()
    assert legends[:2] == ["Barn 1", "Barn 2"]
    page.click("form.formc-form button[type=submit]")
    summary = page.locator(".formc-error-list li").all_inner_texts()
    assert "Barn 2: Fyll ut «Barnets navn»." in summary
    assert " ".join(page.text_content("#every-type--kids-1-kid_name-error").split()) == "Feil: Fyll ut «Barnets navn»."
    page.click(".formc-error-list a >> text=Barn 2")
    assert page.evaluate("document.activeElement.name") == "kids[1].kid_name"


def test_an_item_label_without_a_number_is_numbered(tmp_path: Path) -> None:
    (tmp_path / "formc.yaml").write_text("formc: 1\norganisation: {name: Testkommune}\n", encoding="utf-8")
    (tmp_path / "co.yaml").write_text("""formc: 1
kind: form
id: co
version: 1.0.0
languages: [nb]
title: Medsøkere
service: {description: Test.}
pages:
  - id: p
    fields:
      - id: co
        type: repeat
        label: Medsøkere
        item_label: Medsøker
        max_items: 3
        fields:
          - {id: first_name, type: text, label: Fornavn, required: true}
""", encoding="utf-8")
    form = formc.load(tmp_path).forms["co"]
    page = lxml.html.fromstring(form.render_html("nb", {"co": [{"first_name": "A"}, {}]},
                                                 form.validate({"co": [{"first_name": "A"}, {"x": 1}]}, lang="nb")))
    assert [legend.text_content() for legend in page.xpath('//legend[@class="formc-item-legend"]')] == \
        ["Medsøker 1", "Medsøker 2", "Medsøker 3"]
    assert "Medsøker 2: Fyll ut «Fornavn»." in [li.text_content() for li in page.xpath('//ul[@class="formc-error-list"]/li')]


def test_a_revealed_field_hangs_under_the_answer_that_revealed_it(page: Any, site: str) -> None:
    page.goto(f"{site}/every-type.en.html")
    note = '[data-formc-path="wed_note"]'
    assert not page.is_visible(note)
    page.check('[name="days"][value="wed"]')
    assert page.is_visible(note)
    style = page.evaluate("(sel) => { const s = getComputedStyle(document.querySelector(sel));"
                          " return [s.borderLeftWidth, s.borderLeftStyle, s.marginLeft]; }", note)
    assert style[0] == "4px" and style[1] == "solid" and style[2] != "0px"
    revealed = page.locator(note).bounding_box()
    question = page.locator('[data-formc-path="days"]').bounding_box()
    assert revealed["x"] > question["x"] and question["y"] < revealed["y"] <= question["y"] + question["height"] + 40
    assert page.evaluate("(sel) => document.querySelector(sel).previousElementSibling.getAttribute('data-formc-path')",
                         note) == "days"


def test_radios_and_checkboxes_are_large(page: Any, site: str) -> None:
    page.goto(f"{site}/every-type.nb.html")
    for selector in ('[name="size"]', '[name="days"]', '[name="agree"]'):
        box = page.locator(selector).first.bounding_box()
        assert box["width"] >= 38 and box["height"] >= 38, (selector, box)  # GOV.UK: 40 × 40 px


def test_a_group_heading_looks_like_a_heading(page: Any, site: str) -> None:
    page.goto(f"{site}/every-type.nb.html")
    sizes = page.evaluate("""(() => {
        const px = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
        return [px('[data-formc-path="partner"] > fieldset > legend'), px('label[for="every-type--name"]'),
                getComputedStyle(document.querySelector('[data-formc-path="partner"] > fieldset')).borderLeftWidth];
    })()""")
    assert sizes[0] >= 1.2 * sizes[1] and sizes[2] == "4px"


def test_date_entry_is_day_month_year_under_an_en_us_browser(page: Any, server: Any, small: formc.Project, site: str,
                                                            kit: Any) -> None:
    """The page fixture's browser runs with locale en-US; the date is still typed and read as dd.mm.yyyy."""
    form = small.forms["every-type"]
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(f"{site}/every-type.nb.html")
    assert page.get_attribute('[name="start"]', "type") == "text"
    hint = page.inner_text("#" + page.get_attribute('[name="start"]', "aria-describedby").split()[0])
    assert "dd.mm.åååå" in hint
    data = kit.valid_data(form)
    data.update(start=form.today().isoformat(), end=(form.today() + datetime.timedelta(days=40)).isoformat())
    kit.fill(page, form, data, "nb")
    for name in ("start", "end"):
        page.fill(f'[name="{name}"]', datetime.date.fromisoformat(data[name]).strftime("%d.%m.%Y"))
    with page.expect_navigation():
        page.click("form.formc-form button[type=submit]")
    got = formc.decode(form, kit.posted_pairs(*server.take()))
    assert got["start"] == data["start"] and got["end"] == data["end"] and form.validate(got, lang="nb") == []


def test_a_mistyped_date_is_caught_in_the_browser_and_on_the_server(page: Any, site: str, small: formc.Project) -> None:
    page.goto(f"{site}/every-type.en.html")
    page.fill('[name="end"]', "05/17/2025")  # the US order is not a date here
    page.click("form.formc-form button[type=submit]")
    from formc.messages import message

    assert message("date", "en", label="End date") in page.locator(".formc-error-list li").all_inner_texts()
    form = small.forms["every-type"]
    server_side = form.validate(formc.decode(form, [("end", "05/17/2025")]), lang="en")
    assert [e.message for e in server_side if e.path == "/end"] == [message("date", "en", label="End date")]


def test_the_footer_links_the_privacy_and_accessibility_statements(page: Any, site: str) -> None:
    for lang, privacy, accessibility in (("nb", "Personvernerklæring", "Tilgjengelighetserklæring"),
                                         ("nn", "Personvernerklæring", "Tilgjengelegheitserklæring"),
                                         ("en", "Privacy statement", "Accessibility statement")):
        page.goto(f"{site}/every-type.{lang}.html")
        links = page.locator("footer.formc-footer a")
        assert links.all_inner_texts()[:2] == [privacy, accessibility]
        assert links.nth(0).get_attribute("href") == "https://www.example.no/personvern"
        assert links.nth(1).get_attribute("href").startswith("https://uustatus.no/")
        assert page.is_visible("footer.formc-footer")


def test_file_fields_name_types_in_words_and_ask_to_upload(small: formc.Project) -> None:
    from formc.filetypes import size_in_words, types_in_words

    assert types_in_words(("application/pdf", "image/*"), "nb") == "PDF eller bilde"
    assert types_in_words(("application/pdf", "image/jpeg", "image/png"), "en") == "PDF, JPEG or PNG"
    assert types_in_words(("application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                          "nn") == "Word"
    assert "*" not in types_in_words(("image/*", "video/*", "text/*"), "nb")
    assert size_in_words(10_000_000, "nb") == "10 MB" and size_in_words(1_400_000, "nb") == "1,4 MB"
    assert size_in_words(48_213, "en") == "48 kB"
    form = small.forms["every-type"]
    hint = lxml.html.fromstring(form.render_html("nb")).get_element_by_id("every-type--attachment-files").text_content()
    assert "PDF eller PNG" in hint and "*" not in hint and "1 MB" in hint


def test_a_missing_upload_asks_to_upload(page: Any, server: Any, tmp_path: Path, kit: Any) -> None:
    (tmp_path / "formc.yaml").write_text("formc: 1\norganisation: {name: Testkommune}\n", encoding="utf-8")
    (tmp_path / "up.yaml").write_text("""formc: 1
kind: form
id: up
version: 1.0.0
languages: [nb]
title: Opplasting
service: {description: Test.}
pages:
  - id: p
    fields:
      - {id: proof, type: file, label: Dokumentasjon, required: true, accept: [application/pdf, image/*]}
""", encoding="utf-8")
    project = formc.load(tmp_path)
    form = project.forms["up"]
    assert [e.message for e in form.validate({}, lang="nb")] == ["Last opp «Dokumentasjon»."]
    kit.build([form], project.organisation, server.root / "upload")
    page.goto(f"{server.url}/upload/up.nb.html")
    assert "PDF eller bilde" in page.inner_text('[data-formc-path="proof"]')
    page.click("form.formc-form button[type=submit]")
    assert page.locator(".formc-error-list li").all_inner_texts() == ["Last opp «Dokumentasjon»."]
