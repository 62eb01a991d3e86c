"""Queries on the roster (the consumer's projection of membership, ``adapters``).

A member is on the roster of day D when ``joined_on <= D`` and (``left_on`` is null or
``D < left_on``): ``left_on`` is the first day without membership. Every quorum and every
share of "all members" is counted on the roster of the act's day (Reg2024 §9; Reg2002 §8).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

ON_DAY = "joined_on <= :d AND (left_on IS NULL OR :d < left_on)"


async def members_on(db: AsyncSession, day: date) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            "SELECT member_id, name_kk, name_ru, region, joined_on, left_on FROM roster"
            f" WHERE {ON_DAY} ORDER BY name_kk, member_id"
        ),
        {"d": day},
    )
    return [dict(r._mapping) for r in rows]


async def count_on(db: AsyncSession, day: date) -> int:
    """How many members are on the roster of ``day``: the "total number of members"."""
    found = await db.scalar(text(f"SELECT count(*) FROM roster WHERE {ON_DAY}"), {"d": day})
    return int(found or 0)


async def is_on_roster(db: AsyncSession, member_id: uuid.UUID, day: date) -> bool:
    found = await db.scalar(
        text(f"SELECT 1 FROM roster WHERE member_id = :id AND {ON_DAY}"),
        {"id": member_id, "d": day},
    )
    return found is not None


async def on_roster_among(
    db: AsyncSession, member_ids: Collection[uuid.UUID], day: date
) -> set[uuid.UUID]:
    """Which of ``member_ids`` are on the roster of ``day`` (one query for a batch)."""
    if not member_ids:
        return set()
    found = await db.scalars(
        text(f"SELECT member_id FROM roster WHERE member_id = ANY(:ids) AND {ON_DAY}"),
        {"ids": list(member_ids), "d": day},
    )
    return {m if isinstance(m, uuid.UUID) else uuid.UUID(str(m)) for m in found}


async def count_among(db: AsyncSession, member_ids: Collection[uuid.UUID], day: date) -> int:
    """How many of ``member_ids`` are on the roster of ``day``."""
    if not member_ids:
        return 0
    found = await db.scalar(
        text(f"SELECT count(*) FROM roster WHERE member_id = ANY(:ids) AND {ON_DAY}"),
        {"ids": list(member_ids), "d": day},
    )
    return int(found or 0)


async def first_year(db: AsyncSession) -> int | None:
    found = await db.scalar(text("SELECT min(joined_on) FROM roster"))
    return None if found is None else int(found.year)
