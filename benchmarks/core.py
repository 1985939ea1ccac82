"""Benchmark of the build: generated forms to every text target, cold and incremental, parse floor, memory, validation.

Run: python benchmarks/core.py [--forms 100 1000 5000] [--runs 5] [--checkout PATH] [--work-in DIR]. Prints a
markdown table per corpus size (medians; CPU time over the parse floor); the figures in
benchmarks/README.md come from this script. Every build runs in a fresh process (``python -m
formc build``), timed from the outside, so start-up cost is included, and the CPU time counts
the build's worker processes too. ``--checkout`` measures another formc checkout (e.g. a
worktree of an older commit) on the same corpus, for before/after figures.

formc's own modules are byte-compiled first, as ``pip install`` does for an installed formc: a
machine that sets ``PYTHONDONTWRITEBYTECODE`` (this one does) would otherwise compile every
module from source in every measured process (~0.17 s CPU), which no installed formc does.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

LANGS = ("nb", "nn", "en")


def text(word: str) -> dict[str, str]:
    return {"nb": f"{word} (bokmål)", "nn": f"{word} (nynorsk)", "en": word}


def field_list(form_index: int) -> list[dict]:
    fields: list[dict] = [
        {"id": "has_children", "type": "boolean", "label": text("Do you have children?"), "required": True},
        {"id": "kind", "type": "choice", "label": text("Kind"), "required": True,
         "options": [{"value": v, "label": text(v)} for v in ("a", "b", "c")]},
    ]
    types = ["text", "integer", "date", "email", "phone", "postal_code", "national_id", "textarea", "decimal", "org_number"]
    for i in range(22):
        kind = types[i % len(types)]
        field = {"id": f"field_{i}", "type": kind, "label": text(f"Question {i} of form {form_index}"),
                 "hint": text("Help text for this question")}
        if i % 4 == 0:
            field["visible_if"] = "has_children == true" if i % 8 == 0 else "kind in ['a', 'b']"
        if i % 3 == 0:
            field["required"] = True
        fields.append(field)
    fields.append({"id": "children", "type": "repeat", "label": text("Children"), "visible_if": "has_children == true",
                   "max_items": 6, "fields": [
                       {"id": "name", "type": "text", "label": text("Name"), "required": True},
                       {"id": "birth_date", "type": "date", "label": text("Date of birth"), "max": "today"},
                       {"id": "needs", "type": "boolean", "label": text("Special needs?")},
                       {"id": "needs_text", "type": "textarea", "label": text("Describe"), "visible_if": "needs == true"},
                   ]})
    return fields


def write_project(root: Path, count: int) -> None:
    import yaml

    (root / "forms").mkdir(parents=True)
    (root / "formc.yaml").write_text("formc: 1\ndefinitions: forms\noutput: build\n"
                                     "organisation:\n  name: Bench kommune\n  org_number: \"964965226\"\n")
    for index in range(count):
        form = {"formc": 1, "kind": "form", "id": f"form-{index:04d}", "version": "1.0.0", "languages": list(LANGS),
                "title": text(f"Form {index}"), "pages": [{"id": "main", "fields": field_list(index)}],
                "rules": [{"id": "r", "check": "field_2 <= today", "message": text("Not in the future")}]}
        (root / "forms" / f"form-{index:04d}.yaml").write_text(yaml.safe_dump(form, allow_unicode=True, sort_keys=False))


@dataclass
class Run:
    """One command in a fresh process: wall seconds, CPU seconds of it and every process it waited for, peak
    resident memory of the largest of those processes."""

    wall: float
    cpu: float
    peak_mb: float


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` in a fresh process (through a wrapper that reads its resource usage)."""
    wrapper = textwrap.dedent("""
        import resource, subprocess, sys, time
        start = time.perf_counter()
        code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
    """)
    out = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, capture_output=True, text=True,
                         check=True, env=env)
    seconds, cpu, rss, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return Run(float(seconds), float(cpu), int(rss) / 1024)


TEXT_TARGETS = ("jsonschema", "html", "noark", "catalog")
FLOOR = ("import glob, yaml\n"
         "for p in sorted(glob.glob('forms/*.yaml')):\n"
         "    yaml.load(open(p, 'rb'), Loader=yaml.CSafeLoader)\n")


def build_command(targets: tuple[str, ...], jobs: int | None) -> list[str]:
    command = [sys.executable, "-m", "formc", "build", "-q"]
    command += [arg for name in targets for arg in ("--target", name)]
    return command + (["--jobs", str(jobs)] if jobs else [])


