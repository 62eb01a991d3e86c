"""Execution control: cards, assignments to state bodies, reports, and each card's history.

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
        CREATE TABLE control_cards (
            card_id     UUID PRIMARY KEY,
            source      TEXT NOT NULL,
            source_id   UUID NOT NULL UNIQUE,
            assembly    TEXT NOT NULL,
            kind        TEXT NOT NULL,
            text_kk     TEXT NOT NULL,
            text_ru     TEXT NOT NULL,
            adopted_on  DATE NOT NULL,
            rulebook    TEXT NOT NULL,
            rule        TEXT NOT NULL,
            status      TEXT NOT NULL,
            closed_on   DATE,
            version     INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE control_assignments (
            assignment_id     UUID PRIMARY KEY,
            card_id           UUID NOT NULL,
            state_body        TEXT NOT NULL,
            task_kk           TEXT NOT NULL,
            task_ru           TEXT NOT NULL,
            assigned_on       DATE NOT NULL,
            deadline          DATE NOT NULL,
            status            TEXT NOT NULL,
            pending_report_id UUID,
            completed_on      DATE
        )
        """
    )
    op.execute("CREATE INDEX control_assignments_card_idx ON control_assignments (card_id)")
    op.execute(
        "CREATE INDEX control_assignments_body_idx ON control_assignments (state_body, deadline)"
    )
    op.execute("CREATE INDEX control_assignments_deadline_idx ON control_assignments (deadline)")
    op.execute(
        """
        CREATE TABLE control_reports (
            report_id     UUID PRIMARY KEY,
            seq           BIGINT GENERATED ALWAYS AS IDENTITY,
            card_id       UUID NOT NULL,
            assignment_id UUID NOT NULL,
            state_body    TEXT NOT NULL,
            text          TEXT NOT NULL,
            filed_on      DATE NOT NULL,
            outcome       TEXT NOT NULL,
            reason        TEXT,
            decided_on    DATE
        )
        """
    )
    op.execute("CREATE INDEX control_reports_assignment_idx ON control_reports (assignment_id)")
    op.execute(
        """
        CREATE TABLE control_history (
            card_id       UUID NOT NULL,
            version       INTEGER NOT NULL,
            event_type    TEXT NOT NULL,
            assignment_id UUID,
            state_body    TEXT,
            actor         TEXT NOT NULL,
            recorded_at   TIMESTAMPTZ NOT NULL,
            data          JSONB NOT NULL,
            PRIMARY KEY (card_id, version)
        )
        """
    )


def downgrade() -> None:
    for table in ("control_history", "control_reports", "control_assignments", "control_cards"):
        op.execute(f"DROP TABLE {table}")
