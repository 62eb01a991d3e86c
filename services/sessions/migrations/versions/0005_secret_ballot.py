"""Secret ballots and tallies without a hot row.

The live tally is counted from the ballots themselves (``votes``), so the per-poll counter row
that every ballot's transaction updated goes: it serialised a plenary vote on one row lock. A
secret poll gets its voter roll (``voter_roll``: who voted, never how), its ballot box
(``ballot_box_keys``, ``ballot_box``: outside the event store, emptied at the close) and its
published ballots (``published_ballots``: receipt and choice, in the shuffled published order).
The final counts of every poll are kept on ``polls`` at the close.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE polls ADD COLUMN votes_for INTEGER, ADD COLUMN against INTEGER,"
        " ADD COLUMN abstain INTEGER"
    )
    op.execute(
        "UPDATE polls p SET votes_for = t.votes_for, against = t.against, abstain = t.abstain"
        " FROM poll_tallies t WHERE t.poll_id = p.poll_id AND p.status = 'closed'"
    )
    op.execute("DROP TABLE poll_tallies")
    op.execute(
        """
        CREATE TABLE voter_roll (
            poll_id     UUID NOT NULL,
            member_id   UUID NOT NULL,
            session_id  UUID NOT NULL,
            cast_at     TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (poll_id, member_id)
        )
        """
    )
    # The box: no identity column, no timestamp, no sequence; a row per sealed ballot.
    op.execute(
        """
        CREATE TABLE ballot_box_keys (
            poll_id              UUID PRIMARY KEY,
            public_key           BYTEA NOT NULL,
            wrapped_private_key  BYTEA NOT NULL
        )
        """
    )
    op.execute("CREATE TABLE ballot_box (poll_id UUID NOT NULL, sealed BYTEA NOT NULL)")
    op.execute("CREATE INDEX ballot_box_poll_idx ON ballot_box (poll_id)")
    op.execute(
        """
        CREATE TABLE published_ballots (
            poll_id     UUID NOT NULL,
            position    INTEGER NOT NULL,
            receipt     TEXT NOT NULL,
            choice      TEXT NOT NULL,
            PRIMARY KEY (poll_id, position),
            UNIQUE (poll_id, receipt)
        )
        """
    )


def downgrade() -> None:
    for table in ("published_ballots", "ballot_box", "ballot_box_keys", "voter_roll"):
        op.execute(f"DROP TABLE {table}")
    op.execute(
        """
        CREATE TABLE poll_tallies (
            poll_id     UUID PRIMARY KEY,
            votes_for   INTEGER NOT NULL DEFAULT 0,
            against     INTEGER NOT NULL DEFAULT 0,
            abstain     INTEGER NOT NULL DEFAULT 0,
            closed      BOOLEAN NOT NULL DEFAULT FALSE
        )
        """
    )
    op.execute(
        """
        INSERT INTO poll_tallies
        SELECT p.poll_id,
            coalesce(p.votes_for, count(*) FILTER (WHERE v.choice = 'for')),
            coalesce(p.against, count(*) FILTER (WHERE v.choice = 'against')),
            coalesce(p.abstain, count(*) FILTER (WHERE v.choice = 'abstain')),
            p.status = 'closed'
        FROM polls p LEFT JOIN votes v USING (poll_id) GROUP BY p.poll_id
        """
    )
    op.execute("ALTER TABLE polls DROP COLUMN votes_for, DROP COLUMN against, DROP COLUMN abstain")