def has_jobs(work: Path, env: dict[str, str]) -> bool:
    """Whether the measured checkout's ``formc build`` has ``--jobs`` (older ones build in one process)."""
    helptext = subprocess.run([sys.executable, "-m", "formc", "build", "--help"], cwd=work, env=env,
                              capture_output=True, text=True, check=True).stdout
    return "--jobs" in helptext


def measure(work: Path, forms: int, runs: int, env: dict[str, str]) -> dict[str, list[Run]]:
    """Every scenario ``runs`` times, in turn (so a slow minute of the machine hits them all)."""
    results: dict[str, list[Run]] = {}
    middle = work / "forms" / f"form-{forms // 2:04d}.yaml"
    jobs = has_jobs(work, env)
    scenarios = [
        ("parse floor (CSafeLoader)", lambda: timed([sys.executable, "-c", FLOOR], work, env)),
        ("jsonschema, cold", lambda: cold(work, ("jsonschema",), None, env)),
        ("jsonschema, cold, --jobs 1", lambda: cold(work, ("jsonschema",), 1, env)),
        ("all text targets, cold", lambda: cold(work, TEXT_TARGETS, None, env)),
        ("all text targets, cold, --jobs 1", lambda: cold(work, TEXT_TARGETS, 1, env)),
        ("write floor: the same files written by a plain loop", lambda: write_floor(work, env)),
        ("all text targets, no-op rebuild", lambda: timed(build_command(TEXT_TARGETS, None), work, env)),
        ("all text targets, one form changed (a question's label)", lambda: changed(work, middle, TEXT_TARGETS, env)),
        ("all text targets, one form changed (its title: the catalogue too)",
         lambda: changed(work, middle, TEXT_TARGETS, env, _retitle)),
        ("all text targets, one form changed, `build --watch`", lambda: watched(work, middle, TEXT_TARGETS, env)),
    ]
    scenarios = [(name, run) for name, run in scenarios if jobs or "--jobs" not in name]
    if not has_watch(work, env):
        scenarios = [(name, run) for name, run in scenarios if "--watch" not in name]
    for _ in range(runs):
        for name, scenario in scenarios:
            results.setdefault(name, []).append(scenario())
    return results


def cold(work: Path, targets: tuple[str, ...], jobs: int | None, env: dict[str, str]) -> Run:
    shutil.rmtree(work / "build", ignore_errors=True)
    return timed(build_command(targets, jobs), work, env)


WRITE_FLOOR = textwrap.dedent("""
    import os, sys
    built, copy = sys.argv[1], sys.argv[2]
    files = [(os.path.relpath(os.path.join(folder, name), built), os.path.getsize(os.path.join(folder, name)))
             for folder, _, names in os.walk(built) for name in names if not name.startswith(".formc")]
    for rel, size in files:
        os.makedirs(os.path.dirname(os.path.join(copy, rel)), exist_ok=True)
        with open(os.path.join(copy, rel), "wb") as handle:
            handle.write(bytes(size))
""")


def write_floor(work: Path, env: dict[str, str]) -> Run:
    """What writing the last build's files costs alone: a plain loop creating files of the same sizes in a new
    folder (no rendering, no temporary names, no manifest). It runs after the cold builds of every text target,
    whose folder it reads."""
    if not (work / "build" / "html").is_dir():
        raise SystemExit("the write floor needs the cold build of every text target before it")
    copy = work / "write-floor"
    shutil.rmtree(copy, ignore_errors=True)
    try:
        return timed([sys.executable, "-c", WRITE_FLOOR, str(work / "build"), str(copy)], work, env)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def changed(work: Path, form: Path, targets: tuple[str, ...], env: dict[str, str],
            edit: Callable[[Path], None] | None = None) -> Run:
    """A rebuild after one form's text changed (the build before it brings the folder up to date): a question's
    label (which the catalogue does not show), or what ``edit`` changes."""
    timed(build_command(targets, None), work, env)
    (edit or _reword)(form)
    return timed(build_command(targets, None), work, env)


def has_watch(work: Path, env: dict[str, str]) -> bool:
    """Whether the measured checkout's ``formc build`` has ``--watch``."""
    helptext = subprocess.run([sys.executable, "-m", "formc", "build", "--help"], cwd=work, env=env,
                              capture_output=True, text=True, check=True).stdout
    return "--watch" in helptext


def _reword(form: Path) -> None:
    text = form.read_text()
    form.write_text(text.replace("Question 1 of", "Question one of") if "Question 1 of" in text
                    else text.replace("Question one of", "Question 1 of"))


