"""The relay's leadership lease (expand: the previous release ignores the table).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from shared.migrations import relay_leases_downgrade, relay_leases_upgrade

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    relay_leases_upgrade(op)


def downgrade() -> None:
    relay_leases_downgrade(op)
