"""The plain records the store hands out and takes in (no SQLAlchemy types leave the store)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formc.model import Form


@dataclass(frozen=True)
class FileData:
    """One file's bytes and what is known about them (checked by content, see :mod:`formc.server.uploads`)."""

    field: str  # the data path of the file field, e.g. "attachments" or "kids[0].photo"
    filename: str
    media_type: str
    size: int
    sha256: str
    content: bytes = field(repr=False)

    def metadata(self) -> dict[str, Any]:
        """What the submission data holds for this file (the shape ``formc.decode`` and the validator expect)."""
        return {"filename": self.filename, "media_type": self.media_type, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class NewSubmission:
    """A valid submission about to be stored."""

    form_id: str
    form_version: str
    language: str
    channel: str
    data: dict[str, Any]
    files: tuple[FileData, ...] = ()
    envelope_extra: dict[str, Any] = field(default_factory=dict)  # counter fields: employee, paper original, letter date
    registered_by: str | None = None
    idempotency_key: str | None = None
    upload_tokens: tuple[str, ...] = ()  # kept uploads this submission takes over (removed when it is stored)
    processing_time: str | None = None  # the service's promise (ISO 8601 period) when it was submitted
    country: str = "NO"  # whose working-day calendar moves the deadline
    definition: str | None = None  # the digest of the form's definition answered (formc.snapshots), stored before


@dataclass(frozen=True)
class Submission:
    """A stored submission."""

    id: str
    reference: str
    form_id: str
    form_version: str
    language: str
    channel: str
    received_at: datetime.datetime
    data: dict[str, Any]
    envelope: dict[str, Any]
    registered_by: str | None
    files: tuple[FileData, ...] = ()
    definition: str | None = None  # the digest of the form's definition answered (None: stored before formc kept it)

    def summary(self) -> dict[str, Any]:
        """The operator's view (``formc submissions list``): no answers, no file contents."""
        return {"reference": self.reference, "id": self.id, "form": self.form_id, "version": self.form_version,
                "language": self.language, "channel": self.channel, "received": self.received_at.isoformat(),
                "registered_by": self.registered_by, "files": len(self.files)}

    def as_json(self) -> dict[str, Any]:
        """Everything stored (``formc submissions show``): the envelope, the data, the files' metadata."""
        return {**self.summary(), "envelope": self.envelope, "data": self.data,
                "files": [{"field": f.field, **f.metadata()} for f in self.files]}


def promise(form: "Form") -> dict[str, Any]:
    """What a new submission records of the service's promise: ``NewSubmission(..., **promise(form))``."""
    period = form.service.processing_time
    return {"processing_time": str(period) if period is not None else None, "country": form.country}
