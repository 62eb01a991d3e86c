"""Queries on the sessions read models, with the live quorum and the yearly compliance check."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared import roster
from shared.assemblies import ASSEMBLIES, roster_of
from shared.rulebooks import (
    NoRulebookInForce,
    rulebook,
    rulebook_on,
    session_quorum,
    sessions_per_year_sufficient,
)

_SESSION_COLUMNS = (
    "session_id, assembly, kind, initiative, request_id, status, opens_on, place, announced_on,"
    " deadline, rulebook, rule, postponements, cancel_reason, cancelled_on, sitting_on,"
    " recorded_present, recorded_roster_total, source_number, source_date, recorded_at,"
    " closed_on, rules_of_procedure, version"
)
_REQUEST_COLUMNS = (
    "request_id, assembly, reason, agenda, requested_by, requested_on, signatures, roster_total,"
    " required, rulebook, rule, supported_on, session_id, version"
)


async def list_sessions(
    db: AsyncSession,
    *,
    assembly: str | None = None,
    year: int | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_SESSION_COLUMNS} FROM sessions"
            " WHERE (CAST(:assembly AS text) IS NULL OR assembly = :assembly)"
            " AND (CAST(:year AS integer) IS NULL OR extract(year FROM opens_on) = :year)"
            " AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY opens_on DESC, session_id LIMIT :limit OFFSET :offset"
        ),
        {
            "assembly": assembly,
            "year": year,
            "status": status,
            "limit": limit,
            "offset": offset,
        },
    )
    return [dict(r._mapping) for r in rows]


async def session(db: AsyncSession, session_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE session_id = :id"),
            {"id": session_id},
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def agenda(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    """Items on the agenda in order, then withdrawn items (``position`` null)."""
    rows = await db.execute(
        text(
            "SELECT item_id, position, title_kk, title_ru, provisional, added_by, withdrawn_by"
            " FROM session_agenda WHERE session_id = :id"
            " ORDER BY position NULLS LAST, item_id"
        ),
        {"id": session_id},
    )
    return [dict(r._mapping) for r in rows]


async def postponements(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            "SELECT previous_opens_on, opens_on, reason, postponed_on, rule"
            " FROM session_postponements WHERE session_id = :id ORDER BY version"
        ),
        {"id": session_id},
    )
    return [dict(r._mapping) for r in rows]


async def attendance(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    """Members registered at the sitting (and withdrawn ones, ``present`` false)."""
    rows = await db.execute(
        text(
            "SELECT a.member_id, r.name_kk, r.name_ru, a.present, a.registered_by,"
            " a.withdrawn_by FROM session_attendance a"
            " LEFT JOIN membership_replica r ON r.member_id = a.member_id"
            " WHERE a.session_id = :id ORDER BY r.name_kk, a.member_id"
        ),
        {"id": session_id},
    )
    return [dict(r._mapping) for r in rows]


async def quorum(db: AsyncSession, row: dict[str, Any]) -> dict[str, Any] | None:
    """The live quorum of a Session's sitting (Reg2024 §9): members present of all members on
    the roster of the sitting's day, under the rulebook in force that day. ``None`` before
    the sitting opens."""
    day: date | None = row["sitting_on"]
    if day is None:
        return None
    if row.get("recorded_present") is not None:  # recorded: judged then, by the book named
        book = rulebook(row["rulebook"], row["assembly"])
        recorded = session_quorum(book, row["recorded_present"], row["recorded_roster_total"])
        return {
            "sitting_on": day, "open": False, "present": recorded.actual,
            "total": row["recorded_roster_total"], "required": recorded.required,
            "quorate": recorded.satisfied, "rulebook": recorded.rulebook, "rule": recorded.rule,
            "provisional": recorded.provisional,
        }  # fmt: skip
    total = await roster.count_on(db, row["assembly"], day)
    present = await db.scalar(
        text(
            "SELECT count(*) FROM session_attendance a JOIN membership_replica r USING (member_id)"
            f" WHERE a.session_id = :id AND a.present AND {roster.member_on_day()}"
        ),
        {"id": row["session_id"], "roster": roster_of(row["assembly"]), "day": day},
    )
    verdict = session_quorum(rulebook_on(day, row["assembly"]), int(present or 0), total)
    return {
        "sitting_on": day,
        "open": row["status"] == "sitting",
        "present": verdict.actual,
        "total": total,
        "required": verdict.required,
        "quorate": verdict.satisfied,
        "rulebook": verdict.rulebook,
        "rule": verdict.rule,
        "provisional": verdict.provisional,
    }


async def years_without_session(
    db: AsyncSession, to_year: int, from_year: int | None = None, assembly: str = "apk"
) -> dict[str, Any]:
    """Years in which fewer Sessions were held than the rulebook requires (Reg2002 §8: at
    least one a year). A Session counts as held in the year of its sitting. Each year is
    judged by the rulebook in force on its last day; years before any rulebook are skipped.

    Without ``from_year``: from the first year with data (a Session or a member's joining).
    """
    if from_year is None:
        first_session = await db.scalar(
            text("SELECT min(opens_on) FROM sessions WHERE assembly = :a"), {"a": assembly}
        )
        candidates = [y for y in (await roster.first_year(db, assembly),) if y is not None]
        if first_session is not None:
            candidates.append(first_session.year)
        from_year = min(candidates, default=to_year)
    rows = await db.execute(
        text(
            "SELECT CAST(extract(year FROM sitting_on) AS integer) AS year, count(*) AS held"
            " FROM sessions WHERE assembly = :a AND sitting_on IS NOT NULL"
            " AND extract(year FROM sitting_on) BETWEEN :f AND :t GROUP BY 1"
        ),
        {"a": assembly, "f": from_year, "t": to_year},
    )
    held = {int(r.year): int(r.held) for r in rows}
    years: list[dict[str, Any]] = []
    for year in range(from_year, to_year + 1):
        try:
            book = rulebook_on(date(year, 12, 31), assembly)
        except NoRulebookInForce:
            continue
        verdict = sessions_per_year_sufficient(book, held.get(year, 0))
        if not verdict.satisfied:
            years.append(
                {
                    "year": year,
                    "held": verdict.actual,
                    "required": verdict.required,
                    "rulebook": verdict.rulebook,
                    "rule": verdict.rule,
                }
            )
    return {"assembly": assembly, "from_year": from_year, "to_year": to_year, "years": years}


async def held_by_assembly(db: AsyncSession, year: int) -> list[dict[str, Any]]:
    """Sessions held in ``year`` by each of the 21 assemblies (a Session counts as held in the
    year of its sitting), the national Assembly's under any of its codes counted together, in
    the order of ``shared.assemblies.ASSEMBLIES``."""
    rows = await db.execute(
        text(
            "SELECT assembly, count(*) AS held FROM sessions"
            " WHERE sitting_on IS NOT NULL AND extract(year FROM sitting_on) = :y"
            " GROUP BY assembly"
        ),
        {"y": year},
    )
    held = dict.fromkeys(ASSEMBLIES, 0)
    for row in rows:
        key = roster_of(row.assembly)
        if key in held:
            held[key] += int(row.held)
    return [{"assembly": assembly, "held": count} for assembly, count in held.items()]


async def list_requests(
    db: AsyncSession,
    *,
    supported: bool | None = None,
    assembly: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_REQUEST_COLUMNS} FROM extraordinary_requests"
            " WHERE (CAST(:supported AS boolean) IS NULL"
            " OR (supported_on IS NOT NULL) = :supported)"
            " AND (CAST(:assembly AS text) IS NULL OR assembly = :assembly)"
            " ORDER BY requested_on DESC, request_id LIMIT :limit OFFSET :offset"
        ),
        {"supported": supported, "assembly": assembly, "limit": limit, "offset": offset},
    )
    return [dict(r._mapping) for r in rows]


async def request(db: AsyncSession, request_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_REQUEST_COLUMNS} FROM extraordinary_requests WHERE request_id = :id"),
            {"id": request_id},
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def request_session(db: AsyncSession, request_id: uuid.UUID) -> uuid.UUID | None:
    """The Session convened on a request, if any."""
    found = await db.scalar(
        text("SELECT session_id FROM sessions WHERE request_id = :id"), {"id": request_id}
    )
    return found if isinstance(found, uuid.UUID) else None
