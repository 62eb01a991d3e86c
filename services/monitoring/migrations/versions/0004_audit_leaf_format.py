"""The audit leaf table records each leaf's format: 1 canonical, 2 quarantined.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from shared.audit import schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema.upgrade_leaf_format(op)


def downgrade() -> None:
    schema.downgrade_leaf_format(op)
