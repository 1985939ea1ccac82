"""The intake store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

The schema itself is created and changed only by the Alembic migrations in
``formc/store/migrations`` (``formc db upgrade``); these definitions are what
the code queries and must match the newest migration (a test compares them).
Later steps add their own tables in new migrations on top (for example a
delivery outbox): the ``jobs`` table is deliberately general — a ``kind`` and
a JSON ``payload`` — so new kinds of background work need no new queue.
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}
metadata = sa.MetaData(naming_convention=NAMING)
Stamp = sa.DateTime(timezone=True)

counters = sa.Table(  # SQLite's reference counters; PostgreSQL uses sequences (see formc.store.references)
    "counters", metadata,
    sa.Column("name", sa.String(100), primary_key=True),  # e.g. "reference:2026"
    sa.Column("value", sa.BigInteger, nullable=False),
)

submissions = sa.Table(
    "submissions", metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # a UUID, the archive's external key
    sa.Column("reference", sa.String(64), nullable=False, unique=True),
    sa.Column("form_id", sa.String(100), nullable=False, index=True),
    sa.Column("form_version", sa.String(50), nullable=False),
    sa.Column("language", sa.String(20), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("received_at", Stamp, nullable=False, index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("envelope", sa.JSON, nullable=False),  # {form, version, language, channel, submitted_at, ...counter fields}
    sa.Column("registered_by", sa.String(200), nullable=True),  # the employee, for counter/phone/letter/email
    sa.Column("idempotency_key", sa.String(100), nullable=True, unique=True),
    sa.Column("deadline", sa.Date, nullable=True),  # the promised answer day (migration 0002), see formc.cases.deadlines
    sa.Column("definition", sa.String(64), nullable=True),  # the form's definition as answered (migration 0003)
)

files = sa.Table(
    "files", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("field", sa.String(300), nullable=False),  # the data path, e.g. "attachments" or "kids[0].photo"
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("media_type", sa.String(100), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

uploads = sa.Table(  # files received with a post that was not yet valid, kept for the next attempt
    "uploads", metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("field", sa.String(300), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("media_type", sa.String(100), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("expires_at", Stamp, nullable=False, index=True),
)

drafts = sa.Table(
    "drafts", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 of the resume token; the token is never stored
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("form_version", sa.String(50), nullable=False),
    sa.Column("language", sa.String(20), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("uploads", sa.JSON, nullable=False),  # upload tokens kept with the draft
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("expires_at", Stamp, nullable=False, index=True),
)

jobs = sa.Table(
    "jobs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(50), nullable=False),
    sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=True, index=True),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),  # pending | running | done | failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("max_attempts", sa.Integer, nullable=False),
    sa.Column("run_after", Stamp, nullable=False),
    sa.Column("locked_by", sa.String(100), nullable=True),
    sa.Column("locked_at", Stamp, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("finished_at", Stamp, nullable=True),
    sa.UniqueConstraint("kind", "submission_id", name="uq_jobs_kind_submission"),
    sa.Index("ix_jobs_state_run_after", "state", "run_after"),
)

artifacts = sa.Table(  # what the jobs produce from a stored submission: the receipt PDF, the archive package's files
    "artifacts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(50), nullable=False),  # receipt | archive
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("media_type", sa.String(100), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("created_at", Stamp, nullable=False),
    sa.UniqueConstraint("submission_id", "kind", "name", name="uq_artifacts_submission_kind_name"),
)

# The case lifecycle (migration 0002): what happened to each case, its delivery to the archive, letters sent,
# and the anonymous counts behind the completion funnel.

case_events = sa.Table(
    "case_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),  # received | archived | in_progress | decided | withdrawn | preliminary_reply
    sa.Column("at", Stamp, nullable=False),
    sa.Column("text", sa.Text, nullable=True),  # the outcome of `decided`, a caseworker's note otherwise
    sa.Column("case_number", sa.String(50), nullable=True),  # the archive's case number, with `archived`
    sa.Column("actor", sa.String(200), nullable=True),  # the caseworker or system that added it (never the citizen)
)

deliveries = sa.Table(  # the outbox's state: one row per package to deliver (the work itself is a job)
    "deliveries", metadata,
    sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("package", sa.String(30), primary_key=True),  # archive | preliminary_reply
    sa.Column("target", sa.String(20), nullable=False),  # folder | fiks
    sa.Column("state", sa.String(20), nullable=False),  # pending | sent | delivered | failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("message_id", sa.String(64), nullable=True, index=True),  # the last Fiks message sent
    sa.Column("sent_at", Stamp, nullable=True),
    sa.Column("delivered_at", Stamp, nullable=True),
    sa.Column("case_number", sa.String(50), nullable=True),
    sa.Column("journal_number", sa.String(50), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("updated_at", Stamp, nullable=False),
)

letters = sa.Table(  # letters sent on a case; unique per kind, so a preliminary reply goes out once
    "letters", metadata,
    sa.Column("submission_id", sa.String(36), sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("kind", sa.String(30), primary_key=True),  # preliminary_reply
    sa.Column("created_at", Stamp, nullable=False),
    sa.Column("expected", sa.Date, nullable=True),  # the answer date the letter promises
    sa.Column("notified_at", Stamp, nullable=True),  # e-mailed to the citizen
    sa.Column("notice", sa.Text, nullable=True),  # why it was not e-mailed (no address, no mail server)
)

funnel = sa.Table(  # anonymous daily counts: no cookies, no personal data
    "funnel", metadata,
    sa.Column("form_id", sa.String(100), primary_key=True),
    sa.Column("language", sa.String(20), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("starts", sa.Integer, nullable=False),
    sa.Column("drafts", sa.Integer, nullable=False),
)

# The definitions submissions were answered against (migration 0003): each form's files as a snapshot
# (formc.snapshots), stored once by digest; a submission names its digest, so later work builds that version.

form_definitions = sa.Table(
    "form_definitions", metadata,
    sa.Column("digest", sa.String(64), primary_key=True),  # SHA-256 of the sources
    sa.Column("form_id", sa.String(100), nullable=False, index=True),
    sa.Column("form_version", sa.String(50), nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),  # path in the definitions folder → the file's text
    sa.Column("recorded_at", Stamp, nullable=False),
)

rate_limits = sa.Table(  # post rate limits shared by instances on PostgreSQL (migration 0004), formc.store.ratelimits
    "rate_limits", metadata,
    sa.Column("key", sa.String(64), primary_key=True),  # HMAC of the client's address (no address is stored)
    sa.Column("tokens", sa.Float, nullable=False),
    sa.Column("allowed", sa.Boolean, nullable=False),  # whether the last post took a token
    sa.Column("updated_at", Stamp, nullable=False, index=True),
)
