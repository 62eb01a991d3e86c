"""The execution-control read models, fed by the card streams: cards, assignments, reports and
each card's history (every event, with its actor and time)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

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


def _day(value: str) -> date:
    return date.fromisoformat(value)


class ControlProjection:
    name = "control"
    tables: tuple[str, ...] = (
        "control_history",
        "control_reports",
        "control_assignments",
        "control_cards",
    )
    event_types = frozenset(
        {
            "ControlCardOpened",
            "AssignmentMade",
            "ReportFiled",
            "ReportAccepted",
            "ReportReturned",
            "ControlCardClosed",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d: dict[str, Any] = event.data
        card = uuid.UUID(d["card_id"])
        assignment = uuid.UUID(d["assignment_id"]) if "assignment_id" in d else None
        match event.event_type:
            case "ControlCardOpened":
                await db.execute(
                    _OPENED,
                    {
                        "card": card,
                        "source": d["source"],
                        "source_id": uuid.UUID(d["source_id"]),
                        "assembly": d["assembly"],
                        "kind": d["kind"],
                        "kk": d["text"]["kk"],
                        "ru": d["text"]["ru"],
                        "adopted_on": _day(d["adopted_on"]),
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                        "v": event.version,
                    },
                )
            case "AssignmentMade":
                await db.execute(
                    _ASSIGNED,
                    {
                        "id": assignment,
                        "card": card,
                        "body": d["state_body"],
                        "kk": d["task"]["kk"],
                        "ru": d["task"]["ru"],
                        "on": _day(d["assigned_on"]),
                        "deadline": _day(d["deadline"]),
                    },
                )
            case "ReportFiled":
                report = uuid.UUID(d["report_id"])
                await db.execute(
                    _FILED,
                    {
                        "report": report,
                        "card": card,
                        "id": assignment,
                        "body": d["state_body"],
                        "text": d["text"],
                        "on": _day(d["filed_on"]),
                    },
                )
                await db.execute(
                    _ASSIGNMENT,
                    {"id": assignment, "status": "reported", "pending": report, "completed": None},
                )
            case "ReportAccepted":
                await self._report_decided(
                    db, d["report_id"], assignment, "accepted", None, _day(d["accepted_on"])
                )
            case "ReportReturned":
                await self._report_decided(
                    db, d["report_id"], assignment, "returned", d["reason"], _day(d["returned_on"])
                )
            case "ControlCardClosed":
                await db.execute(_CLOSED, {"card": card, "on": _day(d["closed_on"])})
        if event.event_type != "ControlCardOpened":
            await db.execute(_VERSION, {"card": card, "v": event.version})
        await db.execute(
            _HISTORY,
            {
                "card": card,
                "v": event.version,
                "type": event.event_type,
                "assignment": assignment,
                "body": d.get("state_body"),
                "actor": str(event.metadata.get("actor", "")),
                "at": event.recorded_at
                if isinstance(event.recorded_at, datetime)
                else datetime.fromisoformat(str(event.recorded_at)),
                "data": json.dumps(d, ensure_ascii=False),
            },
        )

    @staticmethod
    async def _report_decided(
        db: AsyncSession,
        report_id: str,
        assignment: uuid.UUID | None,
        outcome: str,
        reason: str | None,
        on: date,
    ) -> None:
        """The decision on the report under review: accepted, the assignment is carried out on
        ``on``; returned (with the reason), the state body reports again."""
        await db.execute(
            _DECIDED,
            {"report": uuid.UUID(report_id), "outcome": outcome, "reason": reason, "on": on},
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
