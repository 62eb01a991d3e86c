"""The appeals read model: registrations, steps, notifications owed. The IIN or BIN is kept
only masked here (APPC 2020 Art. 63); the applicant's text stays in the event store. Its
writer and its queries (the lists, the overdue list, the statistics)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.monitoring.domain.events import (
    AppealAnswered,
    AppealAssigned,
    AppealClosedUnconsidered,
    AppealDeadlineExtended,
    AppealForwarded,
    AppealRegistered,
    ApplicantNotified,
    registry,
)
from services.monitoring.projections.monitoring import (
    OPEN_APPEAL,
    Row,
    _all,
    _by_id,
    _one,
    _page,
)
from shared.eventstore.model import RecordedEvent
from shared.identity import mask
from shared.personal_data import mask_personal_data
from shared.projections import EventProjection, applies

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


class AppealsProjection(EventProjection):
    name = "appeals"
    tables = ("appeal_steps", "appeal_notifications", "appeals")
    registry = registry

    @applies(AppealRegistered)
    async def registered(
        self, db: AsyncSession, event: AppealRegistered, rec: RecordedEvent
    ) -> None:
        applicant = event.applicant
        number = applicant.id_number
        await db.execute(
            _REGISTERED,
            {
                "id": event.appeal_id,
                "v": rec.version,
                "number": event.number,
                "received_at": event.received_at,
                "registered_on": event.registered_on,
                "channel": event.channel,
                "received_by": event.received_by,
                "region": event.region,
                "topic": event.topic,
                "language": event.language,
                "anonymous": event.anonymous,
                "name": applicant.name,
                "id_kind": applicant.id_kind,
                "id_masked": mask(number) if number else None,
                "address": applicant.address,
                "contact": applicant.contact,
                "due": event.answer_due,
                "forward_by": event.forward_by,
            },
        )
        await _step(db, event.appeal_id, rec, "registered", event.registered_on, event.number)

    @applies(AppealClosedUnconsidered)
    async def closed_unconsidered(
        self, db: AsyncSession, event: AppealClosedUnconsidered, rec: RecordedEvent
    ) -> None:
        await _update(
            db,
            "status = 'closed_unconsidered', closed_on = :on, closed_reason = :reason",
            {"id": event.appeal_id, "v": rec.version, "on": event.closed_on,
             "reason": event.reason},
        )  # fmt: skip
        detail = f"{event.reason} ({event.rule})"
        await _step(db, event.appeal_id, rec, "closed_unconsidered", event.closed_on, detail)

    @applies(AppealAssigned)
    async def assigned(self, db: AsyncSession, event: AppealAssigned, rec: RecordedEvent) -> None:
        await _update(
            db,
            "status = 'assigned', officer = :officer",
            {"id": event.appeal_id, "v": rec.version, "officer": event.officer},
        )
        await _step(db, event.appeal_id, rec, "assigned", event.assigned_on, None)

    @applies(AppealForwarded)
    async def forwarded(self, db: AsyncSession, event: AppealForwarded, rec: RecordedEvent) -> None:
        # Refused since it is checked; masked for events recorded before.
        body = mask_personal_data(event.body)
        await _update(
            db,
            "status = 'forwarded', forwarded_to = :body, forwarded_on = :on,"
            " forwarded_within_limit = :within",
            {"id": event.appeal_id, "v": rec.version, "body": body, "on": event.forwarded_on,
             "within": event.within_limit},
        )  # fmt: skip
        await _notification_owed(
            db, event.appeal_id, "forwarding", event.forwarded_on, event.notify_by
        )
        await _step(db, event.appeal_id, rec, "forwarded", event.forwarded_on, body)

    @applies(AppealDeadlineExtended)
    async def extended(
        self, db: AsyncSession, event: AppealDeadlineExtended, rec: RecordedEvent
    ) -> None:
        await _update(
            db,
            "answer_due = :due, extensions = extensions + 1",
            {"id": event.appeal_id, "v": rec.version, "due": event.new_due},
        )
        await _notification_owed(
            db, event.appeal_id, "extension", event.decided_on, event.notify_by
        )
        detail = event.new_due.isoformat()
        await _step(db, event.appeal_id, rec, "extended", event.decided_on, detail)

    @applies(ApplicantNotified)
    async def notified(
        self, db: AsyncSession, event: ApplicantNotified, rec: RecordedEvent
    ) -> None:
        await db.execute(
            text("UPDATE appeals SET version = :v WHERE appeal_id = :id"),
            {"id": event.appeal_id, "v": rec.version},
        )
        subject = event.subject.value
        await db.execute(
            _NOTIFIED,
            {"id": event.appeal_id, "subject": subject, "on": event.notified_on,
             "on_time": event.on_time},
        )  # fmt: skip
        await _step(db, event.appeal_id, rec, "applicant_notified", event.notified_on, subject)

    @applies(AppealAnswered)
    async def answered(self, db: AsyncSession, event: AppealAnswered, rec: RecordedEvent) -> None:
        await _update(
            db,
            "status = 'answered', answered_on = :on, answered_on_time = :on_time",
            {"id": event.appeal_id, "v": rec.version, "on": event.answered_on,
             "on_time": event.on_time},
        )  # fmt: skip
        await _step(db, event.appeal_id, rec, "answered", event.answered_on, None)


async def _step(
    db: AsyncSession,
    appeal_id: uuid.UUID,
    rec: RecordedEvent,
    step: str,
    on: date,
    detail: str | None,
) -> None:
    """The appeal's history: one row per event, with the day it records."""
    await db.execute(
        _STEP, {"id": appeal_id, "v": rec.version, "step": step, "on": on, "detail": detail}
    )


