"""The roster: the sessions service's projection of Assembly membership.

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
        CREATE TABLE roster (
            member_id   UUID PRIMARY KEY,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            region      TEXT,
            joined_on   DATE NOT NULL,
            left_on     DATE
        )
        """
    )
    op.execute(
        """
        CREATE TABLE roster_changes (
            id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            member_id       UUID NOT NULL,
            change          TEXT NOT NULL,
            effective_on    DATE,
            source_event_id UUID NOT NULL,
            applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX roster_changes_member_idx ON roster_changes (member_id)")


def downgrade() -> None:
    op.execute("DROP TABLE roster_changes")
    op.execute("DROP TABLE roster")
