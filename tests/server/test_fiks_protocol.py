"""Fiks Arkiv delivery against the fake archive: filing, the receipt's numbers, redelivery, refusal."""

from __future__ import annotations

import time

import pytest

from formc.delivery import DeliveryError
from formc.delivery.fiks import FiksArkiv, HttpFiksTransport, Reply, client_message_id, zip_payload

from lifecycle_support import ARCHIVE_ACCOUNT, OUR_ACCOUNT


def replies_for(target: FiksArkiv, message_id: str, kinds: set[str], seconds: float = 10.0) -> list[Reply]:
    found: list[Reply] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not kinds <= {r.kind for r in found}:
        found += [r for r in target.poll() if r.answers == message_id]
        time.sleep(0.02)
    return found


def test_a_package_is_filed_and_the_receipt_gives_case_and_record_numbers(fake_archive, package_files):
    archive = fake_archive()
    target = FiksArkiv(HttpFiksTransport(archive.url, OUR_ACCOUNT), ARCHIVE_ACCOUNT)
    files = package_files("2026-17")
    sent = target.deliver("2026-17", files)
    replies = replies_for(target, sent.message_id, {"received", "filed"})
    assert [r.kind for r in replies] == ["received", "filed"]
    filed = replies[1]
    assert filed.reference == "2026-17"
    year = time.strftime("%Y")
    assert filed.filed.case_number == f"{year}/1" and filed.filed.journal_number == f"{year}/1"
    records = archive.filings()["records"]
    assert [r[0] for r in records] == ["2026-17"]
    documents = set(files) - {"arkivmelding.xml", "manifest.json"}
    assert records[0][5] == len(documents)  # every document arrived, as antallFiler says


def test_a_redelivered_package_is_not_filed_twice(fake_archive, package_files):
    archive = fake_archive()
    target = FiksArkiv(HttpFiksTransport(archive.url, OUR_ACCOUNT), ARCHIVE_ACCOUNT)
    files = package_files("2026-18")
    first = replies_for(target, target.deliver("2026-18", files).message_id, {"filed"})
    second = replies_for(target, target.deliver("2026-18", files).message_id, {"filed"})
    numbers = [r.filed for r in first + second if r.kind == "filed"]
    assert len(numbers) == 2 and numbers[0] == numbers[1]  # the same case and record, told twice
    state = archive.filings()
    assert len(state["records"]) == 1
    assert state["events"] == {"filed": 1, "redelivery": 1}


def test_an_invalid_package_is_refused_with_the_archives_reason(fake_archive, package_files):
    archive = fake_archive()
    target = FiksArkiv(HttpFiksTransport(archive.url, OUR_ACCOUNT), ARCHIVE_ACCOUNT)
    files = dict(package_files("2026-19"))
    files["arkivmelding.xml"] = files["arkivmelding.xml"].replace(b"<system>", b"<systemet>").replace(
        b"</system>", b"</systemet>")
    sent = target.deliver("2026-19", files)
    failed = [r for r in replies_for(target, sent.message_id, {"failed"}) if r.kind == "failed"]
    assert failed and failed[0].permanent
    assert "ugyldigforespoersel" in failed[0].reason and "not valid" in failed[0].reason
    assert archive.filings()["records"] == []


def test_an_unreachable_archive_is_a_retryable_error(package_files):
    from server_support import free_port

    target = FiksArkiv(HttpFiksTransport(f"http://127.0.0.1:{free_port()}", OUR_ACCOUNT, timeout=2), ARCHIVE_ACCOUNT)
    with pytest.raises(DeliveryError) as caught:
        target.deliver("2026-20", package_files("2026-20"))
    assert not caught.value.permanent and "not reachable" in caught.value.reason


def test_the_payload_and_client_message_id_do_not_depend_on_the_attempt(package_files):
    files = package_files("2026-21")
    assert zip_payload(files) == zip_payload(dict(reversed(list(files.items()))))
    assert client_message_id("2026-21") == client_message_id("2026-21") != client_message_id("2026-22")
