"""The delivery outbox: every stored submission reaches the archive once, through faults, restarts and redeliveries."""

from __future__ import annotations

import datetime as dt
import sys
import time
import types
from pathlib import Path

import pytest
from lxml import etree

import formc
from formc.jobs.worker import Worker
from formc.store import Store, cases
from lifecycle_support import ARCHIVE_ACCOUNT, OSLO, OUR_ACCOUNT, bench_project, store_submissions


@pytest.fixture
def fast_receipts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The receipt PDF replaced by a fixed stand-in: these tests are about delivery, not PDFs."""
    module = types.ModuleType("formc.runtime.receipt")
    module.render_receipt = lambda *args, **kwargs: b"%PDF-1.7\n% formc test stand-in\n"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "formc.runtime.receipt", module)


def run_until(worker: Worker, done, seconds: float, between=None) -> int:  # noqa: ANN001
    """Run jobs and periodic tasks until ``done()``; the number of rounds (fails the test after ``seconds``)."""
    deadline, rounds = time.monotonic() + seconds, 0
    while not done():
        assert time.monotonic() < deadline, "the outbox did not finish in time"
        worker.run_until_idle()
        worker.run_periodic(force=True)
        rounds += 1
        if between:
            between(rounds)
        time.sleep(0.1)
    return rounds


def test_500_submissions_reach_a_failing_archive_exactly_once(tmp_path: Path, fake_archive, fast_receipts) -> None:
    archive = fake_archive(fail=0.2, drop=0.1, duplicate=0.05, seed=7)
    root = bench_project(tmp_path / "project", f"""
delivery:
  fiks: {{url: "{archive.url}", account: {OUR_ACCOUNT}, archive_account: {ARCHIVE_ACCOUNT},
         resend_after_seconds: 2, poll_seconds: 0.1}}
  retry: {{first_seconds: 1, max_seconds: 2, attempts: 200}}
cases: {{preliminary_reply: false}}
""")
    project = formc.load(root)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", root)
    store.upgrade()
    stored = store_submissions(store, project.forms["bench-repair"], 500, dt.datetime(2026, 3, 2, 9, 30, tzinfo=OSLO))
    worker = Worker(store, project)

    def all_delivered() -> bool:
        return all(d.state == "delivered" for d in cases.deliveries_listing(store.engine)) and \
            len(cases.deliveries_listing(store.engine)) == 500

    def restart_twice(rounds: int) -> None:
        if rounds in (3, 8):
            archive.restart()

    run_until(worker, all_delivered, 600, restart_twice)
    state = archive.filings()
    filed = sorted(r[0] for r in state["records"])
    assert filed == sorted(s.reference for s in stored)  # every submission filed, none twice (keys are unique)
    assert state["events"]["filed"] == 500
    assert state["events"].get("redelivery", 0) > 0 and state["events"].get("dropped", 0) > 0  # the faults happened
    for submission in stored:
        record = cases.case(store.engine, submission.reference)
        archived = [e for e in record.events if e.kind == "archived"]
        assert len(archived) == 1 and archived[0].case_number  # the receipt's case number, stored once
        sent = cases.delivery(store.engine, submission.id, "archive")
        assert sent.journal_number and sent.case_number == archived[0].case_number
    store.close()


def test_a_folder_drop_gets_each_package_whole_and_once(tmp_path: Path, fast_receipts, standards: Path) -> None:
    root = bench_project(tmp_path / "project", "delivery:\n  folder: {path: drop}\ncases: {preliminary_reply: false}\n")
    project = formc.load(root)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", root)
    store.upgrade()
    stored = store_submissions(store, project.forms["bench-repair"], 5, dt.datetime(2026, 3, 2, 9, 30, tzinfo=OSLO))
    worker = Worker(store, project)
    run_until(worker, lambda: all(d.state == "delivered" for d in cases.deliveries_listing(store.engine))
              and len(cases.deliveries_listing(store.engine)) == 5, 60)
    drop = root / "drop"
    assert sorted(p.name for p in drop.iterdir()) == sorted(s.reference for s in stored)  # no temporary folders left
    schema = etree.XMLSchema(etree.parse(str(standards / "fiks-arkiv/V1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd")))
    for folder in drop.iterdir():
        assert schema.validate(etree.parse(str(folder / "arkivmelding.xml"))), schema.error_log
    worker.run_until_idle()  # nothing left to do: a second round delivers nothing again
    assert sorted(p.name for p in drop.iterdir()) == sorted(s.reference for s in stored)
    store.close()


def test_an_archive_that_refuses_a_package_marks_it_failed_with_the_reason(tmp_path: Path, fake_archive,
                                                                          fast_receipts, monkeypatch) -> None:
    archive = fake_archive()
    root = bench_project(tmp_path / "project", f"""
delivery:
  fiks: {{url: "{archive.url}", account: {OUR_ACCOUNT}, archive_account: {ARCHIVE_ACCOUNT}, poll_seconds: 0.1}}
  retry: {{first_seconds: 1, max_seconds: 1}}
cases: {{preliminary_reply: false}}
""")
    project = formc.load(root)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", root)
    store.upgrade()
    (submission,) = store_submissions(store, project.forms["bench-repair"], 1, dt.datetime(2026, 3, 2, 9, 30, tzinfo=OSLO))
    from formc.runtime import package

    made = package.build_package

    def damaged(*args, **kwargs):  # noqa: ANN002, ANN003 — a package the archive's schema refuses
        files = made(*args, **kwargs)
        files["arkivmelding.xml"] = files["arkivmelding.xml"].replace(b"<system>", b"<systemet>").replace(
            b"</system>", b"</systemet>")
        return files

    monkeypatch.setattr(package, "build_package", damaged)
    worker = Worker(store, project)
    run_until(worker, lambda: (cases.delivery(store.engine, submission.id, "archive") or cases.Delivery(*[None] * 10)).state == "failed", 60)
    failed = cases.delivery(store.engine, submission.id, "archive")
    assert "ugyldigforespoersel" in failed.reason and "not valid" in failed.reason
    assert archive.filings()["records"] == []
    store.close()
