"""The intake service in real Chromium: with and without JavaScript, 422 pages (axe-core and Nu: zero problems),
uploads kept across a 422, the receipt, and save-and-resume."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest
from server_support import PDF, PNG, TOWN, Server

from formc.store import Store

pytestmark = pytest.mark.browser
AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import secrets

    folder = tmp_path_factory.mktemp("browser")
    server = Server(TOWN, f"sqlite:///{folder / 'browser.db'}", env={"FORMC_SECRET_KEY": secrets.token_urlsafe(48)},
                    extra_args=["--posts-per-minute", "0"]).start()
    yield server
    server.stop()


def tab(browser: Any, js: bool) -> Any:
    context = browser.new_context(locale="en-US", java_script_enabled=js)
    page = context.new_page()
    page.problems = []  # script errors and CSP violations fail the test
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda msg: page.problems.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    page.on("response", lambda response: page.problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.status != 422 else None)
    return page


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request: pytest.FixtureRequest, shared_chromium: Any) -> Iterator[Any]:
    opened = tab(shared_chromium, request.param)
    opened.js = request.param
    yield opened
    problems = opened.problems
    opened.context.close()
    assert not problems, problems


def axe(page: Any, script: Path) -> list[str]:
    """axe-core's violations on the page as shown (a page without JavaScript is checked as such, see below)."""
    if not page.js:
        return _axe_without_scripts(page, script)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(script.read_text(encoding="utf-8"))  # through the driver: the page's CSP forbids injected scripts
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}, resultTypes: ['violations']}})")
    return [f"{v['id']}: {n['html'][:120]}" for v in result["violations"] for n in v["nodes"]]


def _axe_without_scripts(page: Any, script: Path) -> list[str]:
    """axe-core needs JavaScript to run, so the same HTML is shown again at the same URL, with its stylesheet but
    with its scripts refused: the DOM axe checks is the one a browser without JavaScript shows."""
    html, url = page.content(), page.url
    context = page.context.browser.new_context(locale="en-US")
    try:
        checker = context.new_page()
        checker.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
        checker.route("**/*.js", lambda route: route.abort())
        checker.goto(url)
        checker.js = True
        return axe(checker, script)
    finally:
        context.close()


def nu(vnu: list[str], html: str, tmp_path: Path) -> str:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    result = subprocess.run(vnu + ["--errors-only", "--format", "gnu", str(path)], capture_output=True, text=True, timeout=120)
    return (result.stdout + result.stderr).strip()


def fill_noise(page: Any, nights: str = "3", earlier: str | None = None) -> None:
    page.fill('[name="name"]', "Ada Lovelace")
    page.fill('[name="address"]', "Storgata 1")
    page.fill('[name="nights"]', nights)
    page.check(f'[name="reported_before"][value="{"true" if earlier is not None else "false"}"]')
    if earlier:
        page.fill('[name="earlier_reference"]', earlier)


def submit(page: Any, label: str = "Submit") -> Any:
    with page.expect_navigation():
        return page.click(f'form.formc-form button:has-text("{label}")')


def test_fill_submit_receipt(page: Any, running: Server, axe_script: Path) -> None:
    page.goto(running.url + "/noise-complaint/en/")
    assert axe(page, axe_script) == []
    fill_noise(page)
    submit(page)
    assert "/noise-complaint/en/receipt/" in page.url
    reference = page.url.rsplit("/", 1)[1]
    assert page.inner_text(".formc-reference") == reference
    assert "Storgata 1" in page.content()
    assert axe(page, axe_script) == []


