"""Indicators (defined by the Secretariat) and their values by region and period: reports by
regional assemblies for their own region (Reg2024 §18–19), survey files (all rows or none),
time series (Reg2024 §4.9; Strategy2002 §4.3, §6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from services.monitoring import projections
from services.monitoring.api.auth import RegionalReaders, Reporters, Secretariat
from services.monitoring.api.common import (
    CSV,
    CommandState,
    Format,
    IndicatorRow,
    csv_response,
    listing,
    reader_region,
    rows_answer,
)
from services.monitoring.application import indicators
from services.monitoring.domain.commands import (
    ChangeThresholds,
    DefineIndicator,
    ReportValues,
)
from services.monitoring.domain.errors import RowError
from services.monitoring.domain.events import (
    Code,
    GoodDirection,
    Names,
    Reason,
    Thresholds,
    ValueSource,
)
from services.monitoring.domain.indicators import Indicator, IndicatorReport, RawRow, parse_csv
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.problems import problem_response, request_language
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Amount, Filter, unstorable_character
from shared.dates import CalendarDay
from shared.errors import InvalidInput, NotFound
from shared.i18n import MESSAGES, translate

router = APIRouter(prefix="/v1/indicators", tags=["indicators"])
values_router = APIRouter(prefix="/v1/indicator-values", tags=["indicators"])

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""A survey file may be larger than the service's other bodies (``http_max_body_bytes``)."""


class ThresholdsIn(Thresholds):
    """Thresholds as a request gives them: numbers the read model's columns hold."""

    watch: Amount | None = None
    pre_conflict: Amount | None = None
    conflict: Amount | None = None


class IndicatorRequest(RequestBody):
    code: Code
    name: Names
    unit: str = Field(min_length=1, max_length=50)
    good_direction: GoodDirection
    thresholds: ThresholdsIn


class ThresholdsRequest(RequestBody):
    thresholds: ThresholdsIn
    reason: Reason


class ValueIn(RequestBody):
    indicator: str = Field(max_length=64)
    region: str = Field(max_length=64)
    period: str = Field(max_length=16)
    value: str = Field(max_length=40)


class ValuesRequest(RequestBody):
    values: list[ValueIn] = Field(min_length=1, max_length=10_000)
    revision: bool = False
    reason: Reason | None = None


def rows_problem(request: Request, error: RowError) -> JSONResponse:
    """Every bad row with its line and reason, in the request's language."""
    lang = request_language(request)
    errors = [
        {
            **e,
            "message": translate(str(e["reason"]), lang, **e)
            if str(e["reason"]) in MESSAGES
            else str(e["reason"]),
        }
        for e in error.errors
    ]
    return problem_response(
        request, 422, "rows_rejected", {"count": len(errors)}, {"errors": errors}
    )


async def _report(request: Request, commands: CommandsDep, command: ReportValues) -> JSONResponse:
    def recorded(report: IndicatorReport) -> JsonDict:
        return {"id": report.id, "version": report.version, "rows": len(command.rows)}

    try:
        return await commands.execute(indicators.report_values, command, recorded, 201)
    except RowError as error:
        return rows_problem(request, error)


def _indicator(indicator: Indicator) -> JsonDict:
    """A command's answer: the indicator's stream and version."""
    return {"id": indicator.id, "version": indicator.version}


