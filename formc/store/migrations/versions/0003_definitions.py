"""The definitions submissions were answered against: a snapshot of each form version, named by each submission.

Revision ID: 0003_definitions
Revises: 0002_lifecycle
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_definitions"
down_revision = "0002_lifecycle"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("definition", sa.String(64), nullable=True))
    op.create_table(
        "form_definitions",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.String(50), nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("recorded_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_form_definitions"),
    )
    op.create_index("ix_form_definitions_form_id", "form_definitions", ["form_id"])


def downgrade() -> None:
    op.drop_table("form_definitions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("definition")
