"""The ``associations`` read model (one row per public association, Reg2002 §13–14) and its
queries."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.events import (
    AssociationClosed,
    AssociationRegistered,
    AssociationRenamed,
    registry,
)
from services.membership.projections.regions import names, with_names
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

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


class AssociationsProjection(EventProjection):
    name = "associations"
    tables = ("associations",)
    registry = registry

    @applies(AssociationRegistered)
    async def registered(
        self, db: AsyncSession, event: AssociationRegistered, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ASSOCIATION_REGISTERED,
            {
                "id": event.association_id,
                "v": recorded.version,
                **names(event.name),
                "level": event.level,
                "kind": event.kind,
                "region": event.region,
                "ethnic_group": event.ethnic_group,
            },
        )

    @applies(AssociationRenamed)
    async def renamed(
        self, db: AsyncSession, event: AssociationRenamed, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ASSOCIATION_RENAMED,
            {"id": event.association_id, "v": recorded.version, **names(event.name)},
        )

    @applies(AssociationClosed)
    async def closed(
        self, db: AsyncSession, event: AssociationClosed, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ASSOCIATION_CLOSED,
            {"id": event.association_id, "v": recorded.version, "on": event.closed_on},
        )


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
    return [with_names(row) for row in rows.mappings()]


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
    return with_names(row) if row is not None else None
