"""Queries on the membership read models."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_COLUMNS = (
    "member_id, name_kk, name_ru, region, category, status, included_on, ended_on, end_ground,"
    " version"
)


async def list_members(
    db: AsyncSession, *, region: str | None, status: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_COLUMNS} FROM members"
            " WHERE (CAST(:region AS text) IS NULL OR region = :region)"
            "   AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY name_kk, member_id LIMIT :limit OFFSET :offset"
        ),
        {"region": region, "status": status, "limit": limit, "offset": offset},
    )
    return [dict(row._mapping) for row in rows]


async def get_member(db: AsyncSession, member_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_COLUMNS} FROM members WHERE member_id = :id"), {"id": member_id}
        )
    ).one_or_none()
    return dict(row._mapping) if row is not None else None