async def _notification_owed(
    db: AsyncSession, appeal_id: uuid.UUID, subject: str, act_on: date, notify_by: date
) -> None:
    """The applicant is owed a notice of the forwarding or the extension decided on
    ``act_on``, by ``notify_by`` (3 working days, APPC 2020 Art. 76)."""
    await db.execute(
        _NOTIFICATION_OWED,
        {"id": appeal_id, "subject": subject, "act_on": act_on, "notify_by": notify_by},
    )


async def _update(db: AsyncSession, assignments: str, params: dict[str, Any]) -> None:
    await db.execute(
        text(f"UPDATE appeals SET {assignments}, version = :v WHERE appeal_id = :id"), params
    )


# -- queries ------------------------------------------------------------------------------------

APPEAL_COLUMNS = (
    "appeal_id, number, received_at, registered_on, channel, received_by, region, topic,"
    " language, anonymous, applicant_name, applicant_id_kind, applicant_id_masked,"
    " applicant_address, applicant_contact, status, officer, original_due, answer_due,"
    " forward_by, forwarded_to, forwarded_on, forwarded_within_limit, extensions, answered_on,"
    " answered_on_time, closed_on, closed_reason, version"
)


async def next_appeal_number(db: AsyncSession, year: int) -> str:
    """The next registration number of ``year``; the caller holds the numbering lock."""
    prefix = f"APK-{year}-"
    row = await _one(
        db,
        "SELECT count(*) AS n FROM appeals WHERE number LIKE :p",
        {"p": prefix + "%"},
    )
    count = int(row["n"]) if row else 0
    return f"{prefix}{count + 1:06d}"


