"""How many PDF pages per second the print target renders: every form × language of a project, median of runs.

    python benchmarks/print_throughput.py [PROJECT] [--runs 3]

Renders the blank paper forms twice per run set: across every core (the way
the print target and ``render_many`` do) and in one process, and reports the
median pages per second of each.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdf  # noqa: E402

import formc  # noqa: E402
from formc.runtime.pdf import PdfJob, render_many  # noqa: E402
from formc.targets_api import BuildContext  # noqa: E402
from targets.print import css_folder, print_html  # noqa: E402


def jobs_for(project: formc.Project) -> list[PdfJob]:
    ctx = BuildContext(project.organisation)
    folder = css_folder(None)
    return [PdfJob(html=print_html(form, lang, ctx), base_url=folder.as_uri() + "/", allowed_roots=(str(folder),))
            for form in project.forms.values() for lang in form.languages]


def measure(jobs: list[PdfJob], parallel: bool, runs: int) -> tuple[float, int]:
    rates, pages = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        pdfs = render_many(jobs, parallel=parallel)
        elapsed = time.perf_counter() - started
        pages = sum(len(pypdf.PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs)
        rates.append(pages / elapsed)
    return statistics.median(rates), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project = formc.load(args.project)
    jobs = jobs_for(project)
    render_many(jobs[:2], parallel=True)  # start the worker pool and warm WeasyPrint up
    parallel, pages = measure(jobs, True, args.runs)
    serial, _ = measure(jobs, False, args.runs)
    print(f"{len(jobs)} PDFs, {pages} pages per run, median of {args.runs} runs")
    print(f"parallel: {parallel:.1f} pages/s")
    print(f"one process: {serial:.1f} pages/s")


if __name__ == "__main__":
    main()
