"""The execution-control read models, fed by the card streams: cards, assignments, reports and
each card's history (every event, with its actor and time)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.council.domain.events import (
    AssignmentMade,
    ControlCardClosed,
    ControlCardOpened,
    ReportAccepted,
    ReportFiled,
    ReportReturned,
    registry,
)
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
