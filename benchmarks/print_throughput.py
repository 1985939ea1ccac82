"""PDF throughput per CPU second: the print target's PDFs across a worker pool against one process.

    python benchmarks/print_throughput.py [PROJECT] [--forms 10] [--runs 5] [--what render|build|both]

``render``: every form × language of the project rendered with ``render_many``
in a fresh process, once with the pool and once without (``parallel=False``);
``build``: ``formc build --target print`` of the project into an empty folder
in a fresh process, with the default pool and with ``--jobs 1``
(``FORMC_PDF_WORKERS=1``). The two modes run in turn (A B A B …, so both see
the same load on a shared machine), and each run counts the CPU seconds
(user + system) of the process and of the workers it forked, so the figures
hold when other work shares the cores. It reports medians, CPU per PDF, pages
per CPU second and the pool / one-process CPU ratio pair by pair.
``--forms N`` takes the first N forms (a copy of the project with only them).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the pool's workers) so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child_render(project_dir: str, parallel: bool) -> dict:
    """In a fresh process: render every PDF of the project; CPU of the rendering alone."""
    sys.path.insert(0, str(ROOT))
    import pypdf

    import formc
    from formc.runtime.pdf import PdfJob, render_many
    from formc.targets_api import BuildContext
    from formc.targets.print import css_folder, print_html

    project = formc.load(project_dir)
    ctx = BuildContext(project.organisation)
    folder = css_folder(None)
    jobs = [PdfJob(html=print_html(form, lang, ctx), base_url=folder.as_uri() + "/", allowed_roots=(str(folder),))
            for form in project.forms.values() for lang in form.languages]
    cpu, wall = _cpu(), time.perf_counter()
    pdfs = render_many(jobs, parallel=parallel)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    pages = sum(len(pypdf.PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs)
    return {"cpu": cpu, "wall": wall, "pdfs": len(pdfs), "pages": pages}


def run_build(project_dir: Path, parallel: bool) -> dict:
    """``formc build --target print`` in a fresh process: CPU of the whole process and its workers."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "formc", "build", str(project_dir), "-o", out, "--target", "print", "-q"]
        if not parallel:
            command += ["--jobs", "1"]
            env["FORMC_PDF_WORKERS"] = "1"
        before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, env=env, check=True)
        after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - wall
        pdfs = sorted(Path(out, "print").glob("*.pdf"))
        import pypdf

        pages = sum(len(pypdf.PdfReader(path).pages) for path in pdfs)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"cpu": cpu, "wall": wall, "pdfs": len(pdfs), "pages": pages}


def run_render(project_dir: Path, parallel: bool) -> dict:
    done = subprocess.run([sys.executable, __file__, str(project_dir), "--child", "pool" if parallel else "one"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def first_forms(project: Path, count: int, into: Path) -> Path:
    """A copy of ``project`` (its ``formc.yaml`` and definitions) with only its first ``count`` form files."""
    sys.path.insert(0, str(ROOT))
    from formc.build_forms import probable_kind
    from formc.diagnostics import Diagnostics
    from formc.project import definition_files, read_settings

    settings = read_settings(project, Diagnostics())
    assert settings is not None, f"{project} has no readable formc.yaml"
    files = definition_files(settings)
    forms = [path for path in files if probable_kind(path) == "form"][:count]
    shutil.copy(project / "formc.yaml", into / "formc.yaml")
    for path in files:
        if probable_kind(path) != "form" or path in forms:
            target = into / path.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return into


def report(what: str, runs: dict[bool, list[dict]]) -> None:
    pool, one = runs[True], runs[False]
    pdfs, pages = pool[0]["pdfs"], pool[0]["pages"]
    med = {parallel: {key: statistics.median(r[key] for r in rs) for key in ("cpu", "wall")}
           for parallel, rs in runs.items()}
    ratios = [a["cpu"] / b["cpu"] for a, b in zip(pool, one)]
    print(f"{what}: {pdfs} PDFs, {pages} pages a run; medians of {len(pool)} runs each, alternated")
    for parallel, label in ((True, f"pool ({os.cpu_count()} cores)"), (False, "one process")):
        cpu = med[parallel]["cpu"]
        spread = ", ".join(f"{r['cpu']:.2f}" for r in runs[parallel])
        print(f"  {label:<16} CPU {cpu:6.2f} s ({spread}), {cpu / pdfs:.3f} s/PDF, "
              f"{pages / cpu:5.1f} pages/CPU s, wall {med[parallel]['wall']:.1f} s")
    print(f"  pool / one process, CPU, pair by pair: median {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(ROOT))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--forms", type=int, default=0, help="only the first N forms (0: all)")
    parser.add_argument("--what", choices=("render", "build", "both"), default="both")
    parser.add_argument("--child", choices=("pool", "one"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_render(args.project, args.child == "pool")))
        return
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(args.project).resolve()
        if args.forms:
            project = first_forms(project, args.forms, Path(scratch))
        print(f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
        for what, measure in (("render", run_render), ("build", run_build)):
            if args.what not in (what, "both"):
                continue
            runs: dict[bool, list[dict]] = {True: [], False: []}
            for _ in range(args.runs):
                for parallel in (True, False):
                    runs[parallel].append(measure(project, parallel))
            report(what, runs)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
