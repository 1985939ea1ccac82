"""The JSON API, the health checks and the operators' CLI, over real HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import time

import httpx
import pytest

from server_support import PDF, PNG, TOWN, Server, envelope, formc_cli

API = "/api/parking-permit/submissions"


def stored(server: Server, reference: str) -> dict:
    done = formc_cli("submissions", "show", reference, "--store", server.store_url)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_valid_submission_is_stored_with_its_file_and_envelope(server: Server) -> None:
    response = httpx.post(server.url + API, json=envelope())
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    year = time.gmtime().tm_year
    assert reference.startswith(f"{year}-") and reference.split("-")[1].isdigit()
    record = stored(server, reference)
    assert record["form"] == "parking-permit" and record["version"] == "1.0.0"
    assert record["language"] == "en" and record["channel"] == "web"
    assert record["data"]["name"] == "Ada Lovelace"
    assert record["envelope"]["form"] == "parking-permit" and record["envelope"]["channel"] == "web"
    assert record["files"] == [{"field": "proof", "filename": "proof.pdf", "media_type": "application/pdf",
                                "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}]


def test_references_are_distinct_and_a_retry_with_the_same_key_is_one_submission(server: Server) -> None:
    first = httpx.post(server.url + API, json=envelope(), headers={"Idempotency-Key": "retry-1"})
    again = httpx.post(server.url + API, json=envelope(), headers={"Idempotency-Key": "retry-1"})
    other = httpx.post(server.url + API, json=envelope(), headers={"Idempotency-Key": "retry-2"})
    assert first.status_code == again.status_code == other.status_code == 201
    assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    assert other.json()["reference"] != first.json()["reference"]
    listed = formc_cli("submissions", "list", "--store", server.store_url, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    references = [s["reference"] for s in json.loads(listed.stdout)]
    assert sorted(references) == sorted({first.json()["reference"], other.json()["reference"]})


def test_invalid_data_gets_422_with_the_validators_errors_and_nothing_is_stored(server: Server) -> None:
    response = httpx.post(server.url + API, json={"language": "en", "data": {"name": "Ada", "cars": 7, "has_trailer": True}})
    assert response.status_code == 422
    errors = {(e["path"], e["code"]) for e in response.json()["errors"]}
    assert {("/email", "required"), ("/cars", "maximum"), ("/trailer_reg", "required"), ("/proof", "required")} <= errors
    assert all(e["message"] for e in response.json()["errors"])
    listed = formc_cli("submissions", "list", "--store", server.store_url, "--format", "json")
    assert json.loads(listed.stdout) == []


def test_files_are_checked_by_their_content_not_their_description(server: Server) -> None:
    fake = b"MZ\x90\x00 not really a PDF"
    body = envelope(proof=fake)
    body["data"]["proof"][0]["media_type"] = "application/pdf"
    response = httpx.post(server.url + API, json=body)
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["file_type"]
    png = envelope(proof=PNG)  # described as a PDF, but it is a PNG, which the field also accepts
    response = httpx.post(server.url + API, json=png)
    assert response.status_code == 201
    assert stored(server, response.json()["reference"])["files"][0]["media_type"] == "image/png"
    missing = envelope()
    missing["attachments"] = {}
    assert httpx.post(server.url + API, json=missing).json()["errors"][0]["code"] == "file_missing"


def test_refusals_unknown_form_wrong_type_other_channels_old_versions(server: Server) -> None:
    assert httpx.post(server.url + "/api/no-such-form/submissions", json=envelope()).status_code == 404
    assert httpx.post(server.url + API, content=b"name=Ada", headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 415
    assert httpx.post(server.url + API, content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    deep = b'{"data": ' + b"[" * 20000 + b"]" * 20000 + b"}"  # past Python's recursion limit: refused, not a 500
    refused = httpx.post(server.url + API, content=deep, headers={"content-type": "application/json"})
    assert refused.status_code == 400 and "nested" in refused.text
    assert httpx.post(server.url + API, json={**envelope(), "channel": "counter"}).status_code == 403
    old = httpx.post(server.url + API, json={**envelope(), "version": "0.9.0"})
    assert old.status_code == 422 and old.json()["errors"][0]["path"] == "/version"


def test_health_readiness_and_security_headers(server: Server) -> None:
    health = httpx.get(server.url + "/healthz")
    ready = httpx.get(server.url + "/readyz")
    assert health.status_code == 200 and ready.status_code == 200 and ready.json()["status"] == "ready"
    csp = health.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert health.headers["x-content-type-options"] == "nosniff"
    assert health.headers["referrer-policy"] == "no-referrer"
    assert "server" not in health.headers


def test_the_receipt_pdf_and_archive_package_are_made_in_the_background(tmp_path, secret_env) -> None:
    store = f"sqlite:///{tmp_path / 'jobs.db'}"

    running = Server(TOWN, store, env=secret_env).start()
    try:
        reference = httpx.post(running.url + API, json=envelope()).json()["reference"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            jobs = {j["kind"]: j["state"] for j in stored(running, reference)["jobs"]}
            if set(jobs.values()) == {"done"}:
                break
            time.sleep(0.5)
        assert jobs == {"receipt": "done", "archive": "done"}
    finally:
        running.stop()
    out = tmp_path / "out"
    done = formc_cli("submissions", "files", reference, "-o", str(out), "--store", store)
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out / "receipt" / "receipt.pdf").pages)
    assert reference in text and "Ada Lovelace" in text
    assert (out / "files" / "01-proof.pdf").read_bytes() == PDF
    manifest = json.loads((out / "archive" / "manifest.json").read_text())
    assert manifest["submission_id"] == reference and manifest["channel"] == "web"
    assert b"Ada Lovelace" in (out / "archive" / "arkivmelding.xml").read_bytes()
    assert any(path.read_bytes() == PDF for path in (out / "archive").iterdir()), "the upload is not in the package"


def test_the_server_refuses_a_postgresql_store_without_a_shared_secret(postgres_url: str) -> None:

    running = Server(TOWN, postgres_url, env={"FORMC_SECRET_KEY": "", "FORMC_SECRET_KEY_FILE": ""})
    with pytest.raises(AssertionError, match="FORMC_SECRET_KEY"):
        running.start(timeout=20)
