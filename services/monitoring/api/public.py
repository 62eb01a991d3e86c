"""Public summaries (no sign-in): what the public dashboard shows of monitoring.

Only counts and published reference data: indicators with their thresholds, each region's
open incidents, active alerts and their highest level, incidents by month, and appeal
statistics (received, answered on time, overdue), and when a region's assembly last reported
and whether it or the Secretariat on its behalf did. Nothing that names or describes a person,
nor who acknowledged or closed an alert: those stay behind the officials' routes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.monitoring import projections
from services.monitoring.api.common import today
from shared.api.deps import PlatformDep
from shared.bounds import Filter
from shared.dates import CalendarDay
from shared.errors import NotFound

router = APIRouter(prefix="/v1/public", tags=["public summaries"])

_LEVELS = {1: "watch", 2: "pre_conflict", 3: "conflict"}
_PUBLIC_ALERT = ("level", "status", "rule_kind", "raised_as_of", "escalated_as_of")
_PUBLIC_REPORT = ("report_id", "assembly", "period", "revision", "source", "reported_on")
Months = Annotated[
    int, Query(ge=1, le=36, description="How many months of incidents to count, up to today.")
]


@router.get("/monitoring")
async def national_summary(
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    months: Months = 12,
) -> dict[str, Any]:
    """The national summary on ``as_of``: indicators with thresholds, each region's open
    incidents, active alerts and highest alert level, alerts by level, incidents by month."""
    day = as_of or today(platform)
    async with platform.sessions() as db:
        regions = await projections.monitoring.regions_overview(db, day)
        indicators = await projections.monitoring.indicators(db)
        by_month = await projections.monitoring.incidents_by_month(db, day, months)
        levels = await projections.monitoring.alert_levels(db)
    for row in regions:
        row["max_level"] = _LEVELS.get(row.pop("max_level_rank") or 0)
        row.pop("appeals_open", None)
        row.pop("appeals_overdue", None)
    return {
        "as_of": day,
        "indicators": indicators,
        "regions": regions,
        "alerts_by_level": levels,
        "incidents_by_month": [{**r, "count": int(r["count"])} for r in by_month],
    }


@router.get("/monitoring/regions/{region}")
async def regional_summary(
    region: Filter,
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    months: Months = 12,
) -> dict[str, Any]:
    """A region's summary on ``as_of``: its latest indicator readings with their alert level,
    open incidents by severity, alerts not closed (level and dates only), incidents by month,
    and the region's latest periodic report (Law 2008 Art. 14): its period, the day it arrived
    and whether the regional assembly or the Secretariat on its behalf sent it."""
    day = as_of or today(platform)
    async with platform.sessions() as db:
        if not await projections.monitoring.region_exists(db, region):
            raise NotFound(None, resource="region", id=region)
        summary = await projections.monitoring.region_summary(db, region, day)
        by_month = await projections.monitoring.incidents_by_month(db, day, months, region)
        indicators = await projections.monitoring.indicators(db)
    latest = summary["latest_report"]
    return {
        "region": region,
        "as_of": day,
        "region_info": summary["region_info"],
        "indicators": indicators,
        "readings": summary["indicators"],
        "open_incidents_by_severity": summary["open_incidents_by_severity"],
        "alerts": [{k: a.get(k) for k in _PUBLIC_ALERT} for a in summary["alerts"]],
        "incidents_by_month": [{**r, "count": int(r["count"])} for r in by_month],
        "latest_report": None if latest is None else {k: latest[k] for k in _PUBLIC_REPORT},
    }


@router.get("/appeals/statistics")
async def public_appeal_statistics(
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    registered_from: Annotated[CalendarDay | None, Query(alias="from")] = None,
    registered_to: Annotated[CalendarDay | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Appeals received, by topic, region and status, and deadline compliance on ``as_of``
    (answered on time or late, forwarded, open in time or overdue): counts only."""
    day = as_of or today(platform)
    async with platform.sessions() as db:
        stats = await projections.appeals.appeal_statistics(db, day, registered_from, registered_to)
    return {"as_of": day, **stats}