@router.post("", status_code=201, response_model=CommandState)
async def define_indicator(
    body: IndicatorRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    command = DefineIndicator(body.code, body.name, body.unit, body.good_direction, body.thresholds)
    return await commands.execute(indicators.define_indicator, command, _indicator, 201)


@router.put("/{code}/thresholds", response_model=CommandState)
async def change_thresholds(
    code: Filter,
    body: ThresholdsRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = ChangeThresholds(code, body.thresholds, body.reason, parse_if_match(if_match))
    return await commands.execute(indicators.change_thresholds, command, _indicator)


INDICATOR_CSV = (
    "code", "name_kk", "name_ru", "name_en", "unit", "good_direction", "watch", "pre_conflict",
    "conflict",
)  # fmt: skip


@router.get("", response_model=None, responses=rows_answer(IndicatorRow))
async def list_indicators(
    platform: PlatformDep, fmt: Format = "json"
) -> list[dict[str, Any]] | Response:
    """The indicators the Assembly monitors (open data, no token): each one's name, unit, good
    direction and thresholds. Their values by region stay with officials (``/series``)."""
    async with platform.sessions() as db:
        rows = await projections.monitoring.indicators(db)
    return listing(rows, fmt, INDICATOR_CSV, "indicators")


SERIES_CSV = ("indicator", "region", "period", "period_start", "value", "source", "revisions")


@router.get("/{code}/series", response_model=None, responses=CSV)
async def indicator_series(
    code: Filter,
    actor: RegionalReaders,
    platform: PlatformDep,
    region: Filter | None = None,
    start: Annotated[CalendarDay | None, Query(alias="from")] = None,
    end: Annotated[CalendarDay | None, Query(alias="to")] = None,
    fmt: Format = "json",
) -> dict[str, Any] | Response:
    """The indicator's values by region and period (one region, or all)."""
    region = reader_region(actor, region)
    async with platform.sessions() as db:
        indicator = await projections.monitoring.indicator(db, code)
        if indicator is None:
            raise NotFound(None, resource="indicator", id=code)
        rows = await projections.monitoring.series(db, code, region, start, end)
    if fmt == "csv":
        return csv_response(rows, SERIES_CSV, f"series-{code}")
    return {"indicator": indicator, "points": rows}


class ReportAnswer(BaseModel):
    """The report recorded: its id, its version and how many rows it holds."""

    id: str
    version: int
    rows: int = Field(description="How many rows the report holds.")


@values_router.post("", status_code=201, response_model=ReportAnswer)
async def report_values(
    request: Request, body: ValuesRequest, actor: Reporters, commands: CommandsDep
) -> JSONResponse:
    """Values for regions and periods: a regional assembly for its own region only. All rows
    or none: any bad row refuses the report, naming each bad row (its position) and why."""
    source = (
        ValueSource.SECRETARIAT if "secretariat" in actor.roles else ValueSource.REGIONAL_ASSEMBLY
    )
    rows = tuple(
        RawRow(n, v.indicator.strip(), v.region.strip(), v.period.strip(), v.value.strip())
        for n, v in enumerate(body.values, start=1)
    )
    command = ReportValues(source, rows, body.revision, body.reason)
    return await _report(request, commands, command)


@values_router.post(
    "/imports",
    status_code=201,
    response_model=ReportAnswer,
    max_body_size=MAX_UPLOAD_BYTES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    # Characters: any text of this length is within the limit in UTF-8.
                    "schema": {"type": "string", "maxLength": MAX_UPLOAD_BYTES // 4},
                    "examples": {
                        "survey": {
                            "summary": "A quarter's survey for two regions",
                            "value": (
                                "indicator,region,period,value\n"
                                "interethnic_trust,almaty_city,2026-Q1,87.5\n"
                                "interethnic_trust,kostanay,2026-Q1,84.0\n"
                            ),
                        }
                    },
                }
            },
        }
    },
)
async def import_survey(
    request: Request,
    _: Reporters,
    commands: CommandsDep,
    file_name: Annotated[str | None, Query(max_length=200)] = None,
) -> JSONResponse:
    """A survey file (``text/csv``, UTF-8, header ``indicator,region,period,value``): every
    bad row is reported with its line and reason, and a file with any bad row imports
    nothing."""
    content = await request.body()  # refused with 413 beyond MAX_UPLOAD_BYTES
    try:
        decoded = content.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(None, reason="upload_not_utf8") from None
    if unstorable_character(decoded) is not None:
        raise InvalidInput(None, reason="upload_unstorable")
    rows, shape_errors = parse_csv(decoded)
    command = ReportValues(
        ValueSource.SURVEY_IMPORT, tuple(rows), False, None, file_name, tuple(shape_errors)
    )
    return await _report(request, commands, command)
