"""Deadlines on the project's calendar, and the preliminary reply (fvl. § 11 a): made once, on the right day, filed, e-mailed."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import sys
import types
from pathlib import Path

import pytest
from lxml import etree

import formc
from formc.cases.events import NewEvent
from formc.jobs import letters
from formc.jobs.worker import Worker
from formc.store import Store, cases
from lifecycle_support import OSLO, bench_project, store_submissions
from server_support import free_port

# Norway's public holidays in 2026 (helligdagsloven and 1 May/17 May), written out: the oracle for the deadlines.
HOLIDAYS_2026 = {dt.date(2026, m, d) for m, d in ((1, 1), (4, 2), (4, 3), (4, 5), (4, 6), (5, 1), (5, 14), (5, 17),
                                                   (5, 24), (5, 25), (12, 25), (12, 26))}


def next_working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or day in HOLIDAYS_2026:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def fast_receipts(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("formc.runtime.receipt")
    module.render_receipt = lambda *args, **kwargs: b"%PDF-1.7\n% formc test stand-in\n"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "formc.runtime.receipt", module)


@pytest.fixture
def mailbox():
    """A local SMTP server (aiosmtpd) collecting every message it is given."""
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self) -> None:
            self.messages: list[email.message.Message] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler.messages
    controller.stop()


@pytest.mark.parametrize("received, processing_days", [
    (dt.datetime(2026, 3, 19, 10, 0, tzinfo=OSLO), 14),  # + 2 weeks = skjærtorsdag: after Easter Monday
    (dt.datetime(2026, 3, 7, 12, 0, tzinfo=OSLO), 14),  # + 2 weeks = a Saturday
    (dt.datetime(2026, 5, 3, 22, 59, 59, tzinfo=dt.timezone.utc), 14),  # 00:59 on 4 May in Oslo: counts from 4 May
    (dt.datetime(2026, 4, 30, 9, 0, tzinfo=OSLO), 14),  # + 2 weeks = Kristi himmelfartsdag (14 May)
])
def test_the_deadline_is_the_local_day_plus_the_promise_moved_to_a_working_day(tmp_path: Path, received, processing_days,
                                                                                 fast_receipts) -> None:
    root = bench_project(tmp_path / "project")
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", root)
    store.upgrade()
    (submission,) = store_submissions(store, formc.load(root).forms["bench-repair"], 1, received)
    local_day = received.astimezone(OSLO).date()
    assert cases.case(store.engine, submission.reference).deadline == \
        next_working_day(local_day + dt.timedelta(days=processing_days))
    store.close()


def test_a_preliminary_reply_is_made_once_on_the_day_it_is_due_filed_and_mailed(tmp_path: Path, fast_receipts, mailbox,
                                                                                monkeypatch, standards: Path) -> None:
    controller, inbox = mailbox
    root = bench_project(tmp_path / "project", f"""
delivery:
  folder: {{path: drop}}
notify:
  smtp: {{host: 127.0.0.1, port: {controller.port}, from: postmottak@testvik.kommune.no}}
""")
    project = formc.load(root)
    form = project.forms["bench-repair"]
    store = Store(f"sqlite:///{tmp_path / 'store.db'}", root)
    store.upgrade()
    received = dt.datetime(2026, 3, 2, 9, 30, tzinfo=OSLO)  # a month later: 2 April
    waiting, decided = store_submissions(store, form, 2, received)
    cases.add_event(store.engine, decided.reference, NewEvent("decided", "Benken er reparert."), "saksbehandler",
                    received + dt.timedelta(days=10))

    assert letters.sweep(store.engine, project, dt.datetime(2026, 4, 1, 23, 0, tzinfo=OSLO)) == 0  # not due yet
    assert letters.sweep(store.engine, project, dt.datetime(2026, 4, 2, 0, 30, tzinfo=OSLO)) == 1  # due: the open one
    assert letters.sweep(store.engine, project, dt.datetime(2026, 4, 3, 9, 0, tzinfo=OSLO)) == 0  # once, however often

    monkeypatch.setenv("FORMC_CLOCK", "2026-04-02T08:00:00+02:00")
    worker = Worker(store, project)
    for _ in range(3):  # receipt, package, deliveries, the letter, its delivery
        worker.run_until_idle()
    # The citizen's e-mail: the letter in their language, with the PDF.
    assert len(inbox) == 1
    message = inbox[0]
    assert message["To"] == "kari0@example.no" and "Foreløpig svar" in message["Subject"]
    expected = next_working_day(dt.date(2026, 4, 2) + dt.timedelta(days=14))  # the deadline (16 March) has passed
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert expected.strftime("%d.%m.%Y") in body and "§ 11 a" in body
    (attachment,) = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(attachment.get_payload(decode=True))).pages[0].extract_text()
    assert waiting.reference in text and expected.strftime("%d.%m.%Y") in text
    # Filed on the same case as an outgoing record.
    package = root / "drop" / f"{waiting.reference}-preliminary-reply"
    document = etree.parse(str(package / "arkivmelding.xml"))
    schema = etree.XMLSchema(etree.parse(str(standards / "fiks-arkiv/V1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd")))
    assert schema.validate(document), schema.error_log
    ns = {"a": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1",
          "m": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"}
    assert document.findtext("a:registrering/a:journalposttype/m:kode", namespaces=ns) == "U"
    incoming = etree.parse(str(root / "drop" / waiting.reference / "arkivmelding.xml"))
    case_key = incoming.findtext("a:mappe/a:referanseEksternNoekkel/m:noekkel", namespaces=ns)
    assert document.findtext("a:registrering/a:referanseForelderMappe/m:referanseEksternNoekkel/m:noekkel",
                             namespaces=ns) == case_key
    assert document.findtext("a:registrering/a:korrespondansepart/a:korrespondanseparttype/m:kode", namespaces=ns) == "EM"
    # On the citizen's timeline, once; nothing for the decided case; nothing more on later rounds.
    kinds = cases.case(store.engine, waiting.reference).kinds
    assert kinds.count("preliminary_reply") == 1
    assert "preliminary_reply" not in cases.case(store.engine, decided.reference).kinds
    worker.run_periodic(force=True)
    worker.run_until_idle()
    assert len(inbox) == 1 and cases.case(store.engine, waiting.reference).kinds.count("preliminary_reply") == 1
    store.close()
