"""Service reports on a generated history of 10,000 submissions: every figure recomputed here from the generated
rows (not through formc.reports): processing time (nearest-rank median and 90th percentile), the share decided within
the deadline, open cases past it, channels per service and month, the digital share, cost and saving, the funnel;
and the report's HTML (no scripts, SVG charts), JSON and CSV from ``formc report``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import uuid
import zoneinfo
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from lifecycle_support import bench_project
from server_support import formc_cli

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=OSLO)  # pinned through FORMC_CLOCK
FORMS = ("bench-repair", "parking-permit", "noise-complaint", "no-deadline")
CHANNEL_WEIGHTS = {"web": 55, "counter": 12, "phone": 15, "letter": 10, "email": 8}
COSTS = {"letter": 110, "email": 110, "counter": 80, "phone": 40, "web": 3}
LANGS = ("nb", "nn", "en")
QUESTIONS = ("name", "email", "place", "details")
COUNT = 10_000


def nearest_rank(values: list[float], percent: int) -> float:
    """The smallest value with at least ``percent`` % of the values at or below it (exact integer arithmetic)."""
    ordered = sorted(values)
    for index, value in enumerate(ordered, start=1):
        if index * 100 >= percent * len(ordered):
            return value
    raise AssertionError("no values")


class History:
    """The generated rows, kept in plain Python for the test's own figures."""

    def __init__(self, seed: int = 12):
        rng = random.Random(seed)
        start = NOW - dt.timedelta(days=420)
        self.cases: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        for n in range(COUNT):
            form = rng.choice(FORMS)
            received = (start + dt.timedelta(seconds=rng.randrange(int((NOW - start).total_seconds()) - 3600))) \
                .astimezone(dt.UTC)
            local_day = received.astimezone(OSLO).date()
            deadline = None if form == "no-deadline" else local_day + dt.timedelta(days=rng.choice((14, 21, 30)))
            case = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "reference": f"R-{n:05d}", "form_id": form,
                    "form_version": "1.0.0", "language": rng.choice(LANGS),
                    "channel": rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0],
                    "received_at": received, "data": {}, "envelope": {}, "deadline": deadline,
                    "decided": None, "withdrawn": False}
            self.events.append({"submission_id": case["id"], "kind": "received", "at": received})
            outcome = rng.random()
            closed_at = received + dt.timedelta(seconds=rng.randrange(3600, 45 * 86400))
            if closed_at < NOW and outcome < 0.75:
                case["decided"] = closed_at
                self.events.append({"submission_id": case["id"], "kind": "in_progress",
                                    "at": received + (closed_at - received) / 2})
                self.events.append({"submission_id": case["id"], "kind": "decided", "at": closed_at, "text": "ok"})
            elif closed_at < NOW and outcome < 0.8:
                case["withdrawn"] = True
                self.events.append({"submission_id": case["id"], "kind": "withdrawn", "at": closed_at})
            self.cases.append(case)
        self.funnel = [{"form_id": form, "language": lang, "day": (NOW - dt.timedelta(days=d)).date(),
                        "starts": rng.randrange(0, 40), "drafts": rng.randrange(0, 6)}
                       for form in FORMS for lang in LANGS for d in range(1, 421) if rng.random() < 0.8]
        self.drafts = []
        for n in range(300):
            answered = rng.randrange(0, len(QUESTIONS) + 1)
            data = {q: (f"answer {n}" if i < answered else "") for i, q in enumerate(QUESTIONS)}
            self.drafts.append({"token_hash": f"{n:064x}", "form_id": rng.choice(FORMS), "form_version": "1.0.0",
                                "language": rng.choice(LANGS), "data": data, "uploads": [],
                                "created_at": NOW - dt.timedelta(hours=rng.randrange(1, 30 * 24)),
                                "expires_at": NOW + dt.timedelta(days=30)})

    def store(self, url: str) -> None:
        from formc.store import Store
        from formc.store.tables import case_events, drafts, funnel, submissions

        store = Store(url)
        store.upgrade()
        columns = [c.name for c in submissions.columns]
        with store.engine.begin() as connection:
            connection.execute(submissions.insert(), [{k: v for k, v in c.items() if k in columns} for c in self.cases])
            connection.execute(case_events.insert(), [{"text": None, **e} for e in self.events])
            connection.execute(funnel.insert(), self.funnel)
            connection.execute(drafts.insert(), self.drafts)
        store.close()

    def expected(self, start: dt.date | None = None, end: dt.date | None = None) -> dict[str, Any]:
        """The report's figures, recomputed from the generated rows."""
        def within(day: dt.date) -> bool:
            return (start is None or day >= start) and (end is None or day <= end)

        cases = [c for c in self.cases if within(c["received_at"].astimezone(OSLO).date())]
        today = NOW.date()
        processing = {}
        for form in sorted({c["form_id"] for c in cases}):
            mine = [c for c in cases if c["form_id"] == form]
            decided = [c for c in mine if c["decided"]]
            days = [(c["decided"] - c["received_at"]).total_seconds() / 86400 for c in decided]
            dated = [c for c in decided if c["deadline"] is not None]
            kept = [c for c in dated if c["decided"].astimezone(OSLO).date() <= c["deadline"]]
            processing[form] = {
                "decided": len(decided),
                "median_days": nearest_rank(days, 50) if days else None,
                "p90_days": nearest_rank(days, 90) if days else None,
                "within_promise": len(kept) / len(dated) if dated else None,
                "open_past_deadline": sum(1 for c in mine if not c["decided"] and not c["withdrawn"]
                                          and c["deadline"] is not None and c["deadline"] < today)}
        months: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for c in cases:
            months[(c["form_id"], c["received_at"].astimezone(OSLO).strftime("%Y-%m"))][c["channel"]] += 1
        channels = {}
        for key, counts in months.items():
            total = sum(counts.values())
            cost = sum(COSTS[channel] * n for channel, n in counts.items())
            channels[key] = {"counts": {ch: counts.get(ch, 0) for ch in CHANNEL_WEIGHTS}, "total": total,
                             "digital_share": counts["web"] / total, "cost": cost, "saving_if_digital": cost - 3 * total}
        starts: Counter = Counter()
        saved: Counter = Counter()
        for row in self.funnel:
            if within(row["day"]):
                starts[(row["form_id"], row["language"])] += row["starts"]
                saved[(row["form_id"], row["language"])] += row["drafts"]
        submitted = Counter((c["form_id"], c["language"]) for c in cases if c["channel"] == "web")
        stopped: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for draft in self.drafts:
            if draft["created_at"] < NOW - dt.timedelta(days=7):
                answered = [q for q in QUESTIONS if draft["data"][q]]
                stopped[(draft["form_id"], draft["language"])][answered[-1] if answered else "(none)"] += 1
        funnels = {}
        for key in set(starts) | set(submitted) | set(stopped):
            funnels[key] = {"starts": starts[key], "drafts": saved[key], "submissions": submitted[key],
                            "abandonment": max(0.0, 1 - submitted[key] / starts[key]) if starts[key] else None,
                            "stopped_at": dict(stopped[key])}
        return {"processing": processing, "channels": channels, "funnels": funnels}


