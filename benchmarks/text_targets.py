"""CPU of the text targets' per-form work (``emit_form`` + ``summarise``) in a loop shaped like a build, against the floor.

Run: ``python benchmarks/text_targets.py [--forms 300] [--runs 3]``. Generates a corpus with ``benchmarks/core.py``'s
generator (30 fields, nb/nn/en), then per run: the parse floor (``yaml.CSafeLoader`` over the files), and each form
file loaded, checked and built as a build does (``load_definition``, ``build_form``), handed to ``jsonschema``,
``html``, ``noark`` and ``catalog`` in turn (each target's ``emit_form`` and ``summarise`` timed with
``time.process_time``) and let go. As in a build's workers, the heap left after the warm-up is frozen for the garbage
collector (see ``formc.processes.frozen_heap``). Prints the medians per form (ms) and their ratios to the floor. To
compare two checkouts, run this file from each in turn (it imports formc from the checkout it is in).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from core import write_project  # noqa: E402
from formc.diagnostics import Diagnostics  # noqa: E402
from formc.model import Form  # noqa: E402
from formc.project import build_form, load_definition, read_settings  # noqa: E402
from formc.targets_api import BuildContext, load_target  # noqa: E402

TARGETS = ("jsonschema", "html", "noark", "catalog")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_project(Path(tmp) / "p", args.forms)
        settings = read_settings(Path(tmp) / "p", Diagnostics())
        assert settings is not None
        ctx = BuildContext(settings.organisation, None, settings.base_url, settings.templates, settings.classification_plan)
        files = sorted((Path(tmp) / "p" / "forms").glob("*.yaml"))
        targets = {name: load_target(name) for name in TARGETS}

        def form_of(file: Path) -> Form:
            diags = Diagnostics()
            definition = load_definition(file, settings, diags)
            assert definition is not None, diags.items
            form = build_form(definition, {}, {}, settings, frozenset(), diags)
            assert form is not None, diags.items
            return form

        for file in files[-3:]:  # warm up: imports, templates, the processes' caches
            form = form_of(file)
            for target in targets.values():
                target.emit_form(form, ctx)
                target.summarise(form, ctx)
        gc.collect()
        gc.freeze()
        floors, times = [], {name: [] for name in TARGETS}
        for _ in range(args.runs):
            start = time.process_time()
            for file in files:
                yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
            floors.append(time.process_time() - start)
            spent = dict.fromkeys(TARGETS, 0.0)
            for file in files:
                form = form_of(file)
                for name, target in targets.items():
                    start = time.process_time()
                    target.emit_form(form, ctx)
                    target.summarise(form, ctx)
                    spent[name] += time.process_time() - start
                del form
            for name in TARGETS:
                times[name].append(spent[name])
    per_form = 1000 / len(files)
    floor = statistics.median(floors) * per_form
    print(f"{'parse floor':12s} {floor:.3f} ms a form")
    total = 0.0
    for name in TARGETS:
        value = statistics.median(times[name]) * per_form
        total += value
        print(f"{name:12s} {value:.3f} ms a form ({value / floor:.3f} x floor)")
    print(f"{'all four':12s} {total:.3f} ms a form ({total / floor:.3f} x floor)")


if __name__ == "__main__":
    main()
