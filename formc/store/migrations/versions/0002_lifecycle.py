"""The case lifecycle: status events, the delivery outbox's state, letters, funnel counts, each case's deadline.

Revision ID: 0002_lifecycle
Revises: 0001_intake
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_lifecycle"
down_revision = "0001_intake"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("deadline", sa.Date, nullable=True))
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("case_number", sa.String(50), nullable=True),
        sa.Column("actor", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_case_events"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], ondelete="CASCADE",
                                name="fk_case_events_submission_id_submissions"),
    )
    op.create_index("ix_case_events_submission_id", "case_events", ["submission_id"])
    op.create_table(
        "deliveries",
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("package", sa.String(30), nullable=False),
        sa.Column("target", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("message_id", sa.String(64), nullable=True),
        sa.Column("sent_at", Stamp, nullable=True),
        sa.Column("delivered_at", Stamp, nullable=True),
        sa.Column("case_number", sa.String(50), nullable=True),
        sa.Column("journal_number", sa.String(50), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "package", name="pk_deliveries"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], ondelete="CASCADE",
                                name="fk_deliveries_submission_id_submissions"),
    )
    op.create_index("ix_deliveries_message_id", "deliveries", ["message_id"])
    op.create_table(
        "letters",
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("expected", sa.Date, nullable=True),
        sa.Column("notified_at", Stamp, nullable=True),
        sa.Column("notice", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("submission_id", "kind", name="pk_letters"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], ondelete="CASCADE",
                                name="fk_letters_submission_id_submissions"),
    )
    op.create_table(
        "funnel",
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("starts", sa.Integer, nullable=False),
        sa.Column("drafts", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("form_id", "language", "day", name="pk_funnel"),
    )


def downgrade() -> None:
    for table in ("funnel", "letters", "deliveries", "case_events"):
        op.drop_table(table)
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("deadline")
