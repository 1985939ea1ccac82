"""How many PDF pages per second the print target renders: every form × language of a project, median of runs.

    python benchmarks/print_throughput.py [PROJECT] [--runs 3]

Each run renders the blank paper forms across every core (the way the print
target and ``render_many`` do) and then in one process; it reports the median
pages per second of each. Pages are counted by reading the PDFs back.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdf  # noqa: E402

import formc  # noqa: E402
from formc.runtime.pdf import PdfJob, render_many  # noqa: E402
from formc.targets_api import BuildContext  # noqa: E402
from formc.targets.print import css_folder, print_html  # noqa: E402


def jobs_for(project: formc.Project) -> list[PdfJob]:
    ctx = BuildContext(project.organisation)
    folder = css_folder(None)
    return [PdfJob(html=print_html(form, lang, ctx), base_url=folder.as_uri() + "/", allowed_roots=(str(folder),))
            for form in project.forms.values() for lang in form.languages]


def run(jobs: list[PdfJob], parallel: bool) -> tuple[float, int]:
    started = time.perf_counter()
    pdfs = render_many(jobs, parallel=parallel)
    elapsed = time.perf_counter() - started
    pages = sum(len(pypdf.PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs)
    return pages / elapsed, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project = formc.load(args.project)
    jobs = jobs_for(project)
    render_many(jobs[:2], parallel=True)  # start the worker pool and warm WeasyPrint up
    rates: dict[bool, list[float]] = {True: [], False: []}
    pages = 0
    for _ in range(args.runs):  # alternate, so both modes see the same load on a shared machine
        for parallel in (True, False):
            rate, pages = run(jobs, parallel)
            rates[parallel].append(rate)
    parallel_rate, serial_rate = statistics.median(rates[True]), statistics.median(rates[False])
    print(f"{len(jobs)} PDFs, {pages} pages per run, median of {args.runs} runs")
    print(f"parallel ({os.cpu_count()} cores): {parallel_rate:.1f} pages/s")
    print(f"one process: {serial_rate:.1f} pages/s")


if __name__ == "__main__":
    main()
