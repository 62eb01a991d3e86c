"""The members read model.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE members (
            member_id       UUID PRIMARY KEY,
            name_kk         TEXT NOT NULL,
            name_ru         TEXT NOT NULL,
            region          TEXT,
            category        TEXT NOT NULL,
            status          TEXT NOT NULL,
            included_on     DATE NOT NULL,
            ended_on        DATE,
            end_ground      TEXT,
            decision_number TEXT NOT NULL,
            decision_date   DATE NOT NULL,
            version         INTEGER NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX members_region_idx ON members (region)")
    op.execute("CREATE INDEX members_status_idx ON members (status)")


def downgrade() -> None:
    op.execute("DROP TABLE members")
