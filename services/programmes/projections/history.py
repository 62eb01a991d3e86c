"""The history read model (every event of every stream, in its public view) and its query."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import registry
from services.programmes.projections._sql import PAGE, Row, fetch_all, write
from shared.eventstore.model import RecordedEvent


class HistoryProjection:
    """Every event of every stream with its actor and time, in its public view: who took each
    step, when, on which source document. It keeps each event as it was recorded (its public
    fields, not upcast), for every event type alike: a plain projection, not dispatched by
    class."""

    name = "history"
    tables: tuple[str, ...] = ("programmes_history",)
    event_types = frozenset(key.rsplit(".v", 1)[0] for key in registry.json_schemas())

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        recorded_at = event.recorded_at
        if not isinstance(recorded_at, datetime):
            recorded_at = datetime.fromisoformat(str(recorded_at))
        await write(
            db,
            "INSERT INTO programmes_history (stream_id, version, event_type, actor, recorded_at,"
            " data) VALUES (:stream, :v, :type, :actor, :at, CAST(:data AS jsonb))",
            stream=event.stream_id, v=event.version, type=event.event_type,
            actor=str(event.metadata.get("actor", "")), at=recorded_at,
            data=json.dumps(registry.public_data(event.event_type, event.data), ensure_ascii=False),
        )  # fmt: skip


async def history(db: AsyncSession, stream_id: str, limit: int, offset: int) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT version, event_type, actor, recorded_at, data FROM programmes_history"
        " WHERE stream_id = :stream ORDER BY version" + PAGE,
        {"stream": stream_id, "limit": limit, "offset": offset},
    )
