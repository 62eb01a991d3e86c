"""The bodies-and-posts read model: terms of posts, and each body stream's version.

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
        CREATE TABLE post_bodies (
            body_key TEXT PRIMARY KEY,
            body     TEXT NOT NULL,
            region   TEXT,
            version  INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE post_terms (
            term_id                UUID PRIMARY KEY,
            body_key               TEXT NOT NULL,
            body                   TEXT NOT NULL,
            region                 TEXT,
            post                   TEXT NOT NULL,
            member_id              UUID,
            name_kk                TEXT NOT NULL,
            name_ru                TEXT NOT NULL,
            start_on               DATE NOT NULL,
            end_on                 DATE,
            document_number        TEXT NOT NULL,
            document_date          DATE NOT NULL,
            rotation_period_months INTEGER,
            rotation_due_on        DATE,
            recommendation_number  TEXT,
            recommendation_date    DATE,
            proposal_number        TEXT,
            proposal_date          DATE,
            end_ground             TEXT,
            end_reason             TEXT,
            end_document_number    TEXT,
            end_document_date      DATE,
            version                INTEGER NOT NULL,
            CHECK (end_on IS NULL OR end_on > start_on)
        )
        """
    )
    op.execute("CREATE INDEX post_terms_post_start_idx ON post_terms (post, start_on)")
    op.execute("CREATE INDEX post_terms_body_key_idx ON post_terms (body_key)")
    op.execute("CREATE INDEX post_terms_member_idx ON post_terms (member_id)")


def downgrade() -> None:
    op.execute("DROP TABLE post_terms")
    op.execute("DROP TABLE post_bodies")
