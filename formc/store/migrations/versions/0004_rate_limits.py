"""Post rate limits shared by server instances on PostgreSQL: one token bucket per client (by an HMAC of its address).

Revision ID: 0004_rate_limits
Revises: 0003_definitions
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_rate_limits"
down_revision = "0003_definitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("allowed", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_rate_limits"),
    )
    op.create_index("ix_rate_limits_updated_at", "rate_limits", ["updated_at"])


def downgrade() -> None:
    op.drop_table("rate_limits")