@pytest.fixture(scope="module")
def history() -> History:
    return History()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, history: History, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The history in a store: SQLite, and PostgreSQL (the report's queries run on both)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'history.db'}"
    else:
        url = request.getfixturevalue("module_postgres_url")
    history.store(url)
    return url


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORMC_CLOCK", NOW.isoformat())


def approx(value: Any) -> Any:
    return None if value is None else pytest.approx(value, abs=1e-9)


def check(report: dict[str, Any], expected: dict[str, Any]) -> None:
    """A report (as JSON data) against the recomputed figures, figure by figure."""
    got = {p["form_id"]: p for p in report["processing"]}
    assert set(got) == set(expected["processing"])
    for form, figures in expected["processing"].items():
        for name, value in figures.items():
            assert got[form][name] == approx(value), (form, name)
    got_channels = {(c["form_id"], c["month"]): c for c in report["channels"]}
    assert set(got_channels) == set(expected["channels"])
    for key, figures in expected["channels"].items():
        assert got_channels[key]["counts"] == figures["counts"], key
        for name in ("total", "digital_share"):
            assert got_channels[key][name] == approx(figures[name]), (key, name)
        for name in ("cost", "saving_if_digital"):
            assert got_channels[key][name] == pytest.approx(figures[name], abs=0.005), (key, name)
    got_funnels = {(f["form_id"], f["lang"]): f for f in report["funnels"]}
    assert set(got_funnels) == set(expected["funnels"])
    for key, figures in expected["funnels"].items():
        for name in ("starts", "drafts", "submissions"):
            assert got_funnels[key][name] == figures[name], (key, name)
        assert got_funnels[key]["abandonment"] == approx(figures["abandonment"]), key
        assert dict(got_funnels[key]["stopped_at"]) == figures["stopped_at"], key


def test_the_report_matches_figures_recomputed_from_the_history(history: History, store_url: str) -> None:
    from lifecycle_support import BENCH

    from formc.diagnostics import Diagnostics
    from formc.project import read_settings
    from formc.reports.render import as_dict
    from formc.reports.rows import report_from_store
    from formc.store import Store

    expected = history.expected()
    assert sum(f["total"] for f in expected["channels"].values()) == COUNT
    # the history exercises every figure: late and kept, open past and before the deadline, abandoned drafts
    assert all(0 < p["within_promise"] < 1 for f, p in expected["processing"].items() if f != "no-deadline")
    assert all(p["open_past_deadline"] > 0 for f, p in expected["processing"].items() if f != "no-deadline")
    assert any(c["decided"] is None and not c["withdrawn"] and c["deadline"] and c["deadline"] >= NOW.date()
               for c in history.cases)
    assert expected["processing"]["no-deadline"]["within_promise"] is None
    store = Store(store_url)
    try:
        report = as_dict(report_from_store(store.engine, read_settings(BENCH, Diagnostics()), None, None))
    finally:
        store.close()
    assert report["costs"] == COSTS
    check(report, expected)


def test_formc_report_json_for_a_period_and_csv(history: History, store_url: str, tmp_path: Path) -> None:
    project = bench_project(tmp_path / "bench")
    start, end = dt.date(2025, 9, 1), dt.date(2026, 1, 31)
    answer = formc_cli("report", str(project), "--store", store_url, "--format", "json",
                       "--from", start.isoformat(), "--to", end.isoformat())
    assert answer.returncode == 0, answer.stderr
    report = json.loads(answer.stdout)
    expected = history.expected(start, end)
    assert {m for _, m in expected["channels"]} == {"2025-09", "2025-10", "2025-11", "2025-12", "2026-01"}
    check(report, expected)

    out = tmp_path / "report.csv"
    answer = formc_cli("report", str(project), "--store", store_url, "--format", "csv", "-o", str(out))
    assert answer.returncode == 0, answer.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and set(rows[0]) == {"section", "service", "period", "measure", "value"}
    full = history.expected()
    for (form, month), figures in full["channels"].items():
        mine = {r["measure"]: r["value"] for r in rows if r["section"] == "channels" and r["service"] == form
                and r["period"] == month}
        assert {ch: int(mine[ch]) for ch in CHANNEL_WEIGHTS} == figures["counts"]
        assert float(mine["cost"]) == pytest.approx(figures["cost"])
    for form, figures in full["processing"].items():
        mine = {r["measure"]: r["value"] for r in rows if r["section"] == "processing" and r["service"] == form}
        assert int(mine["decided"]) == figures["decided"]
        assert float(mine["median_days"]) == pytest.approx(figures["median_days"], abs=1e-4)
        assert int(mine["open_past_deadline"]) == figures["open_past_deadline"]


def test_formc_report_html_has_svg_charts_and_no_scripts(store_url: str, tmp_path: Path) -> None:
    from lxml import etree
    from lxml import html as lxml_html

    project = bench_project(tmp_path / "bench")
    folder = tmp_path / "out"
    answer = formc_cli("report", str(project), "--store", store_url, "--format", "html", "--lang", "en",
                       "-o", str(folder))
    assert answer.returncode == 0, answer.stderr
    page = (folder / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script") and "<script" not in page.lower() and " on" not in "".join(
        f" {a}" for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib)
    images = tree.xpath("//img/@src")
    assert images and all(src.endswith(".svg") and (folder / src).is_file() for src in images)
    for src in images:
        svg = etree.fromstring((folder / src).read_bytes())
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert not svg.xpath("//*[local-name()='script']")
        assert not [a for e in svg.iter() if isinstance(e.tag, str) for a in e.attrib if a.lower().startswith("on")]
    assert all(tree.xpath("//img/@alt")) and tree.xpath("//table//th")
    assert "http" not in "".join(tree.xpath("//link/@href | //img/@src"))
    for form in FORMS:
        assert form in page


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_report_page_passes_axe_core_and_the_nu_checker(store_url: str, tmp_path: Path, lang: str,
                                                             shared_chromium: Any, axe_script: Path,
                                                             vnu: list[str]) -> None:
    """The HTML report (tables, SVG charts, the period's figures) as operators open it: no WCAG 2.1 A/AA
    violation in real Chromium, no HTML error."""
    import subprocess

    project = bench_project(tmp_path / "bench")
    folder = tmp_path / "out"
    answer = formc_cli("report", str(project), "--store", store_url, "--format", "html", "--lang", lang,
                       "-o", str(folder))
    assert answer.returncode == 0, answer.stderr
    index = folder / "index.html"
    checked = subprocess.run(vnu + ["--errors-only", "--format", "gnu", str(index)], capture_output=True, text=True,
                             timeout=120)
    assert (checked.stdout + checked.stderr).strip() == ""
    context = shared_chromium.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(index.as_uri())
        page.evaluate(axe_script.read_text(encoding="utf-8"))
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
        assert [f"{v['id']}: {n['html'][:120]}" for v in result["violations"] for n in v["nodes"]] == []
        assert page.evaluate("document.images.length") > 0
        assert page.evaluate("[...document.images].every(image => image.complete && image.naturalWidth > 0)")
    finally:
        context.close()
