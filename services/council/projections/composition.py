"""Queries on the council's projections of membership (written by
``consumers/membership.py``): who sits in a body on a day, and the candidacies
awaiting the Council's review.

A term holds on day D when ``start_on <= D`` and (``end_on`` is null or ``D < end_on``); a term
held by a member also needs them to be a member of the body's assembly on D (the membership
replica's predicate, ``shared.roster``, on the roster of the body's assembly: the national
Assembly's for the Council, the region's for a regional assembly's council). Every quorum and
every share of "all Council members" is counted on the composition of the act's day (Reg2024
§14; Reg2011 §9; Reg2002 §9).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared import roster
from shared.roster import roster_of_body

_HOLDS_ON = (
    "t.body_key = :body AND t.post = :post AND t.start_on <= :day"
    " AND (t.end_on IS NULL OR :day < t.end_on)"
    " AND (t.member_id IS NULL OR EXISTS (SELECT 1 FROM membership_replica m"
    f" WHERE m.member_id = t.member_id AND {roster.member_on_day('m')}))"
)


def _params(body: str, post: str, day: date, **more: Any) -> dict[str, Any]:
    return {"body": body, "post": post, "day": day, "roster": roster_of_body(body), **more}


async def members_on(db: AsyncSession, body: str, post: str, day: date) -> list[dict[str, Any]]:
    """The body's members on ``day`` (one row per person, however many terms)."""
    rows = await db.execute(
        text(
            "SELECT DISTINCT ON (t.member_id) t.member_id, t.name_kk, t.name_ru, t.start_on,"
            f" t.end_on, t.term_id FROM post_terms t WHERE {_HOLDS_ON} AND t.member_id IS NOT NULL"
            " ORDER BY t.member_id, t.start_on"
        ),
        _params(body, post, day),
    )
    found = [dict(r._mapping) for r in rows]
    return sorted(found, key=lambda r: (r["name_kk"], str(r["member_id"])))


async def count_on(db: AsyncSession, body: str, post: str, day: date) -> int:
    found = await db.scalar(
        text(f"SELECT count(DISTINCT t.member_id) FROM post_terms t WHERE {_HOLDS_ON}"),
        _params(body, post, day),
    )
    return int(found or 0)


async def member_on(
    db: AsyncSession, body: str, post: str, member_id: uuid.UUID, day: date
) -> dict[str, Any] | None:
    """The member's name if they sit in the body on ``day``, else None."""
    row = (
        await db.execute(
            text(
                "SELECT t.name_kk, t.name_ru FROM post_terms t"
                f" WHERE {_HOLDS_ON} AND t.member_id = :member LIMIT 1"
            ),
            _params(body, post, day, member=member_id),
        )
    ).first()
    if row is None:
        return None
    names = await roster.name_of(db, member_id)
    return names if names is not None else {"kk": row.name_kk, "ru": row.name_ru}


async def awaiting_review(db: AsyncSession, member_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``member_ids`` are nominated candidacies not yet reviewed by the Council."""
    if not member_ids:
        return set()
    rows = await db.execute(
        text("SELECT member_id FROM candidacies WHERE member_id = ANY(:ids) AND NOT reviewed"),
        {"ids": list(member_ids)},
    )
    return {r.member_id for r in rows}


async def candidacy_names(
    db: AsyncSession, member_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, dict[str, str]]:
    if not member_ids:
        return {}
    rows = await db.execute(
        text("SELECT member_id, name_kk, name_ru FROM candidacies WHERE member_id = ANY(:ids)"),
        {"ids": list(member_ids)},
    )
    return {r.member_id: {"kk": r.name_kk, "ru": r.name_ru} for r in rows}


async def candidacies(db: AsyncSession, awaiting_only: bool) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            "SELECT member_id, name_kk, name_ru, nominated_on, reviewed, recommended"
            " FROM candidacies WHERE (NOT CAST(:awaiting AS boolean) OR NOT reviewed)"
            " ORDER BY nominated_on, name_kk, member_id"
        ),
        {"awaiting": awaiting_only},
    )
    return [dict(r._mapping) for r in rows]
