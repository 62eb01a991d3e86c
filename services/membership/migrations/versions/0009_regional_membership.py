"""Regional membership: each row of ``members`` is of one assembly, and names its person.

``assembly`` is ``national`` or a region's code (Reg2024 §18–19); ``person_id`` is the same for
one natural person in every assembly (the rows before regional memberships were modelled are
national, each its own person). One active membership per person and assembly kind: one of
the Assembly, one of a regional assembly (Law 2008 Art. 17). ``assembly`` keeps its default
(expand: the previous release, which names no assembly, keeps writing national members).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE members ADD COLUMN assembly TEXT NOT NULL DEFAULT 'national'")
    op.execute("ALTER TABLE members ADD COLUMN person_id UUID")
    op.execute("UPDATE members SET person_id = member_id WHERE included_on IS NOT NULL")
    op.execute("CREATE INDEX members_assembly_idx ON members (assembly)")
    op.execute("CREATE INDEX members_person_idx ON members (person_key)")
    op.execute("DROP INDEX members_one_active_per_person")
    op.execute(
        "CREATE UNIQUE INDEX members_one_active_per_person ON members (person_key)"
        " WHERE status = 'active' AND assembly = 'national'"
    )
    op.execute(
        "CREATE UNIQUE INDEX members_one_active_regional_per_person ON members (person_key)"
        " WHERE status = 'active' AND assembly <> 'national'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX members_one_active_regional_per_person")
    op.execute("DROP INDEX members_one_active_per_person")
    op.execute("DELETE FROM members WHERE assembly <> 'national'")
    op.execute(
        "CREATE UNIQUE INDEX members_one_active_per_person ON members (person_key)"
        " WHERE status = 'active'"
    )
    op.execute("DROP INDEX members_person_idx")
    op.execute("DROP INDEX members_assembly_idx")
    op.execute("ALTER TABLE members DROP COLUMN person_id")
    op.execute("ALTER TABLE members DROP COLUMN assembly")
