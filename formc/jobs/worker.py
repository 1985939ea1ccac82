"""Running jobs: claim one, run its handler, record the outcome; a thread in the server or a process of its own.

With SQLite the server runs one worker thread (``formc serve --intake``);
with PostgreSQL every server process runs one too unless told not to, and any
number of extra workers may run anywhere (claims never overlap, see
:mod:`formc.jobs.queue`). The worker also removes expired drafts and kept
uploads now and then. Failures are logged with the job's id and kind only —
never the data.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback

from formc.jobs import queue
from formc.jobs.handlers import GiveUp, JobError, RetryLater
from formc.jobs.registry import HANDLERS, PERIODIC
from formc.project import Project
from formc.store import Store

log = logging.getLogger("formc.jobs")
IDLE_SLEEP = 0.5
EXPIRE_EVERY = 600.0


class Worker:
    def __init__(self, store: Store, project: Project, name: str | None = None):
        self.store = store
        self.project = project
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.last_expiry = 0.0
        self.last_periodic: dict[str, float] = {}

    def run_one(self) -> bool:
        """Claim and run one due job; False when there was none."""
        job = queue.claim(self.store.engine, self.name, tuple(HANDLERS))
        if job is None:
            return False
        try:
            if job.submission_id is None:
                raise JobError(f"a `{job.kind}` job needs a submission")
            HANDLERS[job.kind](self.store.engine, self.project, job.submission_id)
        except Exception as exc:  # noqa: BLE001 — any failure of a job is recorded on it and retried
            detail = str(exc) if isinstance(exc, JobError) else f"{type(exc).__name__}: {exc}"
            state = queue.fail(self.store.engine, job, self.name, detail,
                               retry_after=exc.after if isinstance(exc, RetryLater) else None,
                               permanent=isinstance(exc, GiveUp))
            log.warning("job %s (%s) attempt %s failed, now %s: %s", job.id, job.kind, job.attempts, state, type(exc).__name__)
            log.debug("job %s traceback:\n%s", job.id, traceback.format_exc())
        else:
            queue.finish(self.store.engine, job, self.name)
        return True

    def run_periodic(self, force: bool = False) -> None:
        """Run each periodic task whose interval has passed (all of them with ``force``)."""
        for task in PERIODIC:
            if force or time.monotonic() - self.last_periodic.get(task.name, 0.0) >= task.every(self.project):
                self.last_periodic[task.name] = time.monotonic()
                try:
                    task.run(self.store.engine, self.project)
                except Exception as exc:  # noqa: BLE001 — a failing task (an unreachable archive) is retried next time
                    log.warning("periodic task %s failed: %s", task.name, type(exc).__name__)

    def run_until_idle(self) -> int:
        done = 0
        while self.run_one():
            done += 1
        return done

    def loop(self) -> None:
        while not self.stopping.is_set():
            try:
                if time.monotonic() - self.last_expiry > EXPIRE_EVERY:
                    self.last_expiry = time.monotonic()
                    self.store.expire()
                self.run_periodic()
                if not self.run_one():
                    self.stopping.wait(IDLE_SLEEP)
            except Exception:  # noqa: BLE001 — the store may be briefly unreachable; keep going
                log.exception("the job worker could not reach the store; retrying")
                self.stopping.wait(5)

    def start(self) -> None:
        self.thread = threading.Thread(target=self.loop, name="formc-jobs", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 30) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)
