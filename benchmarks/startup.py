"""Start-up of the ``formc`` command: the CPU time of whole processes on a one-form project, against Python's floor.

Run: python benchmarks/startup.py [--runs 7] [--top 12] [--against DIR]. Writes a tiny project (one small form, a
submission) to a temporary folder and runs each command in a fresh process, round after round
(every command once per round, so a change in the machine's speed touches all alike), measuring the
process's user+sys CPU seconds (not wall time: the machine is shared). Prints the medians, their ratio
to ``python -c pass`` and to ``python -c "import click"``, and the modules that take the longest
to import in `formc --help` and `formc validate` (``python -X importtime``, cumulative).
``--against DIR`` runs each formc command from a second checkout too (e.g. ``git worktree add
/tmp/before main``), in the same rounds, and adds its medians and the ratio this/that.

formc is run as ``python -m formc`` from this checkout (PYTHONPATH), with bytecode caching on (as
an installed package has it), after one warm-up run of each command that is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETTINGS = """\
formc: 1
definitions: forms
organisation:
  name: {nb: Prøvevik kommune, en: Prøvevik Municipality}
  org_number: "964965226"
"""

FORM = """\
formc: 1
kind: form
id: contact
version: 1.0.0
languages: [nb, en]
title: {nb: Kontaktskjema, en: Contact form}
pages:
  - id: one
    fields:
      - {id: name, type: text, label: {nb: Navn, en: Name}, required: true, max_length: 50}
      - {id: birth_date, type: date, label: {nb: Fødselsdato, en: Date of birth}, max: today}
      - {id: email, type: email, label: {nb: E-post, en: Email}}
      - id: topic
        type: choice
        label: {nb: Tema, en: Topic}
        options: [{value: a, label: {nb: A, en: A}}, {value: b, label: {nb: B, en: B}}]
      - {id: has_children, type: boolean, label: {nb: Har du barn?, en: Do you have children?}, required: true}
      - id: children
        type: repeat
        label: {nb: Barn, en: Children}
        visible_if: has_children == true
        max_items: 4
        fields:
          - {id: child_name, type: text, label: {nb: Navn, en: Name}, required: true}
      - {id: message, type: textarea, label: {nb: Melding, en: Message}}
"""

SUBMISSION = {"name": "Kari Nordmann", "email": "kari@example.no", "topic": "a", "has_children": True,
              "children": [{"child_name": "Ola"}], "message": "Hei"}

TEXT_TARGETS = ["--target", "jsonschema", "--target", "html", "--target", "noark", "--target", "catalog"]


def commands(project: Path) -> dict[str, list[str]]:
    """label: the arguments of ``python``; a build's end in ``-o``, given a fresh output folder each run."""
    formc = ["-m", "formc"]
    return {
        "python -c pass": ["-c", "pass"],
        'python -c "import click"': ["-c", "import click"],
        "formc --help": [*formc, "--help"],
        "formc validate contact data.json": [*formc, "validate", "contact", str(project / "data.json")],
        "formc check": [*formc, "check"],
        "formc build --target jsonschema": [*formc, "build", "--target", "jsonschema", "-q", "-o"],
        "formc build (4 text targets)": [*formc, "build", *TEXT_TARGETS, "-q", "-o"],
        "formc build (all targets, print too)": [*formc, "build", "-q", "-o"],
    }


def cpu_seconds(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """User+sys CPU seconds of one fresh process (and any processes it waited for)."""
    process = subprocess.Popen([sys.executable, *argv], cwd=cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"`{' '.join(argv)}` failed with exit code {process.returncode}:\n{error}")
    return usage.ru_utime + usage.ru_stime


def top_imports(argv: list[str], cwd: Path, env: dict[str, str], count: int, runs: int = 5) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of the slowest imports, by ``-X importtime``: each module's least of ``runs``
    runs (it measures wall time, which other processes on the machine inflate)."""
    least: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=cwd, env=env, capture_output=True,
                                text=True, check=True)
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, cumulative, name = line.removeprefix("import time:").split("|")
            figures = (int(cumulative), int(own))
            least[name.rstrip()] = min(least.get(name.rstrip(), figures), figures)
    return sorted(((cumulative, own, name) for name, (cumulative, own) in least.items()), reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each command (default 7)")
    parser.add_argument("--top", type=int, default=12, help="imports listed per command (default 12)")
    parser.add_argument("--against", type=Path, help="a second formc checkout to time the same commands from")
    args = parser.parse_args()

    base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    checkouts = [ROOT] + ([args.against.resolve()] if args.against else [])
    envs = [{**base_env, "PYTHONPATH": str(checkout)} for checkout in checkouts]
    with tempfile.TemporaryDirectory(prefix="formc-startup-") as folder:
        project = Path(folder)
        (project / "forms").mkdir()
        (project / "formc.yaml").write_text(SETTINGS, encoding="utf-8")
        (project / "forms" / "contact.yaml").write_text(FORM, encoding="utf-8")
        (project / "data.json").write_text(json.dumps(SUBMISSION), encoding="utf-8")
        table = commands(project)
        times: dict[tuple[str, int], list[float]] = {}
        for round_ in range(args.runs + 1):  # round 0 warms up (and writes the bytecode caches)
            for label, argv in table.items():
                for which, env in enumerate(envs if argv[0] == "-m" else envs[:1]):
                    out = project / "out"
                    seconds = cpu_seconds([*argv, str(out)] if argv[-1] == "-o" else argv, project, env)
                    shutil.rmtree(out, ignore_errors=True)
                    if round_:
                        times.setdefault((label, which), []).append(seconds)

        median = {key: statistics.median(values) for key, values in times.items()}
        floor, click_floor = median[("python -c pass", 0)], median[('python -c "import click"', 0)]
        print(f"CPU seconds (user+sys) of whole processes, medians of {args.runs} runs; Python {sys.version.split()[0]}")
        print(f"this checkout: {ROOT}" + (f"; against: {checkouts[1]}" if args.against else "") + "\n")
        print("| command | CPU s | min–max | × `python -c pass` | × `import click` |"
              + (" against | this/against |" if args.against else ""))
        print("|---|---|---|---|---|" + ("---|---|" if args.against else ""))
        for label in table:
            values = times[(label, 0)]
            row = (f"| `{label}` | {median[(label, 0)]:.3f} | {min(values):.3f}–{max(values):.3f} "
                   f"| {median[(label, 0)] / floor:.1f} | {median[(label, 0)] / click_floor:.2f} |")
            if (label, 1) in median:
                row += f" {median[(label, 1)]:.3f} | {median[(label, 0)] / median[(label, 1)]:.2f} |"
            elif args.against:
                row += " | |"
            print(row)
        for label in ("formc --help", "formc validate contact data.json"):
            print(f"\nSlowest imports of `{label}` (-X importtime, least of 5 runs, ms):\n")
            print("| module | cumulative | self |")
            print("|---|---|---|")
            for cumulative, own, name in top_imports(table[label], project, envs[0], args.top):
                print(f"| `{name.strip()}` | {cumulative / 1000:.1f} | {own / 1000:.1f} |")


if __name__ == "__main__":
    main()
