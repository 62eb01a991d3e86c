"""Read models of documents, action plans, the work plan, awards, bodies and experts; and what
the consumers keep of other services' acts (resolutions, decisions, members, the
Scientific-Expert Council's posts).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = {
    "documents": """
        document_id     UUID PRIMARY KEY,
        kind            TEXT NOT NULL,
        title_kk        TEXT NOT NULL,
        title_ru        TEXT NOT NULL,
        status          TEXT NOT NULL,
        text_version    INTEGER NOT NULL,
        drafted_on      DATE NOT NULL,
        submitted_on    DATE,
        approved_on     DATE,
        approved_by     TEXT,
        act_number      TEXT,
        act_date        DATE,
        effective_from  DATE,
        valid_until     DATE,
        supersedes      UUID,
        superseded_by   UUID,
        superseded_from DATE,
        rulebook        TEXT,
        rule            TEXT,
        version         INTEGER NOT NULL
    """,
    "document_versions": """
        document_id UUID NOT NULL,
        version     INTEGER NOT NULL,
        text_kk     TEXT NOT NULL,
        text_ru     TEXT NOT NULL,
        attachments JSONB NOT NULL,
        added_on    DATE NOT NULL,
        note        TEXT,
        PRIMARY KEY (document_id, version)
    """,
    "opinions": """
        opinion_id  UUID PRIMARY KEY,
        document_id UUID NOT NULL,
        version     INTEGER NOT NULL,
        body_id     UUID NOT NULL,
        body_kind   TEXT NOT NULL,
        meeting_id  UUID,
        conclusion  TEXT NOT NULL,
        summary_kk  TEXT NOT NULL,
        summary_ru  TEXT NOT NULL,
        given_on    DATE NOT NULL,
        counts      BOOLEAN NOT NULL
    """,
    "chairman_orders": """
        order_id    UUID PRIMARY KEY,
        document_id UUID NOT NULL,
        act_number  TEXT NOT NULL,
        act_date    DATE NOT NULL,
        text_kk     TEXT NOT NULL,
        text_ru     TEXT NOT NULL,
        issued_on   DATE NOT NULL,
        rulebook    TEXT NOT NULL,
        rule        TEXT NOT NULL
    """,
    "action_plans": """
        plan_id         UUID PRIMARY KEY,
        state_body      TEXT NOT NULL,
        title_kk        TEXT NOT NULL,
        title_ru        TEXT NOT NULL,
        basis_kind      TEXT NOT NULL,
        basis_id        UUID NOT NULL,
        basis_document  UUID,
        approved_number TEXT NOT NULL,
        approved_on     DATE NOT NULL,
        registered_on   DATE NOT NULL,
        coordinated_on  DATE,
        rulebook        TEXT,
        rule            TEXT,
        version         INTEGER NOT NULL
    """,
    "plan_measures": """
        measure_id UUID PRIMARY KEY,
        plan_id    UUID NOT NULL,
        text_kk    TEXT NOT NULL,
        text_ru    TEXT NOT NULL,
        state_body TEXT NOT NULL,
        deadline   DATE NOT NULL,
        set_on     DATE NOT NULL
    """,
    "work_plan_items": """
        item_id         UUID PRIMARY KEY,
        year            INTEGER NOT NULL,
        seq             INTEGER NOT NULL,
        title_kk        TEXT NOT NULL,
        title_ru        TEXT NOT NULL,
        source          TEXT NOT NULL,
        resolution_id   UUID,
        protocol_number TEXT,
        protocol_date   DATE,
        due_on          DATE,
        added_on        DATE NOT NULL,
        status          TEXT NOT NULL,
        closed_on       DATE,
        note            TEXT,
        rulebook        TEXT NOT NULL,
        rule            TEXT NOT NULL
    """,
    "awards": """
        award_id       UUID PRIMARY KEY,
        name_kk        TEXT NOT NULL,
        name_ru        TEXT NOT NULL,
        established_on DATE NOT NULL,
        resolution_id  UUID NOT NULL,
        rulebook       TEXT NOT NULL,
        rule           TEXT NOT NULL,
        version        INTEGER NOT NULL
    """,
    "award_statutes": """
        award_id        UUID NOT NULL,
        version         INTEGER NOT NULL,
        text_kk         TEXT NOT NULL,
        text_ru         TEXT NOT NULL,
        resolution_id   UUID NOT NULL,
        protocol_number TEXT NOT NULL,
        protocol_date   DATE NOT NULL,
        approved_on     DATE NOT NULL,
        effective_from  DATE NOT NULL,
        rulebook        TEXT NOT NULL,
        rule            TEXT NOT NULL,
        PRIMARY KEY (award_id, version)
    """,
    "award_conferrals": """
        conferral_id    UUID PRIMARY KEY,
        award_id        UUID NOT NULL,
        recipient_kk    TEXT NOT NULL,
        recipient_ru    TEXT NOT NULL,
        member_id       UUID,
        affiliation_kk  TEXT,
        affiliation_ru  TEXT,
        decided_by      TEXT NOT NULL,
        decision_number TEXT NOT NULL,
        decision_date   DATE NOT NULL,
        resolution_id   UUID,
        conferred_on    DATE NOT NULL,
        statute_version INTEGER NOT NULL
    """,
    "bodies": """
        body_id         UUID PRIMARY KEY,
        kind            TEXT NOT NULL,
        name_kk         TEXT NOT NULL,
        name_ru         TEXT NOT NULL,
        region          TEXT,
        established_on  DATE NOT NULL,
        decided_by      TEXT NOT NULL,
        act_number      TEXT NOT NULL,
        act_date        DATE NOT NULL,
        dissolved_on    DATE,
        statute_version INTEGER NOT NULL,
        rulebook        TEXT NOT NULL,
        rule            TEXT NOT NULL,
        version         INTEGER NOT NULL
    """,
    "body_statutes": """
        body_id     UUID NOT NULL,
        version     INTEGER NOT NULL,
        text_kk     TEXT NOT NULL,
        text_ru     TEXT NOT NULL,
        attachments JSONB NOT NULL,
        approved_on DATE NOT NULL,
        approved_by TEXT NOT NULL,
        act_number  TEXT NOT NULL,
        act_date    DATE NOT NULL,
        rulebook    TEXT NOT NULL,
        rule        TEXT NOT NULL,
        PRIMARY KEY (body_id, version)
    """,
    "body_seats": """
        seat_id    UUID PRIMARY KEY,
        body_id    UUID NOT NULL,
        role       TEXT NOT NULL,
        member_id  UUID,
        expert_id  UUID,
        name_kk    TEXT NOT NULL,
        name_ru    TEXT NOT NULL,
        start_on   DATE NOT NULL,
        end_on     DATE,
        ground     TEXT,
        act_number TEXT NOT NULL,
        act_date   DATE NOT NULL
    """,
    "body_meetings": """
        meeting_id UUID PRIMARY KEY,
        body_id    UUID NOT NULL,
        number     TEXT NOT NULL,
        held_on    DATE NOT NULL,
        place      TEXT NOT NULL,
        agenda     JSONB NOT NULL,
        documents  JSONB NOT NULL,
        present    INTEGER NOT NULL
    """,
    "experts": """
        expert_id      UUID PRIMARY KEY,
        name_kk        TEXT NOT NULL,
        name_ru        TEXT NOT NULL,
        affiliation_kk TEXT,
        affiliation_ru TEXT,
        citizenship    TEXT NOT NULL,
        iin_masked     TEXT,
        person_key     TEXT UNIQUE,
        registered_on  DATE NOT NULL
    """,
    "programmes_history": """
        stream_id   TEXT NOT NULL,
        version     INTEGER NOT NULL,
        event_type  TEXT NOT NULL,
        actor       TEXT NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL,
        data        JSONB NOT NULL,
        PRIMARY KEY (stream_id, version)
    """,
    # Kept by the consumers: other services' acts as their events described them.
    "council_resolutions": """
        resolution_id   UUID PRIMARY KEY,
        kind            TEXT NOT NULL,
        text_kk         TEXT NOT NULL,
        text_ru         TEXT NOT NULL,
        content         JSONB NOT NULL,
        adopted_on      DATE NOT NULL,
        protocol_number TEXT NOT NULL,
        protocol_date   DATE NOT NULL,
        meeting_id      UUID,
        rulebook        TEXT NOT NULL,
        rule            TEXT NOT NULL
    """,
    "session_decisions": """
        decision_id UUID PRIMARY KEY,
        session_id  UUID NOT NULL,
        kind        TEXT NOT NULL,
        text_kk     TEXT NOT NULL,
        text_ru     TEXT NOT NULL,
        adopted_on  DATE NOT NULL,
        rulebook    TEXT NOT NULL,
        rule        TEXT NOT NULL
    """,
    "assembly_members": """
        member_id   UUID PRIMARY KEY,
        name_kk     TEXT NOT NULL,
        name_ru     TEXT NOT NULL,
        included_on DATE NOT NULL,
        ended_on    DATE
    """,
    "expert_council_posts": """
        term_id   UUID PRIMARY KEY,
        post      TEXT NOT NULL,
        member_id UUID,
        name_kk   TEXT NOT NULL,
        name_ru   TEXT NOT NULL,
        start_on  DATE NOT NULL,
        end_on    DATE
    """,
}

INDEXES = (
    "CREATE INDEX documents_kind_idx ON documents (kind, status, effective_from)",
    "CREATE INDEX opinions_document_idx ON opinions (document_id)",
    "CREATE INDEX opinions_body_idx ON opinions (body_id)",
    "CREATE INDEX chairman_orders_document_idx ON chairman_orders (document_id)",
    "CREATE INDEX action_plans_basis_idx ON action_plans (basis_id)",
    "CREATE INDEX plan_measures_plan_idx ON plan_measures (plan_id, deadline)",
    "CREATE INDEX work_plan_items_year_idx ON work_plan_items (year, seq)",
    "CREATE INDEX award_conferrals_award_idx ON award_conferrals (award_id, conferred_on)",
    "CREATE INDEX bodies_kind_idx ON bodies (kind, region)",
    "CREATE INDEX body_seats_body_idx ON body_seats (body_id, start_on)",
    "CREATE INDEX body_meetings_body_idx ON body_meetings (body_id, held_on)",
)


def upgrade() -> None:
    for table, columns in TABLES.items():
        op.execute(f"CREATE TABLE {table} ({columns})")
    for statement in INDEXES:
        op.execute(statement)


def downgrade() -> None:
    for table in reversed(list(TABLES)):
        op.execute(f"DROP TABLE {table}")
