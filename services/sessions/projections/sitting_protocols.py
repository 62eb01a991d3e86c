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
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

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


class SittingProtocolsProjection:
    """Runs after ``sessions`` (it reads the Session's assembly from there)."""

    name = "sitting_protocols"
    tables: tuple[str, ...] = ("sitting_protocols",)
    event_types = frozenset(
        {"SittingOpened", "SittingClosed", "SittingRecordFixed", "SessionRecorded"}
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        sid = uuid.UUID(d["session_id"])
        match event.event_type:
            case "SittingOpened":
                year = date.fromisoformat(d["sitting_on"]).year
                await db.execute(
                    _OPENED, {"id": sid, "year": year, "label": str(year), "at": event.recorded_at}
                )
            case "SessionRecorded":
                await db.execute(
                    _RECORDED,
                    {
                        "id": sid,
                        "assembly": d["assembly"],
                        "year": date.fromisoformat(d["sitting_on"]).year,
                        "number": d["source"]["number"],
                    },
                )
            case "SittingClosed":
                await db.execute(_CLOSED, {"id": sid, "at": event.recorded_at})
            case "SittingRecordFixed":
                await db.execute(_RECORD, {"id": sid, "record": json.dumps(d, ensure_ascii=False)})


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