def _retitle(form: Path) -> None:
    """Change the form's title (the service's name in the catalogue, its page, graph and index)."""
    text = form.read_text()
    number = int(form.stem.split("-")[1])
    plain, revised = f"Form {number} (", f"Revised form {number} ("
    form.write_text(text.replace(revised, plain) if revised in text else text.replace(plain, revised))


def _cpu_and_peak(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident MB of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    peak = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if line.startswith("VmHWM:"))
    return (int(fields[11]) + int(fields[12])) / ticks, peak / 1024


def watched(work: Path, form: Path, targets: tuple[str, ...], env: dict[str, str], edits: int = 3,
            patience: float = 60.0) -> Run:
    """One form changed under ``formc build --watch``: from the file's save to the build's line, median of
    ``edits`` saves a second apart after one that loads the targets' libraries; CPU of the watching process from
    the save to the build's line. A watcher that prints no build line within ``patience`` seconds of a save
    stops the benchmark with what it printed."""
    timed(build_command(targets, None), work, env)
    command = [sys.executable, "-m", "formc", "build", "--watch", *build_command(targets, None)[5:]]
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    printed: list[str] = []

    def until(start: str) -> None:
        deadline = time.monotonic() + patience
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise SystemExit(f"`formc build --watch` printed no line starting {start!r} in {patience:.0f} s; "
                                 "it printed:\n" + "".join(printed)) from None
            printed.append(line)
            if line.startswith(start):
                return

    try:
        until("watching")
        walls, cpus = [], []
        for edit in range(edits + 1):
            time.sleep(1.0)  # the watcher idle, as between an author's saves (it writes its bookkeeping after a build)
            before, _ = _cpu_and_peak(process.pid)
            start = time.perf_counter()
            _reword(form)
            until("built ")
            if edit:
                walls.append(time.perf_counter() - start)
                cpus.append(_cpu_and_peak(process.pid)[0] - before)
        peak = _cpu_and_peak(process.pid)[1]
    finally:
        process.terminate()
        process.wait()
    return Run(statistics.median(walls), statistics.median(cpus), peak)


def table(forms: int, results: dict[str, list[Run]]) -> str:
    med = statistics.median
    floor = med(r.cpu for r in results["parse floor (CSafeLoader)"])
    lines = [f"\n{forms} forms, medians of {len(next(iter(results.values())))} runs\n",
             "| work | wall s | CPU s | CPU / floor | peak MB (largest process) |", "|---|---|---|---|---|"]
    for name, runs in results.items():
        cpu = med(r.cpu for r in runs)
        lines.append(f"| {name} | {med(r.wall for r in runs):.2f} | {cpu:.2f} | {cpu / floor:.2f} | "
                     f"{max(r.peak_mb for r in runs):.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forms", type=int, nargs="+", default=[1000], help="corpus sizes (a scaling table)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the formc checkout to measure (default: this one), e.g. a worktree of an older commit")
    parser.add_argument("--no-validate", action="store_true", help="skip the validation throughput")
    parser.add_argument("--work-in", type=Path, default=None,
                        help="the folder to make the corpus and its builds in (default: the system's temporary "
                             "folder), e.g. /dev/shm to leave the disk's cost of creating files out")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(checkout / "formc")], check=True)
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for forms in args.forms:
        work = Path(tempfile.mkdtemp(prefix="formc-bench-", dir=args.work_in))
        try:
            write_project(work, forms)
            load = os.getloadavg()[0]
            results = measure(work, forms, args.runs, env)
            print(table(forms, results) + f"\n\nload average {load:.1f} before, {os.getloadavg()[0]:.1f} after",
                  flush=True)
            if not args.no_validate:
                print(f"\nform.validate, 30-field form: {validation_throughput(work):,.0f} / s", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def validation_throughput(project: Path) -> float:
    """Validations per second of one valid submission to a 30-field form (in this process, this checkout)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import formc

    form = formc.load(project).form("form-0001")
    data = {"has_children": True, "kind": "a", "children": [{"name": "Ola", "birth_date": "2019-05-01", "needs": False}]}
    for field in form.fields:
        if field.id.startswith("field_"):
            data[field.id] = {"text": "Svar", "integer": 3, "date": "2020-01-01", "email": "kari@example.no",
                              "phone": "37261500", "postal_code": "4790", "national_id": "01010150187"[:0] + "15076500565",
                              "textarea": "Lengre svar", "decimal": 1.5, "org_number": "964965226"}[field.type]
    assert not [e for e in form.validate(data) if not e.dynamic], form.validate(data)
    rates = []
    for _ in range(5):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < 1.0:
            for _ in range(200):
                form.validate(data)
            count += 200
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


if __name__ == "__main__":
    main()
