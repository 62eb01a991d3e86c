"""Meetings, their agenda and attendance, resolutions and written-poll ballots, and the
renderings of signed-off protocols (kept as signed: never rebuilt).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE meetings (
            meeting_id        UUID PRIMARY KEY,
            assembly          TEXT NOT NULL,
            body              TEXT NOT NULL,
            number            TEXT NOT NULL,
            held_on           DATE NOT NULL,
            place             TEXT NOT NULL,
            chair_kk          TEXT,
            chair_ru          TEXT,
            convened_by       TEXT NOT NULL,
            consent_reference TEXT,
            consent_given_on  DATE,
            convened_on       DATE NOT NULL,
            convening_rule    TEXT NOT NULL,
            status            TEXT NOT NULL,
            council_total     INTEGER,
            quorum_required   INTEGER,
            rulebook          TEXT,
            quorum_rule       TEXT,
            present           INTEGER NOT NULL DEFAULT 0,
            quorate           BOOLEAN,
            closed_on         DATE,
            signed_by         TEXT,
            position_kk       TEXT,
            position_ru       TEXT,
            signed_at         TIMESTAMPTZ,
            digests           JSONB,
            version           INTEGER NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX meetings_held_idx ON meetings (assembly, body, held_on)")
    op.execute(
        """
        CREATE TABLE meeting_agenda (
            meeting_id  UUID NOT NULL,
            item_id     UUID NOT NULL,
            position    INTEGER NOT NULL,
            title_kk    TEXT NOT NULL,
            title_ru    TEXT NOT NULL,
            PRIMARY KEY (meeting_id, item_id)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE meeting_attendance (
            meeting_id  UUID NOT NULL,
            member_id   UUID NOT NULL,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            present     BOOLEAN NOT NULL,
            PRIMARY KEY (meeting_id, member_id)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE resolutions (
            resolution_id   UUID PRIMARY KEY,
            assembly        TEXT NOT NULL,
            body            TEXT NOT NULL,
            method          TEXT NOT NULL,
            meeting_id      UUID,
            item_id         UUID,
            number          TEXT,
            kind            TEXT NOT NULL,
            text_kk         TEXT NOT NULL,
            text_ru         TEXT NOT NULL,
            content         JSONB NOT NULL,
            status          TEXT NOT NULL,
            votes_for       INTEGER NOT NULL DEFAULT 0,
            against         INTEGER NOT NULL DEFAULT 0,
            abstain         INTEGER NOT NULL DEFAULT 0,
            present         INTEGER,
            council_total   INTEGER NOT NULL,
            electorate      UUID[],
            required        INTEGER NOT NULL,
            quorum_required INTEGER,
            quorum_rule     TEXT,
            rulebook        TEXT NOT NULL,
            rule            TEXT NOT NULL,
            voted_on        DATE NOT NULL,
            deadline        TIMESTAMPTZ,
            closed_at       TIMESTAMPTZ,
            close_reason    TEXT,
            protocol_number TEXT,
            protocol_date   DATE,
            adopted_on      DATE,
            version         INTEGER NOT NULL
        )
        """
    )
    # An agenda item of a meeting is decided once (a concurrent second vote fails here).
    op.execute(
        "CREATE UNIQUE INDEX resolutions_one_per_item ON resolutions (meeting_id, item_id)"
        " WHERE meeting_id IS NOT NULL"
    )
    op.execute("CREATE INDEX resolutions_adopted_idx ON resolutions (adopted_on)")
    op.execute(
        """
        CREATE TABLE written_poll_ballots (
            resolution_id UUID NOT NULL,
            member_id     UUID NOT NULL,
            choice        TEXT NOT NULL,
            cast_at       TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (resolution_id, member_id)
        )
        """
    )
    # Not a read model: the bytes as signed, written in the sign-off's transaction.
    op.execute(
        """
        CREATE TABLE protocol_documents (
            meeting_id  UUID NOT NULL,
            lang        TEXT NOT NULL,
            format      TEXT NOT NULL,
            content     BYTEA NOT NULL,
            sha256      TEXT NOT NULL,
            PRIMARY KEY (meeting_id, lang, format)
        )
        """
    )


def downgrade() -> None:
    for table in (
        "protocol_documents",
        "written_poll_ballots",
        "resolutions",
        "meeting_attendance",
        "meeting_agenda",
        "meetings",
    ):
        op.execute(f"DROP TABLE {table}")
