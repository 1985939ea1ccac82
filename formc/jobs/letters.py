"""Preliminary replies (forvaltningsloven § 11 a): found due by :func:`sweep`, made and sent by :func:`preliminary_reply`.

:func:`sweep` enqueues a ``preliminary_reply`` job for every open case whose
reply is due (see :mod:`formc.cases.deadlines`); the job is unique per case,
so a reply is made once however often the sweep runs. The job renders the
letter in the citizen's language, records it, files it on the case as an
outgoing record (journalposttype U, through the delivery outbox), adds a
``preliminary_reply`` event and e-mails it to the address the submission gave
(its sender's e-mail), retrying the e-mail alone when the mail server is down.
The promised answer date in the letter is the case's deadline, or — when that
has passed — the first working day two weeks on.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa

from formc import calendar, clock
from formc.archive_titles import lookup
from formc.cases.deadlines import preliminary_reply_due
from formc.jobs import delivery, queue
from formc.jobs.handlers import GiveUp, RetryLater
from formc.letters.preliminary import WORDS, preliminary_reply as render_letter
from formc.notify import NotifyError, notifier_from_settings
from formc.periods import Period
from formc.project import Project
from formc.runtime import arkivmelding as am
from formc.runtime.answers import format_date
from formc.runtime.outgoing import LETTER_FILE, build_outgoing
from formc.store import artifacts, cases, definitions, submissions
from formc.store.tables import case_events

KIND = "preliminary_reply"
LATE_ANSWER = dt.timedelta(days=14)


def _settings(project: Project) -> tuple[bool, Period]:
    raw = project.settings.service.get("cases") or {}
    return raw.get("preliminary_reply", True) is not False, Period.parse(raw.get("preliminary_reply_after", "P1M"))


def sweep(engine: sa.Engine, project: Project, now: dt.datetime | None = None) -> int:
    """Enqueue the replies due at ``now`` (the lifecycle clock); how many were enqueued."""
    enabled, threshold = _settings(project)
    if not enabled:
        return 0
    moment = now or clock.now()
    added = 0
    for submission_id, form_id, received in cases.open_without_job(engine, KIND):
        form = project.forms.get(form_id)
        if form is None:
            continue
        today = moment.astimezone(zoneinfo.ZoneInfo(form.timezone)).date()
        if preliminary_reply_due(form, received, threshold) <= today:
            with engine.begin() as connection:
                added += queue.enqueue_once(connection, KIND, submission_id)
    return added


def preliminary_reply(engine: sa.Engine, project: Project, submission_id: str) -> None:
    submission = submissions.get_by_id(engine, submission_id)
    if submission is None:
        raise GiveUp(f"submission {submission_id} is not in the store")
    try:
        form = definitions.form_for(engine, project, submission)
    except definitions.SnapshotError as exc:
        raise GiveUp(str(exc)) from None
    if form is None:
        raise GiveUp(f"form `{submission.form_id}` is not in the project any more")
    record = cases.case(engine, submission.reference)
    assert record is not None
    if record.closed is not None and not cases.has_letter(engine, submission_id, KIND):
        return  # decided or withdrawn before the letter went out: no reply needed
    zone = zoneinfo.ZoneInfo(form.timezone)
    sent = clock.now().astimezone(zone).replace(microsecond=0)
    received = submission.received_at.astimezone(zone).replace(microsecond=0)
    if not cases.has_letter(engine, submission_id, KIND):
        today = sent.date()
        expected = record.deadline if record.deadline and record.deadline > today else \
            calendar.next_working_day(today + LATE_ANSWER, form.country)
        letter = render_letter(form, reference=submission.reference, lang=submission.language, received=received,
                               expected=expected, sent=sent, overrides=project.settings.templates)
        sub = am.Submission(form, submission.data, submission.language, submission.channel, received,
                            submission.reference)
        package = build_outgoing(sub, kind=delivery.LETTER_KEYS[KIND], title=letter.subject, letter_pdf=letter.pdf,
                                 sent=sent)
        words = WORDS.get(submission.language, WORDS["en"])
        with engine.begin() as connection:
            if cases.record_letter(connection, submission_id, KIND, expected, sent.astimezone(dt.timezone.utc)):
                media = {".pdf": "application/pdf", ".xml": "application/xml", ".json": "application/json"}
                artifacts.put(connection, submission_id, KIND,
                              {name: (media[name[name.rfind("."):]], body) for name, body in package.items()})
                connection.execute(case_events.insert().values(
                    submission_id=submission_id, kind=KIND, at=sent.astimezone(dt.timezone.utc), actor="system",
                    text=f"{words['when']} {format_date(expected, submission.language)}."))
                delivery.start(connection, project, submission_id, KIND)
    if not cases.letter_notified(engine, submission_id, KIND):
        _notify(engine, project, submission_id, form, submission)


def _notify(engine: sa.Engine, project: Project, submission_id: str, form, submission) -> None:  # noqa: ANN001
    notifier = notifier_from_settings(project.settings.service.get("notify"))
    address = _address(form, submission)
    if notifier is None or address is None:
        cases.mark_notified(engine, submission_id, KIND,
                            "no mail server is configured" if notifier is None else "the submission gave no e-mail address")
        return
    pdf = artifacts.get(engine, submission_id, KIND, LETTER_FILE)[0].content
    words = WORDS.get(submission.language, WORDS["en"])
    subject = f"{words['title']}: {form.service.name(_lang(form, submission.language))} ({submission.reference})"
    text = _letter_text(engine, submission_id, submission, form)
    try:
        notifier.send(address, subject, text, [(f"{words['title'].lower().replace(' ', '-')}.pdf", pdf)])
    except NotifyError as exc:
        raise RetryLater(str(exc), dt.timedelta(minutes=5)) from None
    cases.mark_notified(engine, submission_id, KIND)


def _lang(form, lang: str) -> str:  # noqa: ANN001
    return lang if lang in form.languages else form.default_language


def _letter_text(engine: sa.Engine, submission_id: str, submission, form) -> str:  # noqa: ANN001
    words = WORDS.get(submission.language, WORDS["en"])
    record = cases.case(engine, submission.reference)
    promised = next((e.text for e in reversed(record.events) if e.kind == KIND), "") if record else ""
    return "\n\n".join([f"{words['greeting']} {words['why']}", promised or "", words["follow"], words["law"],
                        f"{words['regards']}\n{form.service.authority.name(_lang(form, submission.language))}"]) + "\n"


def _address(form, submission) -> str | None:  # noqa: ANN001
    sub = am.Submission(form, submission.data, submission.language, submission.channel, submission.received_at,
                        submission.reference)
    sender = am.choose_sender(sub)
    if sender is None or sender.email is None:
        return None
    value = lookup(submission.data, sender.email)
    return value if isinstance(value, str) and "@" in value else None
