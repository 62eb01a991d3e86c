"""The audit leaf table records each leaf's format: 1 canonical, 2 quarantined.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

from shared.audit import schema

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema.upgrade_leaf_format(op)


def downgrade() -> None:
    schema.downgrade_leaf_format(op)
