"""What each kind of job does with a stored submission: ``receipt`` (the receipt PDF), ``archive`` (the package).

Both are made from the stored submission alone (data, language, channel,
received time, reference, the uploaded files' bytes, the form's definition as
the citizen answered it), by the existing renderers: the receipt is
:func:`formc.runtime.receipt.render_receipt`, the package
:func:`formc.runtime.package.build_package` (what ``formc archive`` writes).
Their output goes to the ``artifacts`` table in one transaction, so a job that
is run twice (after a crash) replaces, never duplicates. A handler raises to
fail the attempt; the queue retries it.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Callable

import sqlalchemy as sa

from formc.model import Form
from formc.project import Project
from formc.store import artifacts, definitions, submissions
from formc.store.records import Submission

Handler = Callable[[sa.Engine, Project, str], None]
RECEIPT_NAME = "receipt.pdf"


class JobError(Exception):
    """A job that cannot be done now (the message is kept on the job for operators)."""


class RetryLater(JobError):
    """A job to try again after ``after`` (instead of the queue's own backoff)."""

    def __init__(self, message: str, after: datetime.timedelta):
        super().__init__(message)
        self.after = after


class GiveUp(JobError):
    """A job that can never succeed: marked ``failed`` at once, for an operator to look at."""


def _load(engine: sa.Engine, project: Project, submission_id: str) -> tuple[Submission, Form]:
    """The submission and the form as it answered it (its stored definition; see :mod:`formc.store.definitions`)."""
    submission = submissions.get_by_id(engine, submission_id)
    if submission is None:
        raise JobError(f"submission {submission_id} is not in the store")
    try:
        form = definitions.form_for(engine, project, submission)
    except definitions.SnapshotError as exc:
        raise JobError(str(exc)) from None
    if form is None:
        raise JobError(f"form `{submission.form_id}` is not in the project any more")
    return submission, form


def _local(submission: Submission, form: Form):  # noqa: ANN202 (a datetime)
    return submission.received_at.astimezone(zoneinfo.ZoneInfo(form.timezone)).replace(microsecond=0)


def receipt(engine: sa.Engine, project: Project, submission_id: str) -> None:
    from formc.runtime.receipt import render_receipt

    submission, form = _load(engine, project, submission_id)
    pdf = render_receipt(form, submission.data, submission.language, submission.channel, _local(submission, form),
                         submission.reference, submission.registered_by)
    with engine.begin() as connection:
        artifacts.put(connection, submission_id, "receipt", {RECEIPT_NAME: ("application/pdf", pdf)})


def archive(engine: sa.Engine, project: Project, submission_id: str) -> None:
    from formc.runtime.package import build_package

    submission, form = _load(engine, project, submission_id)
    files = build_package(form, submission.data, lang=submission.language, channel=submission.channel,
                          received=_local(submission, form), submission_id=submission.reference,
                          files={f.sha256: f.content for f in submission.files},
                          registered_by=submission.registered_by)
    media = {".xml": "application/xml", ".pdf": "application/pdf", ".json": "application/json"}
    with engine.begin() as connection:
        artifacts.put(connection, submission_id, "archive",
                      {name: (media.get(name[name.rfind("."):], "application/octet-stream"), body) for name, body in files.items()})
        from formc.jobs import delivery  # the outbox: after the package, in the same transaction

        delivery.start(connection, project, submission_id, "archive")


HANDLERS: dict[str, Handler] = {"receipt": receipt, "archive": archive}
