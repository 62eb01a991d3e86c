"""The working-day calendar (as data the Secretariat keeps), regions with the chair of their
assembly, the Council resolutions received, and the dashboards."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from services.monitoring import projections
from services.monitoring.api.auth import Officials, RegionalReaders, Secretariat
from services.monitoring.api.common import (
    CSV,
    CommandState,
    Format,
    listing,
    reader_region,
    today,
)
from services.monitoring.application import calendar
from services.monitoring.domain.calendar import Calendar
from services.monitoring.domain.commands import (
    DeclareCalendarDay,
    PublishCalendarYear,
    WithdrawCalendarDay,
)
from services.monitoring.domain.events import (
    CalendarEntry,
    CalendarYearPublished,
    Reason,
    Source,
)
from shared.api.deps import CommandsDep, PlatformDep
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter, bounds_of
from shared.context import Actor
from shared.dates import CalendarDay
from shared.errors import NotFound

calendar_router = APIRouter(prefix="/v1/calendar", tags=["calendar"])
reference_router = APIRouter(prefix="/v1", tags=["reference"])
dashboard_router = APIRouter(prefix="/v1/dashboard", tags=["dashboard"])

READER = Actor.system("monitoring-reader")

# The years the calendar's event takes: a year it would refuse is refused here (422).
_YEARS = bounds_of(CalendarYearPublished, "year")


class YearRequest(RequestBody):
    status: str = Field(pattern=r"^(published|derived)$")
    days: list[CalendarEntry] = Field(max_length=366)
    sources: list[Source] = Field(min_length=1, max_length=20)


class DayRequest(RequestBody):
    entry: CalendarEntry
    source: Source
    reason: Reason


class WithdrawRequest(RequestBody):
    reason: Reason


def _calendar(changed: Calendar) -> JsonDict:
    """A change's answer: the calendar's stream and version."""
    return CommandState(id=changed.id, version=changed.version).model_dump()


@calendar_router.get("")
async def get_calendar(
    platform: PlatformDep, year: Annotated[int | None, Query(**_YEARS)] = None
) -> dict[str, Any]:
    """Days off and transfers (public data), with the sources of each year."""
    async with platform.sessions() as db:
        return {
            "years": await projections.monitoring.calendar_years(db),
            "days": await projections.monitoring.calendar_days(db, year),
        }


@calendar_router.get("/working-days")
async def working_days(
    platform: PlatformDep,
    start: Annotated[CalendarDay, Query(alias="from")],
    days: Annotated[int, Query(ge=0, le=400)],
) -> dict[str, Any]:
    """The ``days``-th working day after ``from`` (APPC 2020 Art. 76 counts this way)."""
    async with platform.runner.unit_of_work(READER) as uow:
        working = await calendar.working_calendar(uow)
    return {"from": start, "days": days, "date": working.add_working_days(start, days)}


@calendar_router.put("/years/{year}", response_model=CommandState)
async def publish_year(
    year: Annotated[int, Path(**_YEARS)], body: YearRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """A year's calendar, replacing what was recorded for it (Labour Code Art. 85)."""
    command = PublishCalendarYear(year, body.status, tuple(body.days), tuple(body.sources))
    return await commands.execute(calendar.publish_calendar_year, command, _calendar)


@calendar_router.post("/days", response_model=CommandState)
async def declare_day(body: DayRequest, _: Secretariat, commands: CommandsDep) -> JSONResponse:
    """A transfer of days off or a holiday's date, as decreed (Labour Code Art. 85 p. 3)."""
    command = DeclareCalendarDay(body.entry, body.source, body.reason)
    return await commands.execute(calendar.declare_calendar_day, command, _calendar)


@calendar_router.post("/days/{day}/withdrawal", response_model=CommandState)
async def withdraw_day(
    day: CalendarDay, body: WithdrawRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    command = WithdrawCalendarDay(day, body.reason)
    return await commands.execute(calendar.withdraw_calendar_day, command, _calendar)


REGION_CSV = ("code", "kind", "name_kk", "name_ru", "name_en", "chair_kk", "chair_ru")


@reference_router.get("/regions", response_model=None, responses=CSV)
async def list_regions(
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    """The 20 regions (Reg2024 §18–19) and who chairs each regional assembly on ``as_of``."""
    async with platform.sessions() as db:
        rows = await projections.monitoring.regions(db, as_of or today(platform))
    return listing(rows, fmt, REGION_CSV, "regions")


@reference_router.get("/council-resolutions")
async def council_resolutions(_: Officials, platform: PlatformDep) -> list[dict[str, Any]]:
    """The Council resolutions received on ``kelisim.council.v1``."""
    async with platform.sessions() as db:
        return await projections.monitoring.council_resolutions(db)


@dashboard_router.get("/regions/{region}")
async def region_summary(
    region: Filter,
    actor: RegionalReaders,
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
) -> dict[str, Any]:
    """Latest indicators with their trend, open incidents by severity, alerts not closed,
    appeals open and overdue (Reg2024 §4.9; Strategy2002 §6)."""
    reader_region(actor, region)
    async with platform.sessions() as db:
        if not await projections.monitoring.region_exists(db, region):
            raise NotFound(None, resource="region", id=region)
        return await projections.monitoring.region_summary(db, region, as_of or today(platform))


OVERVIEW_CSV = (
    "region", "name_kk", "name_ru", "open_incidents", "active_alerts", "max_level",
    "appeals_open", "appeals_overdue", "last_report_period", "last_reported_on",
)  # fmt: skip
_LEVELS = {1: "watch", 2: "pre_conflict", 3: "conflict"}


@dashboard_router.get("/regions", response_model=None, responses=CSV)
async def regions_overview(
    _: Officials,
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    async with platform.sessions() as db:
        rows = await projections.monitoring.regions_overview(db, as_of or today(platform))
    for row in rows:
        row["max_level"] = _LEVELS.get(row.pop("max_level_rank") or 0)
    return listing(rows, fmt, OVERVIEW_CSV, "regions-overview")
