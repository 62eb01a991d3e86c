"""Rulebook versions published by the Secretariat and the succession date, kept in this
database (``shared.rulebooks.publications``).

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from shared.rulebooks import publications

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    publications.upgrade(op)


def downgrade() -> None:
    publications.downgrade(op)
