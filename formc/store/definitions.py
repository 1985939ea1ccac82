"""The form definitions submissions were answered against: stored once per version, found again by digest.

:func:`record` keeps each form's :class:`formc.snapshots.Snapshot` (the service does it when it starts, before
it takes a submission; a snapshot already there is left as it is); :func:`form_for` gives the work on a stored
submission the form as the citizen answered it: the running project's form when it is still that version,
else the form built again from the stored snapshot.
"""

from __future__ import annotations

import datetime
from typing import Iterable

import sqlalchemy as sa

from formc.model import Form
from formc.project import Project
from formc.snapshots import Snapshot, SnapshotError, form_of, snapshots
from formc.store.engine import reading
from formc.store.records import Submission
from formc.store.tables import form_definitions

__all__ = ["SnapshotError", "form_for", "record", "sources"]


def record(engine: sa.Engine, taken: Iterable[Snapshot]) -> None:
    """Store every snapshot not stored yet (servers starting at the same time may both try: each row once)."""
    taken = list(taken)
    if not taken:
        return
    with reading(engine) as connection:
        known = set(connection.execute(sa.select(form_definitions.c.digest).where(
            form_definitions.c.digest.in_([s.digest for s in taken]))).scalars())
    moment = datetime.datetime.now(datetime.timezone.utc)
    for snapshot in taken:
        if snapshot.digest in known:
            continue
        try:
            with engine.begin() as connection:
                connection.execute(form_definitions.insert().values(
                    digest=snapshot.digest, form_id=snapshot.form_id, form_version=snapshot.version,
                    sources=snapshot.sources, recorded_at=moment))
        except sa.exc.IntegrityError:
            pass  # stored by another process meanwhile: the same text (the digest is the text's)


def sources(engine: sa.Engine, digest: str) -> dict[str, str] | None:
    with reading(engine) as connection:
        return connection.execute(sa.select(form_definitions.c.sources).where(
            form_definitions.c.digest == digest)).scalar()


def form_for(engine: sa.Engine, project: Project, submission: Submission) -> Form | None:
    """The form ``submission`` answered: the project's form when it is that definition, else the stored one
    built again; None when the submission predates snapshots and the form left the project.

    Raises :class:`SnapshotError` when the stored definition is missing or no longer builds (e.g. after a formc
    upgrade that changed the language)."""
    current = project.forms.get(submission.form_id)
    if submission.definition is None:
        return current
    if current is not None and snapshots(project)[current.id].digest == submission.definition:
        return current
    stored = sources(engine, submission.definition)
    if stored is None:
        raise SnapshotError(f"the definition of `{submission.form_id}` {submission.form_version} that "
                            f"{submission.reference} answered is not in the store (form_definitions)")
    return form_of(stored, submission.form_id, project, submission.definition)
