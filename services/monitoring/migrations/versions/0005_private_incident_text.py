"""An incident's place and description are private (``IncidentReported`` v2): the read model
keeps them whole for those who may read them, and masked (no IIN or BIN, phone number or
e-mail address) in ``place`` and ``description``, which every reader sees. Rows written before
are split the same way here.

Expand only: the new columns may stay empty, so the previous release keeps writing during a
rolling update (its rows read whole from ``place`` and ``description``); rebuild the
``incidents`` read model once the rollout is done to mask them.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
from sqlalchemy import text

from shared.personal_data import mask_personal_data

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE incidents ADD COLUMN private_place TEXT, ADD COLUMN private_description TEXT"
    )
    bind = op.get_bind()
    rows = bind.execute(text("SELECT incident_id, place, description FROM incidents")).all()
    if rows:
        bind.execute(
            text(
                "UPDATE incidents SET private_place = place, private_description = description,"
                " place = :place, description = :description WHERE incident_id = :id"
            ),
            [
                {
                    "id": row.incident_id,
                    "place": mask_personal_data(row.place),
                    "description": mask_personal_data(row.description),
                }
                for row in rows
            ],
        )


def downgrade() -> None:
    op.execute("UPDATE incidents SET place = private_place, description = private_description")
    op.execute("ALTER TABLE incidents DROP COLUMN private_place, DROP COLUMN private_description")
