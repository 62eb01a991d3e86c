"""The reference read models (``regions``, ``ethnic_groups``, ``associations``) and queries.

Three projections, one per table, so each can be rebuilt alone. Migration 0003 seeds the
regions and ethnic groups as events and writes the same rows these projections write for
them: a rebuild reproduces the tables exactly (a test proves it).

Query results name an entry's names as ``{"name": {"kk": …, "ru": …, "en": …}}``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.events import (
    AssociationClosed,
    AssociationRegistered,
    AssociationRenamed,
    EthnicGroupRegistered,
    EthnicGroupRenamed,
    RegionRegistered,
    RegionRenamed,
)
from shared.eventstore.model import RecordedEvent
from shared.projections import Projection

# ---------------------------------------------------------------------------------------------
# Projections

_REGION_REGISTERED = text(
    "INSERT INTO regions (code, kind, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kind, :kk, :ru, :en, :v)"
)
_REGION_RENAMED = text(
    "UPDATE regions SET name_kk = :kk, name_ru = :ru, name_en = :en, version = :v"
    " WHERE code = :code"
)
_ETHNIC_GROUP_REGISTERED = text(
    "INSERT INTO ethnic_groups (code, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kk, :ru, :en, :v)"
)
_ETHNIC_GROUP_RENAMED = text(
    "UPDATE ethnic_groups SET name_kk = :kk, name_ru = :ru, name_en = :en, version = :v"
    " WHERE code = :code"
)
_ASSOCIATION_REGISTERED = text(
    """
    INSERT INTO associations (association_id, name_kk, name_ru, name_en, level, kind, region,
                              ethnic_group, status, closed_on, version)
    VALUES (:id, :kk, :ru, :en, :level, :kind, :region, :ethnic_group, 'active', NULL, :v)
    """
)
_ASSOCIATION_RENAMED = text(
    "UPDATE associations SET name_kk = :kk, name_ru = :ru, name_en = :en, version = :v"
    " WHERE association_id = :id"
)
_ASSOCIATION_CLOSED = text(
    "UPDATE associations SET status = 'closed', closed_on = :on, version = :v"
    " WHERE association_id = :id"
)


def _names(data: dict[str, Any]) -> dict[str, str]:
    name = data["name"]
    return {"kk": name["kk"], "ru": name["ru"], "en": name["en"]}


class RegionsProjection:
    name = "regions"
    tables: tuple[str, ...] = ("regions",)
    event_types = frozenset({RegionRegistered.event_type, RegionRenamed.event_type})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        params = {"code": d["code"], "v": event.version, **_names(d)}
        if event.event_type == RegionRegistered.event_type:
            await db.execute(_REGION_REGISTERED, {**params, "kind": d["kind"]})
        elif event.event_type == RegionRenamed.event_type:
            await db.execute(_REGION_RENAMED, params)


class EthnicGroupsProjection:
    name = "ethnic_groups"
    tables: tuple[str, ...] = ("ethnic_groups",)
    event_types = frozenset({EthnicGroupRegistered.event_type, EthnicGroupRenamed.event_type})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        params = {"code": d["code"], "v": event.version, **_names(d)}
        if event.event_type == EthnicGroupRegistered.event_type:
            await db.execute(_ETHNIC_GROUP_REGISTERED, params)
        elif event.event_type == EthnicGroupRenamed.event_type:
            await db.execute(_ETHNIC_GROUP_RENAMED, params)


class AssociationsProjection:
    name = "associations"
    tables: tuple[str, ...] = ("associations",)
    event_types = frozenset(
        {
            AssociationRegistered.event_type,
            AssociationRenamed.event_type,
            AssociationClosed.event_type,
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        common: dict[str, Any] = {"id": uuid.UUID(d["association_id"]), "v": event.version}
        if event.event_type == AssociationRegistered.event_type:
            await db.execute(
                _ASSOCIATION_REGISTERED,
                {
                    **common,
                    **_names(d),
                    "level": d["level"],
                    "kind": d["kind"],
                    "region": d["region"],
                    "ethnic_group": d["ethnic_group"],
                },
            )
        elif event.event_type == AssociationRenamed.event_type:
            await db.execute(_ASSOCIATION_RENAMED, {**common, **_names(d)})
        elif event.event_type == AssociationClosed.event_type:
            await db.execute(
                _ASSOCIATION_CLOSED, {**common, "on": date.fromisoformat(d["closed_on"])}
            )


REFERENCE_PROJECTIONS: Final[tuple[Projection, ...]] = (
    RegionsProjection(),
    EthnicGroupsProjection(),
    AssociationsProjection(),
)
"""The reference read models, for the service's ``projections=[...]`` list."""


# ---------------------------------------------------------------------------------------------
# Queries


def _with_names(row: RowMapping) -> dict[str, Any]:
    result = {k: v for k, v in row.items() if k not in ("name_kk", "name_ru", "name_en")}
    result["name"] = {"kk": row["name_kk"], "ru": row["name_ru"], "en": row["name_en"]}
    return result


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
    return [_with_names(row) for row in rows.mappings()]


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
    return _with_names(row) if row is not None else None


_ETHNIC_GROUP_COLUMNS = "code, name_kk, name_ru, name_en, version"


async def list_ethnic_groups(db: AsyncSession) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(f"SELECT {_ETHNIC_GROUP_COLUMNS} FROM ethnic_groups ORDER BY code")
    )
    return [_with_names(row) for row in rows.mappings()]


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
    return _with_names(row) if row is not None else None


_ASSOCIATION_COLUMNS = (
    "association_id, name_kk, name_ru, name_en, level, kind, region, ethnic_group, status,"
    " closed_on, version"
)


async def list_associations(
    db: AsyncSession,
    *,
    region: str | None = None,
    level: str | None = None,
    kind: str | None = None,
    ethnic_group: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_ASSOCIATION_COLUMNS} FROM associations"
            " WHERE (CAST(:region AS text) IS NULL OR region = :region)"
            "   AND (CAST(:level AS text) IS NULL OR level = :level)"
            "   AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
            "   AND (CAST(:ethnic_group AS text) IS NULL OR ethnic_group = :ethnic_group)"
            "   AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY name_kk, association_id LIMIT :limit OFFSET :offset"
        ),
        {
            "region": region,
            "level": level,
            "kind": kind,
            "ethnic_group": ethnic_group,
            "status": status,
            "limit": limit,
            "offset": offset,
        },
    )
    return [_with_names(row) for row in rows.mappings()]


async def get_association(db: AsyncSession, association_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        (
            await db.execute(
                text(f"SELECT {_ASSOCIATION_COLUMNS} FROM associations WHERE association_id = :id"),
                {"id": association_id},
            )
        )
        .mappings()
        .one_or_none()
    )
    return _with_names(row) if row is not None else None


async def region_exists(db: AsyncSession, code: str) -> bool:
    found = await db.execute(text("SELECT 1 FROM regions WHERE code = :code"), {"code": code})
    return found.first() is not None


async def ethnic_group_exists(db: AsyncSession, code: str) -> bool:
    found = await db.execute(text("SELECT 1 FROM ethnic_groups WHERE code = :code"), {"code": code})
    return found.first() is not None
