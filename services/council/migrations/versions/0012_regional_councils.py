"""Regional assemblies' councils: the Senate-candidate proposals of the regional assemblies
(Law 2008 Art. 14) and the agenda items of a national meeting that consider them; control
cards looked up by assembly.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE senate_proposals (
            proposal_id     UUID PRIMARY KEY,
            assembly        TEXT NOT NULL,
            candidate_kk    TEXT NOT NULL,
            candidate_ru    TEXT NOT NULL,
            decision_number TEXT NOT NULL,
            decision_date   DATE NOT NULL,
            submitted_on    DATE NOT NULL,
            rulebook        TEXT NOT NULL,
            rule            TEXT NOT NULL,
            status          TEXT NOT NULL,
            meeting_id      UUID,
            item_id         UUID,
            put_on          DATE,
            version         INTEGER NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX senate_proposals_status_idx ON senate_proposals (status, assembly)")
    # A proposal goes on one agenda: a concurrent second placement fails on this key.
    op.execute(
        """
        CREATE TABLE senate_proposal_agenda (
            proposal_id UUID NOT NULL,
            meeting_id  UUID NOT NULL,
            item_id     UUID NOT NULL,
            put_on      DATE NOT NULL,
            CONSTRAINT senate_proposal_agenda_pkey PRIMARY KEY (proposal_id)
        )
        """
    )
    op.execute("ALTER TABLE meeting_agenda ADD COLUMN senate_proposals UUID[]")
    op.execute("CREATE INDEX control_cards_assembly_idx ON control_cards (assembly, adopted_on)")


def downgrade() -> None:
    op.execute("DROP INDEX control_cards_assembly_idx")
    op.execute("ALTER TABLE meeting_agenda DROP COLUMN senate_proposals")
    op.execute("DROP TABLE senate_proposal_agenda")
    op.execute("DROP TABLE senate_proposals")
