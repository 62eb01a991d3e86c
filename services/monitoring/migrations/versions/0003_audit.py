"""The audit tables: Merkle leaves in commit order, subtree hashes, signed tree heads.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from shared.audit import schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema.upgrade(op)


def downgrade() -> None:
    schema.downgrade(op)
