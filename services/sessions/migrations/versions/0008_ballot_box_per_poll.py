"""Secret polls' ballot boxes per poll, and the voter roll read from the event store.

Each secret poll now gets its own box and key tables when it opens (``ballot_box_<poll>``,
``ballot_key_<poll>``, UNLOGGED by default) and the close drops them
(services/sessions/adapters/ballot_box.py), so the shared ``ballot_box`` and
``ballot_box_keys`` go. The close counts the roll from the ``SecretBallotCast`` events of the
poll, by transaction: a partial index finds them. ``polls.box_failure`` keeps what the last
failed check of a poll's box found (the deadline worker leaves such a poll to be investigated).

A database with a secret poll open keeps its ballots in the old tables: the upgrade refuses to
run until it is closed.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM ballot_box_keys) OR EXISTS (SELECT 1 FROM ballot_box) THEN
                RAISE EXCEPTION 'a secret poll is open: close it before this upgrade'
                    USING HINT = 'its ballots are in the tables this upgrade replaces';
            END IF;
        END $$
        """
    )
    op.execute("DROP TABLE ballot_box")
    op.execute("DROP TABLE ballot_box_keys")
    op.execute(
        "CREATE INDEX events_secret_roll_idx ON events ((data->>'poll_id'))"
        " WHERE event_type = 'SecretBallotCast'"
    )
    op.execute("ALTER TABLE polls ADD COLUMN box_failure TEXT")


def downgrade() -> None:
    op.execute(
        """
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename LIKE 'ballot\\_key\\_%') THEN
                RAISE EXCEPTION 'a secret poll is open: close it before this downgrade';
            END IF;
        END $$
        """
    )
    op.execute("ALTER TABLE polls DROP COLUMN box_failure")
    op.execute("DROP INDEX events_secret_roll_idx")
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
