"""The citizen's HTML contract over real HTTP without a browser: form, 422 with values, 303, receipt, CSRF, retries."""

from __future__ import annotations

import hashlib
import re
import time

import httpx
import pytest
from server_support import PDF, PNG, TOWN, Server, formc_cli, hidden, valid_noise


@pytest.fixture()
def sqlite_server(tmp_path, secret_env):
    running = Server(TOWN, f"sqlite:///{tmp_path / 'pages.db'}", env=secret_env).start()
    yield running
    running.stop()


def open_form(client: httpx.Client, path: str) -> tuple[str, dict[str, str]]:
    page = client.get(path)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    return page.text, {"_csrf": hidden(page.text, "_csrf"), "_key": hidden(page.text, "_key")}


def test_urlencoded_post_422_keeps_values_then_303_to_the_receipt(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        _, tokens = open_form(client, "/noise-complaint/en/")
        bad = client.post("/noise-complaint/en/", data={**tokens, **valid_noise(nights="many", reported_before="true")})
        assert bad.status_code == 422
        assert 'value="Ada Lovelace"' in bad.text and 'value="many"' in bad.text
        assert "There is a problem" in bad.text and "must be a whole number" in bad.text
        assert "Enter “Earlier reference”" in bad.text
        assert 'aria-invalid="true"' in bad.text
        tokens = {"_csrf": hidden(bad.text, "_csrf"), "_key": hidden(bad.text, "_key")}
        good = client.post("/noise-complaint/en/", data={**tokens, **valid_noise()})
        assert good.status_code == 303
        location = good.headers["location"]
        assert re.fullmatch(r"/noise-complaint/en/receipt/\d{4}-\d{6}", location)
        receipt = client.get(location)
        assert receipt.status_code == 200
        reference = location.rsplit("/", 1)[1]
        assert reference in receipt.text and "Storgata 1" in receipt.text
        again = client.post("/noise-complaint/en/", data={**tokens, **valid_noise()})  # a retried post, same key
        assert again.status_code == 303 and again.headers["location"] == location
    listed = formc_cli("submissions", "list", "--store", server.store_url, "--format", "json")
    import json

    records = json.loads(listed.stdout)
    assert [r["reference"] for r in records] == [reference]
    shown = json.loads(formc_cli("submissions", "show", reference, "--store", server.store_url).stdout)
    assert shown["data"] == {"name": "Ada Lovelace", "address": "Storgata 1", "nights": 3, "reported_before": False,
                             "details": "Drums after midnight."}


def test_direction_controls_are_kept_in_the_data_and_spelled_out_by_submissions_show(sqlite_server: Server) -> None:
    import json

    name = "Ada\u202eecalvoL"  # a right-to-left override left open
    with httpx.Client(base_url=sqlite_server.url) as client:
        _, tokens = open_form(client, "/noise-complaint/en/")
        good = client.post("/noise-complaint/en/", data={**tokens, **valid_noise(name=name)})
        assert good.status_code == 303
        receipt = client.get(good.headers["location"])
    assert f"<bdi>{name}\u202c</bdi>" in receipt.text  # shown closed, in its own isolate, and said in words:
    assert '<small class="formc-bidi-warning">This answer contains hidden characters' in receipt.text
    reference = good.headers["location"].rsplit("/", 1)[1]
    shown = formc_cli("submissions", "show", reference, "--store", sqlite_server.store_url).stdout
    assert '"name": "Ada\\u202eecalvoL"' in shown and "\u202e" not in shown
    assert json.loads(shown)["data"]["name"] == name


def test_the_receipt_opens_only_with_its_own_secret(sqlite_server: Server) -> None:
    locations = []
    for name in ("Ada", "Grace"):
        with httpx.Client(base_url=sqlite_server.url) as client:
            _, tokens = open_form(client, "/noise-complaint/nb/")
            response = client.post("/noise-complaint/nb/", data={**tokens, **valid_noise(name=name)})
            assert response.status_code == 303
            locations.append((response.headers["location"], client.cookies))
    (first, first_cookies), (second, _) = locations
    assert httpx.get(sqlite_server.url + first).status_code == 404  # no cookie
    with httpx.Client(base_url=sqlite_server.url, cookies=first_cookies) as client:
        assert client.get(first).status_code == 200
        assert client.get(second).status_code == 404  # the other citizen's receipt
        assert client.get(first.replace("/nb/", "/en/")).status_code == 404
        unknown = first.rsplit("-", 1)[0] + "-999999"
        assert client.get(unknown).status_code == 404


def test_uploads_are_kept_across_a_422_and_stored_with_the_submission(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        _, tokens = open_form(client, "/parking-permit/en/")
        fields = {**tokens, "name": "Ada", "email": "", "cars": "1", "has_trailer": "false", "trailer_reg": ""}
        bad = client.post("/parking-permit/en/", data=fields, files={"proof": ("home.png", PNG, "image/png")})
        assert bad.status_code == 422
        sha = hashlib.sha256(PNG).hexdigest()
        assert f'value="{sha}" checked' in bad.text and "home.png" in bad.text
        kept = hidden(bad.text, "_uploads")
        fields.update(email="ada@example.no", _csrf=hidden(bad.text, "_csrf"), _key=hidden(bad.text, "_key"),
                      _uploads=kept, proof=sha)
        good = client.post("/parking-permit/en/", data=fields, files={"proof": ("", b"", "application/octet-stream")})
        assert good.status_code == 303, good.text[:2000]
    reference = good.headers["location"].rsplit("/", 1)[1]
    import json

    shown = json.loads(formc_cli("submissions", "show", reference, "--store", server.store_url).stdout)
    assert shown["files"] == [{"field": "proof", "filename": "home.png", "media_type": "image/png", "size": len(PNG),
                               "sha256": sha}]


def test_a_file_of_the_wrong_type_or_size_is_refused_at_its_field(sqlite_server: Server) -> None:
    with httpx.Client(base_url=sqlite_server.url) as client:
        _, tokens = open_form(client, "/parking-permit/en/")
        fields = {**tokens, "name": "Ada", "email": "ada@example.no", "cars": "1", "has_trailer": "false"}
        fake = client.post("/parking-permit/en/", data=fields, files={"proof": ("proof.pdf", b"MZ\x90\x00 an exe", "application/pdf")})
        assert fake.status_code == 422 and "this file type is not allowed" in fake.text
        big = client.post("/parking-permit/en/", data=fields, files={"proof": ("big.pdf", PDF + b"0" * 250_000, "application/pdf")})
        assert big.status_code == 422 and "the file is too large" in big.text


def test_a_post_without_the_csrf_cookie_is_refused_but_keeps_what_was_typed(sqlite_server: Server) -> None:
    with httpx.Client(base_url=sqlite_server.url) as client:
        _, tokens = open_form(client, "/noise-complaint/en/")
    forged = httpx.post(sqlite_server.url + "/noise-complaint/en/", data={**tokens, **valid_noise()})
    assert forged.status_code == 403
    assert 'value="Storgata 1"' in forged.text and "The form had expired" in forged.text
    assert json_list(sqlite_server) == []


def json_list(server: Server) -> list:
    import json

    return json.loads(formc_cli("submissions", "list", "--store", server.store_url, "--format", "json").stdout)


def test_the_receipt_says_being_prepared_until_the_pdf_exists_then_links_it(sqlite_server: Server) -> None:
    with httpx.Client(base_url=sqlite_server.url) as client:
        _, tokens = open_form(client, "/noise-complaint/en/")
        location = client.post("/noise-complaint/en/", data={**tokens, **valid_noise()}).headers["location"]
        first = client.get(location).text
        deadline = time.monotonic() + 60
        while "receipt.pdf" not in (page := client.get(location).text) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "receipt.pdf" in page, "the receipt PDF was never made"
        assert "being prepared" in first or "receipt.pdf" in first
        pdf = client.get(location + "/receipt.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert httpx.get(sqlite_server.url + location + "/receipt.pdf").status_code == 404


def test_behind_a_proxy_every_link_and_redirect_carries_the_root_path(tmp_path, secret_env) -> None:
    """The proxy maps https://kommune.no/skjema/… to the server's /… (it strips the prefix, as usual).

    The test talks to the server as that proxy does, so it carries the cookies itself (their paths are the public ones).
    """
    running = Server(TOWN, f"sqlite:///{tmp_path / 'proxy.db'}", env=secret_env, root_path="/skjema").start()
    try:
        page = httpx.get(running.url + "/noise-complaint/en/")
        assert 'action="/skjema/noise-complaint/en/"' in page.text and 'href="/skjema/static/formc.css"' in page.text
        assert 'href="/skjema/noise-complaint/nb/"' in page.text and 'src="/skjema/static/formc-server.js"' in page.text
        assert "path=/skjema" in page.headers["set-cookie"].lower()
        tokens = {"_csrf": hidden(page.text, "_csrf"), "_key": hidden(page.text, "_key")}
        csrf = f"formc_csrf={page.cookies['formc_csrf']}"
        response = httpx.post(running.url + "/noise-complaint/en/", data={**tokens, **valid_noise()}, headers={"cookie": csrf})
        location = response.headers["location"]
        assert response.status_code == 303 and location.startswith("/skjema/noise-complaint/en/receipt/")
        assert f"path={location}" in response.headers["set-cookie"].lower()
        receipt = httpx.get(running.url + location.removeprefix("/skjema"),
                            headers={"cookie": f"formc_receipt={response.cookies['formc_receipt']}"})
        assert receipt.status_code == 200 and 'href="/skjema/static/formc.css"' in receipt.text
    finally:
        running.stop()


def test_unknown_forms_and_languages_are_404_and_errors_show_no_internals(sqlite_server: Server) -> None:
    assert httpx.get(sqlite_server.url + "/no-such-form/en/").status_code == 404
    assert httpx.get(sqlite_server.url + "/noise-complaint/de/").status_code == 404
    broken = httpx.post(sqlite_server.url + "/noise-complaint/en/", content=b"--x\r\nbroken",
                        headers={"content-type": "multipart/form-data; boundary=x"})
    assert broken.status_code in (400, 403) and "Traceback" not in broken.text


def test_posts_are_rate_limited_per_client_and_bodies_limited_in_size(tmp_path, secret_env) -> None:
    running = Server(TOWN, f"sqlite:///{tmp_path / 'limits.db'}", env=secret_env,
                     extra_args=["--posts-per-minute", "1", "--max-request-mb", "1"]).start()
    try:
        too_big = httpx.post(running.url + "/api/noise-complaint/submissions", content=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                             headers={"content-type": "application/json"})
        assert too_big.status_code == 413
        statuses = [httpx.post(running.url + "/api/noise-complaint/submissions", json={"data": {}}).status_code
                    for _ in range(25)]
        assert statuses == [422] * 20 + [429] * 5  # a burst of 20, then one a minute (the 413 never got that far)
        limited = httpx.post(running.url + "/noise-complaint/en/", data=valid_noise())
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert httpx.get(running.url + "/noise-complaint/en/").status_code == 200  # reading is not limited
    finally:
        running.stop()