async def list_appeals(
    db: AsyncSession,
    *,
    region: str | None = None,
    topic: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    return await _page(
        db,
        f"{APPEAL_COLUMNS} FROM appeals",
        {"region": region, "topic": topic, "status": status},
        "registered_on DESC, number DESC",
        limit,
        offset,
    )


async def appeal(db: AsyncSession, appeal_id: uuid.UUID) -> Row | None:
    return await _by_id(db, f"{APPEAL_COLUMNS} FROM appeals", "appeal_id", appeal_id)


async def appeal_by_number(db: AsyncSession, number: str) -> Row | None:
    return await _by_id(db, f"{APPEAL_COLUMNS} FROM appeals", "number", number)


async def appeal_steps(db: AsyncSession, appeal_id: uuid.UUID) -> list[Row]:
    return await _all(
        db,
        "SELECT version, step, on_day, detail FROM appeal_steps WHERE appeal_id = :id"
        " ORDER BY version",
        {"id": appeal_id},
    )


async def appeal_notifications(db: AsyncSession, appeal_id: uuid.UUID) -> list[Row]:
    return await _all(
        db,
        "SELECT subject, act_on, notify_by, notified_on, on_time FROM appeal_notifications"
        " WHERE appeal_id = :id ORDER BY subject",
        {"id": appeal_id},
    )


async def overdue(db: AsyncSession, as_of: date, region: str | None = None) -> list[Row]:
    """What is overdue on ``as_of`` (a limit's last day is still in time): open appeals past
    their answer period, and notifications owed to applicants past their 3 working days
    (APPC 2020 Art. 76)."""
    return await _all(
        db,
        f"""
        SELECT a.appeal_id, a.number, a.region, a.topic, a.status, a.officer, 'answer' AS kind,
            a.answer_due AS due, :as_of - a.answer_due AS days_overdue
        FROM appeals a
        WHERE a.status IN {OPEN_APPEAL} AND a.answer_due < :as_of AND a.registered_on <= :as_of
            AND (CAST(:region AS text) IS NULL OR a.region = :region)
        UNION ALL
        SELECT a.appeal_id, a.number, a.region, a.topic, a.status, a.officer,
            'notification_' || n.subject AS kind, n.notify_by AS due,
            :as_of - n.notify_by AS days_overdue
        FROM appeal_notifications n JOIN appeals a ON a.appeal_id = n.appeal_id
        WHERE n.notified_on IS NULL AND n.notify_by < :as_of AND n.act_on <= :as_of
            AND (CAST(:region AS text) IS NULL OR a.region = :region)
        ORDER BY due, number, kind
        """,
        {"as_of": as_of, "region": region},
    )


async def appeal_statistics(
    db: AsyncSession, as_of: date, registered_from: date | None, registered_to: date | None
) -> dict[str, Any]:
    """Counts by topic, region and status, and deadline compliance on ``as_of``."""
    params = {"as_of": as_of, "f": registered_from, "t": registered_to}
    where = (
        " WHERE (CAST(:f AS date) IS NULL OR registered_on >= :f)"
        " AND (CAST(:t AS date) IS NULL OR registered_on <= :t)"
    )
    compliance = f"""
        CASE
            WHEN status = 'answered' AND answered_on_time THEN 'answered_on_time'
            WHEN status = 'answered' THEN 'answered_late'
            WHEN status = 'forwarded' AND forwarded_within_limit THEN 'forwarded_on_time'
            WHEN status = 'forwarded' THEN 'forwarded_late'
            WHEN status = 'closed_unconsidered' THEN 'closed_unconsidered'
            WHEN status IN {OPEN_APPEAL} AND answer_due < CAST(:as_of AS date) THEN 'open_overdue'
            ELSE 'open_in_time'
        END
    """
    result: dict[str, Any] = {}
    for name, column in (
        ("by_topic", "topic"),
        ("by_region", "region"),
        ("by_status", "status"),
        ("by_compliance", compliance),
    ):
        rows = await _all(
            db,
            f"SELECT {column} AS key, count(*) AS count FROM appeals{where} GROUP BY 1 ORDER BY 1",
            params,
        )
        result[name] = {r["key"]: int(r["count"]) for r in rows}
    result["total"] = sum(result["by_status"].values())
    return result


async def overdue_interethnic(
    db: AsyncSession, region: str, as_of: date, topics: list[str]
) -> list[Row]:
    return await _all(
        db,
        f"SELECT appeal_id, number, topic, answer_due FROM appeals WHERE region = :region"
        f" AND status IN {OPEN_APPEAL} AND answer_due < :as_of AND topic = ANY(:topics)"
        " ORDER BY answer_due, number",
        {"region": region, "as_of": as_of, "topics": topics},
    )
