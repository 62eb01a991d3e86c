"""The membership replica (``shared.roster``) replaces ``assembly_members``: one row per
membership with its assembly's roster (``national`` or a region's code) and the natural
person, and ``roster_changes``, one row per applied membership event. The members known so far
are national members, each their own person.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# frozen from shared.roster.DDL and shared.roster.CHANGES_DDL as of this revision
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
    """
    CREATE TABLE roster_changes (
        id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id       UUID NOT NULL,
        change          TEXT NOT NULL,
        effective_on    DATE,
        source_event_id UUID NOT NULL,
        applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX roster_changes_member_idx ON roster_changes (member_id)",
)


def upgrade() -> None:
    for statement in _DDL:
        op.execute(statement)
    op.execute(
        """
        INSERT INTO membership_replica
            (member_id, assembly, person_id, name_kk, name_ru, region, joined_on, left_on)
        SELECT member_id, 'national', member_id, name_kk, name_ru, NULL, included_on, ended_on
        FROM assembly_members
        """
    )
    op.execute("DROP TABLE assembly_members")


def downgrade() -> None:
    op.execute(
        """
        CREATE TABLE assembly_members (
            member_id   UUID PRIMARY KEY,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            included_on DATE NOT NULL,
            ended_on    DATE
        )
        """
    )
    op.execute(
        "INSERT INTO assembly_members (member_id, name_kk, name_ru, included_on, ended_on)"
        " SELECT member_id, name_kk, name_ru, joined_on, left_on"
        " FROM membership_replica WHERE assembly = 'national'"
    )
    op.execute("DROP TABLE roster_changes")
    op.execute("DROP TABLE membership_replica")
