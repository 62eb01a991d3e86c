"""The relay's leadership lease (expand: the previous release ignores the table).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from shared.migrations import relay_leases_downgrade, relay_leases_upgrade

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    relay_leases_upgrade(op)


def downgrade() -> None:
    relay_leases_downgrade(op)
