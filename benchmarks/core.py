"""Benchmark of the core: build 1,000 generated forms to JSON Schema, rebuilds, parse floor, memory, validation.

Run: python benchmarks/core.py [--forms 1000] [--runs 5]. Prints medians and ratios; the
figures in benchmarks/README.md come from this script. Every build runs in a fresh process
(``python -m formc build``), timed from the outside, so start-up cost is included.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

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


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one command in a fresh process."""
    wrapper = textwrap.dedent("""
        import resource, subprocess, sys, time
        start = time.perf_counter()
        code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
    """)
    out = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, capture_output=True, text=True, check=True)
    seconds, rss, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="formc-bench-"))
    try:
        write_project(work, args.forms)
        build = [sys.executable, "-m", "formc", "build", "--target", "jsonschema", "-q"]
        floor_script = ("import glob, yaml\n"
                        "for p in sorted(glob.glob('forms/*.yaml')):\n"
                        "    yaml.load(open(p, 'rb'), Loader=yaml.CSafeLoader)\n")
        floor = [sys.executable, "-c", floor_script]
        cold, noop, one, floors, peaks = [], [], [], [], []
        for _ in range(args.runs):
            shutil.rmtree(work / "build", ignore_errors=True)
            seconds, rss = timed(build, work)
            cold.append(seconds)
            peaks.append(rss)
            noop.append(timed(build, work)[0])
            target = work / "forms" / f"form-{args.forms // 2:04d}.yaml"
            target.write_text(target.read_text().replace("Question 1 of", "Question one of"))
            one.append(timed(build, work)[0])
            target.write_text(target.read_text().replace("Question one of", "Question 1 of"))
            timed(build, work)
            floors.append(timed(floor, work)[0])
        validations = validation_throughput(work)
        med = statistics.median
        figures = {
            "forms": args.forms, "runs": args.runs,
            "cold_build_s": round(med(cold), 3), "parse_floor_s": round(med(floors), 3),
            "cold_over_floor": round(med(cold) / med(floors), 2),
            "noop_rebuild_s": round(med(noop), 3), "one_form_rebuild_s": round(med(one), 3),
            "peak_memory_mb": round(max(peaks) / 1024, 1), "validations_per_s": round(validations),
        }
        print(json.dumps(figures, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validation_throughput(project: Path) -> float:
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
