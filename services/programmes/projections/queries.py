"""Queries over the programmes read models (and over what the consumers keep of other
services' acts). Every list is paginated by the caller's ``limit`` and ``offset``."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import Act, PersonName
from services.programmes.domain.received import ReceivedDecision, ReceivedResolution

Row = dict[str, Any]


async def _rows(db: AsyncSession, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    result = await db.execute(text(sql), params or {})
    return [dict(r) for r in result.mappings().all()]


async def _one(db: AsyncSession, sql: str, params: dict[str, Any]) -> Row | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


_PAGE = " LIMIT :limit OFFSET :offset"

# -- other services' acts -------------------------------------------------------------------------


async def resolution(db: AsyncSession, resolution_id: uuid.UUID) -> ReceivedResolution | None:
    row = await _one(
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
    row = await _one(
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
    row = await _one(
        db,
        "SELECT name_kk, name_ru FROM assembly_members WHERE member_id = :id"
        " AND included_on <= :day AND (ended_on IS NULL OR :day < ended_on)",
        {"id": member_id, "day": day},
    )
    return None if row is None else PersonName(kk=row["name_kk"], ru=row["name_ru"])


async def council_resolutions(
    db: AsyncSession, kind: str | None, limit: int, offset: int
) -> list[Row]:
    return await _rows(
        db,
        "SELECT resolution_id, kind, text_kk, text_ru, adopted_on, protocol_number,"
        " protocol_date, rulebook, rule FROM council_resolutions"
        " WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " ORDER BY adopted_on DESC, resolution_id" + _PAGE,
        {"kind": kind, "limit": limit, "offset": offset},
    )


async def session_decisions(db: AsyncSession, limit: int, offset: int) -> list[Row]:
    return await _rows(
        db,
        "SELECT * FROM session_decisions ORDER BY adopted_on DESC, decision_id" + _PAGE,
        {"limit": limit, "offset": offset},
    )


# -- documents ------------------------------------------------------------------------------------

_DOCUMENT_COLUMNS = (
    "document_id, kind, title_kk, title_ru, status, text_version, drafted_on, submitted_on,"
    " approved_on, approved_by, act_number, act_date, effective_from, valid_until, supersedes,"
    " superseded_by, superseded_from, rulebook, rule, version"
)


async def document(db: AsyncSession, document_id: uuid.UUID) -> Row | None:
    return await _one(
        db,
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE document_id = :id",
        {"id": document_id},
    )


async def documents(
    db: AsyncSession,
    *,
    kind: str | None,
    status: str | None,
    approved_only: bool,
    limit: int,
    offset: int,
) -> list[Row]:
    return await _rows(
        db,
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents"
        " WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " AND (CAST(:status AS text) IS NULL OR status = :status)"
        " AND (NOT CAST(:approved AS boolean) OR status = 'approved')"
        " ORDER BY drafted_on DESC, document_id" + _PAGE,
        {"kind": kind, "status": status, "approved": approved_only, "limit": limit,
         "offset": offset},
    )  # fmt: skip


_IN_FORCE = (
    " status = 'approved' AND effective_from <= :day"
    " AND (valid_until IS NULL OR :day < valid_until)"
    " AND (superseded_from IS NULL OR :day < superseded_from)"
)


async def in_force(
    db: AsyncSession, kind: str | None, day: date, limit: int, offset: int
) -> list[Row]:
    """The documents in force on ``day``: approved, effective, within their term, not yet
    superseded."""
    return await _rows(
        db,
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE {_IN_FORCE}"
        " AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " ORDER BY effective_from DESC, document_id" + _PAGE,
        {"kind": kind, "day": day, "limit": limit, "offset": offset},
    )


async def concept_in_force(db: AsyncSession, day: date, exclude: uuid.UUID) -> uuid.UUID | None:
    found = await db.scalar(
        text(
            f"SELECT document_id FROM documents WHERE {_IN_FORCE}"
            " AND kind = 'development_concept' AND document_id <> :exclude"
            " ORDER BY effective_from DESC LIMIT 1"
        ),
        {"day": day, "exclude": exclude},
    )
    return found if isinstance(found, uuid.UUID) else None


async def versions(db: AsyncSession, document_id: uuid.UUID, with_text: bool) -> list[Row]:
    columns = "version, attachments, added_on, note"
    if with_text:
        columns += ", text_kk, text_ru"
    return await _rows(
        db,
        f"SELECT {columns} FROM document_versions WHERE document_id = :id ORDER BY version",
        {"id": document_id},
    )


async def opinions(
    db: AsyncSession,
    *,
    document_id: uuid.UUID | None = None,
    body_id: uuid.UUID | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Row]:
    """A page of opinions; all of them without ``limit`` (a detail view lists every one)."""
    return await _rows(
        db,
        "SELECT o.*, d.title_kk AS document_title_kk, d.title_ru AS document_title_ru"
        " FROM opinions o JOIN documents d ON d.document_id = o.document_id"
        " WHERE (CAST(:doc AS uuid) IS NULL OR o.document_id = :doc)"
        " AND (CAST(:body AS uuid) IS NULL OR o.body_id = :body)"
        " ORDER BY o.given_on, o.opinion_id" + _PAGE,
        {"doc": document_id, "body": body_id, "limit": limit, "offset": offset},
    )


async def orders(db: AsyncSession, document_id: uuid.UUID) -> list[Row]:
    return await _rows(
        db,
        "SELECT * FROM chairman_orders WHERE document_id = :id ORDER BY issued_on, order_id",
        {"id": document_id},
    )


async def history(db: AsyncSession, stream_id: str, limit: int, offset: int) -> list[Row]:
    return await _rows(
        db,
        "SELECT version, event_type, actor, recorded_at, data FROM programmes_history"
        " WHERE stream_id = :stream ORDER BY version" + _PAGE,
        {"stream": stream_id, "limit": limit, "offset": offset},
    )


# -- action plans ---------------------------------------------------------------------------------


async def plans(
    db: AsyncSession,
    *,
    state_body: str | None,
    basis_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> list[Row]:
    return await _rows(
        db,
        "SELECT p.*, (SELECT count(*) FROM plan_measures m WHERE m.plan_id = p.plan_id)"
        " AS measures FROM action_plans p"
        " WHERE (CAST(:body AS text) IS NULL OR p.state_body = :body"
        "   OR EXISTS (SELECT 1 FROM plan_measures m WHERE m.plan_id = p.plan_id"
        "              AND m.state_body = :body))"
        " AND (CAST(:basis AS uuid) IS NULL OR p.basis_id = :basis OR p.basis_document = :basis)"
        " ORDER BY p.registered_on DESC, p.plan_id" + _PAGE,
        {"body": state_body, "basis": basis_id, "limit": limit, "offset": offset},
    )


async def plan(db: AsyncSession, plan_id: uuid.UUID) -> Row | None:
    return await _one(db, "SELECT * FROM action_plans WHERE plan_id = :id", {"id": plan_id})


async def measures(db: AsyncSession, plan_id: uuid.UUID) -> list[Row]:
    return await _rows(
        db,
        "SELECT measure_id, text_kk, text_ru, state_body, deadline, set_on FROM plan_measures"
        " WHERE plan_id = :id ORDER BY deadline, state_body, measure_id",
        {"id": plan_id},
    )


# -- the work plan --------------------------------------------------------------------------------


async def work_plan(db: AsyncSession, year: int, limit: int, offset: int) -> list[Row]:
    return await _rows(
        db,
        "SELECT * FROM work_plan_items WHERE year = :year ORDER BY seq" + _PAGE,
        {"year": year, "limit": limit, "offset": offset},
    )


# -- awards ---------------------------------------------------------------------------------------


async def awards(db: AsyncSession, limit: int, offset: int) -> list[Row]:
    return await _rows(
        db, "SELECT * FROM awards ORDER BY established_on, award_id" + _PAGE,
        {"limit": limit, "offset": offset},
    )  # fmt: skip


async def award(db: AsyncSession, award_id: uuid.UUID) -> Row | None:
    return await _one(db, "SELECT * FROM awards WHERE award_id = :id", {"id": award_id})


async def statutes(db: AsyncSession, award_id: uuid.UUID) -> list[Row]:
    return await _rows(
        db, "SELECT * FROM award_statutes WHERE award_id = :id ORDER BY version", {"id": award_id}
    )


async def conferrals(db: AsyncSession, award_id: uuid.UUID, limit: int, offset: int) -> list[Row]:
    """Each conferral with the statute it was conferred under."""
    return await _rows(
        db,
        "SELECT c.*, s.text_kk AS statute_kk, s.text_ru AS statute_ru,"
        " s.effective_from AS statute_effective_from, s.resolution_id AS statute_resolution_id"
        " FROM award_conferrals c JOIN award_statutes s"
        "   ON s.award_id = c.award_id AND s.version = c.statute_version"
        " WHERE c.award_id = :id ORDER BY c.conferred_on, c.conferral_id" + _PAGE,
        {"id": award_id, "limit": limit, "offset": offset},
    )


# -- bodies ---------------------------------------------------------------------------------------


async def bodies(
    db: AsyncSession, *, kind: str | None, region: str | None, limit: int, offset: int
) -> list[Row]:
    return await _rows(
        db,
        "SELECT * FROM bodies WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " AND (CAST(:region AS text) IS NULL OR region = :region)"
        " ORDER BY kind, region NULLS FIRST, established_on, body_id" + _PAGE,
        {"kind": kind, "region": region, "limit": limit, "offset": offset},
    )


async def body(db: AsyncSession, body_id: uuid.UUID) -> Row | None:
    return await _one(db, "SELECT * FROM bodies WHERE body_id = :id", {"id": body_id})


async def body_statutes(
    db: AsyncSession, body_id: uuid.UUID, with_text: bool, limit: int = 500, offset: int = 0
) -> list[Row]:
    columns = "version, attachments, approved_on, approved_by, act_number, act_date, rulebook, rule"
    if with_text:
        columns += ", text_kk, text_ru"
    return await _rows(
        db,
        f"SELECT {columns} FROM body_statutes WHERE body_id = :id ORDER BY version" + _PAGE,
        {"id": body_id, "limit": limit, "offset": offset},
    )


async def composition(
    db: AsyncSession, body_id: uuid.UUID, day: date, from_membership: bool, limit: int, offset: int
) -> list[Row]:
    """Who sits in the body on ``day``: its seats in force; for the Scientific-Expert Council,
    its posts as membership keeps them (Reg2024 §22, §24) before the experts it draws on."""
    return await _rows(
        db,
        "SELECT seat_id, role, member_id, expert_id, name_kk, name_ru, start_on, end_on, source"
        " FROM (SELECT 0 AS part, term_id AS seat_id, post AS role, member_id,"
        "  NULL::uuid AS expert_id, name_kk, name_ru, start_on, end_on, 'membership' AS source"
        "  FROM expert_council_posts WHERE CAST(:posts AS boolean) AND start_on <= :day"
        "  AND (end_on IS NULL OR :day < end_on)"
        " UNION ALL"
        " SELECT 1, s.seat_id, s.role, s.member_id, s.expert_id, s.name_kk, s.name_ru, s.start_on,"
        "  s.end_on, 'programmes' FROM body_seats s JOIN bodies b USING (body_id)"
        "  WHERE s.body_id = :id AND s.start_on <= :day AND (s.end_on IS NULL OR :day < s.end_on)"
        "  AND (b.dissolved_on IS NULL OR :day < b.dissolved_on)"
        ") seats ORDER BY part, role, name_ru, seat_id" + _PAGE,
        {"id": body_id, "day": day, "posts": from_membership, "limit": limit, "offset": offset},
    )


async def meetings(db: AsyncSession, body_id: uuid.UUID, limit: int, offset: int) -> list[Row]:
    return await _rows(
        db,
        "SELECT * FROM body_meetings WHERE body_id = :id ORDER BY held_on, number" + _PAGE,
        {"id": body_id, "limit": limit, "offset": offset},
    )


async def meeting(db: AsyncSession, meeting_id: uuid.UUID) -> Row | None:
    return await _one(db, "SELECT * FROM body_meetings WHERE meeting_id = :id", {"id": meeting_id})


# -- people without membership --------------------------------------------------------------------

_EXPERT_COLUMNS = (
    "expert_id, name_kk, name_ru, affiliation_kk, affiliation_ru, citizenship, iin_masked,"
    " registered_on"
)


async def experts(db: AsyncSession, limit: int, offset: int) -> list[Row]:
    return await _rows(
        db, f"SELECT {_EXPERT_COLUMNS} FROM experts ORDER BY name_ru, expert_id" + _PAGE,
        {"limit": limit, "offset": offset},
    )  # fmt: skip


async def expert(db: AsyncSession, expert_id: uuid.UUID) -> Row | None:
    return await _one(
        db, f"SELECT {_EXPERT_COLUMNS} FROM experts WHERE expert_id = :id", {"id": expert_id}
    )


async def expert_by_key(db: AsyncSession, key: str) -> uuid.UUID | None:
    found = await db.scalar(text("SELECT expert_id FROM experts WHERE person_key = :k"), {"k": key})
    return found if isinstance(found, uuid.UUID) else None
