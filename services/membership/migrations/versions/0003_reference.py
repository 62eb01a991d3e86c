"""Reference data: the regions, ethnic groups and associations read models, and the seed.

The 20 regions (Reg2024 §18–19) and the ethnic groups of ``domain/reference_data.py`` are
seeded the event-sourced way: one ``RegionRegistered`` / ``EthnicGroupRegistered`` event per
entry in the event store (version 1 of its stream, a deterministic event id, the actor
``system:migration-0003``), and the rows the projections write for those events. A rebuild of
the read models from the store therefore reproduces what this migration wrote.

The event data below is the frozen schema version 1 of those events, written out here rather
than built by the live event classes, so this migration keeps producing the same rows however
the application code evolves.

Revision ID: 0003
Revises: 0002
"""

import json
import uuid

from alembic import op
from sqlalchemy import text

from services.membership.domain.reference_data import ETHNIC_GROUPS, REGIONS

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kelisim.kz/membership/migrations/0003")
METADATA = {
    "actor": "system:migration-0003",
    "roles": [],
    "correlation_id": "migration-0003",
    "causation_id": None,
    "idempotency_key": None,
}

_EVENT = text(
    """
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    VALUES (:stream_id, :stream_type, 1, :event_id, :event_type, 1,
            CAST(:data AS jsonb), CAST(:metadata AS jsonb))
    """
)
_REGION = text(
    "INSERT INTO regions (code, kind, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kind, :kk, :ru, :en, 1)"
)
_ETHNIC_GROUP = text(
    "INSERT INTO ethnic_groups (code, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kk, :ru, :en, 1)"
)


def _event(stream_type: str, code: str, event_type: str, data: dict) -> dict:
    stream_id = f"{stream_type}-{code}"
    return {
        "stream_id": stream_id,
        "stream_type": stream_type,
        "event_id": uuid.uuid5(NAMESPACE, f"{stream_id}/1"),
        "event_type": event_type,
        "data": json.dumps(data, ensure_ascii=False),
        "metadata": json.dumps(METADATA),
    }


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE regions (
            code        TEXT PRIMARY KEY,
            kind        TEXT NOT NULL,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            name_en     TEXT NOT NULL,
            version     INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE ethnic_groups (
            code        TEXT PRIMARY KEY,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            name_en     TEXT NOT NULL,
            version     INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE associations (
            association_id  UUID PRIMARY KEY,
            name_kk         TEXT NOT NULL,
            name_ru         TEXT NOT NULL,
            name_en         TEXT NOT NULL,
            level           TEXT NOT NULL,
            kind            TEXT NOT NULL,
            region          TEXT,
            ethnic_group    TEXT,
            status          TEXT NOT NULL,
            closed_on       DATE,
            version         INTEGER NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX associations_region_idx ON associations (region)")
    op.execute("CREATE INDEX associations_ethnic_group_idx ON associations (ethnic_group)")

    bind = op.get_bind()
    names = [{"kk": r.kk, "ru": r.ru, "en": r.en} for r in REGIONS]
    bind.execute(
        _EVENT,
        [
            _event(
                "region",
                r.code,
                "RegionRegistered",
                {"code": r.code, "kind": r.kind, "name": name},
            )
            for r, name in zip(REGIONS, names, strict=True)
        ],
    )
    bind.execute(
        _REGION,
        [{"code": r.code, "kind": r.kind, **name} for r, name in zip(REGIONS, names, strict=True)],
    )

    names = [{"kk": g.kk, "ru": g.ru, "en": g.en} for g in ETHNIC_GROUPS]
    bind.execute(
        _EVENT,
        [
            _event("ethnic_group", g.code, "EthnicGroupRegistered", {"code": g.code, "name": name})
            for g, name in zip(ETHNIC_GROUPS, names, strict=True)
        ],
    )
    bind.execute(
        _ETHNIC_GROUP,
        [{"code": g.code, **name} for g, name in zip(ETHNIC_GROUPS, names, strict=True)],
    )


def downgrade() -> None:
    # The seed lives in the append-only event store, which refuses to delete it: dropping only
    # the read models would leave the store and the tables disagreeing on a later upgrade.
    raise RuntimeError(
        "0003 seeded reference data as events, and the event store is append-only: it cannot "
        "be downgraded. Recreate the database instead (0001's downgrade drops the store)."
    )
