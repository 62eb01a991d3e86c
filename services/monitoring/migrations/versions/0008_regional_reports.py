"""Regional assemblies' periodic reports on interethnic relations (Law 2008 Art. 14): one row
per report, a correction marking the report it supersedes.

Expand only: the previous release ignores the table.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE regional_reports (
            report_id UUID PRIMARY KEY,
            assembly TEXT NOT NULL,
            region TEXT NOT NULL,
            period TEXT NOT NULL,
            period_start DATE NOT NULL,
            revision INTEGER NOT NULL,
            source TEXT NOT NULL,
            reported_by TEXT NOT NULL,
            reported_at TIMESTAMPTZ NOT NULL,
            reported_on DATE NOT NULL,
            "values" JSONB NOT NULL,
            incidents JSONB NOT NULL,
            value_reports UUID[] NOT NULL,
            supersedes UUID,
            superseded_by UUID,
            reason TEXT
        )
        """
    )
    op.execute(
        "CREATE INDEX regional_reports_region ON regional_reports"
        " (region, period_start DESC, reported_at DESC)"
    )
    op.execute("CREATE INDEX regional_reports_supersedes ON regional_reports (supersedes)")


def downgrade() -> None:
    op.execute("DROP TABLE regional_reports")
