"""Each sitting's protocol number and times, and the record fixed at its closing.

The number is "<year>/<n>": the n-th sitting of the assembly opened that year, in the order the
log recorded the openings. It is given once, when the sitting opens, and never changes: a
sitting opened later the same day gets the next number, whatever its id. The opening and closing
times are those of the events (``recorded_at``), so a rebuild gives the same numbers and times.
A Session recorded afterwards from its protocol keeps that protocol's number, and has no
opening or closing time here (its protocol says when it sat).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.events import (
    SessionRecorded,
    SittingClosed,
    SittingOpened,
    registry,
)
from services.sessions.domain.sitting_record import SittingRecordFixed
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_OPENED = text(
    """
    INSERT INTO sitting_protocols (session_id, assembly, year, number, opened_at)
    SELECT :id, s.assembly, :year, :label || '/' || CAST((
            SELECT count(*) + 1 FROM sitting_protocols p
            WHERE p.assembly = s.assembly AND p.year = :year) AS text),
        :at
    FROM sessions s WHERE s.session_id = :id
    """
)
_RECORDED = text(
    """
    INSERT INTO sitting_protocols (session_id, assembly, year, number)
    VALUES (:id, :assembly, :year, :number)
    """
)
_CLOSED = text("UPDATE sitting_protocols SET closed_at = :at WHERE session_id = :id")
_RECORD = text(
    "UPDATE sitting_protocols SET record = CAST(:record AS jsonb) WHERE session_id = :id"
)


class SittingProtocolsProjection(EventProjection):
    """Runs after ``sessions`` (it reads the Session's assembly from there)."""

    name = "sitting_protocols"
    tables = ("sitting_protocols",)
    registry = registry

    @applies(SittingOpened)
    async def opened(self, db: AsyncSession, event: SittingOpened, recorded: RecordedEvent) -> None:
        year = event.sitting_on.year
        await db.execute(
            _OPENED,
            {"id": event.session_id, "year": year, "label": str(year), "at": recorded.recorded_at},
        )

    @applies(SessionRecorded)
    async def session_recorded(
        self, db: AsyncSession, event: SessionRecorded, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _RECORDED,
            {
                "id": event.session_id,
                "assembly": event.assembly,
                "year": event.sitting_on.year,
                "number": event.source.number,
            },
        )

    @applies(SittingClosed)
    async def closed(self, db: AsyncSession, event: SittingClosed, recorded: RecordedEvent) -> None:
        await db.execute(_CLOSED, {"id": event.session_id, "at": recorded.recorded_at})

    @applies(SittingRecordFixed)
    async def fixed(
        self, db: AsyncSession, event: SittingRecordFixed, recorded: RecordedEvent
    ) -> None:
        record = json.dumps(event.model_dump(mode="json"), ensure_ascii=False)
        await db.execute(_RECORD, {"id": event.session_id, "record": record})


async def sitting(db: AsyncSession, session_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text("SELECT * FROM sitting_protocols WHERE session_id = :id"), {"id": session_id}
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def region_names(db: AsyncSession) -> dict[str, dict[str, str]]:
    """Region code → its names (kk, ru), as membership published them."""
    rows = await db.execute(text("SELECT code, name_kk, name_ru FROM regions"))
    return {r.code: {"kk": r.name_kk, "ru": r.name_ru} for r in rows}
