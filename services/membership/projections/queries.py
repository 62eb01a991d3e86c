"""Queries on the membership read models.

"On date D" means by effective dates: a member counts when ``included_on <= D`` and
(``ended_on`` is null or ``D < ended_on``) — ``ended_on`` is the first day without membership.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_COLUMNS = (
    "member_id, name_kk, name_ru, region, category, status, route, association_id,"
    " ethnic_group, gender, iin_masked, nomination_route, nominating_region, nominated_on,"
    " recommended, submitted_on, rejected_on, included_on, ended_on, end_ground, version"
)

_ON_DATE = "included_on <= :d AND (ended_on IS NULL OR :d < ended_on)"

_FILTERS = (
    " (CAST(:region AS text) IS NULL OR region = :region)"
    " AND (CAST(:ethnic_group AS text) IS NULL OR ethnic_group = :ethnic_group)"
    " AND (CAST(:association_id AS uuid) IS NULL OR association_id = :association_id)"
    " AND (CAST(:category AS text) IS NULL OR category = :category)"
)


def _filters(
    region: str | None,
    ethnic_group: str | None,
    association_id: uuid.UUID | None,
    category: str | None,
) -> dict[str, Any]:
    return {
        "region": region,
        "ethnic_group": ethnic_group,
        "association_id": association_id,
        "category": category,
    }


async def list_members(
    db: AsyncSession,
    *,
    region: str | None = None,
    ethnic_group: str | None = None,
    association_id: uuid.UUID | None = None,
    category: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_COLUMNS} FROM members WHERE {_FILTERS}"
            " AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY name_kk, member_id LIMIT :limit OFFSET :offset"
        ),
        {
            **_filters(region, ethnic_group, association_id, category),
            "status": status,
            "limit": limit,
            "offset": offset,
        },
    )
    return [dict(row._mapping) for row in rows]


async def get_member(db: AsyncSession, member_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_COLUMNS} FROM members WHERE member_id = :id"), {"id": member_id}
        )
    ).one_or_none()
    return dict(row._mapping) if row is not None else None


_MOST_FROM = text(
    """
    WITH days AS (
        SELECT CAST(:d AS date) AS day
        UNION SELECT included_on FROM members WHERE included_on > :d
    )
    SELECT coalesce(max(in_category), 0) AS in_category, coalesce(max(in_total), 0) AS in_total
    FROM (
        SELECT count(m.member_id) FILTER (WHERE m.category = :c) AS in_category,
               count(m.member_id) AS in_total
        FROM days LEFT JOIN members m
          ON m.included_on <= days.day AND (m.ended_on IS NULL OR days.day < m.ended_on)
        GROUP BY days.day
    ) counted
    """
)


async def most_members_from(db: AsyncSession, day: date, category: str) -> tuple[int, int]:
    """The most members of ``category``, and the most members in all, on the roster of any
    day from ``day`` on (the counts change only on the days someone joins)."""
    row = (await db.execute(_MOST_FROM, {"d": day, "c": category})).one()
    return int(row.in_category), int(row.in_total)


async def roster(
    db: AsyncSession,
    on: date,
    *,
    region: str | None = None,
    ethnic_group: str | None = None,
    association_id: uuid.UUID | None = None,
    category: str | None = None,
) -> list[dict[str, Any]]:
    """The members on the roster on date ``on``."""
    rows = await db.execute(
        text(
            f"SELECT {_COLUMNS} FROM members WHERE {_ON_DATE} AND {_FILTERS}"
            " ORDER BY name_kk, member_id"
        ),
        {"d": on, **_filters(region, ethnic_group, association_id, category)},
    )
    return [dict(row._mapping) for row in rows]


async def composition(db: AsyncSession, on: date) -> dict[str, Any]:
    """Counts and shares of the roster on ``on`` by region, ethnic group, category, gender."""
    total = int(
        (
            await db.execute(text(f"SELECT count(*) FROM members WHERE {_ON_DATE}"), {"d": on})
        ).scalar_one()
    )
    result: dict[str, Any] = {"as_of": on, "total": total}
    for dimension in ("region", "ethnic_group", "category", "gender"):
        rows = await db.execute(
            text(
                f"SELECT {dimension} AS value, count(*) AS n FROM members WHERE {_ON_DATE}"
                f" GROUP BY {dimension} ORDER BY n DESC, {dimension}"
            ),
            {"d": on},
        )
        result[dimension] = [
            {
                "value": row.value,
                "count": row.n,
                "share": round(row.n / total, 4) if total else 0.0,
            }
            for row in rows
        ]
    return result


WAITING_STEPS = {
    "council_review": "status = 'nominated'",
    "submission": "status = 'reviewed' AND recommended",
    "chairman_decision": "status = 'submitted'",
}


async def candidacies_waiting(db: AsyncSession) -> dict[str, list[dict[str, Any]]]:
    """Candidacies waiting at each step: the Council's review, submission, the decision."""
    result: dict[str, list[dict[str, Any]]] = {}
    for step, condition in WAITING_STEPS.items():
        rows = await db.execute(
            text(f"SELECT {_COLUMNS} FROM members WHERE {condition} ORDER BY nominated_on")
        )
        result[step] = [dict(row._mapping) for row in rows]
    return result
