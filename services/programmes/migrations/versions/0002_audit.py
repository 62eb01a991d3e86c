"""The audit tables: Merkle leaves in commit order (with each leaf's format), subtree hashes,
signed tree heads.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from shared.audit import schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema.upgrade(op)
    schema.upgrade_leaf_format(op)


def downgrade() -> None:
    schema.downgrade_leaf_format(op)
    schema.downgrade(op)
