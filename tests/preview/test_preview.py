"""``formc serve --preview`` over real HTTP (uvicorn in a subprocess) and in Chromium: pages, inspector, live reload, diagnostics."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import lxml.html
import pytest

import formc


def test_every_form_language_pdf_and_catalogue_page(served: Any, project: Path) -> None:
    form = formc.load(project).forms["every-type"]
    index = httpx.get(served.url + "/")
    assert index.status_code == 200 and "default-src 'self'" in index.headers["content-security-policy"]
    links = set(lxml.html.fromstring(index.text).xpath("//a/@href"))
    for lang in form.languages:
        assert {f"/every-type/{lang}/", f"/every-type/{lang}/print.pdf", f"/catalogue/every-type.{lang}.html"} <= links
        web = httpx.get(f"{served.url}/every-type/{lang}/")
        expected = form.render_html(lang, assets="/_formc/", language_href="/{form}/{lang}/",
                                    scripts=[f"/_formc/preview.js?g={served.generation()}"])
        assert web.status_code == 200 and web.text == expected
        pdf = httpx.get(f"{served.url}/every-type/{lang}/print.pdf", timeout=60)
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
        service = httpx.get(f"{served.url}/catalogue/every-type.{lang}.html")
        assert service.status_code == 200 and form.title(lang) in service.text
    for asset in ("formc.css", "formc.js", "preview.js"):
        assert httpx.get(f"{served.url}/_formc/{asset}").status_code == 200
    assert httpx.get(f"{served.url}/every-type/xx/").status_code == 404
    assert httpx.get(f"{served.url}/no-such-form/nb/").status_code == 404


def test_inspector_shows_decoded_data_verdict_and_archive_metadata(served: Any) -> None:
    response = httpx.post(f"{served.url}/every-type/nb/", data={"name": "Ola", "age": "abc", "height": "1,5"})
    assert response.status_code == 200
    page = lxml.html.fromstring(response.text)
    decoded = page.xpath('//section[@aria-labelledby="decoded"]//pre')[0].text_content()

    assert json.loads(decoded) == {"name": "Ola", "age": "abc", "height": 1.5}
    verdict = page.xpath('//h2[@id="verdict"]')[0].text_content()
    assert re.match(r"Verdict: \d+ errors", verdict)
    assert "«Alder» må være et heltall." in page.xpath('//section[@aria-labelledby="verdict"]//table')[0].text_content()
    again = page.xpath('//form[@class="formc-form"]')[0]
    assert again.xpath('.//input[@name="age"]')[0].get("value") == "abc"
    assert again.xpath('.//input[@name="age"]')[0].get("aria-invalid") == "true"


def test_an_upload_is_hashed_and_kept_for_the_next_post(served: Any) -> None:
    content = b"%PDF-1.4 test\n"
    first = httpx.post(f"{served.url}/every-type/nb/", data={"name": "Ola"},
                       files={"attachment": ("bilag.pdf", content, "application/pdf")})
    page = lxml.html.fromstring(first.text)
    kept = page.xpath('//input[@name="attachment"][@type="checkbox"]')[0]
    digest = hashlib.sha256(content).hexdigest()
    assert kept.get("value") == digest and kept.get("checked") is not None
    second = httpx.post(f"{served.url}/every-type/nb/", data={"name": "Ola", "attachment": digest})
    decoded = lxml.html.fromstring(second.text).xpath('//section[@aria-labelledby="decoded"]//pre')[0].text_content()

    assert json.loads(decoded)["attachment"] == [{"filename": "bilag.pdf", "media_type": "application/pdf",
                                                 "size": len(content), "sha256": digest}]


def test_a_post_is_bounded_in_size_and_inputs(served: Any) -> None:
    too_large = httpx.post(f"{served.url}/every-type/nb/", content=b"name=" + b"x" * (51 * 1024 * 1024),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert too_large.status_code == 413
    too_many = httpx.post(f"{served.url}/every-type/nb/", content="&".join(f"f{i}=x" for i in range(2001)).encode(),
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert too_many.status_code == 400
    many = httpx.post(f"{served.url}/every-type/nb/", content="&".join(f"f{i}=x" for i in range(1500)).encode(),
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert many.status_code == 200  # within the intake service's 2,000 inputs


def test_inspector_spells_out_direction_controls(served: Any) -> None:
    """An override in an answer is shown as ``\\u202e`` in the decoded JSON: visible, and the same data."""
    response = httpx.post(f"{served.url}/every-type/nb/", data={"name": "Ola\u202esnudd", "age": "abc"})
    page = lxml.html.fromstring(response.text)
    decoded = page.xpath('//section[@aria-labelledby="decoded"]//pre')[0].text_content()
    assert '"name": "Ola\\u202esnudd"' in decoded and "\u202e" not in decoded
    assert json.loads(decoded)["name"] == "Ola\u202esnudd"
    again = page.xpath('//form[@class="formc-form"]')[0]
    assert again.xpath('.//input[@name="name"]')[0].get("value") == "Ola\u202esnudd"  # the control keeps the value


def test_root_path_behind_a_proxy(project: Path, start: Any) -> None:
    """The proxy maps /skjema/... to the server's /...; every URL the pages hold carries the prefix."""
    running = start(project, "--root-path", "/skjema")
    page = httpx.get(f"{running.url}/every-type/en/")
    assert page.status_code == 200
    html = lxml.html.fromstring(page.text)
    assert html.xpath("//link/@href")[0] == "/skjema/_formc/formc.css"
    assert "/skjema/every-type/nb/" in html.xpath("//nav//a/@href")
    assert html.xpath("//script/@src")[-1].startswith("/skjema/_formc/preview.js?g=")


