"""The bodies read model (the Assembly's bodies, national and regional: the Scientific-Expert
Council, commissions, working groups and the rest; their statutes, seats and meetings) and its
queries, with who sits in a body on a day."""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    BodyDissolved,
    BodyEstablished,
    BodyMeetingHeld,
    BodyStatuteApproved,
    SeatEnded,
    SeatFilled,
    registry,
)
from services.programmes.projections._sql import (
    PAGE,
    Row,
    act_columns,
    fetch_all,
    fetch_one,
    json_list,
    write,
)
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

BodyStep = (
    BodyEstablished | BodyStatuteApproved | SeatFilled | SeatEnded | BodyMeetingHeld | BodyDissolved
)


class BodiesProjection(EventProjection):
    name = "bodies"
    tables = ("body_meetings", "body_seats", "body_statutes", "bodies")
    registry = registry

    @applies(
        BodyEstablished, BodyStatuteApproved, SeatFilled, SeatEnded, BodyMeetingHeld, BodyDissolved
    )
    async def apply_step(self, db: AsyncSession, event: BodyStep, recorded: RecordedEvent) -> None:
        """Each step of a body writes what it says, then the body's stream version."""
        await self._step(db, event)
        await write(
            db, "UPDATE bodies SET version = :v WHERE body_id = :id",
            id=event.body_id, v=recorded.version,
        )  # fmt: skip

    @staticmethod
    async def _step(db: AsyncSession, event: BodyStep) -> None:
        match event:
            case BodyEstablished():
                await write(
                    db,
                    "INSERT INTO bodies (body_id, kind, name_kk, name_ru, region, established_on,"
                    " decided_by, act_number, act_date, statute_version, rulebook, rule, version)"
                    " VALUES (:id, :kind, :kk, :ru, :region, :on, :by, :act_number, :act_date,"
                    " 0, :rulebook, :rule, 0)",
                    id=event.body_id, kind=event.kind, kk=event.name.kk, ru=event.name.ru,
                    region=event.region, on=event.established_on, by=event.decided_by,
                    **act_columns(event.act), rulebook=event.rulebook, rule=event.rule,
                )  # fmt: skip
            case BodyStatuteApproved():
                await write(
                    db,
                    "INSERT INTO body_statutes (body_id, version, text_kk, text_ru, attachments,"
                    " approved_on, approved_by, act_number, act_date, rulebook, rule)"
                    " VALUES (:id, :n, :kk, :ru, CAST(:attachments AS jsonb), :on, :by,"
                    " :act_number, :act_date, :rulebook, :rule)",
                    id=event.body_id, n=event.version, kk=event.text.kk, ru=event.text.ru,
                    attachments=json_list(event.attachments), on=event.approved_on,
                    by=event.approved_by, **act_columns(event.act), rulebook=event.rulebook,
                    rule=event.rule,
                )  # fmt: skip
                await write(
                    db, "UPDATE bodies SET statute_version = :n WHERE body_id = :id",
                    id=event.body_id, n=event.version,
                )  # fmt: skip
            case SeatFilled():
                await write(
                    db,
                    "INSERT INTO body_seats (seat_id, body_id, role, member_id, expert_id,"
                    " name_kk, name_ru, start_on, act_number, act_date) VALUES (:id, :body,"
                    " :role, :member, :expert, :kk, :ru, :on, :act_number, :act_date)",
                    id=event.seat_id, body=event.body_id, role=event.role,
                    member=event.member_id, expert=event.expert_id, kk=event.name.kk,
                    ru=event.name.ru, on=event.start_on, **act_columns(event.act),
                )  # fmt: skip
            case SeatEnded():
                await write(
                    db,
                    "UPDATE body_seats SET end_on = :on, ground = :ground WHERE seat_id = :id",
                    id=event.seat_id, on=event.end_on, ground=event.ground,
                )  # fmt: skip
            case BodyMeetingHeld():
                await write(
                    db,
                    "INSERT INTO body_meetings (meeting_id, body_id, number, held_on, place,"
                    " agenda, documents, present) VALUES (:id, :body, :number, :on, :place,"
                    " CAST(:agenda AS jsonb), CAST(:documents AS jsonb), :present)",
                    id=event.meeting_id, body=event.body_id, number=event.number,
                    on=event.held_on, place=event.place, agenda=json_list(event.agenda),
                    documents=json.dumps([str(d) for d in event.documents]),
                    present=event.present,
                )  # fmt: skip
            case BodyDissolved():
                await write(
                    db, "UPDATE bodies SET dissolved_on = :on WHERE body_id = :id",
                    id=event.body_id, on=event.dissolved_on,
                )  # fmt: skip


async def bodies(
    db: AsyncSession, *, kind: str | None, region: str | None, limit: int, offset: int
) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT * FROM bodies WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " AND (CAST(:region AS text) IS NULL OR region = :region)"
        " ORDER BY kind, region NULLS FIRST, established_on, body_id" + PAGE,
        {"kind": kind, "region": region, "limit": limit, "offset": offset},
    )


async def body(db: AsyncSession, body_id: uuid.UUID) -> Row | None:
    return await fetch_one(db, "SELECT * FROM bodies WHERE body_id = :id", {"id": body_id})


async def body_statutes(
    db: AsyncSession, body_id: uuid.UUID, with_text: bool, limit: int = 500, offset: int = 0
) -> list[Row]:
    columns = "version, attachments, approved_on, approved_by, act_number, act_date, rulebook, rule"
    if with_text:
        columns += ", text_kk, text_ru"
    return await fetch_all(
        db,
        f"SELECT {columns} FROM body_statutes WHERE body_id = :id ORDER BY version" + PAGE,
        {"id": body_id, "limit": limit, "offset": offset},
    )


async def composition(
    db: AsyncSession, body_id: uuid.UUID, day: date, from_membership: bool, limit: int, offset: int
) -> list[Row]:
    """Who sits in the body on ``day``: its seats in force; for the Scientific-Expert Council,
    its posts as membership keeps them (Reg2024 §22, §24) before the experts it draws on."""
    return await fetch_all(
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
        ") seats ORDER BY part, role, name_ru, seat_id" + PAGE,
        {"id": body_id, "day": day, "posts": from_membership, "limit": limit, "offset": offset},
    )


async def meetings(db: AsyncSession, body_id: uuid.UUID, limit: int, offset: int) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT * FROM body_meetings WHERE body_id = :id ORDER BY held_on, number" + PAGE,
        {"id": body_id, "limit": limit, "offset": offset},
    )


async def meeting(db: AsyncSession, meeting_id: uuid.UUID) -> Row | None:
    return await fetch_one(
        db, "SELECT * FROM body_meetings WHERE meeting_id = :id", {"id": meeting_id}
    )