def test_422_keeps_values_shows_errors_and_is_accessible_then_the_fix_gets_a_receipt(
        page: Any, running: Server, axe_script: Path, vnu: list[str], tmp_path: Path) -> None:
    page.goto(running.url + "/parking-permit/en/")
    page.fill('[name="name"]', "Ada Lovelace")
    page.fill('[name="email"]', "ada@example.no")
    page.fill('[name="cars"]', "2")
    page.check('[name="has_trailer"][value="false"]')
    page.set_input_files('[name="proof"]', files=[{"name": "proof.pdf", "mimeType": "application/pdf",
                                                   "buffer": b"MZ\x90\x00 not a PDF at all"}])
    submit(page)  # only the server can tell what the bytes are: 422
    assert page.is_visible(".formc-error-summary")
    assert "this file type is not allowed" in page.inner_text(".formc-error-summary")
    assert page.input_value('[name="name"]') == "Ada Lovelace" and page.input_value('[name="cars"]') == "2"
    assert page.is_checked('[name="has_trailer"][value="false"]')
    assert axe(page, axe_script) == []
    assert nu(vnu, page.content(), tmp_path) == ""
    page.set_input_files('[name="proof"]', files=[{"name": "proof.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    submit(page)
    assert "/parking-permit/en/receipt/" in page.url


def test_without_javascript_every_error_comes_back_from_the_server(shared_chromium: Any, running: Server,
                                                                   axe_script: Path, vnu: list[str], tmp_path: Path) -> None:
    page = tab(shared_chromium, js=False)
    page.js = False
    page.goto(running.url + "/noise-complaint/nb/")
    fill_noise(page, nights="mange", earlier="")
    response = page.expect_navigation
    with response() as navigation:
        page.click('form.formc-form button:has-text("Send inn")')
    assert navigation.value.status == 422
    summary = page.inner_text(".formc-error-summary")
    assert "Hvor mange netter?" in summary and "Tidligere referanse" in summary
    assert page.input_value('[name="nights"]') == "mange" and page.input_value('[name="address"]') == "Storgata 1"
    assert page.get_attribute('[name="nights"]', "aria-invalid") == "true"
    assert axe(page, axe_script) == []
    assert nu(vnu, page.content(), tmp_path) == ""
    page.fill('[name="nights"]', "4")
    page.fill('[name="earlier_reference"]', "2025-000017")
    submit(page, "Send inn")
    assert "/noise-complaint/nb/receipt/" in page.url and "2025-000017" in page.content()
    page.context.close()


def test_an_upload_is_kept_across_a_422(shared_chromium: Any, running: Server) -> None:
    page = tab(shared_chromium, js=False)
    page.js = False
    page.goto(running.url + "/parking-permit/en/")
    page.fill('[name="name"]', "Ada Lovelace")
    page.fill('[name="cars"]', "1")
    page.check('[name="has_trailer"][value="false"]')
    page.set_input_files('[name="proof"]', files=[{"name": "home.png", "mimeType": "image/png", "buffer": PNG}])
    submit(page)
    assert "Enter “Email”" in page.inner_text(".formc-error-summary")
    assert page.is_checked('input[data-formc-upload]') and "home.png" in page.inner_text('[data-formc-path="proof"]')
    page.fill('[name="email"]', "ada@example.no")
    submit(page)
    assert "/parking-permit/en/receipt/" in page.url
    reference = page.url.rsplit("/", 1)[1]
    store = Store(running.store_url, TOWN)
    try:
        [file] = store.get(reference).files
    finally:
        store.close()
    assert (file.filename, file.media_type, file.content) == ("home.png", "image/png", PNG)
    page.context.close()


def test_save_a_half_filled_draft_and_resume_it(page: Any, running: Server) -> None:
    page.goto(running.url + "/noise-complaint/en/")
    page.fill('[name="name"]', "Ada Lovelace")
    page.fill('[name="address"]', "Storgata 1")
    submit(page, "Save and continue later")  # formc.js must not block a half-filled draft
    assert "Your draft is saved" in page.content()
    page.set_viewport_size({"width": 320, "height": 800})  # WCAG 1.4.10 reflow: the long link wraps, no sideways scroll
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    link = page.inner_text(".formc-resume-link")
    page.goto(link)
    assert page.input_value('[name="name"]') == "Ada Lovelace" and page.input_value('[name="address"]') == "Storgata 1"
    page.fill('[name="nights"]', "2")
    page.check('[name="reported_before"][value="false"]')
    submit(page)
    assert "/noise-complaint/en/receipt/" in page.url


# Where the glyphs of a word are drawn: the x of its first and last letter, and of the value before it.
_WORD_PLACES = """([selector, before, word]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const x = (text, at) => { const r = document.createRange(); r.setStart(text, at); r.setEnd(text, at + 1);
                            return r.getBoundingClientRect().x; };
  let value = null, found = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (value === null && node.data.includes(before)) value = x(node, node.data.indexOf(before));
    if (node.data.includes(word)) { const at = node.data.lastIndexOf(word); found = [x(node, at), x(node, at + word.length - 1)]; }
  }
  return {value, first: found && found[0], last: found && found[1]};
}"""


def reads_after(page: Any, selector: str, before: str, word: str, same_line: bool = True) -> bool:
    """In ``selector``, ``word`` reads left to right (and on the same line is drawn right of the value ``before...``)."""
    places = page.evaluate(_WORD_PLACES, [selector, before, word])
    assert places["value"] is not None and places["first"] is not None, (selector, before, word, places)
    return (places["value"] < places["first"] or not same_line) and places["first"] < places["last"]


def test_direction_controls_in_answers_stay_inside_them(shared_chromium: Any, running: Server, axe_script: Path,
                                                        vnu: list[str], tmp_path: Path) -> None:
    """Trojan Source (CVE-2021-42574): an override in a name or a file name must not reverse the words after it."""
    page = tab(shared_chromium, js=False)
    page.js = False
    page.goto(running.url + "/parking-permit/en/")
    page.fill('[name="name"]', "Ada\u2069\u202eecalvoL")  # a stray isolate closer would end a bare <bdi> early
    page.fill('[name="cars"]', "1")
    page.check('[name="has_trailer"][value="false"]')
    page.set_input_files('[name="proof"]', files=[{"name": "faktura\u202efdp.png", "mimeType": "image/png", "buffer": PNG}])
    submit(page)  # no e-mail: 422, the upload kept and shown by its name
    label = '[data-formc-path="proof"] .formc-choice-label'
    assert reads_after(page, label, "faktura", "uploaded")
    assert axe(page, axe_script) == []
    assert nu(vnu, page.content(), tmp_path) == ""
    page.fill('[name="email"]', "ada@example.no")
    submit(page)
    assert "/parking-permit/en/receipt/" in page.url
    answers = page.locator(".formc-answers dd")
    file_line = answers.filter(has_text="faktura")
    assert reads_after(page, ".formc-answers", "faktura", "image") and reads_after(page, ".formc-answers", "faktura", "bytes")
    assert "(PNG image, " in file_line.inner_text()
    # the label after the name is drawn in its own order, left to right
    assert reads_after(page, ".formc-answers", "Ada", "Email", same_line=False)
    warnings = page.locator(".formc-bidi-warning")
    assert warnings.count() == 2  # the name and the file, said in words
    assert "hidden characters that change the text direction" in warnings.first.inner_text()
    assert answers.filter(has_text="ada@example.no").locator(".formc-bidi-warning").count() == 0
    assert axe(page, axe_script) == []
    assert nu(vnu, page.content(), tmp_path) == ""
    store = Store(running.store_url, TOWN)
    try:  # the data is the citizen's, byte for byte
        submission = store.get(page.url.rsplit("/", 1)[1])
    finally:
        store.close()
    assert submission.data["name"] == "Ada\u2069\u202eecalvoL"
    assert submission.data["proof"][0]["filename"] == "faktura\u202efdp.png"
    page.context.close()
