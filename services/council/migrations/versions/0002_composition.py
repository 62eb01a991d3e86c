"""The council's projections of membership: the roster, the terms of posts, the candidacies.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE assembly_members (
            member_id    UUID PRIMARY KEY,
            name_kk      TEXT NOT NULL,
            name_ru      TEXT NOT NULL,
            included_on  DATE NOT NULL,
            ended_on     DATE
        )
        """
    )
    op.execute(
        """
        CREATE TABLE post_terms (
            term_id     UUID PRIMARY KEY,
            body_key    TEXT NOT NULL,
            post        TEXT NOT NULL,
            member_id   UUID,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            start_on    DATE NOT NULL,
            end_on      DATE
        )
        """
    )
    op.execute("CREATE INDEX post_terms_body_idx ON post_terms (body_key, post, start_on)")
    op.execute(
        """
        CREATE TABLE candidacies (
            member_id     UUID PRIMARY KEY,
            name_kk       TEXT NOT NULL,
            name_ru       TEXT NOT NULL,
            nominated_on  DATE NOT NULL,
            reviewed      BOOLEAN NOT NULL DEFAULT FALSE,
            recommended   BOOLEAN
        )
        """
    )


def downgrade() -> None:
    for table in ("candidacies", "post_terms", "assembly_members"):
        op.execute(f"DROP TABLE {table}")
