"""Sitting protocols: each sitting's number and times, the region names the roster refers to,
the protocol records (chair, secretary, speakers, guests, sign-off, corrigenda) and the signed
renderings as signed (not a read model: never rebuilt).

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from shared.protocols.projection import DROP_TABLES_V1, TABLES_V1

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE sitting_protocols (
            session_id  UUID PRIMARY KEY,
            assembly    TEXT NOT NULL,
            year        INTEGER NOT NULL,
            number      TEXT NOT NULL,
            opened_at   TIMESTAMPTZ,  -- none for a Session recorded from its protocol
            closed_at   TIMESTAMPTZ,
            record      JSONB
        )
        """
    )
    op.execute("CREATE INDEX sitting_protocols_year_idx ON sitting_protocols (assembly, year)")
    # Sittings opened before: numbered as the projection numbers them (in the log's order).
    op.execute(
        """
        INSERT INTO sitting_protocols (session_id, assembly, year, number, opened_at, closed_at)
        SELECT s.session_id, s.assembly, extract(year FROM s.sitting_on),
            extract(year FROM s.sitting_on) || '/' || row_number() OVER (
                PARTITION BY s.assembly, extract(year FROM s.sitting_on)
                ORDER BY o.transaction_id, o.global_position),
            o.recorded_at, c.recorded_at
        FROM events o
        JOIN sessions s ON s.session_id = CAST(o.data->>'session_id' AS uuid)
        LEFT JOIN events c ON c.stream_id = o.stream_id AND c.event_type = 'SittingClosed'
        WHERE o.event_type = 'SittingOpened'
        """
    )
    op.execute(
        """
        CREATE TABLE regions (
            code     TEXT PRIMARY KEY,
            name_kk  TEXT NOT NULL,
            name_ru  TEXT NOT NULL
        )
        """
    )
    for statement in TABLES_V1:
        op.execute(statement)
    op.execute(
        """
        CREATE TABLE protocol_documents (
            subject_id  UUID NOT NULL,
            document    TEXT NOT NULL,
            lang        TEXT NOT NULL,
            format      TEXT NOT NULL,
            content     BYTEA NOT NULL,
            sha256      TEXT NOT NULL,
            PRIMARY KEY (subject_id, document, lang, format)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE protocol_documents")
    for statement in DROP_TABLES_V1:
        op.execute(statement)
    op.execute("DROP TABLE regions")
    op.execute("DROP TABLE sitting_protocols")
