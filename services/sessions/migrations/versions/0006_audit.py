"""The audit tables: Merkle leaves in commit order, subtree hashes, signed tree heads.

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
    schema.upgrade(op)


def downgrade() -> None:
    schema.downgrade(op)
