"""Every kind of job and every periodic task the worker runs, in one place.

Jobs (one row each in the ``jobs`` table): ``receipt`` and ``archive`` (made
from every stored submission), ``deliver`` and ``deliver_letter`` (the outbox),
``preliminary_reply``. Periodic tasks run in every worker, each at its own
interval; each is safe to run in several workers at once (replies are
idempotent, jobs are unique per submission and kind).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa

from formc.jobs import delivery, handlers, letters
from formc.project import Project

HANDLERS: dict[str, handlers.Handler] = {
    **handlers.HANDLERS,
    "deliver": functools.partial(delivery.deliver, package="archive"),
    "deliver_letter": functools.partial(delivery.deliver, package="preliminary_reply"),
    letters.KIND: letters.preliminary_reply,
}


@dataclass(frozen=True)
class Periodic:
    name: str
    every: Callable[[Project], float]  # seconds between runs, from the project's settings
    run: Callable[[sa.Engine, Project], int]


PERIODIC = (
    Periodic("archive replies", lambda project: delivery.policy(project).poll_every, delivery.poll),
    Periodic("resend unconfirmed", lambda project: 30.0, delivery.resend),
    Periodic("preliminary replies", lambda project: 300.0, lambda engine, project: letters.sweep(engine, project)),
)
