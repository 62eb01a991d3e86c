"""The experts read model (people without membership the bodies draw on) and its queries.

An expert's IIN never enters it: its mask and a digest that identifies the same person do."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    ExpertRegistered,
    registry,
)
from services.programmes.domain.expert import person_key
from services.programmes.projections._sql import PAGE, Row, fetch_all, fetch_one, write
from shared.eventstore.model import RecordedEvent
from shared.identity import mask
from shared.projections import EventProjection, applies


class ExpertsProjection(EventProjection):
    """The IIN never enters it: only its mask and a digest that identifies the same person."""

    name = "experts"
    tables = ("experts",)
    registry = registry

    @applies(ExpertRegistered)
    async def registered(
        self, db: AsyncSession, event: ExpertRegistered, recorded: RecordedEvent
    ) -> None:
        iin = event.private_iin
        affiliation = event.affiliation
        await write(
            db,
            "INSERT INTO experts (expert_id, name_kk, name_ru, affiliation_kk, affiliation_ru,"
            " citizenship, iin_masked, person_key, registered_on) VALUES (:id, :kk, :ru, :akk,"
            " :aru, :citizenship, :masked, :key, :on)",
            id=event.expert_id, kk=event.name.kk, ru=event.name.ru,
            akk=affiliation.kk if affiliation else None,
            aru=affiliation.ru if affiliation else None, citizenship=event.citizenship,
            masked=mask(iin) if iin else None, key=person_key(iin) if iin else None,
            on=event.registered_on,
        )  # fmt: skip


_EXPERT_COLUMNS = (
    "expert_id, name_kk, name_ru, affiliation_kk, affiliation_ru, citizenship, iin_masked,"
    " registered_on"
)


async def experts(db: AsyncSession, limit: int, offset: int) -> list[Row]:
    return await fetch_all(
        db, f"SELECT {_EXPERT_COLUMNS} FROM experts ORDER BY name_ru, expert_id" + PAGE,
        {"limit": limit, "offset": offset},
    )  # fmt: skip


async def expert(db: AsyncSession, expert_id: uuid.UUID) -> Row | None:
    return await fetch_one(
        db, f"SELECT {_EXPERT_COLUMNS} FROM experts WHERE expert_id = :id", {"id": expert_id}
    )


async def expert_by_key(db: AsyncSession, key: str) -> uuid.UUID | None:
    found = await db.scalar(text("SELECT expert_id FROM experts WHERE person_key = :k"), {"k": key})
    return found if isinstance(found, uuid.UUID) else None
