"""Appeals' status secrets kept sealed for a while, so that a retried submission (the same
Idempotency-Key) answers with the secret too (``adapters/receipt_secrets.py``).

Expand only: the previous release ignores the table.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE appeal_receipt_secrets (
            appeal_id UUID PRIMARY KEY,
            sealed BYTEA NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX appeal_receipt_secrets_expiry ON appeal_receipt_secrets (expires_at)")


def downgrade() -> None:
    op.execute("DROP TABLE appeal_receipt_secrets")
