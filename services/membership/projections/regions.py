"""The ``regions`` read model (one row per region, with its names in kk/ru/en) and its queries.

Migration 0003 seeds the regions as events and writes the same rows this projection writes
for them: a rebuild reproduces the table exactly (a test proves it). Query results name an
entry's names as ``{"name": {"kk": …, "ru": …, "en": …}}``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.events import (
    Names,
    RegionRegistered,
    RegionRenamed,
    registry,
)
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_REGION_REGISTERED = text(
    "INSERT INTO regions (code, kind, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kind, :kk, :ru, :en, :v)"
)
_REGION_RENAMED = text(
    "UPDATE regions SET name_kk = :kk, name_ru = :ru, name_en = :en, version = :v"
    " WHERE code = :code"
)


def names(value: Names) -> dict[str, str]:
    """An entry's names as the tables keep them (``name_kk``, ``name_ru``, ``name_en``)."""
    return {"kk": value.kk, "ru": value.ru, "en": value.en}


def with_names(row: RowMapping) -> dict[str, Any]:
    """A row with its three names as one ``name``."""
    result = {k: v for k, v in row.items() if k not in ("name_kk", "name_ru", "name_en")}
    result["name"] = {"kk": row["name_kk"], "ru": row["name_ru"], "en": row["name_en"]}
    return result


class RegionsProjection(EventProjection):
    name = "regions"
    tables = ("regions",)
    registry = registry

    @applies(RegionRegistered)
    async def registered(
        self, db: AsyncSession, event: RegionRegistered, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _REGION_REGISTERED,
            {"code": event.code, "kind": event.kind, "v": recorded.version, **names(event.name)},
        )

    @applies(RegionRenamed)
    async def renamed(
        self, db: AsyncSession, event: RegionRenamed, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _REGION_RENAMED, {"code": event.code, "v": recorded.version, **names(event.name)}
        )


_REGION_COLUMNS = "code, kind, name_kk, name_ru, name_en, version"
# The capital first, then the cities of republican significance, then the regions.
_REGION_ORDER = (
    " ORDER BY CASE kind WHEN 'capital' THEN 0 WHEN 'city_of_republican_significance' THEN 1"
    " ELSE 2 END, code"
)


async def list_regions(db: AsyncSession, *, kind: str | None = None) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_REGION_COLUMNS} FROM regions"
            " WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)" + _REGION_ORDER
        ),
        {"kind": kind},
    )
    return [with_names(row) for row in rows.mappings()]


async def get_region(db: AsyncSession, code: str) -> dict[str, Any] | None:
    row = (
        (
            await db.execute(
                text(f"SELECT {_REGION_COLUMNS} FROM regions WHERE code = :code"), {"code": code}
            )
        )
        .mappings()
        .one_or_none()
    )
    return with_names(row) if row is not None else None


async def region_exists(db: AsyncSession, code: str) -> bool:
    found = await db.execute(text("SELECT 1 FROM regions WHERE code = :code"), {"code": code})
    return found.first() is not None
