"""Reference figures for issue 14: formc's JSON Schema build beside pyxform (ODK's XLSForm compiler), one run.

Run: python benchmarks/pyxform_reference.py [--forms 1000] [--runs 3]  (needs the ``bench`` extra: pyxform, openpyxl)

Writes the corpus of ``benchmarks/core.py`` (``write_project``: N forms of 30 fields in nb/nn/en, conditions, a
repeat, a rule), turns every form (the YAML it wrote, read back) into the equivalent XLSForm
(``benchmarks/xlsform.py``), keeps those as workbook dicts (one JSON file) and as .xlsx files (openpyxl), all
before any timing. Then, in rounds (A B C D E, A B C D E, …), each in a fresh process:

- floor: ``yaml.load(..., Loader=yaml.CSafeLoader)`` over the N YAML files;
- ``python -m formc build -q --target jsonschema --jobs 1`` (cold: empty output folder), and with the default
  jobs (both cores) when this formc has ``--jobs``;
- pyxform from dicts: per form ``xls2json.workbook_to_json`` → ``builder.create_survey_element_from_dict`` →
  ``survey.to_xml()`` over the already-parsed workbook dicts, each XForm written to a file;
- pyxform from .xlsx: ``xls2xform.convert`` on each .xlsx file (reading the workbook included), written out.

Figures are CPU seconds (user + system) of the whole process and its children (``getrusage(RUSAGE_CHILDREN)``
deltas: the machine is shared, wall time is noise), medians of the runs; for the in-process loops also the
loop's own ``time.process_time``. Afterwards it checks that every tool made one output per form: formc one
schema per form; pyxform one XForm per form, no errors, read back with lxml (three itext translations, a bind
per field, the constraints and conditions carried), the same bytes from the dicts and from the .xlsx files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


# -- the timed work, in a fresh process: imports only what each job needs ----------------------------------

def child_floor(source: Path, out: Path) -> dict[str, Any]:
    import yaml

    start, count = time.process_time(), 0
    for path in sorted(source.glob("*.yaml")):
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
        count += 1
    return {"loop_cpu": time.process_time() - start, "outputs": count, "warnings": 0}


def child_dicts(source: Path, out: Path) -> dict[str, Any]:
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import DefinitionData

    books = json.loads(source.read_text(encoding="utf-8"))
    start, warnings = time.process_time(), []
    for name, book in books:
        pyxform_data = workbook_to_json(workbook_dict=DefinitionData(**book),
                                        fallback_form_name=book["fallback_form_name"], warnings=warnings)
        survey = create_survey_element_from_dict(pyxform_data)
        xform = survey.to_xml(validate=False, pretty_print=False, warnings=warnings)  # as xls2xform.convert
        (out / f"{name}.xml").write_text(xform, encoding="utf-8")
    return {"loop_cpu": time.process_time() - start, "outputs": len(books), "warnings": len(warnings)}


def child_xlsx(source: Path, out: Path) -> dict[str, Any]:
    from pyxform.xls2xform import convert

    start, warnings, count = time.process_time(), [], 0
    for path in sorted(source.glob("*.xlsx")):
        (out / f"{path.stem}.xml").write_text(convert(xlsform=path, warnings=warnings).xform, encoding="utf-8")
        count += 1
    return {"loop_cpu": time.process_time() - start, "outputs": count, "warnings": len(warnings)}


CHILDREN = {"floor": child_floor, "dicts": child_dicts, "xlsx": child_xlsx}


# -- preparation (untimed) ----------------------------------------------------------------------------------

def prepare(work: Path, count: int) -> dict[str, dict[str, int]]:
    """The corpus, its XLSForm twins (dicts and .xlsx); returns what each XForm must contain, per form."""
    import yaml

    sys.path.insert(0, str(HERE))
    from core import write_project  # the corpus generator beside this script
    import xlsform

    write_project(work / "project", count)
    (work / "xlsx").mkdir()
    books, expected = [], {}
    for path in sorted((work / "project" / "forms").glob("*.yaml")):
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        sheets = xlsform.to_xlsform(form)
        books.append([path.stem, xlsform.workbook_dict(sheets, path.stem)])
        xlsform.write_xlsx(sheets, str(work / "xlsx" / f"{path.stem}.xlsx"))
        # pyxform binds every question, and a repeat only when it has a condition
        questions = [row for row in sheets["survey"]
                     if row["type"] not in ("begin_repeat", "end_repeat") or "relevant" in row]
        expected[path.stem] = {
            "binds": len(questions),
            "constraints": sum("constraint" in row for row in questions),
            "relevant": sum("relevant" in row for row in questions),
            "required": sum("required" in row for row in questions),
            "languages": len(form["languages"]),
        }
    (work / "books.json").write_text(json.dumps(books, ensure_ascii=False), encoding="utf-8")
    return expected


# -- measuring ------------------------------------------------------------------------------------------------

def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], cwd: Path, out: Path) -> dict[str, Any]:
    """One cold run in a fresh process: CPU of it and its children, wall, and what the child reported."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    before, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - wall, children_cpu() - before
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    reported = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
    return {"cpu": cpu, "wall": wall, **reported}


