"""CPU cost of the ``noark`` and ``catalog`` targets per form and of their shared outputs, against ``jsonschema``.

Run: ``python benchmarks/shared_targets.py [--forms 200] [--runs 5] [--profile catalog]``. Generates a corpus with
``benchmarks/core.py``'s generator (30 fields, nb/nn/en), loads it once, then times, with ``time.process_time``
(CPU, so other work on a shared machine does not count), in turn for each target: ``emit_form`` over every form,
``summarise`` over every form, and ``emit_shared`` of the stored summaries (what a rebuild after one changed form
pays for the target's shared files). Prints the medians per form (ms) and each target's summary size, the JSON a
build keeps per form in its manifest. ``--profile NAME`` prints the top of a cProfile of that target's ``emit_form``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
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
from formc.targets_api import BuildContext, load_target, stored  # noqa: E402

TARGETS = ("jsonschema", "noark", "catalog")


def cpu(call, items) -> float:
    start = time.process_time()
    for item in items:
        call(item)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", choices=TARGETS, help="print the profile of this target's emit_form (top 25)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_project(Path(tmp) / "p", args.forms)
        project = formc.load(Path(tmp) / "p")
    forms = [project.forms[ident] for ident in sorted(project.forms)]
    ctx = BuildContext(organisation=project.organisation)
    targets = {name: load_target(name) for name in TARGETS}
    for target in targets.values():  # warm up: imports, template compilation
        target.emit_shared([stored(target.summarise(form, ctx)) for form in forms[:2]], ctx)
        cpu(lambda form: target.emit_form(form, ctx), forms[:2])
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(cpu, lambda form: targets[args.profile].emit_form(form, ctx), forms)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    summaries = {name: [stored(t.summarise(form, ctx)) for form in forms] for name, t in targets.items()}
    times: dict[str, dict[str, list[float]]] = {name: {"emit_form": [], "summarise": [], "emit_shared": []}
                                                for name in TARGETS}
    for _ in range(args.runs):
        for name, target in targets.items():
            times[name]["emit_form"].append(cpu(lambda form: target.emit_form(form, ctx), forms))
            times[name]["summarise"].append(cpu(lambda form: target.summarise(form, ctx), forms))
            times[name]["emit_shared"].append(cpu(lambda s: target.emit_shared(s, ctx), [summaries[name]]))
    print(f"{len(forms)} forms, CPU ms per form (medians of {args.runs}); emit_shared: s for all forms")
    base = statistics.median(times["jsonschema"]["emit_form"])
    for name in TARGETS:
        median = {step: statistics.median(values) for step, values in times[name].items()}
        size = sum(len(json.dumps(s, separators=(",", ":"), ensure_ascii=False)) for s in summaries[name])
        print(f"{name:10} emit_form {median['emit_form'] / len(forms) * 1000:6.2f}"
              f" ({median['emit_form'] / base:4.1f}x jsonschema)  summarise {median['summarise'] / len(forms) * 1000:5.2f}"
              f"  emit_shared {median['emit_shared']:6.3f} s  summaries {size / len(forms):7.0f} B/form")


if __name__ == "__main__":
    main()
