"""The ``ethnic_groups`` read model (one row per ethnic group, names in kk/ru/en) and its queries.

Migration 0003 seeds the ethnic groups as events and writes the same rows this projection writes
for them: a rebuild reproduces the table exactly (a test proves it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.events import (
    EthnicGroupRegistered,
    EthnicGroupRenamed,
    registry,
)
from services.membership.projections.regions import names, with_names
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_ETHNIC_GROUP_REGISTERED = text(
    "INSERT INTO ethnic_groups (code, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kk, :ru, :en, :v)"
)
_ETHNIC_GROUP_RENAMED = text(
    "UPDATE ethnic_groups SET name_kk = :kk, name_ru = :ru, name_en = :en, version = :v"
    " WHERE code = :code"
)


class EthnicGroupsProjection(EventProjection):
    name = "ethnic_groups"
    tables = ("ethnic_groups",)
    registry = registry

    @applies(EthnicGroupRegistered)
    async def registered(
        self, db: AsyncSession, event: EthnicGroupRegistered, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ETHNIC_GROUP_REGISTERED,
            {"code": event.code, "v": recorded.version, **names(event.name)},
        )

    @applies(EthnicGroupRenamed)
    async def renamed(
        self, db: AsyncSession, event: EthnicGroupRenamed, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ETHNIC_GROUP_RENAMED, {"code": event.code, "v": recorded.version, **names(event.name)}
        )


_ETHNIC_GROUP_COLUMNS = "code, name_kk, name_ru, name_en, version"


async def list_ethnic_groups(db: AsyncSession) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(f"SELECT {_ETHNIC_GROUP_COLUMNS} FROM ethnic_groups ORDER BY code")
    )
    return [with_names(row) for row in rows.mappings()]


async def get_ethnic_group(db: AsyncSession, code: str) -> dict[str, Any] | None:
    row = (
        (
            await db.execute(
                text(f"SELECT {_ETHNIC_GROUP_COLUMNS} FROM ethnic_groups WHERE code = :code"),
                {"code": code},
            )
        )
        .mappings()
        .one_or_none()
    )
    return with_names(row) if row is not None else None


async def ethnic_group_exists(db: AsyncSession, code: str) -> bool:
    found = await db.execute(text("SELECT 1 FROM ethnic_groups WHERE code = :code"), {"code": code})
    return found.first() is not None