def formc_has_jobs(project: Path) -> bool:
    helptext = subprocess.run([sys.executable, "-m", "formc", "build", "--help"], cwd=project,
                              capture_output=True, text=True, check=True).stdout
    return "--jobs" in helptext


# -- checks (untimed) -------------------------------------------------------------------------------------------

def check_xforms(out: Path, expected: dict[str, dict[str, int]]) -> list[str]:
    """Problems with pyxform's outputs: one XForm per form, each carrying what its XLSForm says."""
    from lxml import etree

    xf, problems = "{http://www.w3.org/2002/xforms}", []
    files = sorted(out.glob("*.xml"))
    if [f.stem for f in files] != sorted(expected):
        problems.append(f"{out.name}: {len(files)} XForms for {len(expected)} forms")
    for path in files:
        root = etree.parse(str(path)).getroot()
        binds = [b for b in root.iter(f"{xf}bind") if "/meta/" not in b.get("nodeset", "")]
        want = expected.get(path.stem, {})
        found = {
            "binds": len(binds),
            "constraints": sum(b.get("constraint") is not None for b in binds),
            "relevant": sum(b.get("relevant") is not None for b in binds),
            "required": sum(b.get("required") == "true()" for b in binds),
            "languages": len(list(root.iter(f"{xf}translation"))),
        }
        if root.tag != "{http://www.w3.org/1999/xhtml}html" or found != want:
            problems.append(f"{path.name}: {found}, expected {want}")
    return problems


def same_files(left: Path, right: Path) -> bool:
    names = sorted(p.name for p in left.iterdir())
    return names == sorted(p.name for p in right.iterdir()) and all(
        (left / n).read_bytes() == (right / n).read_bytes() for n in names)


# -- the report ---------------------------------------------------------------------------------------------------

FLOOR = "parse floor: `yaml.CSafeLoader` over the YAML files"
FORMC_SERIAL = "formc `--target jsonschema`, serial (`--jobs 1`)"
FORMC_JOBS = "formc `--target jsonschema`, default jobs"
PYXFORM_DICTS = "pyxform from parsed workbook dicts (workbook_to_json → survey → to_xml)"
PYXFORM_XLSX = "pyxform from .xlsx (`xls2xform.convert` per file)"
ABOUT = ("What each does: formc jsonschema reads and checks the YAML definitions (positions, language schema, "
         "expressions) and writes one JSON Schema per form plus its manifest; pyxform reads an XLSForm (dict or "
         ".xlsx) and writes one XForm (XML) per form. One target each. The floor only parses the YAML. pyxform "
         "from dicts skips all parsing (the dicts are loaded from one JSON file before its loop); ODK Validate "
         "(Java) was not run.")


def plan(work: Path, jobs: bool) -> dict[str, tuple[list[str], Path]]:
    """Each timed work: its command and its (emptied before each run) output folder."""
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    build = [sys.executable, "-m", "formc", "build", "-q", "--target", "jsonschema"]
    works = {FLOOR: (me + ["floor", str(work / "project" / "forms"), str(work / "o-floor")], work / "o-floor"),
             FORMC_SERIAL: (build + (["--jobs", "1"] if jobs else []) + ["-o", str(work / "o-formc1")],
                            work / "o-formc1")}
    if jobs:
        works[FORMC_JOBS] = (build + ["-o", str(work / "o-formcN")], work / "o-formcN")
    works[PYXFORM_DICTS] = (me + ["dicts", str(work / "books.json"), str(work / "o-dicts")], work / "o-dicts")
    works[PYXFORM_XLSX] = (me + ["xlsx", str(work / "xlsx"), str(work / "o-xlsx")], work / "o-xlsx")
    return works


