"""Acts recorded from their protocols, and the Session's elections of Mazhilis deputies.

A Session or vote held before it was entered here carries the protocol it comes from (number
and date), when it was recorded, and (a Session) the members present and on the roster as the
record states them; it has no announcement or opening of its own in the system.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SOURCE = (
    "ADD COLUMN source_number TEXT, ADD COLUMN source_date DATE, ADD COLUMN recorded_at TIMESTAMPTZ"
)


def upgrade() -> None:
    op.execute(
        f"ALTER TABLE sessions ALTER COLUMN announced_on DROP NOT NULL, {_SOURCE},"
        " ADD COLUMN recorded_present INTEGER, ADD COLUMN recorded_roster_total INTEGER"
    )
    op.execute(f"ALTER TABLE polls ALTER COLUMN opened_at DROP NOT NULL, {_SOURCE}")
    op.execute(
        """
        CREATE TABLE elections (
            election_id     UUID PRIMARY KEY,
            session_id      UUID NOT NULL,
            assembly        TEXT NOT NULL,
            sitting_on      DATE NOT NULL,
            participants    INTEGER NOT NULL,
            seats           INTEGER NOT NULL,
            required        INTEGER NOT NULL,
            rulebook        TEXT NOT NULL,
            rule            TEXT NOT NULL,
            majority_rule   TEXT NOT NULL,
            term_from       DATE NOT NULL,
            term_until      DATE,
            source_number   TEXT NOT NULL,
            source_date     DATE NOT NULL,
            recorded_at     TIMESTAMPTZ NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX elections_session_idx ON elections (session_id)")
    op.execute(
        """
        CREATE TABLE election_candidates (
            election_id     UUID NOT NULL,
            position        INTEGER NOT NULL,
            name_kk         TEXT NOT NULL,
            name_ru         TEXT NOT NULL,
            member_id       UUID,
            votes_for       INTEGER NOT NULL,
            elected         BOOLEAN NOT NULL,
            PRIMARY KEY (election_id, position)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE election_candidates")
    op.execute("DROP TABLE elections")
    for table in ("polls", "sessions"):
        op.execute(
            f"ALTER TABLE {table} DROP COLUMN source_number, DROP COLUMN source_date,"
            " DROP COLUMN recorded_at"
        )
    op.execute(
        "ALTER TABLE sessions DROP COLUMN recorded_present, DROP COLUMN recorded_roster_total"
    )
