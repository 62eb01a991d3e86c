"""Polls read models: polls, their tallies, the ballots of open and roll-call polls, the
Session's decisions and the publication records of Addresses.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE polls (
            poll_id         UUID PRIMARY KEY,
            session_id      UUID NOT NULL,
            item_id         UUID NOT NULL,
            method          TEXT NOT NULL,
            motion_kk       TEXT NOT NULL,
            motion_ru       TEXT NOT NULL,
            decision_kind   TEXT NOT NULL,
            sitting_on      DATE NOT NULL,
            present         INTEGER NOT NULL,
            roster_total    INTEGER NOT NULL,
            required        INTEGER NOT NULL,
            rulebook        TEXT NOT NULL,
            rule            TEXT NOT NULL,
            opened_at       TIMESTAMPTZ NOT NULL,
            deadline        TIMESTAMPTZ,
            status          TEXT NOT NULL,
            closed_at       TIMESTAMPTZ,
            close_reason    TEXT,
            adopted         BOOLEAN,
            version         INTEGER NOT NULL
        )
        """
    )
    # One open poll per agenda item (a concurrent second opening fails here).
    op.execute(
        "CREATE UNIQUE INDEX polls_one_open_per_item ON polls (item_id) WHERE status = 'open'"
    )
    op.execute("CREATE INDEX polls_session_idx ON polls (session_id, opened_at)")
    # The live tally: one row per poll, updated in each ballot's transaction (a short row lock).
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
        CREATE TABLE votes (
            poll_id     UUID NOT NULL,
            member_id   UUID NOT NULL,
            session_id  UUID NOT NULL,
            choice      TEXT NOT NULL,
            cast_at     TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (poll_id, member_id)
        )
        """
    )
    op.execute("CREATE INDEX votes_member_idx ON votes (member_id, cast_at)")
    op.execute(
        """
        CREATE TABLE decisions (
            decision_id     UUID PRIMARY KEY,
            poll_id         UUID NOT NULL UNIQUE,
            session_id      UUID NOT NULL,
            item_id         UUID NOT NULL,
            assembly        TEXT NOT NULL,
            kind            TEXT NOT NULL,
            text_kk         TEXT NOT NULL,
            text_ru         TEXT NOT NULL,
            adopted_on      DATE NOT NULL,
            method          TEXT NOT NULL,
            votes_for       INTEGER NOT NULL,
            against         INTEGER NOT NULL,
            abstain         INTEGER NOT NULL,
            present         INTEGER NOT NULL,
            required        INTEGER NOT NULL,
            rulebook        TEXT NOT NULL,
            rule            TEXT NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX decisions_adopted_idx ON decisions (adopted_on, decision_id)")
    op.execute(
        """
        CREATE TABLE address_publications (
            decision_id     UUID PRIMARY KEY,
            outlet          TEXT NOT NULL,
            published_on    DATE NOT NULL
        )
        """
    )


def downgrade() -> None:
    for table in ("address_publications", "decisions", "votes", "poll_tallies", "polls"):
        op.execute(f"DROP TABLE {table}")
