"""Benchmark of the YAML definition loader against the parse floor, in one process, in CPU seconds.

Run: python benchmarks/loader.py [--forms 1000] [--runs 5]. Writes the corpus of ``benchmarks/core.py``
(``write_project``) to a temporary folder and times, passes taken in turn (A B C A B C …):

- floor: ``yaml.load(open(p, "rb"), Loader=yaml.CSafeLoader)`` on every form file (values only, no
  positions, none of formc's checks);
- formc.loader.load_file on every form file: the compiled fast path (formc/_fastload.c) when it is built;
- the same with the fast path switched off, i.e. the Python builder that loads every file without it.

Prints the median CPU seconds of each (``time.process_time``: the machine is shared, wall time is noise) and
the ratios to the floor. The figures in benchmarks/README.md ("Loader (issue 14)") come from this script.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from core import write_project  # the corpus generator beside this script

from formc import loader
from formc.diagnostics import Diagnostics


def floor(files: list[Path]) -> None:
    for path in files:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)


def formc_loader(files: list[Path]) -> None:
    diags = Diagnostics()
    for path in files:
        if loader.load_file(path, path.name, diags) is None:
            raise SystemExit(f"{path}: {diags.items[-1].message}")


def without_fast_path(files: list[Path]) -> None:
    fast, loader._fastload = loader._fastload, None
    try:
        formc_loader(files)
    finally:
        loader._fastload = fast


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    passes: dict[str, Callable[[list[Path]], None]] = {"floor (CSafeLoader)": floor}
    if loader._fastload is not None:
        passes["formc loader (fast path)"] = formc_loader
    else:
        print("formc._fastload is not built (pip install -e . builds it): only the Python builder is timed")
    passes["formc loader, Python builder only"] = without_fast_path
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_project(root, args.forms)
        files = sorted((root / "forms").glob("*.yaml"))
        for run in passes.values():  # warm-up: the page cache, imports, the regex caches
            run(files)
        seconds: dict[str, list[float]] = {name: [] for name in passes}
        for _ in range(args.runs):
            for name, run in passes.items():
                started = time.process_time()
                run(files)
                seconds[name].append(time.process_time() - started)
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    base = medians["floor (CSafeLoader)"]
    print(f"{len(files)} forms, {args.runs} runs, CPU seconds (median, min–max), ratio to the floor")
    for name, values in seconds.items():
        print(f"  {name:36} {medians[name]:6.3f} s ({min(values):.3f}–{max(values):.3f})  "
              f"{medians[name] / base:5.2f} × floor")


if __name__ == "__main__":
    main()
