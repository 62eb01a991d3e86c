"""The execution-control read models, fed by the card streams: cards, assignments, reports and
each card's history (every event, with its actor and time). Its writer and its queries."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.council.domain.control import is_overdue
from services.council.domain.events import (
    AssignmentMade,
    ControlCardClosed,
    ControlCardOpened,
    ReportAccepted,
    ReportFiled,
    ReportReturned,
    registry,
)
from services.council.projections.meetings import of_assembly
from shared.assemblies import codes_of
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_OPENED = text(
    """
    INSERT INTO control_cards (card_id, source, source_id, assembly, kind, text_kk, text_ru,
        adopted_on, rulebook, rule, status, version)
    VALUES (:card, :source, :source_id, :assembly, :kind, :kk, :ru, :adopted_on, :rulebook,
        :rule, 'open', :v)
    """
)
_ASSIGNED = text(
    """
    INSERT INTO control_assignments (assignment_id, card_id, state_body, task_kk, task_ru,
        assigned_on, deadline, status)
    VALUES (:id, :card, :body, :kk, :ru, :on, :deadline, 'assigned')
    """
)
_FILED = text(
    """
    INSERT INTO control_reports (report_id, card_id, assignment_id, state_body, text, filed_on,
        outcome)
    VALUES (:report, :card, :id, :body, :text, :on, 'pending')
    """
)
_ASSIGNMENT = text(
    "UPDATE control_assignments SET status = :status, pending_report_id = :pending,"
    " completed_on = :completed WHERE assignment_id = :id"
)
_DECIDED = text(
    "UPDATE control_reports SET outcome = :outcome, reason = :reason, decided_on = :on"
    " WHERE report_id = :report"
)
_CLOSED = text("UPDATE control_cards SET status = 'closed', closed_on = :on WHERE card_id = :card")
_VERSION = text("UPDATE control_cards SET version = :v WHERE card_id = :card")
_HISTORY = text(
    """
    INSERT INTO control_history (card_id, version, event_type, assignment_id, state_body, actor,
        recorded_at, data)
    VALUES (:card, :v, :type, :assignment, :body, :actor, :at, CAST(:data AS jsonb))
    """
)


class ControlProjection(EventProjection):
    name = "control"
    tables = (
        "control_history",
        "control_reports",
        "control_assignments",
        "control_cards",
    )
    registry = registry

    @applies(ControlCardOpened)
    async def opened(self, db: AsyncSession, event: ControlCardOpened, rec: RecordedEvent) -> None:
        await db.execute(
            _OPENED,
            {
                "card": event.card_id,
                "source": str(event.source),
                "source_id": event.source_id,
                "assembly": event.assembly,
                "kind": event.kind,
                "kk": event.text.kk,
                "ru": event.text.ru,
                "adopted_on": event.adopted_on,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "v": rec.version,
            },
        )
        await _history(db, rec, event.card_id)

    @applies(AssignmentMade)
    async def assigned(self, db: AsyncSession, event: AssignmentMade, rec: RecordedEvent) -> None:
        await db.execute(
            _ASSIGNED,
            {
                "id": event.assignment_id,
                "card": event.card_id,
                "body": event.state_body,
                "kk": event.task.kk,
                "ru": event.task.ru,
                "on": event.assigned_on,
                "deadline": event.deadline,
            },
        )
        await _changed(db, rec, event.card_id, event.assignment_id, event.state_body)

    @applies(ReportFiled)
    async def filed(self, db: AsyncSession, event: ReportFiled, rec: RecordedEvent) -> None:
        await db.execute(
            _FILED,
            {
                "report": event.report_id,
                "card": event.card_id,
                "id": event.assignment_id,
                "body": event.state_body,
                "text": event.text,
                "on": event.filed_on,
            },
        )
        await db.execute(
            _ASSIGNMENT,
            {
                "id": event.assignment_id,
                "status": "reported",
                "pending": event.report_id,
                "completed": None,
            },
        )
        await _changed(db, rec, event.card_id, event.assignment_id, event.state_body)

    @applies(ReportAccepted)
    async def accepted(self, db: AsyncSession, event: ReportAccepted, rec: RecordedEvent) -> None:
        await _report_decided(
            db, event.report_id, event.assignment_id, "accepted", None, event.accepted_on
        )
        await _changed(db, rec, event.card_id, event.assignment_id)

    @applies(ReportReturned)
    async def returned(self, db: AsyncSession, event: ReportReturned, rec: RecordedEvent) -> None:
        await _report_decided(
            db, event.report_id, event.assignment_id, "returned", event.reason, event.returned_on
        )
        await _changed(db, rec, event.card_id, event.assignment_id)

    @applies(ControlCardClosed)
    async def closed(self, db: AsyncSession, event: ControlCardClosed, rec: RecordedEvent) -> None:
        await db.execute(_CLOSED, {"card": event.card_id, "on": event.closed_on})
        await _changed(db, rec, event.card_id)


async def _changed(
    db: AsyncSession,
    rec: RecordedEvent,
    card: uuid.UUID,
    assignment: uuid.UUID | None = None,
    state_body: str | None = None,
) -> None:
    """A card's event after its opening: the card's version, and the event in its history."""
    await db.execute(_VERSION, {"card": card, "v": rec.version})
    await _history(db, rec, card, assignment, state_body)


async def _history(
    db: AsyncSession,
    rec: RecordedEvent,
    card: uuid.UUID,
    assignment: uuid.UUID | None = None,
    state_body: str | None = None,
) -> None:
    """Every event of a card in its history, with its actor, time and data as recorded."""
    await db.execute(
        _HISTORY,
        {
            "card": card,
            "v": rec.version,
            "type": rec.event_type,
            "assignment": assignment,
            "body": state_body,
            "actor": str(rec.metadata.get("actor", "")),
            "at": rec.recorded_at
            if isinstance(rec.recorded_at, datetime)
            else datetime.fromisoformat(str(rec.recorded_at)),
            "data": json.dumps(rec.data, ensure_ascii=False),
        },
    )


async def _report_decided(
    db: AsyncSession,
    report_id: uuid.UUID,
    assignment: uuid.UUID,
    outcome: str,
    reason: str | None,
    on: date,
) -> None:
    """The decision on the report under review: accepted, the assignment is carried out on
    ``on``; returned (with the reason), the state body reports again."""
    await db.execute(
        _DECIDED, {"report": report_id, "outcome": outcome, "reason": reason, "on": on}
    )
    accepted = outcome == "accepted"
    await db.execute(
        _ASSIGNMENT,
        {
            "id": assignment,
            "status": "done" if accepted else "returned",
            "pending": None,
            "completed": on if accepted else None,
        },
    )


# -- queries -----------------------------------------------------------------------


async def _rows(db: AsyncSession, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in await db.execute(text(sql), params)]


async def _one(db: AsyncSession, sql: str, params: dict[str, Any]) -> dict[str, Any] | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


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
         "offset": offset, "assemblies": codes_of(assembly)},
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
         "assemblies": codes_of(assembly)},
    )  # fmt: skip
    return _with_overdue(rows, day)
