"""Queries on what the consumers keep of other services' acts (written by ``consumers/``): the
Council's adopted resolutions, the Sessions' adopted decisions and the Assembly's members, which
the programmes' documents, awards, plans and bodies cite."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import Act, PersonName
from services.programmes.domain.received import ReceivedDecision, ReceivedResolution
from services.programmes.projections._sql import PAGE, Row, fetch_all, fetch_one


async def resolution(db: AsyncSession, resolution_id: uuid.UUID) -> ReceivedResolution | None:
    row = await fetch_one(
        db, "SELECT * FROM council_resolutions WHERE resolution_id = :id", {"id": resolution_id}
    )
    if row is None:
        return None
    return ReceivedResolution(
        resolution_id=row["resolution_id"],
        kind=row["kind"],
        adopted_on=row["adopted_on"],
        protocol=Act(number=row["protocol_number"], date=row["protocol_date"]),
        content=row["content"],
    )


async def decision(db: AsyncSession, decision_id: uuid.UUID) -> ReceivedDecision | None:
    row = await fetch_one(
        db, "SELECT * FROM session_decisions WHERE decision_id = :id", {"id": decision_id}
    )
    if row is None:
        return None
    return ReceivedDecision(
        decision_id=row["decision_id"],
        session_id=row["session_id"],
        kind=row["kind"],
        adopted_on=row["adopted_on"],
    )


async def member_name_on(db: AsyncSession, member_id: uuid.UUID, day: date) -> PersonName | None:
    """The member's name if they are a member of the Assembly on ``day``."""
    row = await fetch_one(
        db,
        "SELECT name_kk, name_ru FROM assembly_members WHERE member_id = :id"
        " AND included_on <= :day AND (ended_on IS NULL OR :day < ended_on)",
        {"id": member_id, "day": day},
    )
    return None if row is None else PersonName(kk=row["name_kk"], ru=row["name_ru"])


async def council_resolutions(
    db: AsyncSession, kind: str | None, limit: int, offset: int
) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT resolution_id, kind, text_kk, text_ru, adopted_on, protocol_number,"
        " protocol_date, rulebook, rule FROM council_resolutions"
        " WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " ORDER BY adopted_on DESC, resolution_id" + PAGE,
        {"kind": kind, "limit": limit, "offset": offset},
    )


async def session_decisions(db: AsyncSession, limit: int, offset: int) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT * FROM session_decisions ORDER BY adopted_on DESC, decision_id" + PAGE,
        {"limit": limit, "offset": offset},
    )
