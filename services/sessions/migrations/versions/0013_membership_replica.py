"""The membership replica (``shared.roster``) replaces the roster: one row per membership with
its assembly's roster (``national`` or a region's code) and the natural person. The members
known so far are national members, each their own person; ``roster_changes`` stays as it is.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# frozen from shared.roster.DDL as of this revision
_DDL = (
    """
    CREATE TABLE membership_replica (
        member_id   UUID PRIMARY KEY,
        assembly    TEXT NOT NULL,
        person_id   UUID NOT NULL,
        name_kk     TEXT NOT NULL,
        name_ru     TEXT NOT NULL,
        region      TEXT,
        joined_on   DATE NOT NULL,
        left_on     DATE
    )
    """,
    "CREATE INDEX membership_replica_roster_idx ON membership_replica (assembly, joined_on)",
    "CREATE INDEX membership_replica_person_idx ON membership_replica (person_id)",
)


def upgrade() -> None:
    for statement in _DDL:
        op.execute(statement)
    op.execute(
        """
        INSERT INTO membership_replica
            (member_id, assembly, person_id, name_kk, name_ru, region, joined_on, left_on)
        SELECT member_id, 'national', member_id, name_kk, name_ru, region, joined_on, left_on
        FROM roster
        """
    )
    op.execute("DROP TABLE roster")


def downgrade() -> None:
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
        "INSERT INTO roster (member_id, name_kk, name_ru, region, joined_on, left_on)"
        " SELECT member_id, name_kk, name_ru, region, joined_on, left_on"
        " FROM membership_replica WHERE assembly = 'national'"
    )
    op.execute("DROP TABLE membership_replica")
