"""The appeals read model: registrations, steps, notifications owed. The IIN or BIN is kept
only masked here (APPC 2020 Art. 63); the applicant's text stays in the event store."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent
from shared.identity import mask
from shared.personal_data import mask_personal_data

_REGISTERED = text(
    """
    INSERT INTO appeals (appeal_id, number, received_at, registered_on, channel, received_by,
        region, topic, language, anonymous, applicant_name, applicant_id_kind,
        applicant_id_masked, applicant_address, applicant_contact, status, original_due,
        answer_due, forward_by, version)
    VALUES (:id, :number, :received_at, :registered_on, :channel, :received_by, :region, :topic,
        :language, :anonymous, :name, :id_kind, :id_masked, :address, :contact, 'registered',
        :due, :due, :forward_by, :v)
    """
)
_STEP = text(
    "INSERT INTO appeal_steps (appeal_id, version, step, on_day, detail)"
    " VALUES (:id, :v, :step, :on, :detail)"
)
_NOTIFICATION_OWED = text(
    """
    INSERT INTO appeal_notifications (appeal_id, subject, act_on, notify_by)
    VALUES (:id, :subject, :act_on, :notify_by)
    ON CONFLICT (appeal_id, subject) DO UPDATE SET act_on = EXCLUDED.act_on,
        notify_by = EXCLUDED.notify_by, notified_on = NULL, on_time = NULL
    """
)
_NOTIFIED = text(
    "UPDATE appeal_notifications SET notified_on = :on, on_time = :on_time"
    " WHERE appeal_id = :id AND subject = :subject"
)


def _day(value: str) -> date:
    return date.fromisoformat(value)


class AppealsProjection:
    name = "appeals"
    tables: tuple[str, ...] = ("appeal_steps", "appeal_notifications", "appeals")
    event_types = frozenset(
        {
            "AppealRegistered",
            "AppealClosedUnconsidered",
            "AppealAssigned",
            "AppealForwarded",
            "AppealDeadlineExtended",
            "ApplicantNotified",
            "AppealAnswered",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        appeal_id = uuid.UUID(d["appeal_id"])
        common: dict[str, Any] = {"id": appeal_id, "v": event.version}
        step: tuple[str, date, str | None]
        match event.event_type:
            case "AppealRegistered":
                applicant = d["applicant"]
                number = applicant.get("id_number")
                await db.execute(
                    _REGISTERED,
                    {
                        **common,
                        "number": d["number"],
                        "received_at": datetime.fromisoformat(d["received_at"]),
                        "registered_on": _day(d["registered_on"]),
                        "channel": d["channel"],
                        "received_by": d["received_by"],
                        "region": d["region"],
                        "topic": d["topic"],
                        "language": d["language"],
                        "anonymous": d["anonymous"],
                        "name": applicant.get("name"),
                        "id_kind": applicant.get("id_kind"),
                        "id_masked": mask(number) if number else None,
                        "address": applicant.get("address"),
                        "contact": applicant.get("contact"),
                        "due": _day(d["answer_due"]),
                        "forward_by": _day(d["forward_by"]),
                    },
                )
                step = ("registered", _day(d["registered_on"]), d["number"])
            case "AppealClosedUnconsidered":
                await self._update(
                    db,
                    "status = 'closed_unconsidered', closed_on = :on, closed_reason = :reason",
                    {**common, "on": _day(d["closed_on"]), "reason": d["reason"]},
                )
                step = ("closed_unconsidered", _day(d["closed_on"]), f"{d['reason']} ({d['rule']})")
            case "AppealAssigned":
                await self._update(
                    db,
                    "status = 'assigned', officer = :officer",
                    {**common, "officer": d["officer"]},
                )
                step = ("assigned", _day(d["assigned_on"]), None)
            case "AppealForwarded":
                # Refused since it is checked; masked for events recorded before.
                body = mask_personal_data(d["body"])
                await self._update(
                    db,
                    "status = 'forwarded', forwarded_to = :body, forwarded_on = :on,"
                    " forwarded_within_limit = :within",
                    {
                        **common,
                        "body": body,
                        "on": _day(d["forwarded_on"]),
                        "within": d["within_limit"],
                    },
                )
                await self._notification_owed(
                    db, appeal_id, "forwarding", d["forwarded_on"], d["notify_by"]
                )
                step = ("forwarded", _day(d["forwarded_on"]), body)
            case "AppealDeadlineExtended":
                await self._update(
                    db,
                    "answer_due = :due, extensions = extensions + 1",
                    {**common, "due": _day(d["new_due"])},
                )
                await self._notification_owed(
                    db, appeal_id, "extension", d["decided_on"], d["notify_by"]
                )
                step = ("extended", _day(d["decided_on"]), d["new_due"])
            case "ApplicantNotified":
                await db.execute(
                    text("UPDATE appeals SET version = :v WHERE appeal_id = :id"), common
                )
                await db.execute(
                    _NOTIFIED,
                    {
                        "id": appeal_id,
                        "subject": d["subject"],
                        "on": _day(d["notified_on"]),
                        "on_time": d["on_time"],
                    },
                )
                step = ("applicant_notified", _day(d["notified_on"]), d["subject"])
            case "AppealAnswered":
                await self._update(
                    db,
                    "status = 'answered', answered_on = :on, answered_on_time = :on_time",
                    {**common, "on": _day(d["answered_on"]), "on_time": d["on_time"]},
                )
                step = ("answered", _day(d["answered_on"]), None)
            case _:
                return
        name, on, detail = step
        await db.execute(_STEP, {**common, "step": name, "on": on, "detail": detail})

    @staticmethod
    async def _notification_owed(
        db: AsyncSession, appeal_id: uuid.UUID, subject: str, act_on: str, notify_by: str
    ) -> None:
        """The applicant is owed a notice of the forwarding or the extension decided on
        ``act_on``, by ``notify_by`` (3 working days, APPC 2020 Art. 76)."""
        await db.execute(
            _NOTIFICATION_OWED,
            {
                "id": appeal_id,
                "subject": subject,
                "act_on": _day(act_on),
                "notify_by": _day(notify_by),
            },
        )

    @staticmethod
    async def _update(db: AsyncSession, assignments: str, params: dict[str, Any]) -> None:
        await db.execute(
            text(f"UPDATE appeals SET {assignments}, version = :v WHERE appeal_id = :id"), params
        )
