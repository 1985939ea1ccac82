"""The delivery outbox's jobs: send each package to the archive, read the archive's replies, resend unconfirmed ones.

A stored package (the ``archive`` artifacts, or a letter's) is recorded as a
delivery (``pending``) and a ``deliver`` job in the same transaction. The job
hands it to the configured target: the folder drop files it at once
(``delivered``); Fiks Arkiv takes it (``sent``) and answers later — :func:`poll`
reads the replies and stores the case and record numbers (``delivered``, plus
an ``archived`` event) or the archive's refusal (``failed`` with its reason).
A package sent without a receipt for ``resend_after_seconds`` is sent again by
:func:`resend` with the same external key, so the archive files it once.
Retries wait ``retry.first_seconds``, doubling up to ``retry.max_seconds``.
Delivery runs on the real clock (never the pinned one of :mod:`formc.clock`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Mapping

import sqlalchemy as sa

from formc.delivery import DeliveryError, DeliveryTarget, Filed, target_from_settings
from formc.jobs import queue
from formc.jobs.handlers import GiveUp, RetryLater
from formc.project import Project
from formc.runtime.outgoing import letter_key
from formc.store import artifacts, cases, submissions

log = logging.getLogger("formc.delivery")
JOB_KINDS = {"archive": "deliver", "preliminary_reply": "deliver_letter"}  # package → job kind
LETTER_KEYS = {"preliminary_reply": "preliminary-reply"}


@dataclass(frozen=True)
class Policy:
    first: dt.timedelta
    longest: dt.timedelta
    attempts: int
    resend_after: dt.timedelta
    poll_every: float

    def delay(self, attempts: int) -> dt.timedelta:
        return min(self.first * 2 ** max(0, attempts - 1), self.longest)


_TARGETS: dict[int, tuple[Project, DeliveryTarget | None]] = {}


def target(project: Project) -> DeliveryTarget | None:
    """The project's delivery target (built once per project), or None when ``delivery:`` is not configured."""
    if id(project) not in _TARGETS:
        _TARGETS[id(project)] = (project, target_from_settings(project.settings.service.get("delivery"), project.root))
    return _TARGETS[id(project)][1]


def policy(project: Project) -> Policy:
    raw: Mapping[str, Any] = project.settings.service.get("delivery") or {}
    retry, fiks = raw.get("retry") or {}, raw.get("fiks") or {}
    return Policy(dt.timedelta(seconds=retry.get("first_seconds", 10)), dt.timedelta(seconds=retry.get("max_seconds", 3600)),
                  int(retry.get("attempts", 50)), dt.timedelta(seconds=fiks.get("resend_after_seconds", 600)),
                  float(fiks.get("poll_seconds", 5)))


def start(connection: sa.Connection, project: Project, submission_id: str, package: str) -> None:
    """Put a stored package in the outbox (in the caller's transaction); nothing without a delivery target."""
    found = target(project)
    if found is None:
        return
    cases.start_delivery(connection, submission_id, package, found.name)
    queue.enqueue_once(connection, JOB_KINDS[package], submission_id, max_attempts=policy(project).attempts)


def key_of(reference: str, package: str) -> str:
    """The package's external key: the reference for the application, ``{reference}-{kind}`` for a letter."""
    return reference if package == "archive" else letter_key(reference, LETTER_KEYS[package])


def deliver(engine: sa.Engine, project: Project, submission_id: str, package: str) -> None:
    found = target(project)
    if found is None:
        raise GiveUp("no delivery target is configured (delivery: in formc.yaml)")
    rules = policy(project)
    current = cases.delivery(engine, submission_id, package)
    if current is not None and current.state == "delivered":
        return
    submission = submissions.get_by_id(engine, submission_id)
    if submission is None:
        raise GiveUp(f"submission {submission_id} is not in the store")
    files = {a.name: a.content for a in artifacts.get(engine, submission_id, package)}
    if not files:
        raise RetryLater(f"the {package} package is not made yet", rules.first)
    cases.attempt(engine, submission_id, package)
    attempts = (current.attempts if current else 0) + 1
    try:
        result = found.deliver(key_of(submission.reference, package), files)
    except DeliveryError as exc:
        if exc.permanent:
            cases.mark_failed(engine, submission_id, package, exc.reason)
            raise GiveUp(exc.reason) from None
        cases.mark_pending(engine, submission_id, package, exc.reason)
        raise RetryLater(exc.reason, rules.delay(attempts)) from None
    if isinstance(result, Filed):
        cases.mark_delivered(engine, submission_id, package, result.case_number, result.journal_number)
    else:
        cases.mark_sent(engine, submission_id, package, result.message_id)


def poll(engine: sa.Engine, project: Project) -> int:
    """Read and act on every reply the archive has for us; how many there were."""
    from formc.delivery.fiks import FiksArkiv

    found = target(project)
    if not isinstance(found, FiksArkiv):
        return 0
    replies = found.poll()
    rules = policy(project)
    for reply in replies:
        sent = cases.by_message(engine, reply.answers) if reply.answers else None
        if sent is None and reply.reference:
            sent = _by_key(engine, reply.reference)
        if sent is None:
            log.info("a %s reply to an unknown message: ignored", reply.kind)
            continue
        if reply.kind == "filed" and reply.filed is not None:
            cases.mark_delivered(engine, sent.submission_id, sent.package, reply.filed.case_number,
                                 reply.filed.journal_number)
        elif reply.kind == "failed" and sent.message_id == reply.answers:  # only the newest attempt's verdict counts
            if reply.permanent:
                cases.mark_failed(engine, sent.submission_id, sent.package, reply.reason or "refused by the archive")
            else:
                cases.mark_pending(engine, sent.submission_id, sent.package, reply.reason or "the archive failed")
                queue.reschedule(engine, JOB_KINDS[sent.package], sent.submission_id,
                                 queue.now() + rules.delay(sent.attempts))
    return len(replies)


def _by_key(engine: sa.Engine, key: str) -> cases.Delivery | None:
    for package, suffix in LETTER_KEYS.items():
        if key.endswith("-" + suffix):
            return _of_reference(engine, key[: -len(suffix) - 1], package)
    return _of_reference(engine, key, "archive")


def _of_reference(engine: sa.Engine, reference: str, package: str) -> cases.Delivery | None:
    record = cases.case(engine, reference)
    return cases.delivery(engine, record.submission_id, package) if record is not None else None


def resend(engine: sa.Engine, project: Project) -> int:
    """Send again every package whose receipt has not come within ``resend_after_seconds``; how many."""
    rules = policy(project)
    late = cases.unconfirmed(engine, queue.now() - rules.resend_after)
    for sent in late:
        cases.mark_pending(engine, sent.submission_id, sent.package,
                           f"no receipt from the archive within {int(rules.resend_after.total_seconds())} s: sent again")
        queue.reschedule(engine, JOB_KINDS[sent.package], sent.submission_id)
    return len(late)