def check(work: Path, works: dict[str, tuple[list[str], Path]], expected: dict[str, dict[str, int]]) -> list[str]:
    """Problems with the last run's outputs (an empty list when every tool did the whole job)."""
    problems = check_xforms(work / "o-dicts", expected) + check_xforms(work / "o-xlsx", expected)
    if not same_files(work / "o-dicts", work / "o-xlsx"):
        problems.append("the XForms from the dicts and from the .xlsx files differ")
    for name in (FORMC_SERIAL, FORMC_JOBS):
        if name in works:
            schemas = list((works[name][1] / "jsonschema").glob("*.schema.json"))
            if len(schemas) != len(expected):
                problems.append(f"{name}: {len(schemas)} schemas for {len(expected)} forms")
    if FORMC_JOBS in works and not same_files(work / "o-formc1" / "jsonschema", work / "o-formcN" / "jsonschema"):
        problems.append("formc's serial and parallel builds wrote different schemas")
    return problems


def report(runs: dict[str, list[dict[str, Any]]], heading: str) -> dict[str, float]:
    """Prints the table; returns the median CPU seconds of each work."""
    med = statistics.median
    cpu = {name: med(r["cpu"] for r in results) for name, results in runs.items()}
    print(f"\n{heading}\n")
    print("| work | CPU s (process + children) | of which the loop | wall s (noise) | / floor | / formc jsonschema |")
    print("|---|---|---|---|---|---|")
    for name, results in runs.items():
        loop = [r["loop_cpu"] for r in results if "loop_cpu" in r]
        print(f"| {name} | {cpu[name]:.2f} | {f'{med(loop):.2f}' if loop else '—'} | "
              f"{med(r['wall'] for r in results):.2f} | {cpu[name] / cpu[FLOOR]:.2f} | "
              f"{cpu[name] / cpu[FORMC_SERIAL]:.2f} |")
    print(f"\n{ABOUT}")
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](Path(args.paths[0]), Path(args.paths[1]))))
        return
    import pyxform

    work = Path(tempfile.mkdtemp(prefix="formc-pyxform-"))
    try:
        load_before, started = os.getloadavg(), time.perf_counter()
        expected = prepare(work, args.forms)
        prepared = time.perf_counter() - started
        jobs = formc_has_jobs(work / "project")
        works = plan(work, jobs)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in works}
        for _ in range(args.runs):  # A B C D, A B C D, ...
            for name, (command, out) in works.items():
                runs[name].append(measure(command, work / "project", out))
        problems = check(work, works, expected)
        cpu = report(runs, f"{args.forms} forms (benchmarks/core.py corpus: 30 fields, nb/nn/en), medians of "
                           f"{args.runs} runs, pyxform {pyxform.__version__}, "
                           f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
                           f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after; {prepared:.0f} s preparing, "
                           f"{time.perf_counter() - started - prepared:.0f} s measuring (wall)")
        warnings = sum(runs[name][-1]["warnings"] for name in (PYXFORM_DICTS, PYXFORM_XLSX))
        print(f"\nChecks: {warnings} pyxform warnings; "
              + ("every tool wrote one output per form; pyxform's XForms read back with lxml carry the expected "
                 "binds, constraints, conditions, required flags and three translations; dicts and .xlsx gave "
                 "the same bytes" + ("; formc's serial and parallel schemas identical" if jobs else "")
                 if not problems else "PROBLEMS:\n" + "\n".join(problems[:20])))
        if not jobs:
            print("\nThis formc has no --jobs option: only its serial build was measured.")
        print("\n" + json.dumps({"forms": args.forms, "runs": args.runs, "problems": len(problems),
                                 "cpu_s": {name: round(seconds, 3) for name, seconds in cpu.items()}},
                                ensure_ascii=False))
        if problems:
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
