"""Counter mode (employees only; channel and identity recorded) and save-and-resume drafts, over real HTTP."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from lxml import etree
from server_support import TOWN, Server, formc_cli, hidden, valid_noise

from formc.store import Store, artifacts


@pytest.fixture()
def counter_server(tmp_path: Path, secret_env: dict[str, str]):
    hashed = formc_cli("serve", "--hash-password", input_text="correct horse battery staple\n")
    assert hashed.returncode == 0 and hashed.stdout.startswith("$argon2id$"), hashed.stderr
    passwords = tmp_path / "employees"
    passwords.write_text(f"# counter staff\nkari:{hashed.stdout.strip()}\n")
    running = Server(TOWN, f"sqlite:///{tmp_path / 'counter.db'}", env=secret_env,
                     extra_args=["--password-file", str(passwords), "--counter-header", "X-Remote-User"]).start()
    yield running
    running.stop()


def stored(server: Server) -> list[dict]:
    listed = json.loads(formc_cli("submissions", "list", "--store", server.store_url, "--format", "json").stdout)
    return [json.loads(formc_cli("submissions", "show", s["reference"], "--store", server.store_url).stdout) for s in listed]


def test_a_citizen_cannot_reach_counter_mode(counter_server: Server) -> None:
    page = httpx.get(counter_server.url + "/counter/noise-complaint/en/")
    assert page.status_code == 401 and page.headers["www-authenticate"].startswith("Basic")
    wrong = httpx.get(counter_server.url + "/counter/noise-complaint/en/", auth=("kari", "wrong"))
    assert wrong.status_code == 401
    citizen = httpx.get(counter_server.url + "/noise-complaint/en/")
    assert "/counter/" not in citizen.text and "_channel" not in citizen.text and "Registration" not in citizen.text
    spoofed = httpx.get(counter_server.url + "/counter/noise-complaint/en/", headers={"X-Remote-User": ""})
    assert spoofed.status_code == 401


def test_a_citizen_cannot_register_another_channel(counter_server: Server) -> None:
    with httpx.Client(base_url=counter_server.url) as client:
        page = client.get("/noise-complaint/en/").text
        tokens = {"_csrf": hidden(page, "_csrf"), "_key": hidden(page, "_key")}
        response = client.post("/noise-complaint/en/", data={**tokens, **valid_noise(), "_channel": "letter",
                                                             "_paper_original": "yes"})
        assert response.status_code == 303
    [record] = stored(counter_server)
    assert record["channel"] == "web" and record["registered_by"] is None and "paper_original" not in record["envelope"]


def test_an_employees_submission_records_channel_identity_paper_and_letter_date(counter_server: Server) -> None:
    with httpx.Client(base_url=counter_server.url, auth=("kari", "correct horse battery staple")) as client:
        page = client.get("/counter/noise-complaint/nb/")
        assert page.status_code == 200 and "kari" in page.text and 'name="_channel"' in page.text
        assert 'action="/counter/noise-complaint/nb/"' in page.text
        tokens = {"_csrf": hidden(page.text, "_csrf"), "_key": hidden(page.text, "_key")}
        bad = client.post("/counter/noise-complaint/nb/", data={**tokens, **valid_noise(nights=""), "_channel": "letter",
                                                               "_paper_original": "yes", "_letter_date": "2026-11-20"})
        assert bad.status_code == 422 and '<option value="letter" selected>' in bad.text and 'value="2026-11-20"' in bad.text
        good = client.post("/counter/noise-complaint/nb/", data={**tokens, **valid_noise(), "_channel": "letter",
                                                                "_paper_original": "yes", "_letter_date": "2026-11-20"})
        assert good.status_code == 303
        receipt = client.get(good.headers["location"])
        assert "kari" in receipt.text and "Brev" in receipt.text
    by_header = httpx.Client(base_url=counter_server.url, headers={"X-Remote-User": "ola.nordmann@kommune.no"})
    page = by_header.get("/counter/noise-complaint/en/")
    assert page.status_code == 200
    tokens = {"_csrf": hidden(page.text, "_csrf"), "_key": hidden(page.text, "_key")}
    assert by_header.post("/counter/noise-complaint/en/", data={**tokens, **valid_noise(), "_channel": "phone"}).status_code == 303
    records = stored(counter_server)
    letter, phone = sorted(records, key=lambda r: r["reference"])
    assert (letter["channel"], letter["registered_by"]) == ("letter", "kari")
    assert letter["envelope"]["paper_original"] is True and letter["envelope"]["letter_date"] == "2026-11-20"
    assert letter["envelope"]["registered_by"] == "kari"
    assert (phone["channel"], phone["registered_by"], phone["envelope"]["paper_original"]) == ("phone", "ola.nordmann@kommune.no", False)


def _artifact(server: Server, submission_id: str, kind: str, name: str, timeout: float = 120.0) -> bytes:
    """An artifact the server's worker makes, once it is there."""
    opened = Store(server.store_url, TOWN)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = artifacts.get(opened.engine, submission_id, kind, name)
            if found:
                return found[0].content
            time.sleep(0.2)
    finally:
        opened.close()
    raise AssertionError(f"no {kind} {name} after {timeout} s")


