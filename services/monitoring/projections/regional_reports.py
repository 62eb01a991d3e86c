"""Regional assemblies' periodic reports (Law 2008 Art. 14): the read model and its queries.

Every report stays; a correction marks the report it supersedes. The values and incidents a
report carried are in the indicators' and incidents' read models, through their own events.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.monitoring.domain.events import RegionalReportSubmitted, registry
from services.monitoring.domain.indicators import period_start
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

Row = dict[str, Any]


class RegionalReportsProjection(EventProjection):
    """One row per report, the superseded one marked by its correction."""

    name = "regional_reports"
    tables = ("regional_reports",)
    registry = registry

    @applies(RegionalReportSubmitted)
    async def submitted(
        self, db: AsyncSession, event: RegionalReportSubmitted, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            text(
                "INSERT INTO regional_reports (report_id, assembly, region, period, period_start,"
                ' revision, source, reported_by, reported_at, reported_on, "values", incidents,'
                " value_reports, supersedes, reason) VALUES (:id, :assembly, :region, :period,"
                " :start, :revision, :source, :by, :at, :on, CAST(:values AS jsonb),"
                " CAST(:incidents AS jsonb), :value_reports, :supersedes, :reason)"
            ),
            {
                "id": event.report_id,
                "assembly": event.assembly,
                "region": event.region,
                "period": event.period,
                "start": period_start(event.period),
                "revision": recorded.version,
                "source": str(event.source),
                "by": event.reported_by,
                "at": event.reported_at,
                "on": event.reported_on,
                "values": json.dumps([v.model_dump(mode="json") for v in event.values]),
                "incidents": json.dumps([i.model_dump(mode="json") for i in event.incidents]),
                "value_reports": list(event.value_reports),
                "supersedes": event.supersedes,
                "reason": event.reason,
            },
        )
        if event.supersedes is not None:
            await db.execute(
                text("UPDATE regional_reports SET superseded_by = :id WHERE report_id = :old"),
                {"id": event.report_id, "old": event.supersedes},
            )


async def _all(db: AsyncSession, sql: str, params: dict[str, Any]) -> list[Row]:
    return [dict(r._mapping) for r in await db.execute(text(sql), params)]


async def _one(db: AsyncSession, sql: str, params: dict[str, Any]) -> Row | None:
    row = (await db.execute(text(sql), params)).one_or_none()
    return None if row is None else dict(row._mapping)


REGIONAL_REPORT_COLUMNS = (
    "report_id, assembly, region, period, period_start, revision, source, reported_by,"
    ' reported_at, reported_on, "values", incidents, value_reports, supersedes, superseded_by,'
    " reason"
)


async def listed(
    db: AsyncSession,
    *,
    region: str | None = None,
    period: str | None = None,
    current: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    """Reports by region and period, the latest period first; ``current``: without the
    reports a correction superseded."""
    return await _all(
        db,
        f"SELECT {REGIONAL_REPORT_COLUMNS} FROM regional_reports"
        " WHERE (CAST(:region AS text) IS NULL OR region = :region)"
        " AND (CAST(:period AS text) IS NULL OR period = :period)"
        " AND (NOT :current OR superseded_by IS NULL)"
        " ORDER BY region, period_start DESC, period, revision DESC"
        " LIMIT :limit OFFSET :offset",
        {"region": region, "period": period, "current": current, "limit": limit,
         "offset": offset},
    )  # fmt: skip


async def one(db: AsyncSession, report_id: uuid.UUID) -> Row | None:
    return await _one(
        db,
        f"SELECT {REGIONAL_REPORT_COLUMNS} FROM regional_reports WHERE report_id = :id",
        {"id": report_id},
    )


async def latest(db: AsyncSession, region: str, as_of: date) -> Row | None:
    """The region's report of the latest period received by ``as_of``, as corrected by then."""
    return await _one(
        db,
        f"SELECT {REGIONAL_REPORT_COLUMNS} FROM regional_reports r"
        " WHERE r.region = :region AND r.reported_on <= :as_of AND NOT EXISTS ("
        "  SELECT 1 FROM regional_reports s WHERE s.supersedes = r.report_id"
        "  AND s.reported_on <= :as_of)"
        " ORDER BY r.period_start DESC, r.reported_at DESC LIMIT 1",
        {"region": region, "as_of": as_of},
    )
