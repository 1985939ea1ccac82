"""Print the gzipped weight of the HTML target's output: page + formc.css + formc.js per shipped form and language.

Usage: ``python benchmarks/html_weight.py [project-dir]`` (default: the repository's shipped library).
Budgets: page + CSS + JS of the largest form at most 30 KB gzipped; formc.js at most 10 KB gzipped.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import formc  # noqa: E402
from formc.targets_api import BuildContext, shared_files  # noqa: E402
from formc.targets.html import TARGET  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> None:
    project = formc.load(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO)
    ctx = BuildContext(organisation=project.organisation)
    shared = {f.path: f.content for f in shared_files(TARGET, list(project.forms.values()), ctx)}
    css, js = gz(shared["formc.css"]), gz(shared["formc.js"])
    print(f"formc.css  {len(shared['formc.css']):7d} B raw  {css:6d} B gzipped")
    print(f"formc.js   {len(shared['formc.js']):7d} B raw  {js:6d} B gzipped")
    rows = []
    for form in project.forms.values():
        for item in TARGET.emit_form(form, ctx):
            if item.path.endswith(".html") and not item.path.endswith(".fragment.html"):
                rows.append((gz(item.content), len(item.content), item.path))
    rows.sort(reverse=True)
    print("largest pages (page / page + css + js, gzipped):")
    for size, raw, path in rows[:5]:
        print(f"  {path:50s} {raw:7d} B raw  {size:6d} B  total {size + css + js:6d} B")


if __name__ == "__main__":
    main()
