"""The audit tables: Merkle leaves in commit order, subtree hashes, signed tree heads.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from shared.audit import schema

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema.upgrade(op)


def downgrade() -> None:
    schema.downgrade(op)
