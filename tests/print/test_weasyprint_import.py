"""WeasyPrint is imported without starting ldconfig, gcc or ld, and loads the very libraries it would otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_IMPORT = textwrap.dedent("""
    import json, subprocess, sys
    started = []
    popen = subprocess.Popen.__init__
    def record(self, args, *rest, **options):
        started.append(str(args))
        popen(self, args, *rest, **options)
    subprocess.Popen.__init__ = record
    if sys.argv[1] == "formc":
        from formc.runtime.pdf import _import_weasyprint
        _import_weasyprint()
    else:
        import weasyprint
    import ctypes.util
    libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")  # the C libraries, not Python's
                        if ".so" in line and "/" in line.split()[-1] and "python3" not in line})
    print(json.dumps({"started": started, "libraries": libraries,
                      "find_library_restored": ctypes.util.find_library.__module__ == "ctypes.util"}))
""")


def _run(how: str) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _IMPORT, how], capture_output=True, text=True, env=env,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the programs are started on Linux only")
def test_weasyprint_loads_the_same_libraries_without_starting_a_process() -> None:
    ordinary, quick = _run("ordinary"), _run("formc")
    assert ordinary["started"], "WeasyPrint no longer asks find_library: the quick import is not needed"
    assert quick["started"] == []
    assert any("libpango-1.0" in library for library in quick["libraries"])
    assert quick["libraries"] == ordinary["libraries"]
    assert quick["find_library_restored"]
