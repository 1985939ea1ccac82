"""The PDF worker pool: set up once in the process that forks it, the same bytes as rendering one by one.

A process that has not rendered a PDF yet renders the first job itself, so the
workers it forks inherit WeasyPrint's fonts, stylesheets and caches instead of
each setting them up; the workers' garbage collector leaves what they inherited
alone (frozen before the fork) and the parent's heap is unfrozen afterwards.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from formc.processes import frozen_heap, worker_pool

ROOT = Path(__file__).resolve().parents[2]

_COLD_PROCESS = textwrap.dedent("""
    import json, os, sys
    import formc
    import formc.runtime.pdf as pdf
    from formc.targets_api import BuildContext
    from formc.targets.print import css_folder, print_html

    render_pdf = pdf.render_pdf
    def traced(job):
        result = render_pdf(job)
        with open(sys.argv[2], "a") as log:
            log.write(f"{job.properties['language']} {os.getpid()}\\n")
        return result
    pdf.render_pdf = traced  # render_many looks it up when it runs, in this process and in its workers

    project = formc.load(sys.argv[1])
    form = project.forms["everything"]
    folder = css_folder(None)
    ctx = BuildContext(project.organisation)
    jobs = [pdf.PdfJob(html=print_html(form, lang, ctx), base_url=folder.as_uri() + "/",
                       allowed_roots=(str(folder),), properties={"language": lang})
            for lang in ("nb", "nn", "en")]
    pooled = pdf.render_many(jobs, parallel=True)
    one_by_one = [render_pdf(job) for job in jobs]
    print(json.dumps({"pid": os.getpid(), "same": pooled == one_by_one}))
""")


def test_a_cold_process_renders_the_first_job_itself_then_pools_the_rest(tmp_path: Path) -> None:
    log = tmp_path / "rendered.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("FORMC_PDF_WORKERS", None)
    done = subprocess.run([sys.executable, "-c", _COLD_PROCESS, str(ROOT / "tests/print/projects/small"), str(log)],
                          capture_output=True, text=True, env=env, timeout=300, check=True)
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["same"], "the pool's PDFs differ from one-by-one rendering"
    rendered = [line.split() for line in log.read_text().splitlines()]
    pooled = rendered[:3]  # then the three one-by-one renders, all in the parent
    where = {lang: int(pid) for lang, pid in pooled}
    parent = outcome["pid"]
    assert where["nb"] == parent, "the first job sets WeasyPrint up in the process that forks the pool"
    assert where["nn"] != parent and where["en"] != parent, "the other jobs render in the pool's workers"
    assert all(int(pid) == parent for _, pid in rendered[3:])


def _frozen_in_worker(_: int) -> int:
    return gc.get_freeze_count()


def test_workers_inherit_a_frozen_heap_and_the_parent_is_unfrozen_after() -> None:
    assert gc.get_freeze_count() == 0
    alive = [[] for _ in range(1000)]  # noqa: F841  (tracked objects alive when the pool forks)
    with worker_pool(2) as pool:
        counts = list(pool.map(_frozen_in_worker, range(4)))
    assert all(count >= 1000 for count in counts)
    assert gc.get_freeze_count() == 0


def test_nested_frozen_blocks_unfreeze_only_at_the_outermost() -> None:
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        with frozen_heap():
            pass
        # still frozen (unfreezing empties the permanent generation at once); a frozen object that died in the
        # meantime (freed by reference counting, e.g. by another thread) may have left it, so no exact count
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_build_in_one_process_renders_every_pdf_in_one_pool(tmp_path: Path, monkeypatch) -> None:
    """Two forms are too few for the build's pool of form workers, so the building process makes both; their
    six PDFs share one pool for the build (not a pool per form), and ``--jobs 1`` starts none. Same bytes."""
    from contextlib import contextmanager

    import formc.processes as processes
    import formc.runtime.pdf as pdf
    from formc.build import build

    started: list[int] = []
    real = processes.worker_pool

    @contextmanager
    def counted(workers: int):
        started.append(workers)
        with real(workers) as pool:
            yield pool

    monkeypatch.setattr(processes, "worker_pool", counted)
    monkeypatch.setattr(pdf, "worker_pool", counted)
    monkeypatch.delenv("FORMC_PDF_WORKERS", raising=False)
    project = ROOT / "tests" / "print" / "projects" / "small"
    assert build(project, tmp_path / "pooled", ["print"], jobs=2).ok
    assert len(started) == (1 if processes.cores() > 1 else 0), started
    started.clear()
    assert build(project, tmp_path / "alone", ["print"], jobs=1).ok
    assert started == []
    pooled = sorted((tmp_path / "pooled" / "print").glob("*.pdf"))
    assert len(pooled) == 6
    for path in pooled:
        assert path.read_bytes() == (tmp_path / "alone" / "print" / path.name).read_bytes(), path.name