def test_the_archive_package_and_the_receipt_name_the_employee(counter_server: Server) -> None:
    with httpx.Client(base_url=counter_server.url, auth=("kari", "correct horse battery staple")) as client:
        page = client.get("/counter/noise-complaint/nb/")
        tokens = {"_csrf": hidden(page.text, "_csrf"), "_key": hidden(page.text, "_key")}
        posted = client.post("/counter/noise-complaint/nb/", data={**tokens, **valid_noise(), "_channel": "counter",
                                                                  "_paper_original": "yes"})
        assert posted.status_code == 303
    (record,) = stored(counter_server)
    message = etree.fromstring(_artifact(counter_server, record["id"], "archive", "arkivmelding.xml"))
    ns = {"am": message.nsmap[None]}
    assert message.findtext("am:registrering/am:opprettetAv", namespaces=ns) == "kari"
    assert message.findtext("am:registrering/am:merknad/am:merknadRegistrertAv", namespaces=ns) == "kari"
    receipt = _artifact(counter_server, record["id"], "receipt", "receipt.pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=receipt, capture_output=True, check=True).stdout.decode()
    assert "Registrert av" in text and "kari" in text


def test_a_saved_draft_resumes_with_its_answers(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        page = client.get("/noise-complaint/en/").text
        tokens = {"_csrf": hidden(page, "_csrf"), "_key": hidden(page, "_key")}
        saved = client.post("/noise-complaint/en/", data={**tokens, "name": "Ada Lovelace", "nights": "", "_action": "save"})
        assert saved.status_code == 200 and "Your draft is saved" in saved.text
        link = saved.text.split('class="formc-resume-link">')[1].split("<")[0]
        assert "/noise-complaint/en/draft/" in link and "Ada" not in link
    resumed = httpx.get(link)
    assert resumed.status_code == 200 and 'value="Ada Lovelace"' in resumed.text and "aria-invalid" not in resumed.text
    assert httpx.get(link[:-4] + "AAAA").status_code == 404
    listed = json.loads(formc_cli("submissions", "list", "--store", server.store_url, "--format", "json").stdout)
    assert listed == []


def test_a_draft_resumed_on_a_newer_version_keeps_what_fits_and_names_what_must_be_given_again(tmp_path, secret_env) -> None:
    project = tmp_path / "town"
    shutil.copytree(TOWN, project)
    store = f"sqlite:///{tmp_path / 'drafts.db'}"
    running = Server(project, store, env=secret_env).start()
    try:
        with httpx.Client(base_url=running.url) as client:
            page = client.get("/noise-complaint/en/").text
            tokens = {"_csrf": hidden(page, "_csrf"), "_key": hidden(page, "_key")}
            saved = client.post("/noise-complaint/en/", data={**tokens, "name": "Ada Lovelace", "nights": "200",
                                                              "address": "Storgata 1", "_action": "save"})
            link = saved.text.split('class="formc-resume-link">')[1].split("<")[0]
    finally:
        running.stop()
    form = project / "forms" / "noise-complaint.yaml"
    text = form.read_text().replace("version: 1.0.0", "version: 1.1.0").replace("min: 1, max: 365", "min: 1, max: 90")
    form.write_text(text)
    running = Server(project, store, env=secret_env).start()
    try:
        resumed = httpx.get(running.url + "/" + link.split("/", 3)[3])
        assert resumed.status_code == 200
        assert 'value="Ada Lovelace"' in resumed.text and 'value="Storgata 1"' in resumed.text
        assert 'value="200"' not in resumed.text
        assert "“How many nights?” has changed since you saved. Answer it again." in resumed.text
    finally:
        running.stop()
