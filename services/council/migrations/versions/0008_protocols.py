"""Protocols: the meeting's opening and closing times and its absent members, the protocol
records (chair, secretary, speakers, guests, sign-off, corrigenda), and signed renderings kept
per document (a protocol or a corrigendum).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from shared.protocols.projection import DROP_TABLES_V1, TABLES_V1

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE meetings ADD COLUMN opened_at TIMESTAMPTZ,"
        " ADD COLUMN closed_at TIMESTAMPTZ, ADD COLUMN absent JSONB"
    )
    # Meetings opened or closed before: the times of their events, as the projection takes them.
    for event_type, column in (("MeetingOpened", "opened_at"), ("MeetingClosed", "closed_at")):
        op.execute(
            f"UPDATE meetings m SET {column} = e.recorded_at FROM events e"
            f" WHERE e.event_type = '{event_type}'"
            " AND CAST(e.data->>'meeting_id' AS uuid) = m.meeting_id"
        )
    op.execute("ALTER TABLE protocol_documents RENAME COLUMN meeting_id TO subject_id")
    op.execute(
        "ALTER TABLE protocol_documents ADD COLUMN document TEXT NOT NULL DEFAULT 'protocol'"
    )
    op.execute("ALTER TABLE protocol_documents ALTER COLUMN document DROP DEFAULT")
    op.execute("ALTER TABLE protocol_documents DROP CONSTRAINT protocol_documents_pkey")
    op.execute(
        "ALTER TABLE protocol_documents ADD PRIMARY KEY (subject_id, document, lang, format)"
    )
    for statement in TABLES_V1:
        op.execute(statement)


def downgrade() -> None:
    for statement in DROP_TABLES_V1:
        op.execute(statement)
    op.execute("DELETE FROM protocol_documents WHERE document <> 'protocol'")
    op.execute("ALTER TABLE protocol_documents DROP CONSTRAINT protocol_documents_pkey")
    op.execute("ALTER TABLE protocol_documents DROP COLUMN document")
    op.execute("ALTER TABLE protocol_documents RENAME COLUMN subject_id TO meeting_id")
    op.execute("ALTER TABLE protocol_documents ADD PRIMARY KEY (meeting_id, lang, format)")
    op.execute(
        "ALTER TABLE meetings DROP COLUMN opened_at, DROP COLUMN closed_at, DROP COLUMN absent"
    )
