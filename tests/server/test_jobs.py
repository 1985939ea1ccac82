"""Background jobs: two `formc worker` processes on one PostgreSQL run every job once; a failing job is retried
and visible to operators."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from server_support import REPO, TOWN, Server, envelope, formc_cli

from formc.jobs import queue
from formc.store import Store
from formc.store.tables import form_definitions, jobs as jobs_table

API = "/api/parking-permit/submissions"


def jobs(store_url: str) -> list[dict]:
    done = formc_cli("submissions", "jobs", "--store", store_url, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_workers_on_postgresql_run_every_job_exactly_once(postgres_url: str, secret_env: dict[str, str]) -> None:
    server = Server(TOWN, postgres_url, env=secret_env, worker=False).start()
    try:
        references = [httpx.post(server.url + API, json=envelope(name=f"Citizen {i}")).json()["reference"] for i in range(4)]
    finally:
        server.stop()
    assert all(j["state"] == "pending" for j in jobs(postgres_url)) and len(jobs(postgres_url)) == 8
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    workers = [subprocess.Popen([sys.executable, "-m", "formc", "worker", str(TOWN), "--store", postgres_url, "--until-idle"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    ran = [int(out.split()[1]) for out, _ in outputs]
    assert sum(ran) == 8, outputs  # every job claimed by exactly one of the two
    final = jobs(postgres_url)
    assert [(j["state"], j["attempts"]) for j in final] == [("done", 1)] * 8
    for reference in references:
        shown = json.loads(formc_cli("submissions", "show", reference, "--store", postgres_url).stdout)
        assert {j["kind"] for j in shown["jobs"]} == {"receipt", "archive"}


def test_a_failing_job_is_retried_and_visible_then_succeeds_after_an_operators_retry(tmp_path: Path, secret_env) -> None:
    project = tmp_path / "town"
    shutil.copytree(TOWN, project)
    store = f"sqlite:///{tmp_path / 'jobs.db'}"
    server = Server(project, store, env=secret_env, worker=False).start()
    try:
        assert httpx.post(server.url + API, json=envelope()).status_code == 201
    finally:
        server.stop()
    # the form is gone, and so is the stored definition the submission answered (removed by hand)
    (project / "forms" / "parking-permit.yaml").rename(project / "parking-permit.yaml.off")
    opened = Store(store, project)
    with opened.engine.begin() as connection:
        connection.execute(form_definitions.delete())
    opened.close()
    ran = formc_cli("worker", str(project), "--store", store, "--until-idle")
    assert ran.returncode == 0, ran.stderr
    failing = jobs(store)
    assert {j["state"] for j in failing} == {"pending"} and all(j["attempts"] == 1 for j in failing)
    assert all("parking-permit" in j["last_error"] and "not in the store" in j["last_error"] for j in failing)
    text = formc_cli("submissions", "jobs", "--store", store, "--state", "pending").stdout
    assert "attempt 1/5" in text and "last error" in text
    opened = Store(store, project)
    try:
        for job in queue.listing(opened.engine):  # the attempts run out: failed, kept for the operator
            with opened.engine.begin() as connection:
                connection.execute(jobs_table.update().where(jobs_table.c.id == job.id)
                                   .values(attempts=5, run_after=job.created_at))
        formc_cli("worker", str(project), "--store", store, "--until-idle")
        assert {j["state"] for j in jobs(store)} == {"failed"}
    finally:
        opened.close()
    (project / "parking-permit.yaml.off").rename(project / "forms" / "parking-permit.yaml")
    for job in jobs(store):
        retried = formc_cli("submissions", "retry", str(job["id"]), "--store", store)
        assert retried.returncode == 0, retried.stderr
    assert formc_cli("worker", str(project), "--store", store, "--until-idle").returncode == 0
    assert [(j["state"], j["attempts"]) for j in jobs(store)] == [("done", 1), ("done", 1)]


def test_a_looping_worker_stops_on_sigterm_and_on_ctrl_c(tmp_path: Path) -> None:
    """A service manager's SIGTERM lets the worker finish its job and stop; Ctrl-C stops it at once. Either way it
    exits 0 with no traceback (see formc.commands.common.stop_on_signals)."""
    store = f"sqlite:///{tmp_path / 'jobs.db'}"
    assert formc_cli("db", "upgrade", "--store", store).returncode == 0
    for stop in (signal.SIGTERM, signal.SIGINT):
        worker = subprocess.Popen([sys.executable, "-m", "formc", "worker", str(TOWN), "--store", store],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": str(REPO)})
        try:
            assert worker.stderr is not None
            started = worker.stderr.readline()
            assert "SIGTERM stops" in started, started
            worker.send_signal(stop)
            _, errors = worker.communicate(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == 0 and "Traceback" not in errors, (stop, errors)
