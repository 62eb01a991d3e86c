"""Acts recorded from their protocols: the source document and when it was recorded.

A meeting or written poll held before it was entered here carries the protocol it comes from
(number and date) and the moment it was recorded; a recorded meeting has no convening day of
its own in the system.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("meetings", "resolutions"):
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN source_number TEXT, ADD COLUMN source_date DATE,"
            " ADD COLUMN recorded_at TIMESTAMPTZ"
        )
    op.execute(
        "ALTER TABLE meetings ALTER COLUMN convened_on DROP NOT NULL,"
        " ALTER COLUMN convening_rule DROP NOT NULL"
    )


def downgrade() -> None:
    op.execute("DELETE FROM meetings WHERE convened_on IS NULL")
    op.execute(
        "ALTER TABLE meetings ALTER COLUMN convened_on SET NOT NULL,"
        " ALTER COLUMN convening_rule SET NOT NULL"
    )
    for table in ("meetings", "resolutions"):
        op.execute(
            f"ALTER TABLE {table} DROP COLUMN source_number, DROP COLUMN source_date,"
            " DROP COLUMN recorded_at"
        )
