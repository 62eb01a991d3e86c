"""Queries on the council's read models: meetings, resolutions, written polls, control."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.council.domain.control import is_overdue
from services.council.domain.senate import national_rulebook_on
from shared.assemblies import (
    NATIONAL,
    NATIONAL_RULEBOOK_CODES,
    REGIONAL_ASSEMBLIES,
    body_key,
    is_national,
)
from shared.rulebooks import NoRulebookInForce, Rulebook, council_gap, rulebook_on


async def _rows(db: AsyncSession, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in await db.execute(text(sql), params)]


async def _one(db: AsyncSession, sql: str, params: dict[str, Any]) -> dict[str, Any] | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


def assembly_codes(assembly: str | None) -> list[str] | None:
    """The codes an ``?assembly=`` filter matches: the national Assembly by any of its codes
    (``national``, ``apk``, ``hk``), a regional assembly by its region's; None: every one."""
    if assembly is None:
        return None
    if is_national(assembly):
        return sorted({NATIONAL, *NATIONAL_RULEBOOK_CODES})
    return [assembly]


def of_assembly(column: str) -> str:
    return f"(CAST(:assemblies AS text[]) IS NULL OR {column} = ANY(CAST(:assemblies AS text[])))"


# -- meetings --------------------------------------------------------------------------------


async def meeting(db: AsyncSession, meeting_id: uuid.UUID) -> dict[str, Any] | None:
    return await _one(db, "SELECT * FROM meetings WHERE meeting_id = :id", {"id": meeting_id})


