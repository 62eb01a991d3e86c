"""The audit leaf table records each leaf's format: 1 canonical, 2 quarantined.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from shared.audit import schema

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema.upgrade_leaf_format(op)


def downgrade() -> None:
    schema.downgrade_leaf_format(op)
