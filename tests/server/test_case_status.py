"""The citizen's case status page and caseworkers' events, over a real server: the key, the timeline, the deadline
(recomputed here with the ``holidays`` calendar), authentication of events, the rules for closing a case, the
``formc case`` CLI on the same store, and the page in real Chromium (axe-core and Nu: zero problems, nb/nn/en)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import holidays
import httpx
import pytest
import sqlalchemy as sa
from lifecycle_support import OSLO, bench_data, bench_project
from server_support import Server, formc_cli

from formc.server.cases import status_key

PASSWORD = "correct horse battery staple"
AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


class Running:
    def __init__(self, server: Server, secret: bytes, project: Path):
        self.server, self.secret, self.project = server, secret, project
        self.url, self.store_url = server.url, server.store_url

    def submit(self, lang: str = "nb", n: int = 0) -> str:
        answer = httpx.post(f"{self.url}/api/bench-repair/submissions", json={"language": lang, "data": bench_data(n)},
                            timeout=30)
        assert answer.status_code == 201, answer.text
        return answer.json()["reference"]

    def row(self, reference: str) -> Any:
        engine = sa.create_engine(self.store_url)
        try:
            with engine.connect() as connection:
                return connection.execute(sa.text("SELECT id, received_at, deadline FROM submissions WHERE reference = :r"),
                                          {"r": reference}).one()
        finally:
            engine.dispose()

    def status_url(self, reference: str, lang: str | None = None) -> str:
        key = status_key(self.secret, self.row(reference).id)
        return f"{self.url}/status/{reference}?key={key}" + (f"&lang={lang}" if lang else "")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A server with counter staff, on SQLite and on PostgreSQL (the case queries run on both)."""
    import secrets

    folder = tmp_path_factory.mktemp("status")
    project = bench_project(folder / "bench")
    hashed = formc_cli("serve", "--hash-password", input_text=PASSWORD + "\n")
    assert hashed.returncode == 0, hashed.stderr
    passwords = folder / "employees"
    passwords.write_text(f"kari:{hashed.stdout.strip()}\n")
    secret = secrets.token_urlsafe(48)
    store = f"sqlite:///{folder / 'status.db'}" if request.param == "sqlite" else \
        request.getfixturevalue("module_postgres_url")
    server = Server(project, store, env={"FORMC_SECRET_KEY": secret},
                    extra_args=["--password-file", str(passwords), "--posts-per-minute", "0"]).start()
    yield Running(server, secret.encode(), project)
    server.stop()


