"""CPU cost of the ``html`` target per form, against the ``jsonschema`` target, in one process.

Run: ``python benchmarks/html_target.py [--forms 200] [--runs 5] [--profile]``. Generates a corpus with
``benchmarks/core.py``'s generator (30 fields, nb/nn/en), then per run loads it afresh (untimed: each form
object is emitted once, as in a build, so no per-form cache of an earlier run helps) and times ``emit_form``
of both targets over every form, alternately (html, jsonschema, html, …), with ``time.process_time`` so that other
work on a shared machine does not count. Prints the CPU medians per form and their ratio; ``--profile``
prints the top entries of a cProfile of the html target (by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import formc  # noqa: E402
from core import write_project  # noqa: E402
from formc.targets_api import BuildContext, load_target  # noqa: E402


def emit_all(target, forms, ctx) -> float:
    """CPU seconds of ``emit_form`` over every form."""
    start = time.process_time()
    for form in forms:
        target.emit_form(form, ctx)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print the html target's profile (top 25)")
    parser.add_argument("--sort", default="tottime", help="the profile's order: tottime (own time) or cumulative")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_project(Path(tmp) / "p", args.forms)
        project = formc.load(Path(tmp) / "p")
        ctx = BuildContext(organisation=project.organisation)
        html, jsonschema = load_target("html"), load_target("jsonschema")
        forms = list(project.forms.values())
        emit_all(html, forms[:5], ctx), emit_all(jsonschema, forms[:5], ctx)  # warm up: imports, template compilation

        def fresh() -> list:
            """The forms loaded again, so that each is emitted once as in a build (no cache of an earlier run helps)."""
            return list(formc.load(Path(tmp) / "p").forms.values())

        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(emit_all, html, fresh(), ctx)
            pstats.Stats(profile).sort_stats(args.sort).print_stats(25)
            return
        times: dict[str, list[float]] = {"html": [], "jsonschema": []}
        for _ in range(args.runs):
            forms = fresh()
            times["html"].append(emit_all(html, forms, ctx))
            times["jsonschema"].append(emit_all(jsonschema, forms, ctx))
    per_form = {name: statistics.median(values) / len(forms) * 1000 for name, values in times.items()}
    for name, ms in per_form.items():
        print(f"{name:10s} {ms:7.3f} ms CPU per form (median of {args.runs}, {len(forms)} forms)")
    print(f"ratio html/jsonschema {per_form['html'] / per_form['jsonschema']:.2f}")


if __name__ == "__main__":
    main()