async def meetings(
    db: AsyncSession, assembly: str | None, body: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    return await _rows(
        db,
        f"SELECT * FROM meetings WHERE {of_assembly('assembly')}"
        " AND (CAST(:b AS text) IS NULL OR body = :b)"
        " ORDER BY held_on DESC, meeting_id LIMIT :limit OFFSET :offset",
        {"assemblies": assembly_codes(assembly), "b": body, "limit": limit, "offset": offset},
    )


async def agenda(db: AsyncSession, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT item_id, position, title_kk, title_ru,"
        " coalesce(senate_proposals, CAST('{}' AS uuid[])) AS senate_proposals"
        " FROM meeting_agenda WHERE meeting_id = :id ORDER BY position",
        {"id": meeting_id},
    )


async def attendance(db: AsyncSession, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT member_id, name_kk, name_ru, present FROM meeting_attendance"
        " WHERE meeting_id = :id ORDER BY name_kk, member_id",
        {"id": meeting_id},
    )


async def item_decided(db: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> bool:
    found = await db.scalar(
        text("SELECT 1 FROM resolutions WHERE meeting_id = :m AND item_id = :i"),
        {"m": meeting_id, "i": item_id},
    )
    return found is not None


async def meeting_resolutions(db: AsyncSession, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT * FROM resolutions WHERE meeting_id = :id ORDER BY voted_on, resolution_id",
        {"id": meeting_id},
    )


async def meeting_gaps(db: AsyncSession, assembly: str, body: str, as_of: date) -> dict[str, Any]:
    """Gaps between meetings held (closed with quorum) longer than the rulebook allows, and
    whether the current one is (Law 2008 Art. 10: at least once every six months). Each gap is
    judged by the rulebook in force at its end (none under Reg2002 §9: no maximum)."""
    held = [
        r["held_on"]
        for r in await _rows(
            db,
            "SELECT held_on FROM meetings WHERE assembly = :a AND body = :b AND quorate"
            " AND status IN ('closed', 'signed_off') AND held_on <= :d ORDER BY held_on",
            {"a": assembly, "b": body, "d": as_of},
        )
    ]
    gaps = []
    for earlier, later in itertools.pairwise(held):
        verdict = council_gap(rulebook_on(later, assembly), earlier, later)
        if not verdict.satisfied:
            gaps.append(
                {
                    "from_meeting": earlier,
                    "to_meeting": later,
                    "due_by": verdict.deadline,
                    "rulebook": verdict.rulebook,
                    "rule": verdict.rule,
                }
            )
    current: dict[str, Any] | None = None
    flagged = False
    if held:
        try:
            now = council_gap(rulebook_on(as_of, assembly), held[-1], as_of)
        except NoRulebookInForce:
            now = None
        if now is not None:
            flagged = not now.satisfied
            current = {
                "last_meeting": held[-1],
                "due_by": now.deadline,
                "overdue": flagged,
                "rulebook": now.rulebook,
                "rule": now.rule,
            }
    return {
        "assembly": assembly,
        "body": body,
        "as_of": as_of,
        "flagged": flagged,
        "current": current,
        "past_gaps": gaps,
    }


def _council_rulebook(assembly: str, day: date) -> Rulebook | None:
    try:
        return national_rulebook_on(day) if is_national(assembly) else rulebook_on(day, assembly)
    except NoRulebookInForce:
        return None


async def gaps_by_assembly(db: AsyncSession, as_of: date) -> list[dict[str, Any]]:
    """The council of each of the 21 assemblies on ``as_of``: its last meeting held (closed
    with quorum, or recorded quorate from its protocol) and whether the gap since exceeds the
    maximum of the rulebook in force that day (Law 2008 Art. 10; Law 2008 Art. 14 for a
    regional assembly's council). Without a meeting on record nothing is judged."""
    last = {
        r["roster"]: r["last_meeting"]
        for r in await _rows(
            db,
            "SELECT CASE WHEN assembly = ANY(CAST(:national AS text[])) THEN :nat"
            " ELSE assembly END AS roster, max(held_on) AS last_meeting FROM meetings"
            " WHERE quorate AND status IN ('closed', 'signed_off', 'recorded')"
            " AND held_on <= :d GROUP BY 1",
            {"national": sorted(NATIONAL_RULEBOOK_CODES), "nat": NATIONAL, "d": as_of},
        )
    }
    rows = []
    for assembly in (NATIONAL, *REGIONAL_ASSEMBLIES):
        held = last.get(assembly)
        book = _council_rulebook(assembly, as_of)
        verdict = council_gap(book, held, as_of) if book is not None and held else None
        rows.append(
            {
                "assembly": assembly,
                "body": body_key(assembly),
                "last_meeting": held,
                "due_by": verdict.deadline if verdict else None,
                "overdue": (not verdict.satisfied) if verdict else None,
                "rulebook": book.id if book else None,
                "rule": book.council_max_gap_months.citation if book else None,
                "provisional": bool(book and book.council_max_gap_months.provisional),
            }
        )
    return rows


# -- resolutions -----------------------------------------------------------------------------

_RESOLUTION_COLUMNS = (
    "resolution_id, assembly, body, method, meeting_id, item_id, number, kind, text_kk, text_ru,"
    " content, status, votes_for, against, abstain, present, council_total, required,"
    " quorum_required, quorum_rule, rulebook, rule, voted_on, deadline, closed_at, close_reason,"
    " protocol_number, protocol_date, adopted_on, source_number, source_date, recorded_at,"
    " version"
)


async def resolution(db: AsyncSession, resolution_id: uuid.UUID) -> dict[str, Any] | None:
    return await _one(
        db,
        f"SELECT {_RESOLUTION_COLUMNS} FROM resolutions WHERE resolution_id = :id",
        {"id": resolution_id},
    )


async def resolutions(
    db: AsyncSession,
    *,
    assembly: str | None,
    body: str | None,
    kind: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    return await _rows(
        db,
        f"SELECT {_RESOLUTION_COLUMNS} FROM resolutions WHERE {of_assembly('assembly')}"
        " AND (CAST(:b AS text) IS NULL OR body = :b)"
        " AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " AND (CAST(:status AS text) IS NULL OR status = :status)"
        " ORDER BY voted_on DESC, resolution_id LIMIT :limit OFFSET :offset",
        {"assemblies": assembly_codes(assembly), "b": body, "kind": kind, "status": status,
         "limit": limit, "offset": offset},
    )  # fmt: skip


async def ballots(db: AsyncSession, resolution_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT member_id, choice, cast_at FROM written_poll_ballots WHERE resolution_id = :id"
        " ORDER BY cast_at, member_id",
        {"id": resolution_id},
    )


# -- execution control -----------------------------------------------------------------------

_ASSIGNMENT_COLUMNS = (
    "a.assignment_id, a.card_id, a.state_body, a.task_kk, a.task_ru, a.assigned_on, a.deadline,"
    " a.status, a.pending_report_id, a.completed_on, c.source, c.source_id, c.assembly, c.kind,"
    " c.text_kk AS card_text_kk, c.text_ru AS card_text_ru"
)


def _of_body(column: str) -> str:
    """A state body sees only its own (``column`` is the ``:body`` asked for); officials ask
    for none and see every state body's."""
    return f"(CAST(:body AS text) IS NULL OR {column} = :body)"


def _with_overdue(rows: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    for row in rows:
        row["overdue"] = is_overdue(row["status"], row["deadline"], day)
    return rows


async def card(db: AsyncSession, card_id: uuid.UUID) -> dict[str, Any] | None:
    return await _one(db, "SELECT * FROM control_cards WHERE card_id = :id", {"id": card_id})


async def card_of_assignment(db: AsyncSession, assignment_id: uuid.UUID) -> uuid.UUID | None:
    found = await db.scalar(
        text("SELECT card_id FROM control_assignments WHERE assignment_id = :id"),
        {"id": assignment_id},
    )
    return found if isinstance(found, uuid.UUID) else None


async def cards(
    db: AsyncSession,
    *,
    state_body: str | None,
    status: str | None,
    source_id: uuid.UUID | None,
    limit: int,
    offset: int,
    assembly: str | None = None,
) -> list[dict[str, Any]]:
    """Cards with their progress; for a state body only those assigning it something; with
    ``assembly``, that assembly's decisions' only."""
    return await _rows(
        db,
        "SELECT c.*,"
        " (SELECT count(*) FROM control_assignments a WHERE a.card_id = c.card_id"
        f"   AND {_of_body('a.state_body')}) AS assignments,"
        " (SELECT count(*) FROM control_assignments a WHERE a.card_id = c.card_id"
        "   AND a.status = 'done'"
        f"   AND {_of_body('a.state_body')}) AS done"
        " FROM control_cards c"
        " WHERE (CAST(:status AS text) IS NULL OR c.status = :status)"
        " AND (CAST(:source AS uuid) IS NULL OR c.source_id = :source)"
        f" AND {of_assembly('c.assembly')}"
        " AND (CAST(:body AS text) IS NULL OR EXISTS (SELECT 1 FROM control_assignments a"
        "   WHERE a.card_id = c.card_id AND a.state_body = :body))"
        " ORDER BY c.adopted_on DESC, c.card_id LIMIT :limit OFFSET :offset",
        {"body": state_body, "status": status, "source": source_id, "limit": limit,
         "offset": offset, "assemblies": assembly_codes(assembly)},
    )  # fmt: skip


async def card_assignments(
    db: AsyncSession, card_id: uuid.UUID, state_body: str | None, day: date
) -> list[dict[str, Any]]:
    rows = await _rows(
        db,
        f"SELECT {_ASSIGNMENT_COLUMNS} FROM control_assignments a"
        " JOIN control_cards c ON c.card_id = a.card_id"
        f" WHERE a.card_id = :card AND {_of_body('a.state_body')}"
        " ORDER BY a.deadline, a.state_body, a.assignment_id",
        {"card": card_id, "body": state_body},
    )
    return _with_overdue(rows, day)


async def reports(
    db: AsyncSession, card_id: uuid.UUID, state_body: str | None
) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT report_id, assignment_id, state_body, text, filed_on, outcome, reason,"
        " decided_on FROM control_reports WHERE card_id = :card"
        f" AND {_of_body('state_body')} ORDER BY filed_on, seq",
        {"card": card_id, "body": state_body},
    )


async def history(
    db: AsyncSession, card_id: uuid.UUID, state_body: str | None
) -> list[dict[str, Any]]:
    """The card's events in order; for a state body, its own assignments' only."""
    return await _rows(
        db,
        "SELECT h.version, h.event_type, h.assignment_id, h.actor, h.recorded_at, h.data"
        " FROM control_history h"
        " LEFT JOIN control_assignments a ON a.assignment_id = h.assignment_id"
        f" WHERE h.card_id = :card AND {_of_body('a.state_body')}"
        " ORDER BY h.version",
        {"card": card_id, "body": state_body},
    )


async def assignments(
    db: AsyncSession,
    *,
    day: date,
    state_body: str | None = None,
    source_id: uuid.UUID | None = None,
    deadline_from: date | None = None,
    deadline_to: date | None = None,
    overdue_only: bool = False,
    limit: int = 500,
    offset: int = 0,
    assembly: str | None = None,
) -> list[dict[str, Any]]:
    """Assignments by state body, by decision (its source id), by deadline window; with
    ``overdue_only``, those overdue on ``day`` (past the deadline, not carried out, no report
    under review)."""
    rows = await _rows(
        db,
        f"SELECT {_ASSIGNMENT_COLUMNS} FROM control_assignments a"
        " JOIN control_cards c ON c.card_id = a.card_id"
        f" WHERE {_of_body('a.state_body')} AND {of_assembly('c.assembly')}"
        " AND (CAST(:source AS uuid) IS NULL OR c.source_id = :source)"
        " AND (CAST(:dfrom AS date) IS NULL OR a.deadline >= :dfrom)"
        " AND (CAST(:dto AS date) IS NULL OR a.deadline <= :dto)"
        " AND (NOT CAST(:overdue AS boolean)"
        "      OR (a.deadline < :day AND a.status IN ('assigned', 'returned')))"
        " ORDER BY a.deadline, a.state_body, a.assignment_id LIMIT :limit OFFSET :offset",
        {"body": state_body, "source": source_id, "dfrom": deadline_from, "dto": deadline_to,
         "overdue": overdue_only, "day": day, "limit": limit, "offset": offset,
         "assemblies": assembly_codes(assembly)},
    )  # fmt: skip
    return _with_overdue(rows, day)
