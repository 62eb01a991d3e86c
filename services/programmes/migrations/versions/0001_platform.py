"""Platform tables: event store, inbox, idempotency keys, relay checkpoints, dead letters.

Revision ID: 0001
Revises:
"""

from alembic import op

from shared.migrations import platform_downgrade, platform_upgrade

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    platform_upgrade(op)


def downgrade() -> None:
    platform_downgrade(op)