def _wait(condition: Any, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.browser
def test_editing_a_definition_reloads_the_page_and_a_broken_one_shows_diagnostics(page: Any, served: Any,
                                                                                   project: Path) -> None:
    definition = project / "forms" / "every-type.yaml"
    original = definition.read_text(encoding="utf-8")
    page.goto(f"{served.url}/every-type/en/")
    assert page.inner_text("h1") == "Every field type"

    definition.write_text(original.replace("en: Every field type}", "en: Every field type (revised)}"), encoding="utf-8")
    page.locator("h1", has_text="Every field type (revised)").wait_for(timeout=20000)

    broken = original.replace("type: national_id", "type: national_idd", 1)
    definition.write_text(broken, encoding="utf-8")
    page.locator("h1", has_text="The definitions have errors").wait_for(timeout=20000)
    diagnostics = page.inner_text(".preview-diagnostics")
    assert "every-type.yaml:" in diagnostics and "national_idd" in diagnostics and "help:" in diagnostics
    assert page.locator("form.formc-form").count() == 0
    assert httpx.get(f"{served.url}/every-type/en/print.pdf").headers["content-type"].startswith("text/html")

    definition.write_text(original, encoding="utf-8")
    page.locator("h1", has_text=re.compile("^Every field type$")).wait_for(timeout=20000)
    assert page.locator("form.formc-form").count() == 1


@pytest.mark.browser
def test_the_preview_pages_pass_axe(page: Any, served: Any, repo: Path) -> None:
    """The index, the inspector (with the re-shown form) and the diagnostics page: no WCAG 2.1 AA violations."""
    script = repo / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        pytest.skip(f"{script} is missing")

    def violations() -> list[str]:
        page.evaluate(script.read_text(encoding="utf-8"))
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', "
                               "'wcag21aa']}, resultTypes: ['violations']})")
        return [f"{v['id']}: {n['html'][:100]}" for v in result["violations"] for n in v["nodes"]]

    page.goto(served.url + "/")
    assert violations() == []
    page.goto(served.url + "/every-type/en/")
    page.fill('[name="name"]', "Ada")
    page.fill('[name="age"]', "7")
    page.evaluate("document.querySelector('form.formc-form').noValidate = true")
    page.evaluate("document.querySelector('form.formc-form').submit()")  # skip the script's check: see the server's verdict
    page.locator("h1", has_text="What was posted").wait_for()
    assert violations() == []
    definition = served.project / "forms" / "every-type.yaml"
    definition.write_text(definition.read_text(encoding="utf-8").replace("type: national_id", "type: nope", 1), encoding="utf-8")
    page.locator("h1", has_text="The definitions have errors").wait_for(timeout=20000)
    assert violations() == []
