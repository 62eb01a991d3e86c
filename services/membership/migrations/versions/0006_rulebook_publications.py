"""Rulebook versions published by the Secretariat and the succession date, kept in this
database (``shared.rulebooks.publications``).

Revision ID: 0006
Revises: 0005
"""

from alembic import op

from shared.rulebooks import publications

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    publications.upgrade(op)


def downgrade() -> None:
    publications.downgrade(op)
