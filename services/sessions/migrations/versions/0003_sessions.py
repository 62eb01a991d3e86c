"""Sessions read models: Sessions, their agenda, postponements and attendance, and members'
requests for an extraordinary Session with their signatures.

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
        CREATE TABLE sessions (
            session_id          UUID PRIMARY KEY,
            assembly            TEXT NOT NULL,
            kind                TEXT NOT NULL,
            initiative          TEXT,
            request_id          UUID,
            status              TEXT NOT NULL,
            opens_on            DATE NOT NULL,
            place               TEXT NOT NULL,
            announced_on        DATE NOT NULL,
            deadline            DATE,
            rulebook            TEXT NOT NULL,
            rule                TEXT NOT NULL,
            postponements       INTEGER NOT NULL DEFAULT 0,
            cancel_reason       TEXT,
            cancelled_on        DATE,
            sitting_on          DATE,
            closed_on           DATE,
            rules_of_procedure  TEXT,
            version             INTEGER NOT NULL
        )
        """
    )
    # One extraordinary Session per members' request.
    op.execute(
        "CREATE UNIQUE INDEX sessions_one_per_request ON sessions (request_id)"
        " WHERE request_id IS NOT NULL"
    )
    op.execute("CREATE INDEX sessions_opens_on_idx ON sessions (assembly, opens_on)")
    op.execute(
        """
        CREATE TABLE session_postponements (
            session_id          UUID NOT NULL,
            version             INTEGER NOT NULL,
            previous_opens_on   DATE NOT NULL,
            opens_on            DATE NOT NULL,
            reason              TEXT NOT NULL,
            postponed_on        DATE NOT NULL,
            rule                TEXT NOT NULL,
            PRIMARY KEY (session_id, version)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE session_agenda (
            session_id      UUID NOT NULL,
            item_id         UUID NOT NULL,
            position        INTEGER,
            title_kk        TEXT NOT NULL,
            title_ru        TEXT NOT NULL,
            provisional     BOOLEAN NOT NULL,
            added_by        TEXT,
            withdrawn_by    TEXT,
            PRIMARY KEY (session_id, item_id)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE session_attendance (
            session_id      UUID NOT NULL,
            member_id       UUID NOT NULL,
            present         BOOLEAN NOT NULL,
            registered_by   TEXT NOT NULL,
            withdrawn_by    TEXT,
            PRIMARY KEY (session_id, member_id)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE extraordinary_requests (
            request_id      UUID PRIMARY KEY,
            assembly        TEXT NOT NULL,
            reason          TEXT NOT NULL,
            agenda          JSONB NOT NULL,
            requested_by    UUID NOT NULL,
            requested_on    DATE NOT NULL,
            signatures      INTEGER NOT NULL DEFAULT 0,
            roster_total    INTEGER,
            required        INTEGER,
            rulebook        TEXT,
            rule            TEXT,
            supported_on    DATE,
            session_id      UUID,
            version         INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE extraordinary_request_signatures (
            request_id  UUID NOT NULL,
            member_id   UUID NOT NULL,
            signed_on   DATE NOT NULL,
            PRIMARY KEY (request_id, member_id)
        )
        """
    )


def downgrade() -> None:
    for table in (
        "extraordinary_request_signatures",
        "extraordinary_requests",
        "session_attendance",
        "session_agenda",
        "session_postponements",
        "sessions",
    ):
        op.execute(f"DROP TABLE {table}")
