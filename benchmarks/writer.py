"""Benchmark of the writer alone: stage and commit a build's files into a new folder, CPU user and system.

Run: python benchmarks/writer.py BUILT_FOLDER [--runs 7] [--checkout PATH]. ``BUILT_FOLDER`` is the
output folder of a build (its files, the bookkeeping left out, are the files written); each run
stages every one with :class:`formc.writer.Stager` into a new folder and commits them
(:func:`formc.writer.commit`), as a cold build does, then stages them all again over the result
with the records of the first pass (a rebuild that changes nothing) and checks them with
:meth:`formc.manifest.Manifest.intact` (a no-op build's check). The CPU time of each phase is the
process's user and system time around it (``resource.getrusage``). With ``--checkout`` the runs
alternate between this checkout and another one (each run a fresh process with that tree first on
``PYTHONPATH``), and the medians and their ratio are printed.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PHASES = ("cold", "unchanged", "intact")


def _files(folder: Path) -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".formc-"):
            found.append((path.relative_to(folder).as_posix(), path.read_bytes()))
    return found


def _cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def one_run(built: Path) -> dict[str, list[float]]:
    """The three phases once, in this process: phase → [user s, system s]."""
    from formc.manifest import Manifest
    from formc.writer import Stager, commit

    files = _files(built)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="formc-writer-bench-") as scratch:
        out = Path(scratch) / "out"
        out.mkdir()
        before = _cpu()
        stager = Stager(out)
        records = {rel: stager.stage(rel, content) for rel, content in files}
        commit(out, stager.staged, [], set())
        after = _cpu()
        times["cold"] = [after[0] - before[0], after[1] - before[1]]
        before = _cpu()
        stager = Stager(out)
        again = {rel: stager.stage(rel, content, records[rel]) for rel, content in files}
        after = _cpu()
        assert again == records and not stager.staged
        times["unchanged"] = [after[0] - before[0], after[1] - before[1]]
        manifest = Manifest({"all": {"files": records}})
        before = _cpu()
        assert manifest.intact(out, ["all"])
        after = _cpu()
        times["intact"] = [after[0] - before[0], after[1] - before[1]]
    return times


def _child(tree: Path, built: Path) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = (f"import json, sys; import formc; assert formc.__file__.startswith({str(tree)!r}); sys.path.insert(0, {str(HERE / 'benchmarks')!r}); import writer; "
            f"print(json.dumps(writer.one_run(__import__('pathlib').Path({str(built)!r}))))")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("built", type=Path, help="the output folder of a build: its files are the ones written")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--checkout", type=Path, help="another formc checkout to alternate with (before/after)")
    args = parser.parse_args()
    trees = {"this": HERE} | ({"other": args.checkout.resolve()} if args.checkout else {})
    results: dict[str, list[dict[str, list[float]]]] = {name: [] for name in trees}
    count = len(_files(args.built))
    for _ in range(args.runs):
        for name, tree in trees.items():
            results[name].append(_child(tree, args.built))
    print(f"{count} files, {args.runs} runs each, medians (CPU ms: user + system = total, µs per file)")
    medians: dict[str, dict[str, float]] = {}
    for name, runs in results.items():
        medians[name] = {}
        for phase in PHASES:
            user = statistics.median(r[phase][0] for r in runs) * 1000
            system = statistics.median(r[phase][1] for r in runs) * 1000
            total = statistics.median(sum(r[phase]) for r in runs) * 1000
            medians[name][phase] = total
            print(f"{name:5} {phase:9} {user:8.1f} + {system:7.1f} = {total:8.1f} ms  {total * 1000 / count:6.1f} µs/file")
    if args.checkout:
        for phase in PHASES:
            print(f"this / other, {phase}: {medians['this'][phase] / medians['other'][phase]:.2f}")


if __name__ == "__main__":
    main()
