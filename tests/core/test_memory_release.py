"""A form is let go as soon as its files are made: the build leaves no reference cycles behind per form.

A cycle (a recursive closure that refers to itself through its cell, a node
that points back at its parent) keeps a whole form's model and views alive
until Python's garbage collector finds them: the build's memory then grows
with the forms between collections, and the collector's passes over them cost
a tenth of a cold build. Here the shipped library is built in a process with the
collector off; at the end the collector may find the libraries' own cycles
(rdflib's graph of the shared catalogue, the workbook of the classification
plan: made once a build), but no object of formc's own.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from build_support import TEXT_TARGETS


_COUNT = """
import collections, gc, sys
gc.disable()
from formc.build import build
result = build(sys.argv[1], sys.argv[2], sys.argv[3].split(","), jobs=1)
assert result.ok, [str(d) for d in result.diagnostics]
del result
gc.set_debug(gc.DEBUG_SAVEALL)
gc.collect()
print(dict(collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.garbage
                               if type(o).__module__.startswith("formc"))))
"""


def _formc_garbage(project: Path, out: Path) -> dict[str, int]:
    """formc's objects that only the garbage collector would free after a build in one process, by type."""
    done = subprocess.run([sys.executable, "-c", _COUNT, str(project), str(out), ",".join(TEXT_TARGETS)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout.splitlines()[-1])


def test_the_build_leaves_no_form_to_the_garbage_collector(shipped_copy: Path, tmp_path: Path) -> None:
    assert len(list((shipped_copy / "form_definitions" / "forms").glob("*.yaml"))) == 24
    assert _formc_garbage(shipped_copy, tmp_path / "out") == {}