def expected_deadline(received: dt.datetime) -> dt.date:
    """Received day in Oslo + 14 days (P2W), moved past weekends and Norwegian public holidays."""
    day = received.astimezone(OSLO).date() + dt.timedelta(days=14)
    norway = holidays.country_holidays("NO", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in norway:
        day += dt.timedelta(days=1)
    return day


def stored_received(value: Any) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def test_the_status_page_needs_the_right_key(running: Running) -> None:
    reference = running.submit()
    row = running.row(reference)
    deadline = dt.date.fromisoformat(str(row.deadline))
    assert deadline == expected_deadline(stored_received(row.received_at))
    page = httpx.get(running.status_url(reference, "en"))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert reference in page.text and "Received" in page.text
    assert deadline.strftime("%d.%m.%Y") in page.text
    assert "The deadline has not passed" in page.text
    assert "Kari Nordmann" not in page.text and "Parkveien" not in page.text  # no submitted data on the page

    key = status_key(running.secret, row.id)
    unknown_ref = reference[:-1] + ("9" if reference[-1] != "9" else "8")
    refused = [httpx.get(f"{running.url}/status/{reference}?key={key[:-2]}xx"),
               httpx.get(f"{running.url}/status/{reference}"),
               httpx.get(f"{running.url}/status/{reference}?key="),
               httpx.get(f"{running.url}/status/{reference}?key={status_key(b'another secret', row.id)}"),
               httpx.get(f"{running.url}/status/{unknown_ref}?key={key}"),
               httpx.get(f"{running.url}/status/NO-SUCH-CASE?key={key}")]
    assert [r.status_code for r in refused] == [404] * len(refused)
    assert len({r.text for r in refused}) == 1 and reference not in refused[0].text


def test_caseworker_events_are_authenticated_and_close_the_case(running: Running) -> None:
    reference = running.submit("nb", 1)
    events = f"{running.url}/api/cases/{reference}/events"
    anonymous = httpx.post(events, json={"kind": "in_progress"})
    assert anonymous.status_code in (401, 403)
    wrong = httpx.post(events, json={"kind": "in_progress"}, auth=("kari", "wrong"))
    assert wrong.status_code in (401, 403)
    auth = ("kari", PASSWORD)
    started = httpx.post(events, json={"kind": "in_progress", "text": "Vi ser på saken."}, auth=auth)
    assert started.status_code == 201, started.text
    assert [e["kind"] for e in started.json()["events"]] == ["received", "in_progress"]
    assert httpx.post(events, json={"kind": "decided"}, auth=auth).status_code == 422
    assert httpx.post(events, json={"kind": "decided", "text": ""}, auth=auth).status_code == 422
    assert httpx.post(events, json={"kind": "reopened"}, auth=auth).status_code == 422
    assert httpx.post(events, content=b"not json", auth=auth).status_code == 422
    assert httpx.post(f"{running.url}/api/cases/NO-SUCH/events", json={"kind": "in_progress"}, auth=auth).status_code == 404
    decided = httpx.post(events, json={"kind": "decided", "text": "Benken blir reparert innen fredag."}, auth=auth)
    assert decided.status_code == 201, decided.text
    assert [e["kind"] for e in decided.json()["events"]] == ["received", "in_progress", "decided"]
    for kind in ("in_progress", "withdrawn", "decided"):
        after = httpx.post(events, json={"kind": kind, "text": "igjen"}, auth=auth)
        assert after.status_code == 422, (kind, after.text)

    page = httpx.get(running.status_url(reference, "nb")).text
    assert "Avgjort" in page and "Under behandling" in page and "Benken blir reparert innen fredag." in page
    assert "Fristen er holdt" in page  # decided today, long before the deadline two weeks on
    assert httpx.get(running.status_url(reference, "nn")).text.count("Fristen er halden") == 1
    shown = json.loads(formc_cli("case", "show", reference, "--store", running.store_url, "--format", "json").stdout)
    assert [e["kind"] for e in shown["events"]] == ["received", "in_progress", "decided"]
    assert shown["events"][-1]["text"] == "Benken blir reparert innen fredag."


def test_the_case_cli_on_the_same_store(running: Running) -> None:
    from lifecycle_support import store_submissions

    from formc import load
    from formc.store import Store

    reference = running.submit("en", 2)
    cli = ["--store", running.store_url, "--project", str(running.project)]
    moved = formc_cli("case", "event", reference, "in_progress", "--by", "ola", *cli)
    assert moved.returncode == 0, moved.stderr
    assert "received → in_progress" in moved.stdout
    refused = formc_cli("case", "event", reference, "decided", *cli)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr and refused.stderr.strip()
    assert formc_cli("case", "event", "NO-SUCH", "in_progress", *cli).returncode != 0
    done = formc_cli("case", "event", reference, "decided", "--text", "Approved", *cli)
    assert done.returncode == 0, done.stderr
    assert formc_cli("case", "event", reference, "withdrawn", *cli).returncode != 0
    text = formc_cli("case", "show", reference, *cli).stdout
    assert reference in text and "decided  Approved" in text
    assert "Approved" in httpx.get(running.status_url(reference, "en")).text

    # an old open case is overdue; a decided one and a fresh one are not
    form = load(running.project).forms["bench-repair"]
    store = Store(running.store_url, running.project)
    try:
        (old,) = store_submissions(store, form, 1, dt.datetime(2025, 3, 3, 10, 0, tzinfo=OSLO))
    finally:
        store.close()
    shown = json.loads(formc_cli("case", "show", old.reference, "--format", "json", *cli).stdout)
    assert dt.datetime.fromisoformat(shown["received"]) == dt.datetime(2025, 3, 3, 10, 0, tzinfo=OSLO)  # not 1 h off
    assert dt.datetime.fromisoformat(shown["events"][0]["at"]) == dt.datetime(2025, 3, 3, 10, 0, tzinfo=OSLO)
    late = json.loads(formc_cli("case", "overdue", "--format", "json", *cli).stdout)
    assert [r["reference"] for r in late] == [old.reference]
    assert late[0]["deadline"] == "2025-03-17"  # 3 March + 2 weeks, a Monday
    today = dt.datetime.now(OSLO).date()
    assert late[0]["days_late"] == (today - dt.date(2025, 3, 17)).days
    listed = httpx.get(f"{running.url}/api/cases/overdue", auth=("kari", PASSWORD))
    assert [r["reference"] for r in listed.json()] == [old.reference]
    assert httpx.get(f"{running.url}/api/cases/overdue").status_code in (401, 403)
    page = httpx.get(running.status_url(old.reference, "en")).text
    assert "The deadline has passed" in page and "17.03.2025" in page


def axe(page: Any, script: Path) -> list[str]:
    page.evaluate(script.read_text(encoding="utf-8"))  # through the driver: the page's CSP forbids injected scripts
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}, resultTypes: ['violations']}})")
    return [f"{v['id']}: {n['html'][:120]}" for v in result["violations"] for n in v["nodes"]]


@pytest.mark.browser
def test_the_status_page_in_chromium(running: Running, shared_chromium: Any, axe_script: Path, vnu: list[str],
                                     tmp_path: Path) -> None:
    pages = []
    for lang in ("nb", "nn", "en"):
        reference = running.submit(lang, 3)
        httpx.post(f"{running.url}/api/cases/{reference}/events", json={"kind": "decided", "text": "Godkjent <b>nå</b>"},
                   auth=("kari", PASSWORD)).raise_for_status()
        context = shared_chromium.new_context(locale="en-US", java_script_enabled=True)
        problems: list[str] = []
        try:
            page = context.new_page()
            # the favicon's 404 is no problem (the page's own responses are checked below)
            page.on("console", lambda msg, problems=problems: problems.append(msg.text)
                    if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
            page.on("response", lambda r, problems=problems: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(running.status_url(reference))  # the case's own language, no ?lang=
            assert page.locator("html").get_attribute("lang") == lang
            stylesheet = page.locator('link[rel="stylesheet"]').get_attribute("href") or ""
            assert httpx.get(httpx.URL(page.url).join(stylesheet)).status_code == 200
            assert reference in page.inner_text("body") and "Godkjent <b>nå</b>" in page.inner_text("body")
            assert axe(page, axe_script) == [], lang
            pages.append(tmp_path / f"status-{lang}.html")
            pages[-1].write_text(page.content(), encoding="utf-8")
        finally:
            context.close()
        assert not problems, (lang, problems)
    checked = subprocess.run(vnu + ["--errors-only", "--format", "gnu", *map(str, pages)], capture_output=True, check=False,
                             text=True, timeout=120)
    assert (checked.stdout + checked.stderr).strip() == ""
