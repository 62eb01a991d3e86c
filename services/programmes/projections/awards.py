"""The awards read model (each award, its statute's versions and its conferrals, each under the
statute then in force) and its queries."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    AwardConferred,
    AwardEstablished,
    AwardStatuteAmended,
    registry,
)
from services.programmes.projections._sql import PAGE, Row, act_columns, fetch_all, fetch_one, write
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies


class AwardsProjection(EventProjection):
    name = "awards"
    tables = ("award_conferrals", "award_statutes", "awards")
    registry = registry

    @applies(AwardEstablished)
    async def established(
        self, db: AsyncSession, event: AwardEstablished, recorded: RecordedEvent
    ) -> None:
        await write(
            db,
            "INSERT INTO awards (award_id, name_kk, name_ru, established_on,"
            " resolution_id, rulebook, rule, version) VALUES (:id, :kk, :ru, :on,"
            " :resolution, :rulebook, :rule, :v)",
            id=event.award_id, kk=event.name.kk, ru=event.name.ru,
            on=event.statute.approved_on, resolution=event.statute.resolution_id,
            rulebook=event.rulebook, rule=event.rule, v=recorded.version,
        )  # fmt: skip
        await self._statute(db, event)
        await self._version(db, event.award_id, recorded)

    @applies(AwardStatuteAmended)
    async def amended(
        self, db: AsyncSession, event: AwardStatuteAmended, recorded: RecordedEvent
    ) -> None:
        await self._statute(db, event)
        await self._version(db, event.award_id, recorded)

    @applies(AwardConferred)
    async def conferred(
        self, db: AsyncSession, event: AwardConferred, recorded: RecordedEvent
    ) -> None:
        r = event.recipient
        await write(
            db,
            "INSERT INTO award_conferrals (conferral_id, award_id, recipient_kk,"
            " recipient_ru, member_id, affiliation_kk, affiliation_ru, decided_by,"
            " decision_number, decision_date, resolution_id, conferred_on,"
            " statute_version) VALUES (:id, :award, :kk, :ru, :member, :akk, :aru, :by,"
            " :decision_number, :decision_date, :resolution, :on, :statute)",
            id=event.conferral_id, award=event.award_id, kk=r.name.kk, ru=r.name.ru,
            member=r.member_id, akk=r.affiliation.kk if r.affiliation else None,
            aru=r.affiliation.ru if r.affiliation else None, by=event.decided_by,
            **act_columns(event.decision, "decision"), resolution=event.resolution_id,
            on=event.conferred_on, statute=event.statute_version,
        )  # fmt: skip
        await self._version(db, event.award_id, recorded)

    @staticmethod
    async def _statute(db: AsyncSession, event: AwardEstablished | AwardStatuteAmended) -> None:
        s = event.statute
        await write(
            db,
            "INSERT INTO award_statutes (award_id, version, text_kk, text_ru, resolution_id,"
            " protocol_number, protocol_date, approved_on, effective_from, rulebook, rule)"
            " VALUES (:id, :n, :kk, :ru, :resolution, :protocol_number, :protocol_date,"
            " :approved_on, :start, :rulebook, :rule)",
            id=event.award_id, n=s.version, kk=s.text.kk, ru=s.text.ru,
            resolution=s.resolution_id, **act_columns(s.protocol, "protocol"),
            approved_on=s.approved_on, start=s.effective_from,
            rulebook=event.rulebook, rule=event.rule,
        )  # fmt: skip

    @staticmethod
    async def _version(db: AsyncSession, award: uuid.UUID, recorded: RecordedEvent) -> None:
        await write(
            db, "UPDATE awards SET version = :v WHERE award_id = :id", id=award, v=recorded.version
        )


async def awards(db: AsyncSession, limit: int, offset: int) -> list[Row]:
    return await fetch_all(
        db, "SELECT * FROM awards ORDER BY established_on, award_id" + PAGE,
        {"limit": limit, "offset": offset},
    )  # fmt: skip


async def award(db: AsyncSession, award_id: uuid.UUID) -> Row | None:
    return await fetch_one(db, "SELECT * FROM awards WHERE award_id = :id", {"id": award_id})


async def statutes(db: AsyncSession, award_id: uuid.UUID) -> list[Row]:
    return await fetch_all(
        db, "SELECT * FROM award_statutes WHERE award_id = :id ORDER BY version", {"id": award_id}
    )


async def conferrals(db: AsyncSession, award_id: uuid.UUID, limit: int, offset: int) -> list[Row]:
    """Each conferral with the statute it was conferred under."""
    return await fetch_all(
        db,
        "SELECT c.*, s.text_kk AS statute_kk, s.text_ru AS statute_ru,"
        " s.effective_from AS statute_effective_from, s.resolution_id AS statute_resolution_id"
        " FROM award_conferrals c JOIN award_statutes s"
        "   ON s.award_id = c.award_id AND s.version = c.statute_version"
        " WHERE c.award_id = :id ORDER BY c.conferred_on, c.conferral_id" + PAGE,
        {"id": award_id, "limit": limit, "offset": offset},
    )
