"""The members read model: every candidacy and membership with its current state.

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
            member_id                   UUID PRIMARY KEY,
            name_kk                     TEXT NOT NULL,
            name_ru                     TEXT NOT NULL,
            region                      TEXT,
            category                    TEXT NOT NULL,
            status                      TEXT NOT NULL,
            route                       TEXT,
            association_id              UUID,
            ethnic_group                TEXT,
            gender                      TEXT,
            iin_masked                  TEXT,
            person_key                  TEXT,
            nomination_route            TEXT,
            nominating_region           TEXT,
            nomination_decision_number  TEXT,
            nomination_decision_date    DATE,
            nominated_on                DATE,
            recommended                 BOOLEAN,
            review_protocol_number      TEXT,
            review_protocol_date        DATE,
            submitted_on                DATE,
            rejected_on                 DATE,
            included_on                 DATE,
            ended_on                    DATE,
            end_ground                  TEXT,
            decision_number             TEXT,
            decision_date               DATE,
            version                     INTEGER NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX members_region_idx ON members (region)")
    op.execute("CREATE INDEX members_status_idx ON members (status)")
    op.execute("CREATE INDEX members_dates_idx ON members (included_on, ended_on)")
    # One active membership per person (the IIN's digest): closes the race of two approvals.
    op.execute(
        "CREATE UNIQUE INDEX members_one_active_per_person ON members (person_key)"
        " WHERE status = 'active'"
    )


def downgrade() -> None:
    op.execute("DROP TABLE members")
